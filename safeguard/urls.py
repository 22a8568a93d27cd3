from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("safeguard.web.urls")),
    path("accounts/", include("safeguard.accounts.urls")),
    path("people/", include("safeguard.people.urls")),
    path("workforce/", include("safeguard.workforce.urls")),
    path("front-door/", include("safeguard.frontdoor.urls")),
    path("casework/", include("safeguard.casework.urls")),
    path("admin/", admin.site.urls),
]
