from django.urls import path

from . import views

app_name = "carereviews"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
    path("iro/", views.iro_list, name="iro_list"),
]
