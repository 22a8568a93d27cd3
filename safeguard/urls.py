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
    path("looked-after/", include("safeguard.lac.urls")),
    path("care-reviews/", include("safeguard.carereviews.urls")),
    path("health/", include("safeguard.health.urls")),
    path("education/", include("safeguard.education.urls")),
    path("missing/", include("safeguard.missing.urls")),
    path("exploitation/", include("safeguard.exploitation.urls")),
    path("asylum/", include("safeguard.asylum.urls")),
    path("legal/", include("safeguard.legal.urls")),
    path("disabled-children/", include("safeguard.disabledchildren.urls")),
    path("care-leavers/", include("safeguard.careleavers.urls")),
    path("adoption/", include("safeguard.adoption.urls")),
    path("returns/", include("safeguard.returns.urls")),
    path("indicators/", include("safeguard.indicators.urls")),
    path("admin/", admin.site.urls),
]
