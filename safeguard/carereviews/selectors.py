"""Reads for looked-after reviews and visits: one child's records, an IRO's children, and the overdue lists."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from safeguard.lac.models import CarePeriod
from safeguard.people.models import Person
from safeguard.workforce.models import Allocation, Worker

from .models import IROContact, LookedAfterReview, ReviewSchedule, StatutoryVisit


def open_schedules_qs() -> QuerySet[ReviewSchedule]:
    return ReviewSchedule.objects.filter(is_open=True)


def current_period(person: Person) -> CarePeriod | None:
    return CarePeriod.objects.filter(child=person, end_date__isnull=True).order_by("-start_date", "-pk").first()


def schedule_for(period: CarePeriod | None) -> ReviewSchedule | None:
    if period is None:
        return None
    return ReviewSchedule.objects.filter(period=period).first()


def reviews_for(person: Person) -> QuerySet[LookedAfterReview]:
    return LookedAfterReview.objects.filter(child=person).select_related("iro", "period")


def visits_for(person: Person) -> QuerySet[StatutoryVisit]:
    return StatutoryVisit.objects.filter(child=person).select_related("visited_by", "placement")


def iro_contacts_for(person: Person) -> QuerySet[IROContact]:
    return IROContact.objects.filter(child=person).select_related("iro")


def current_iro_allocation(person: Person) -> Allocation | None:
    return (
        Allocation.objects.filter(child=person, kind=Allocation.Kind.IRO, end_date__isnull=True)
        .select_related("worker")
        .first()
    )


def iro_schedules(iro: Worker, children: QuerySet[Person]) -> QuerySet[ReviewSchedule]:
    """Open schedules of the (visible) children this IRO is currently allocated to, soonest review first."""
    allocated = Allocation.objects.filter(worker=iro, kind=Allocation.Kind.IRO, end_date__isnull=True)
    return (
        open_schedules_qs()
        .filter(child__in=children, child_id__in=allocated.values("child_id"))
        .select_related("child", "period")
        .order_by("next_review_due", "child__last_name", "id")
    )


def visits_overdue(children: QuerySet, today: dt.date) -> QuerySet[ReviewSchedule]:
    """Looked-after children whose regulation 28 visit is overdue (due before today), most overdue first."""
    return (
        open_schedules_qs()
        .filter(child__in=children, next_visit_due__lt=today)
        .select_related("child")
        .order_by("next_visit_due", "id")
    )


def reviews_overdue(children: QuerySet, today: dt.date) -> QuerySet[ReviewSchedule]:
    return (
        open_schedules_qs()
        .filter(child__in=children, next_review_due__lt=today)
        .select_related("child")
        .order_by("next_review_due", "id")
    )
