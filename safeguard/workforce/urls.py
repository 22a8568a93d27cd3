from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("teams/", views.teams, name="teams"),
    path("teams/<int:team_id>/", views.team_caseload, name="team_caseload"),
    path("workers/<int:worker_id>/", views.worker_caseload, name="worker_caseload"),
    path("allocate/<int:person_id>/", views.allocate, name="allocate"),
]
