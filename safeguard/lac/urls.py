from django.urls import path

from . import views

app_name = "lac"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/start/", views.start, name="start"),
    path("children/<int:person_id>/move/", views.placement_change, name="placement_change"),
    path("children/<int:person_id>/legal-status/", views.legal_status_change, name="legal_status"),
    path("children/<int:person_id>/end/", views.end, name="end"),
    path("children/<int:person_id>/care-plan/", views.care_plan, name="care_plan"),
    path("children/<int:person_id>/placements/<int:placement_id>/", views.placement, name="placement"),
]
