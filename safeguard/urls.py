from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("safeguard.web.urls")),
    path("accounts/", include("safeguard.accounts.urls")),
    path("people/", include("safeguard.people.urls")),
    path("workforce/", include("safeguard.workforce.urls")),
    path("front-door/", include("safeguard.frontdoor.urls")),
    path("casework/", include("safeguard.casework.urls")),
    path("protection/", include("safeguard.protection.urls")),
    path("oversight/", include("safeguard.oversight.urls")),
    path("queues/", include("safeguard.queues.urls")),
    path("admin/", admin.site.urls),
]
