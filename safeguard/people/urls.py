from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/chronology/", views.chronology_view, name="chronology"),
    path("<int:person_id>/history/", views.history, name="history"),
    path("<int:person_id>/viewers/", views.viewers, name="viewers"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/flags/new/", views.add_flag, name="add_flag"),
    path("<int:person_id>/aliases/new/", views.add_alias, name="add_alias"),
    path("<int:person_id>/addresses/new/", views.add_address, name="add_address"),
    path("<int:person_id>/professionals/new/", views.add_professional, name="add_professional"),
    path("<int:person_id>/disabilities/new/", views.add_disability, name="add_disability"),
    path("<int:person_id>/relationships/new/", views.add_relationship, name="add_relationship"),
]
