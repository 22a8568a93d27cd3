from django.urls import path

from . import views

app_name = "disabledchildren"
urlpatterns = [
    path("waiting/", views.waiting, name="waiting"),
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/services/<int:dc_service_id>/", views.service, name="service"),
]
