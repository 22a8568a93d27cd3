"""Work items: what is due for a set of children, computed from stored derived deadlines, never typed in.

Each domain registers what it owes in its `work.py`, in one of two forms:

- a `WorkSource` (the usual case): a queryset of open records with a stored due date, plus the label and the page
  to link to. Every source becomes one branch of a single `UNION ALL` query, so a queue asks the database once
  however many domains there are (23 separate queries cost more in round trips and ORM compilation than in the
  database itself);
- a provider function, for the few deadlines that are worked out in Python (termly PEPs, health checks by age):
  it takes the children and yields `WorkItem`s.

Caseload pages and the queues ask `work_items_for(children)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import CharField, Expression, F, QuerySet, Value
from django.urls import reverse_lazy


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


@dataclass(frozen=True)
class WorkSource:
    """Work owed on open records, read in one query: `records(children)` filters the source model to the rows that
    are due (open, with a due date), `due` names the date column, `kind` is the label (a string, or an expression
    when one source has two labels), and the row links to `url_name` with the child's id (and the record's id when
    `with_record` is set)."""

    key: str
    records: Callable[[QuerySet], QuerySet]
    due: str
    kind: str | Expression
    url_name: str
    with_record: bool = True

    def branch(self, children: QuerySet) -> QuerySet:
        kind = Value(self.kind, output_field=CharField()) if isinstance(self.kind, str) else self.kind
        return (
            self.records(children)
            .order_by()
            .values(
                w_child=F("child_id"),
                w_due=F(self.due),
                w_kind=kind,
                w_record=F("pk"),
                w_source=Value(self.key, output_field=CharField()),
            )
        )


_sources: dict[str, WorkSource] = {}


def register(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


def register_source(source: WorkSource) -> WorkSource:
    _sources[source.key] = source
    return source


def work_items_for(children: QuerySet, *, names: dict[int, str] | None = None) -> list[WorkItem]:
    """Every work item for the given children (a queryset of people), soonest first.

    `names` (child id → name) saves a query when the caller already holds the children.
    """
    items = _items_from_sources(children, names)
    items += [item for provider in _providers for item in provider(children)]
    return sorted(items, key=lambda item: (item.due_date, item.child_name))


def _items_from_sources(children: QuerySet, names: dict[int, str] | None) -> list[WorkItem]:
    if not _sources:
        return []
    branches = [source.branch(children) for source in _sources.values()]
    rows = list(branches[0].union(*branches[1:], all=True).order_by())
    if names is None:
        names = _names({row["w_child"] for row in rows})
    items = []
    for row in rows:
        source = _sources[row["w_source"]]
        child_id = row["w_child"]
        args = [child_id, row["w_record"]] if source.with_record else [child_id]
        items.append(
            WorkItem(
                child_id=child_id,
                child_name=names.get(child_id, ""),
                kind=row["w_kind"],
                due_date=row["w_due"],
                url=reverse_lazy(source.url_name, args=args),  # resolved only for the rows a page shows
            )
        )
    return items


def _names(child_ids: set[int]) -> dict[int, str]:
    from safeguard.people.models import Person

    if not child_ids:
        return {}
    people = Person.objects.filter(pk__in=child_ids).only("id", "first_name", "last_name")
    return {person.pk: person.full_name for person in people}


def summarise(items: list[WorkItem], today: dt.date) -> dict[str, int]:
    counts = {"overdue": 0, "due today": 0, "due this week": 0, "upcoming": 0}
    for item in items:
        counts[item.status(today)] += 1
    return counts
