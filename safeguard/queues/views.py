"""The work queues: my work, team work and children at risk of immediate harm (read-only pages)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from safeguard.access.selectors import people_for_listing, visible_people
from safeguard.accounts.models import Role
from safeguard.workforce.models import Team

from . import selectors

# Rows shown per group or list before "Show all": enough for a day's work, small enough to load fast.
ROWS_SHOWN = 50
AT_RISK_ROWS_SHOWN = 25


def _today():
    return timezone.localdate()


def _expanded(request, allowed) -> str:
    value = request.GET.get("show", "")
    return value if value in allowed else ""


def my_work(request):
    """The work items for the children currently allocated to the signed-in worker."""
    if not request.user.has_perm("queues.view_my_work"):
        raise PermissionDenied("My work is for practitioners with a caseload")
    worker = request.user.worker
    today = _today()
    queue = selectors.my_work(worker, visible_people(request.user), today, kind=request.GET.get("type", ""))
    shown = queue.shown(limit=ROWS_SHOWN, expanded=_expanded(request, selectors.GROUPS))
    people_for_listing(request, selectors.children_in(_flatten(shown)), what="my work queue")
    return render(request, "queues/my_work.html", {"worker": worker, "queue": queue, "shown": shown})


def _flatten(groups: dict) -> list:
    return [row for rows in groups.values() for row in rows]


def team_work(request, team_id: int):
    """A team's work: items across its children, per worker, unallocated episodes and authorisations waiting.

    Team managers, for the teams in their service; everyone else gets 404 (the team's queue does not exist
    for them), as a page about one team's children must not confirm anything to someone outside it.
    """
    team = get_object_or_404(Team, pk=team_id)
    user = request.user
    if not user.has_perm("queues.view_team_work") or user.worker.team.service != team.service:
        raise Http404("No such team")
    today = _today()
    work = selectors.team_work(team, visible_people(user), today, kind=request.GET.get("type", ""))
    shown = work.queue.shown(limit=ROWS_SHOWN, expanded=_expanded(request, selectors.GROUPS))
    named = [*_flatten(shown), *work.unallocated, *work.awaiting_authorisation]
    people_for_listing(request, selectors.children_in(named), what=f"team work queue: {team}")
    return render(request, "queues/team_work.html", {"team": team, "work": work, "queue": work.queue, "shown": shown})


def at_risk(request):
    """Children at risk of immediate harm, across everything the viewer may see, optionally for one team.

    Roles without the permission get 403: the page is the same for everyone, so its existence is no secret.
    """
    user = request.user
    if not user.has_perm("queues.view_at_risk"):
        raise PermissionDenied("The at-risk queue is for managers, senior leaders, analysts and inspectors")
    teams = Team.objects.order_by("name")
    if user.role == Role.TEAM_MANAGER:
        worker = getattr(user, "worker", None)
        teams = teams.filter(service=worker.team.service) if worker else teams.none()
    teams = list(teams)
    team = None
    if request.GET.get("team", "").isdigit():
        team = next((t for t in teams if t.pk == int(request.GET["team"])), None)
    today = _today()
    sections = selectors.at_risk(selectors.at_risk_children(visible_people(user), team, today), today)
    expanded = _expanded(request, {section.key for section in sections})
    shown = {s.key: s.rows if s.key == expanded else s.rows[:AT_RISK_ROWS_SHOWN] for s in sections}
    people_for_listing(request, selectors.children_in(_flatten(shown)), what="children at risk queue")
    return render(
        request,
        "queues/at_risk.html",
        {"sections": sections, "shown": shown, "teams": teams, "team": team, "today": today},
    )
