"""Looked-after reviews, IRO allocation and contacts, and statutory visits.

Every write is keyword-only, atomic, validated before anything is saved, and recorded in the chronology
(category LOOKED_AFTER). After each write the period's `ReviewSchedule` is re-derived from the records by the
pure functions in schedule.py (CPPCR 2010 regs 28 and 33) using the rule table; nothing is typed in.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.codelists import ReviewParticipation
from safeguard.concurrency import lock_current
from safeguard.lac.models import CarePeriod, Placement
from safeguard.people.ages import age_on
from safeguard.people.models import Person
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Allocation, Worker
from safeguard.workforce.services import allocation_allocate

from . import schedule
from .models import IROContact, LookedAfterReview, ReviewSchedule, StatutoryVisit

LOOKED_AFTER = Category.LOOKED_AFTER


def _today() -> dt.date:
    return timezone.localdate()


def _check(user, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _within_period(field: str, value: dt.date, period: CarePeriod, what: str) -> None:
    if value < period.start_date:
        raise ValidationError(
            {field: f"The {what} cannot be before the child became looked after ({period.start_date:%d %b %Y})"}
        )
    if period.end_date and value > period.end_date:
        raise ValidationError(
            {field: f"The {what} cannot be after the child stopped being looked after ({period.end_date:%d %b %Y})"}
        )


def _event(child, *, kind: str, summary: str, actor, source, detail: str = "") -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=LOOKED_AFTER,
        kind=kind,
        summary=summary,
        detail=detail,
        actor=actor,
        source=source,
    )


def _locked_period(period_id: int) -> CarePeriod:
    return CarePeriod.objects.select_for_update(of=("self",)).select_related("child").get(pk=period_id)


# --- The derived schedule -------------------------------------------------------------------------


def _placement_facts(period: CarePeriod) -> list[schedule.PlacementFacts]:
    return [
        schedule.PlacementFacts(
            start_date=p.start_date,
            placement_type=p.placement_type,
            intended_until_18=p.intended_until_18,
            end_date=p.end_date,
        )
        for p in period.placements.only("start_date", "end_date", "placement_type", "intended_until_18")
    ]


def _visit_facts(period: CarePeriod) -> list[schedule.VisitFacts]:
    rows = period.statutory_visits.values_list("visit_date", "child_seen", "child_agrees_six_monthly")
    return [schedule.VisitFacts(day, seen, agrees) for day, seen, agrees in rows]


def derive_schedule(period: CarePeriod) -> tuple[schedule.Deadline | None, schedule.Deadline | None]:
    """The period's next review and next visit, from its records (None for both once it has ended).

    Only this period's reviews count: a new period of care restarts the cycle at 20 working days."""
    if period.end_date is not None:
        return None, None
    reviews = list(period.reviews.order_by("review_date").values_list("review_date", flat=True))
    dob = period.child.date_of_birth
    review = schedule.next_review(
        became_looked_after=period.start_date, reviews_held=reviews, due=due_date, date_of_birth=dob
    )
    visit = schedule.next_visit(
        placements=_placement_facts(period),
        visits=_visit_facts(period),
        first_review=reviews[0] if reviews else None,
        due=due_date,
        date_of_birth=dob,
    )
    return review, visit


def derive_iro_contact(period: CarePeriod, review: schedule.Deadline | None) -> schedule.Deadline | None:
    """The IRO's next contact with the child in this period (None once it has ended)."""
    if period.end_date is not None:
        return None
    return schedule.next_iro_contact(
        became_looked_after=period.start_date,
        contacts=period.iro_contacts.values_list("contact_date", flat=True),
        next_review_due=review,
        due=due_date,
        date_of_birth=period.child.date_of_birth,
    )


def schedule_refresh(period: CarePeriod) -> ReviewSchedule:
    """Re-derive and store the period's schedule. Called by every write here and when lac records change."""
    return _refresh(period)[0]


def _refresh(period: CarePeriod) -> tuple[ReviewSchedule, bool]:
    """The period's schedule, re-derived, and whether it had to be written."""
    review, visit = derive_schedule(period)
    contact = derive_iro_contact(period, review)
    seen = period.statutory_visits.filter(child_seen=True).order_by("-visit_date").values_list("visit_date", flat=True)
    last_contact = period.iro_contacts.order_by("-contact_date").values_list("contact_date", flat=True)
    values = {
        "child_id": period.child_id,
        "is_open": period.end_date is None,
        "next_review_due": review.due if review else None,
        "review_rule": review.rule_code if review else "",
        "review_anchor": review.anchor if review else None,
        "next_visit_due": visit.due if visit else None,
        "visit_rule": visit.rule_code if visit else "",
        "visit_anchor": visit.anchor if visit else None,
        "last_seen_on": seen.first(),
        "next_iro_contact_due": contact.due if contact else None,
        "iro_contact_rule": contact.rule_code if contact else "",
        "iro_contact_anchor": contact.anchor if contact else None,
        "last_iro_contact_on": last_contact.first(),
    }
    row = ReviewSchedule.objects.filter(period=period).first()
    if row is not None and all(getattr(row, field) == value for field, value in values.items()):
        return row, False  # unchanged: no write, no history row
    row, _ = ReviewSchedule.objects.update_or_create(period=period, defaults=values)
    return row, True


