"""Disabled children's pages: one child's services (request, decision, first service, end) and the waiting list.

Child pages load the child through the visibility selector first, then records filtered by that child (another
child's record id 404s). The waiting list lists only children the viewer may see, and records the listing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import people_for_listing, person_for_viewer, visible_people
from safeguard.accounts.models import Role
from safeguard.casework.models import CINEpisode
from safeguard.forms_errors import save_through_service
from safeguard.workdays.deadlines import get_rule
from safeguard.workforce.models import Service, Team

from . import selectors, services
from .chart import bar_chart
from .forms import DecisionForm, EndForm, RequestForm, StartForm
from .models import DisabledChildrenService


def _open_episode(person):
    return CINEpisode.objects.filter(child=person, close_date__isnull=True).order_by("-referral_date").first()


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="disabled children's services")
    can_record = request.user.has_perm("disabledchildren.record")
    if request.method == "POST" and not can_record:
        raise PermissionDenied("Your role cannot record services for disabled children")
    episode = _open_episode(person)
    form = RequestForm(request.POST or None)
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.disabled_service_request(
                child=person,
                kind=d["kind"],
                detail=d["detail"],
                referral_date=d["referral_date"],
                episode=episode,
                recorded_by=request.user,
            ),
            "Service request recorded",
        )
        if saved:
            return redirect("disabledchildren:service", person.pk, saved.pk)
    today = timezone.localdate()
    return render(
        request,
        "disabledchildren/child.html",
        {
            "person": person,
            "episode": episode,
            "disabilities": list(person.disabilities.order_by("code")),
            "services": list(selectors.services_for(person)),
            "form": form,
            "can_record": can_record,
            "today": today,
        },
    )


def service(request, person_id: int, dc_service_id: int):
    person = person_for_viewer(request, person_id, what="disabled children's service")
    record = get_object_or_404(
        DisabledChildrenService.objects.select_related("episode"), pk=dc_service_id, child=person
    )
    user = request.user
    can = user.has_perm("disabledchildren.record")
    allowed = {
        "decide": can and not record.decision and record.end_date is None,
        "start": can and record.is_waiting,
        "end": can and record.end_date is None,
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and not allowed.get(action, False):
        raise PermissionDenied("Unknown action, or not one your role may take")
    today = timezone.localdate()

    def bound(name):
        return request.POST if action == name else None

    initial = {"version": record.version}
    forms = {
        "decide": DecisionForm(bound("decide"), prefix="decide", initial=initial | {"decision_date": today}),
        "start": StartForm(bound("start"), prefix="start", initial=initial | {"start_date": today}),
        "end": EndForm(bound("end"), prefix="end", initial=initial | {"end_date": today}),
    }
    calls = {
        "decide": lambda d: services.disabled_service_decide(
            service_id=record.pk,
            expected_version=d["version"],
            decision=d["decision"],
            decision_date=d["decision_date"],
            decided_by=user,
        ),
        "start": lambda d: services.disabled_service_start(
            service_id=record.pk, expected_version=d["version"], start_date=d["start_date"], started_by=user
        ),
        "end": lambda d: services.disabled_service_end(
            service_id=record.pk, expected_version=d["version"], end_date=d["end_date"], ended_by=user
        ),
    }
    messages = {"decide": "Decision recorded", "start": "First service recorded", "end": "End recorded"}
    if action and save_through_service(request, forms[action], calls[action], messages[action]):
        return redirect("disabledchildren:service", person.pk, record.pk)
    return render(
        request,
        "disabledchildren/service.html",
        {
            "person": person,
            "record": record,
            "forms": forms,
            "allowed": allowed,
            "today": today,
            "waiting_days": record.waiting_days(today),
            "error_form": forms[action] if action else None,
        },
    )


def waiting(request):
    """Disabled children waiting for a service, longest wait first, and the median wait over the last 12 months."""
    user = request.user
    if not user.has_perm("disabledchildren.view_waiting"):
        raise PermissionDenied(
            "The waiting list is for managers in the disabled children's service, senior leaders, analysts "
            "and inspectors"
        )
    teams = Team.objects.order_by("name")
    if user.role == Role.TEAM_MANAGER:
        teams = teams.filter(service=Service.DISABLED_CHILDREN)
    teams = list(teams)
    team = None
    if request.GET.get("team", "").isdigit():
        team = next((t for t in teams if t.pk == int(request.GET["team"])), None)
    today = timezone.localdate()
    ids = selectors.visible_waiting_children(visible_people(user), today, team)
    rows = selectors.waiting_rows(ids, today)
    listed = {row.child.pk: row.child for row in rows}.values()
    people_for_listing(request, list(listed), what="disabled children waiting for a service")
    figures = selectors.waiting_figures(today)
    return render(
        request,
        "disabledchildren/waiting.html",
        {
            "rows": rows,
            "teams": teams,
            "team": team,
            "today": today,
            "threshold": get_rule(services.RULE),
            "figures": figures,
            "chart": bar_chart(figures.months),
        },
    )
