from django.urls import path

from . import views

app_name = "adoption"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/journeys/<int:journey_id>/", views.journey, name="journey"),
    path("adopters/", views.adopters, name="adopters"),
    path("adopters/new/", views.adopter_new, name="adopter_new"),
    path("adopters/<int:adopter_id>/", views.adopter, name="adopter"),
    path("scorecard/", views.scorecard, name="scorecard"),
]
