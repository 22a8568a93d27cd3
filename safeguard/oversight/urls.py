from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("children/<int:person_id>/notes/", views.notes, name="notes"),
    path("children/<int:person_id>/notes/new/", views.add_note, name="add_note"),
    path("children/<int:person_id>/oversight/new/", views.record_oversight, name="record_oversight"),
    path("children/<int:person_id>/decisions/", views.decisions, name="decisions"),
    path("workers/<int:worker_id>/supervision/", views.supervision_history, name="supervision_history"),
    path("workers/<int:worker_id>/supervision/new/", views.record_supervision, name="record_supervision"),
]
