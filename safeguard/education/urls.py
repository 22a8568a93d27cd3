from django.urls import path

from . import views

app_name = "education"
urlpatterns = [
    path("missing-education/", views.missing_education, name="missing_education"),
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/peps/new/", views.pep_new, name="pep_new"),
    path("children/<int:person_id>/virtual-school-notes/new/", views.virtual_school_note_new, name="note_new"),
    path("children/<int:person_id>/missing-education/new/", views.cme_new, name="cme_new"),
    path("children/<int:person_id>/missing-education/<int:cme_id>/", views.cme, name="cme"),
]
