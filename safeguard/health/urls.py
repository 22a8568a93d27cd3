from django.urls import path

from . import views

app_name = "health"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("children/<int:person_id>/dental-checks/new/", views.dental_check_new, name="dental_check_new"),
    path("children/<int:person_id>/immunisations/new/", views.immunisation_new, name="immunisation_new"),
    path("children/<int:person_id>/sdq/new/", views.sdq_new, name="sdq_new"),
    path("children/<int:person_id>/substance-misuse/new/", views.substance_misuse_new, name="substance_misuse_new"),
    path("children/<int:person_id>/substance-misuse/<int:misuse_id>/", views.substance_misuse, name="substance_misuse"),
    path("children/<int:person_id>/convictions/new/", views.conviction_new, name="conviction_new"),
]
