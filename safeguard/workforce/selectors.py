"""Caseloads: who holds which children and what is due for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safeguard.access.selectors import visible_people
from safeguard.casework.models import CINEpisode
from safeguard.people.models import Person

from .models import Allocation, Team, Worker
from .work import WorkItem, summarise, work_items_for


def allocations_for(person: Person) -> list[Allocation]:
    return list(person.allocations.select_related("worker", "team").order_by("-start_date", "-id"))


def current_children_of_worker(worker: Worker) -> QuerySet[Person]:
    return Person.objects.filter(allocations__worker=worker, allocations__end_date__isnull=True).distinct()


@dataclass
class Caseload:
    children: list[Person]
    items: list[WorkItem]
    counts: dict[str, int]
    today: dt.date


def worker_caseload(worker: Worker, viewer) -> Caseload:
    children = visible_people(viewer).filter(pk__in=current_children_of_worker(worker).values("pk"))
    return _caseload(children)


def team_caseload(team: Team, viewer) -> Caseload:
    in_team = Q(allocations__team=team, allocations__end_date__isnull=True) | Q(
        cin_episodes__team=team, cin_episodes__close_date__isnull=True
    )
    children = visible_people(viewer).filter(pk__in=Person.objects.filter(in_team).values("pk"))
    return _caseload(children)


def _caseload(children: QuerySet[Person]) -> Caseload:
    today = timezone.localdate()
    items = work_items_for(children)
    people = list(children.order_by("last_name", "first_name"))
    return Caseload(children=people, items=items, counts=summarise(items, today), today=today)


def unallocated_open_episodes(team: Team, viewer) -> QuerySet[CINEpisode]:
    """Open episodes in the team whose child has no current allocated social worker."""
    has_worker = Allocation.objects.filter(
        child=OuterRef("child"), kind=Allocation.Kind.KEY_WORKER, end_date__isnull=True
    )
    return (
        CINEpisode.objects.filter(team=team, close_date__isnull=True, child__in=visible_people(viewer))
        .annotate(allocated=Exists(has_worker))
        .filter(allocated=False)
        .select_related("child")
        .order_by("referral_date")
    )


def workers_with_counts(team: Team) -> QuerySet[Worker]:
    return (
        team.workers.filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()))
        .annotate(caseload=Count("allocations", filter=Q(allocations__end_date__isnull=True)))
        .order_by("last_name")
    )


def teams_with_counts() -> QuerySet[Team]:
    return Team.objects.annotate(
        current_allocations=Count("allocations", filter=Q(allocations__end_date__isnull=True), distinct=True),
        open_episodes=Count("cin_episodes", filter=Q(cin_episodes__close_date__isnull=True), distinct=True),
    ).order_by("service", "name")