def schedules_refresh_all() -> tuple[int, int]:
    """Re-derive every open period's schedule from its records; returns (periods checked, schedules changed).

    The services and signals keep schedules right as records are written; this catches what bypassed them: bulk
    writes (the generator, imports) send no signals, and schedules stored before a column existed (the IRO contact
    due date after its migration) have it empty. Each period is its own transaction."""
    periods = (
        CarePeriod.objects.filter(Q(end_date__isnull=True) | Q(review_schedule__is_open=True))
        .select_related("child")
        .order_by("pk")
    )
    checked = changed = 0
    for period in periods.iterator(chunk_size=500):
        checked += 1
        with transaction.atomic():
            changed += _refresh(period)[1]
    return checked, changed


# --- IRO allocation -------------------------------------------------------------------------------


def current_iro(child: Person) -> Worker | None:
    allocation = (
        Allocation.objects.filter(child=child, kind=Allocation.Kind.IRO, end_date__isnull=True)
        .select_related("worker")
        .first()
    )
    return allocation.worker if allocation else None


def _require_iro_worker(worker: Worker, on: dt.date, field: str = "iro") -> None:
    if worker.role != Worker.Role.IRO:
        raise ValidationError({field: f"{worker} is not an independent reviewing officer"})
    if worker.end_date and worker.end_date < on:
        raise ValidationError({field: f"{worker} left on {worker.end_date:%d %b %Y}"})


@transaction.atomic
def iro_allocate(*, child: Person, iro: Worker, start_date: dt.date, allocated_by, reason: str = "") -> Allocation:
    """Allocate an IRO (workforce.Allocation of kind IRO), ending the current one. Only for a looked-after child."""
    _check(allocated_by, "workforce.allocate", "Only team managers allocate IROs")
    _require_iro_worker(iro, start_date)
    if not CarePeriod.objects.filter(child=child, end_date__isnull=True, start_date__lte=start_date).exists():
        raise ValidationError({"start_date": "An IRO is allocated to a child looked after on that date"})
    # The workforce service validates the dates, ends the previous IRO and writes the chronology event.
    return allocation_allocate(
        child=child,
        worker=iro,
        start_date=start_date,
        allocated_by=allocated_by,
        kind=Allocation.Kind.IRO,
        reason=reason,
    )


# --- Reviews --------------------------------------------------------------------------------------


def _participation_for(child: Person, review_date: dt.date, participation: str) -> str:
    """PN0 is for (and only for) a child under 4 on the review date (SSDA903 REVIEW_CODE)."""
    age = age_on(child.date_of_birth, review_date)
    if age is not None and age < 4:
        if participation not in ("", ReviewParticipation.UNDER_4):
            raise ValidationError({"participation": "The child was under 4 on the review date: participation is PN0"})
        return ReviewParticipation.UNDER_4
    if participation == ReviewParticipation.UNDER_4:
        raise ValidationError({"participation": "PN0 is only for a child under 4 on the review date"})
    if participation not in ReviewParticipation.values:
        raise ValidationError({"participation": "Choose how the child took part in the review"})
    return participation


@transaction.atomic
def review_record(
    *,
    period: CarePeriod,
    review_date: dt.date,
    participation: str = "",
    iro: Worker | None = None,
    outcome_notes: str = "",
    recorded_by,
) -> LookedAfterReview:
    """Record a looked-after review (CPPCR 2010 reg 33). The IRO defaults to the child's allocated IRO."""
    _check(recorded_by, "carereviews.record_review", "Your role cannot record looked-after reviews")
    period = _locked_period(period.pk)
    _within_period("review_date", review_date, period, "review date")
    _not_future("review_date", review_date, "review date")
    if period.reviews.filter(review_date=review_date).exists():
        raise ValidationError({"review_date": f"A review on {review_date:%d %b %Y} is already recorded"})
    code = _participation_for(period.child, review_date, participation)
    iro = iro or current_iro(period.child)
    if iro is None:
        raise ValidationError({"iro": "Allocate an independent reviewing officer before recording a review"})
    _require_iro_worker(iro, review_date)
    review = LookedAfterReview.objects.create(
        period=period,
        child=period.child,
        review_date=review_date,
        participation=code,
        iro=iro,
        outcome_notes=(outcome_notes or "").strip(),
        recorded_by=recorded_by,
    )
    plan = schedule_refresh(period)
    summary = f"Looked-after review held {review_date:%d %b %Y}, chaired by {iro} ({code})"
    if plan.next_review_due:
        summary += f"; next review due {plan.next_review_due:%d %b %Y}"
    _event(
        period.child,
        kind="lac_review.held",
        summary=summary,
        detail=review.outcome_notes,
        actor=recorded_by,
        source=review,
    )
    return review


