"""Allocation and reallocation of children to workers: managers only, history kept."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.chronology.services import event_record
from safeguard.people.models import Person

from .models import Allocation, Worker


@transaction.atomic
def allocation_allocate(
    *,
    child: Person,
    worker: Worker,
    start_date: dt.date,
    allocated_by,
    kind: str = Allocation.Kind.KEY_WORKER,
    reason: str = "",
) -> Allocation:
    """Allocate `worker` to `child`, ending any current allocation of the same kind the day it starts."""
    if not allocated_by.has_perm("workforce.allocate"):
        raise PermissionDenied("Only team managers allocate work")
    if not child.is_child:
        raise ValidationError({"child": "Only children are allocated"})
    if worker.end_date and worker.end_date < start_date:
        raise ValidationError({"worker": f"{worker} left on {worker.end_date:%d %b %Y}"})
    if start_date > timezone.localdate():
        raise ValidationError({"start_date": "An allocation cannot start in the future"})
    current = Allocation.objects.select_for_update().filter(child=child, kind=kind, end_date__isnull=True).first()
    if current is not None:
        if current.worker_id == worker.pk:
            raise ValidationError({"worker": f"{worker} is already allocated"})
        if start_date < current.start_date:
            raise ValidationError({"start_date": "The new allocation cannot start before the current one"})
        _end(current, end_date=start_date, ended_by=allocated_by, why=f"Reallocated to {worker}")
    allocation = Allocation.objects.create(
        child=child,
        worker=worker,
        team=worker.team,
        kind=kind,
        start_date=start_date,
        reason=reason,
        allocated_by=allocated_by,
    )
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category="allocation",
        kind="allocation.started",
        summary=f"{allocation.get_kind_display()}: {worker} ({worker.team})",
        detail=reason,
        actor=allocated_by,
        source=allocation,
    )
    return allocation


@transaction.atomic
def allocation_end(*, allocation_id: int, end_date: dt.date, ended_by, reason: str = "") -> Allocation:
    if not ended_by.has_perm("workforce.allocate"):
        raise PermissionDenied("Only team managers end allocations")
    allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
    if allocation.end_date is not None:
        raise ValidationError({"end_date": "This allocation has already ended"})
    if end_date < allocation.start_date:
        raise ValidationError({"end_date": "End date must be on or after the start date"})
    return _end(allocation, end_date=end_date, ended_by=ended_by, why=reason)


def _end(allocation: Allocation, *, end_date: dt.date, ended_by, why: str) -> Allocation:
    allocation.end_date = end_date
    allocation.save()
    event_record(
        child=allocation.child,
        occurred_at=timezone.now(),
        category="allocation",
        kind="allocation.ended",
        summary=f"{allocation.get_kind_display()} ended: {allocation.worker}",
        detail=why,
        actor=ended_by,
        source=allocation,
    )
    return allocation
