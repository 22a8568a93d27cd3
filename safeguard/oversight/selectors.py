"""Reads for case notes, manager decisions and supervision. Callers have already checked need-to-know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max, QuerySet
from django.utils import timezone

from safeguard.access.selectors import visible_people
from safeguard.people.models import Person
from safeguard.workforce.models import Worker
from safeguard.workforce.selectors import current_children_of_worker

from .models import CaseNote, ManagerDecision, SupervisionRecord


def notes_for(child: Person, *, kind: str | None = None) -> QuerySet[CaseNote]:
    """The child's case notes, newest first, optionally of one kind."""
    notes = CaseNote.objects.filter(child=child).select_related("author").order_by("-occurred_at", "-id")
    if kind:
        notes = notes.filter(kind=kind)
    return notes


def decisions_for(child: Person, *, kind: str | None = None) -> QuerySet[ManagerDecision]:
    """Every manager decision on the child (approvals, returns, directions), newest first."""
    decisions = ManagerDecision.objects.filter(child=child).select_related("decided_by").order_by("-decided_at", "-id")
    if kind:
        decisions = decisions.filter(kind=kind)
    return decisions


def latest_decision(child: Person) -> ManagerDecision | None:
    return decisions_for(child).first()


def last_oversight_for(children: Iterable[Person] | QuerySet[Person]) -> dict[int, dt.date]:
    """child id -> the local date of the latest manager decision of any kind on that child.

    Children with no decision at all are absent from the result. `children` may be a queryset (used as a
    subquery, so it scales to a whole service) or any iterable of people or ids.
    """
    if isinstance(children, QuerySet):
        wanted = children.values("pk")
    else:
        wanted = [getattr(child, "pk", child) for child in children]
    rows = (
        ManagerDecision.objects.filter(child__in=wanted)
        .values("child_id")
        .annotate(latest=Max("decided_at"))
        .values_list("child_id", "latest")
    )
    return {child_id: timezone.localdate(latest) for child_id, latest in rows}


def supervisions_of(worker: Worker) -> QuerySet[SupervisionRecord]:
    return (
        SupervisionRecord.objects.filter(worker=worker)
        .select_related("supervisor")
        .prefetch_related("children__child")
        .order_by("-held_on", "-id")
    )


def supervision_caseload(worker: Worker, viewer) -> QuerySet[Person]:
    """The children currently allocated to `worker` that `viewer` may see, by name."""
    return (
        visible_people(viewer)
        .filter(pk__in=current_children_of_worker(worker).values("pk"))
        .order_by("last_name", "first_name", "pk")
    )