@transaction.atomic
def review_update(
    *, review_id: int, expected_version: int, participation: str, outcome_notes: str, updated_by
) -> LookedAfterReview:
    """Correct a review's participation code or outcome notes (the date, which drives the schedule, stays)."""
    _check(updated_by, "carereviews.record_review", "Your role cannot change looked-after reviews")
    review = lock_current(LookedAfterReview, pk=review_id, expected_version=expected_version)
    review.participation = _participation_for(review.child, review.review_date, participation)
    review.outcome_notes = (outcome_notes or "").strip()
    review.save()
    _event(
        review.child,
        kind="lac_review.updated",
        summary=f"Looked-after review of {review.review_date:%d %b %Y} corrected",
        detail=review.outcome_notes,
        actor=updated_by,
        source=review,
    )
    return review


# --- IRO contacts ---------------------------------------------------------------------------------


@transaction.atomic
def iro_contact_record(
    *, period: CarePeriod, contact_date: dt.date, kind: str, note: str = "", iro: Worker | None = None, recorded_by
) -> IROContact:
    _check(recorded_by, "carereviews.record_review", "Your role cannot record IRO contacts")
    period = _locked_period(period.pk)
    _within_period("contact_date", contact_date, period, "contact date")
    _not_future("contact_date", contact_date, "contact date")
    if kind not in IROContact.Kind.values:
        raise ValidationError({"kind": "Choose how the IRO was in contact"})
    iro = iro or getattr(recorded_by, "worker", None)
    if iro is None or iro.role != Worker.Role.IRO:
        iro = current_iro(period.child)
    if iro is None:
        raise ValidationError({"kind": "Allocate an independent reviewing officer before recording their contact"})
    _require_iro_worker(iro, contact_date, field="kind")
    contact = IROContact.objects.create(
        period=period,
        child=period.child,
        iro=iro,
        contact_date=contact_date,
        kind=kind,
        note=(note or "").strip(),
        recorded_by=recorded_by,
    )
    plan = schedule_refresh(period)
    summary = f"IRO contact ({contact.get_kind_display().lower()}) by {iro} on {contact_date:%d %b %Y}"
    if plan.next_iro_contact_due:
        summary += f"; next IRO contact due {plan.next_iro_contact_due:%d %b %Y}"
    _event(
        period.child,
        kind="iro_contact.recorded",
        summary=summary,
        detail=contact.note,
        actor=recorded_by,
        source=contact,
    )
    return contact


# --- Statutory visits -----------------------------------------------------------------------------


def _placement_on(period: CarePeriod, day: dt.date) -> Placement | None:
    return period.placements.filter(start_date__lte=day).order_by("-start_date", "-pk").first()


@transaction.atomic
def visit_record(
    *,
    period: CarePeriod,
    visit_date: dt.date,
    child_seen: bool,
    seen_alone: bool = False,
    child_agrees_six_monthly: bool = False,
    note: str = "",
    visited_by: Worker | None = None,
    recorded_by,
) -> StatutoryVisit:
    """Record a social worker's statutory visit (CPPCR 2010 reg 28) and move the next visit on."""
    _check(recorded_by, "carereviews.record_visit", "Your role cannot record statutory visits")
    period = _locked_period(period.pk)
    _within_period("visit_date", visit_date, period, "visit date")
    _not_future("visit_date", visit_date, "visit date")
    if seen_alone and not child_seen:
        raise ValidationError({"seen_alone": "A child who was not seen cannot have been seen alone"})
    placement = _placement_on(period, visit_date)
    if child_agrees_six_monthly and (placement is None or placement.placement_type not in schedule.LONG_TERM_FOSTER):
        raise ValidationError(
            {"child_agrees_six_monthly": "Six-monthly visits are only for a long-term foster placement (U1 or U4)"}
        )
    visit = StatutoryVisit.objects.create(
        period=period,
        child=period.child,
        placement=placement,
        visit_date=visit_date,
        child_seen=child_seen,
        seen_alone=seen_alone and child_seen,
        child_agrees_six_monthly=child_agrees_six_monthly,
        visited_by=visited_by or getattr(recorded_by, "worker", None),
        note=(note or "").strip(),
        recorded_by=recorded_by,
    )
    plan = schedule_refresh(period)
    seen = ("seen alone" if seen_alone else "seen") if child_seen else "not seen"
    summary = f"Statutory visit {visit_date:%d %b %Y}: child {seen}"
    if plan.next_visit_due:
        summary += f"; next visit due {plan.next_visit_due:%d %b %Y}"
    _event(period.child, kind="lac_visit.recorded", summary=summary, detail=visit.note, actor=recorded_by, source=visit)
    return visit
