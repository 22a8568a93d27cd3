from django.urls import path

from . import views

app_name = "careleavers"
urlpatterns = [
    path("", views.team_list, name="list"),
    path("children/<int:person_id>/", views.child, name="child"),
]
