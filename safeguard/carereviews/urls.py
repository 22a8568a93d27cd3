from django.urls import path

from . import views

app_name = "carereviews"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/reviews/<int:lac_review_id>/", views.review_edit, name="review_edit"),
    path("iro/", views.iro_list, name="iro_list"),
]
