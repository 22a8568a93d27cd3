from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import people_for_listing, person_for_viewer
from safeguard.accounts.models import Role
from safeguard.forms_errors import apply_errors

from . import selectors, services
from .forms import AllocationForm
from .models import Team, Worker

WORKFORCE_OVERVIEW_ROLES = {Role.TEAM_MANAGER, Role.SENIOR_LEADER, Role.ANALYST, Role.INSPECTOR}


def teams(request):
    if request.user.role not in WORKFORCE_OVERVIEW_ROLES:
        raise PermissionDenied("Your role does not include the workforce overview")
    return render(request, "workforce/teams.html", {"teams": selectors.teams_with_counts()})


def _may_see_team(user, team: Team) -> bool:
    worker = getattr(user, "worker", None)
    if user.role in {Role.SENIOR_LEADER, Role.ANALYST, Role.INSPECTOR, Role.FRONT_DOOR}:
        return True
    if worker is None:
        return False
    if user.role == Role.TEAM_MANAGER:
        return worker.team.service == team.service
    return worker.team_id == team.pk


def team_caseload(request, team_id: int):
    team = get_object_or_404(Team, pk=team_id)
    if not _may_see_team(request.user, team):
        raise Http404("No such team")
    caseload = selectors.team_caseload(team, request.user)
    unallocated = list(selectors.unallocated_open_episodes(team, request.user))
    people_for_listing(request, caseload.children, what=f"team caseload: {team}")
    return render(
        request,
        "workforce/team_caseload.html",
        {
            "team": team,
            "caseload": caseload,
            "unallocated": unallocated,
            "workers": selectors.workers_with_counts(team),
        },
    )


def worker_caseload(request, worker_id: int):
    worker = get_object_or_404(Worker.objects.select_related("team"), pk=worker_id)
    if not (getattr(request.user, "worker", None) == worker or _may_see_team(request.user, worker.team)):
        raise Http404("No such worker")
    caseload = selectors.worker_caseload(worker, request.user)
    people_for_listing(request, caseload.children, what=f"worker caseload: {worker}")
    return render(request, "workforce/worker_caseload.html", {"worker": worker, "caseload": caseload})


def allocate(request, person_id: int):
    if not request.user.has_perm("workforce.allocate"):
        raise PermissionDenied("Only team managers allocate work")
    child = person_for_viewer(request, person_id, what="allocation")
    manager = request.user.worker
    workers = (
        Worker.objects.filter(team__service=manager.team.service)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()))
        .select_related("team")
    )
    form = AllocationForm(request.POST or None, workers=workers, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_allocate(child=child, allocated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{child.full_name} allocated to {form.cleaned_data['worker']}")
            return redirect("people:detail", child.pk)
    return render(
        request,
        "workforce/allocate.html",
        {"form": form, "child": child, "allocations": selectors.allocations_for(child)},
    )
