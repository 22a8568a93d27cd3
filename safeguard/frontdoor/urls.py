from django.urls import path

from . import views

app_name = "frontdoor"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("contacts/new/", views.new_contact, name="new_contact"),
    path("contacts/<int:contact_id>/", views.contact, name="contact"),
]
