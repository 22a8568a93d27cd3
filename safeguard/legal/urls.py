from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
]
