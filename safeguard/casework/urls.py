from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("children/<int:person_id>/episodes/<int:episode_id>/", views.episode, name="episode"),
    path("children/<int:person_id>/episodes/<int:episode_id>/close/", views.close_episode, name="close_episode"),
    path("children/<int:person_id>/episodes/<int:episode_id>/reopen/", views.reopen_episode, name="reopen_episode"),
    path("children/<int:person_id>/assessments/<int:assessment_id>/", views.assessment, name="assessment"),
    path("children/<int:person_id>/cin-plans/<int:plan_id>/", views.cin_plan, name="cin_plan"),
]
