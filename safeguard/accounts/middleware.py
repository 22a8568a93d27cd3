from django.http import HttpResponseForbidden

from .models import Role

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_ALLOWED_POSTS = {"/accounts/logout/"}


class InspectorReadOnlyMiddleware:
    """Inspectors read; they never write. Enforced once, here, for every page and API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.role == Role.INSPECTOR
            and request.method not in _SAFE_METHODS
            and request.path not in _ALLOWED_POSTS
        ):
            return HttpResponseForbidden("Inspector accounts are read-only.")
        return self.get_response(request)
