from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind_key>/build/", views.build_new, name="build_new"),
    path("builds/<int:build_id>/", views.build_detail, name="build"),
    path("builds/<int:build_id>/status.json", views.build_status, name="build_status"),
    path("builds/<int:build_id>/files/<int:file_id>/", views.build_download, name="download"),
    path("builds/<int:build_id>/files.zip", views.build_download_all, name="download_all"),
]
