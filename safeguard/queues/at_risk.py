"""The registry of "children at risk of immediate harm" lists.

Each domain registers its lists in `<app>/at_risk.py` (imported from its AppConfig.ready), so the at-risk page grows
with the service without the queue knowing every domain:

    register(AtRiskSource(key="late-icpc", title=..., date_label=..., order=10, candidates=..., rows=...))

- `candidates(today)` returns the ids of the children who could appear: a `values_list("child_id", flat=True)`
  queryset over a small, indexed table, or a tuple of such querysets. The page unions every source's candidates in one query and checks only
  those children against the viewer's visibility, never the whole city.
- `rows(children, today)` returns the section's rows for those (already visible) children, in one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from safeguard.workdays.calendar import working_days_between


@dataclass
class AtRiskRow:
    child: object  # people.Person
    late_date: dt.date  # the date that was missed (or, for open-ended risks, since when)
    working_days_late: int
    detail: str = ""
    url: str = ""
    team: object = None  # workforce.Team, filled from the child's key worker or open episode when not given
    worker: object = None  # workforce.Worker, filled by the page


@dataclass
class AtRiskSection:
    key: str
    title: str
    date_label: str
    rows: list[AtRiskRow]


@dataclass(frozen=True)
class AtRiskSource:
    key: str  # the section's HTML id, stable: tests and bookmarks use it
    title: str
    date_label: str
    order: int
    candidates: Callable[[dt.date], QuerySet | tuple[QuerySet, ...]]
    rows: Callable[[QuerySet, dt.date], list[AtRiskRow]]


_SOURCES: dict[str, AtRiskSource] = {}


def register(source: AtRiskSource) -> AtRiskSource:
    _SOURCES[source.key] = source
    return source


def sources() -> list[AtRiskSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.key))


def late_working_days(day: dt.date, today: dt.date) -> int:
    """Working days from `day` to `today` (0 when `day` is today or later)."""
    return max(working_days_between(day, today), 0)
