from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from safeguard.access.selectors import active_grant
from safeguard.accounts.models import Role


def home(request):
    """Send each role to where its work starts."""
    user = request.user
    worker = getattr(user, "worker", None)
    if user.role == Role.ADMINISTRATOR:
        return redirect("admin:index")
    if user.role == Role.FRONT_DOOR:
        return redirect("frontdoor:queue")
    if user.role == Role.TEAM_MANAGER and worker:
        return redirect("queues:team_work", worker.team_id)
    if user.role == Role.SOCIAL_WORKER and worker:
        return redirect("queues:my_work")
    if worker is not None:
        return redirect("workforce:worker_caseload", worker.pk)
    grant = active_grant(user) if user.role == Role.INSPECTOR else None
    return render(request, "web/home.html", {"grant": grant, "is_inspector": user.role == Role.INSPECTOR})


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
