"""Reads for disabled children's services: one child's requests, the waiting list and the median waiting time.

The waiting list holds two kinds of row, which never overlap:
- a request for a service still waiting (no first service, not declined, not withdrawn) past its stored
  `first_service_due`;
- a child with an open episode in the disabled children's service and no request recorded at all, whose episode
  referral is older than the threshold (rule disabled-first-service applied to the referral date).
Candidates come from these small indexed tables first; only then are they checked against the viewer's visibility.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from safeguard.casework.models import CINEpisode
from safeguard.people.models import Person
from safeguard.workdays.deadlines import apply_rule, get_rule
from safeguard.workforce.models import Allocation, Service, Team, Worker

from .models import DisabledChildrenService

RULE = "disabled-first-service"


def waiting_qs() -> QuerySet[DisabledChildrenService]:
    """Requests still waiting for their first service."""
    return DisabledChildrenService.objects.filter(first_service_start__isnull=True, end_date__isnull=True).exclude(
        decision=DisabledChildrenService.Decision.DECLINED
    )


def services_for(person: Person) -> QuerySet[DisabledChildrenService]:
    return DisabledChildrenService.objects.filter(child=person).order_by("-referral_date", "-id")


def open_disabled_children_episodes() -> QuerySet[CINEpisode]:
    return CINEpisode.objects.filter(close_date__isnull=True, team__service=Service.DISABLED_CHILDREN)


def episodes_without_request() -> QuerySet[CINEpisode]:
    """Open episodes in the disabled children's service for children with no service request recorded."""
    requested = DisabledChildrenService.objects.filter(child=OuterRef("child"))
    return open_disabled_children_episodes().exclude(Exists(requested))


# --- The waiting list ----------------------------------------------------------------------------


@dataclass
class WaitingRow:
    child: Person
    referral_date: dt.date
    due: dt.date
    waiting_days: int
    what: str
    url: str
    team: Team | None = None
    worker: Worker | None = None

    @property
    def waiting_weeks(self) -> int:
        return self.waiting_days // 7


def waiting_candidate_ids(today: dt.date) -> set[int]:
    """Children who could be on the waiting list (cheap, indexed): overdue requests and open DC episodes."""
    overdue = waiting_qs().filter(first_service_due__lt=today).order_by().values_list("child_id", flat=True)
    episodes = episodes_without_request().order_by().values_list("child_id", flat=True)
    return set(overdue) | set(episodes)


def visible_waiting_children(visible: QuerySet[Person], today: dt.date, team: Team | None = None) -> list[int]:
    ids = waiting_candidate_ids(today)
    if team is not None:
        ids &= _team_child_ids(team)
    if not ids:
        return []
    return list(visible.filter(kind=Person.Kind.CHILD, pk__in=list(ids)).values_list("pk", flat=True))


def _team_child_ids(team: Team) -> set[int]:
    allocated = Allocation.objects.filter(team=team, end_date__isnull=True).values_list("child_id", flat=True)
    episodes = CINEpisode.objects.filter(team=team, close_date__isnull=True).values_list("child_id", flat=True)
    return set(allocated) | set(episodes)


def waiting_rows(child_ids: list[int], today: dt.date) -> list[WaitingRow]:
    """The waiting list for these (visible) children, longest wait first, with team and key worker."""
    if not child_ids:
        return []
    rows = [
        WaitingRow(
            child=service.child,
            referral_date=service.referral_date,
            due=service.first_service_due,
            waiting_days=service.waiting_days(today),
            what=service.get_kind_display()
            + (f" ({service.get_decision_display().lower()})" if service.decision else ""),
            url=reverse("disabledchildren:service", args=[service.child_id, service.pk]),
            team=service.episode.team if service.episode_id else None,
        )
        for service in waiting_qs()
        .filter(child_id__in=child_ids, first_service_due__lt=today)
        .select_related("child", "episode__team")
    ]
    rule = get_rule(RULE)
    for episode in episodes_without_request().filter(child_id__in=child_ids).select_related("child", "team"):
        due = apply_rule(rule, episode.referral_date)
        if due < today:
            rows.append(
                WaitingRow(
                    child=episode.child,
                    referral_date=episode.referral_date,
                    due=due,
                    waiting_days=(today - episode.referral_date).days,
                    what="No service requested yet",
                    url=reverse("disabledchildren:child", args=[episode.child_id]),
                    team=episode.team,
                )
            )
    _attach_workers(rows)
    return sorted(rows, key=lambda row: (-row.waiting_days, row.child.last_name, row.child.pk))


def _attach_workers(rows: list[WaitingRow]) -> None:
    """Each child's current allocated social worker (one query); the worker's team when the row has none."""
    ids = {row.child.pk for row in rows}
    allocations = Allocation.objects.filter(
        child_id__in=ids, kind=Allocation.Kind.KEY_WORKER, end_date__isnull=True
    ).select_related("worker", "worker__team")
    workers = {allocation.child_id: allocation.worker for allocation in allocations}
    for row in rows:
        row.worker = workers.get(row.child.pk)
        if row.team is None and row.worker is not None:
            row.team = row.worker.team


# --- Median waiting time -------------------------------------------------------------------------


@dataclass
class MonthBar:
    month: dt.date  # first day of the month
    started: int  # first services started in the month
    median_days: float | None

    @property
    def median_weeks(self) -> float | None:
        return None if self.median_days is None else round(self.median_days / 7, 1)


@dataclass
class WaitingFigures:
    since: dt.date
    started: int
    median_days: float | None
    months: list[MonthBar]

    @property
    def median_weeks(self) -> float | None:
        return None if self.median_days is None else round(self.median_days / 7, 1)


def waiting_figures(today: dt.date, *, months: int = 12, children: QuerySet[Person] | None = None) -> WaitingFigures:
    """Median wait (referral → first service) for first services started in the last `months` whole months and
    this one so far, overall and by month of the start (one query)."""
    first_month = today.replace(day=1) - relativedelta(months=months - 1)
    started = DisabledChildrenService.objects.filter(
        first_service_start__gte=first_month, first_service_start__lte=today
    )
    if children is not None:
        started = started.filter(child__in=children)
    by_month: dict[dt.date, list[int]] = {first_month + relativedelta(months=i): [] for i in range(months)}
    waits = []
    for referral, start in started.values_list("referral_date", "first_service_start"):
        wait = (start - referral).days
        waits.append(wait)
        by_month[start.replace(day=1)].append(wait)
    bars = [
        MonthBar(month=month, started=len(days), median_days=statistics.median(days) if days else None)
        for month, days in by_month.items()
    ]
    return WaitingFigures(
        since=first_month,
        started=len(waits),
        median_days=statistics.median(waits) if waits else None,
        months=bars,
    )
