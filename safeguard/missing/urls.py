from django.urls import path

from . import views

app_name = "missing"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/report/", views.report, name="report"),
    path("children/<int:person_id>/episodes/<int:missing_episode_id>/", views.episode, name="episode"),
]
