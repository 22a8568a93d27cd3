"""Reads for the indicator pages: the scopes a user may choose and the children behind a number they may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from safeguard.access.selectors import visible_people
from safeguard.accounts.models import Role
from safeguard.people.models import Person
from safeguard.workforce.models import Team, Worker

from .engine import Scope

SERVICE_WIDE = {Role.SENIOR_LEADER, Role.ANALYST, Role.INSPECTOR}
# Chunks of ids checked against the visibility selector at a time (well under every database's parameter limit).
CHUNK = 5000


@dataclass(frozen=True)
class ScopeChoices:
    authority: bool
    teams: list[Team]
    workers: list[Worker]
    default: Scope


def scope_choices(user) -> ScopeChoices:
    """The scopes `user` may look at: leaders and analysts everything; a team manager the authority, their
    service's teams and their workers; a social worker only their own caseload."""
    worker = getattr(user, "worker", None)
    if user.role in SERVICE_WIDE:
        teams = list(Team.objects.order_by("name"))
        return ScopeChoices(True, teams, _workers(teams), Scope.authority())
    if user.role == Role.TEAM_MANAGER and worker is not None:
        teams = list(Team.objects.filter(service=worker.team.service).order_by("name"))
        return ScopeChoices(True, teams, _workers(teams), Scope.for_team(worker.team))
    if worker is not None:
        return ScopeChoices(False, [], [worker], Scope.for_worker(worker))
    return ScopeChoices(False, [], [], Scope.authority())


def _workers(teams: list[Team]) -> list[Worker]:
    return list(Worker.objects.filter(team__in=teams).select_related("team").order_by("last_name", "first_name"))


def resolve_scope(user, param: str) -> Scope:
    """The scope named by `param` (authority, team-<id>, worker-<id>) if `user` may see it; Http404 otherwise."""
    choices = scope_choices(user)
    if not param:
        return choices.default
    if param == "authority" and choices.authority:
        return Scope.authority()
    kind, _, pk = param.partition("-")
    if pk.isdigit():
        if kind == "team":
            team = next((t for t in choices.teams if t.pk == int(pk)), None)
            if team is not None:
                return Scope.for_team(team)
        if kind == "worker":
            worker = next((w for w in choices.workers if w.pk == int(pk)), None)
            if worker is not None:
                return Scope.for_worker(worker)
    raise Http404("No such scope")


def visible_children(user, ids: frozenset[int]) -> list[int]:
    """The ids among `ids` that `user` may see (the one visibility selector), in name order."""
    ids = sorted(ids)
    visible: list[tuple[str, str, int]] = []
    people = visible_people(user).filter(kind=Person.Kind.CHILD)
    for i in range(0, len(ids), CHUNK):
        visible.extend(people.filter(pk__in=ids[i : i + CHUNK]).values_list("last_name", "first_name", "pk"))
    return [pk for *_, pk in sorted(visible)]
