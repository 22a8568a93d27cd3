from django.urls import path

from . import views

app_name = "asylum"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/record/new/", views.record_new, name="record_new"),
    path("children/<int:person_id>/age-assessments/new/", views.age_assessment_new, name="age_assessment_new"),
    path(
        "children/<int:person_id>/immigration-status/new/",
        views.immigration_status_new,
        name="immigration_status_new",
    ),
    path(
        "children/<int:person_id>/immigration-status/<int:immigration_status_id>/end/",
        views.immigration_status_end,
        name="immigration_status_end",
    ),
]
