from django.urls import path

from . import views

app_name = "queues"
urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("teams/<int:team_id>/", views.team_work, name="team_work"),
    path("at-risk/", views.at_risk, name="at_risk"),
]
