"""Work items: what is due for a set of children, computed from stored derived deadlines, never typed in.

Each domain registers a provider; caseload pages and (later) queues ask every provider for the children
in scope. A provider returns WorkItem rows for open records with a deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class WorkItem:
    child_id: int
    child_name: str
    kind: str
    due_date: dt.date
    url: str

    def status(self, today: dt.date) -> str:
        if self.due_date < today:
            return "overdue"
        if self.due_date == today:
            return "due today"
        if self.due_date <= today + dt.timedelta(days=7):
            return "due this week"
        return "upcoming"


Provider = Callable[[QuerySet], Iterable[WorkItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


def work_items_for(children: QuerySet) -> list[WorkItem]:
    """Every work item for the given children (a queryset of people), soonest first."""
    items = [item for provider in _providers for item in provider(children)]
    return sorted(items, key=lambda item: (item.due_date, item.child_name))


def summarise(items: list[WorkItem], today: dt.date) -> dict[str, int]:
    counts = {"overdue": 0, "due today": 0, "due this week": 0, "upcoming": 0}
    for item in items:
        counts[item.status(today)] += 1
    return counts
