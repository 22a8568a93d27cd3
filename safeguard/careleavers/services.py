"""Writes for care leavers: the derived status, personal advisers, pathway plans, contacts and birthday records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.chronology.services import event_record
from safeguard.codelists import CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch
from safeguard.concurrency import lock_current
from safeguard.lac.models import CarePeriod
from safeguard.people.models import Person
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Allocation, Worker
from safeguard.workforce.services import allocation_allocate

from . import selectors
from .eligibility import Category, birthday
from .models import NOT_KNOWN, AdviserContact, BirthdayContact, CareLeaver, PathwayPlan, PathwayPlanReview

# SSDA903 guidance: the "in touch" contact falls from 3 months before to 1 month after the birthday.
WINDOW_BEFORE = relativedelta(months=3)
WINDOW_AFTER = relativedelta(months=1)


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"{what} cannot be in the future"})


def _check_recorder(user) -> None:
    if not user.has_perm("careleavers.record"):
        raise PermissionDenied("Your role cannot record leaving care work")


def _event(care_leaver: CareLeaver, *, kind: str, summary: str, actor, source=None, detail: str = "") -> None:
    event_record(
        child=care_leaver.child,
        occurred_at=timezone.now(),
        category="care_leaver",
        kind=f"care_leaver.{kind}",
        summary=summary,
        detail=detail,
        actor=actor,
        source=source or care_leaver,
    )


# --- The derived status ---------------------------------------------------------------------------


@transaction.atomic
def care_leaver_refresh(*, child: Person, refreshed_by=None, as_of: dt.date | None = None) -> CareLeaver | None:
    """Derive the young person's leaving-care category from their care history and store it with its deadlines.

    Creates the record the first time they become a care leaver; keeps it (with category "not a care leaver")
    when duties end, so the history stays. Returns None for someone who never was one.
    """
    as_of = as_of or _today()
    Person.objects.select_for_update().filter(pk=child.pk).first()
    care_leaver = CareLeaver.objects.select_for_update().filter(child=child).first()
    extended = care_leaver.extended_to_25 if care_leaver else False
    result = selectors.eligibility_for(child, as_of, extended_to_25=extended)
    if result is None or (care_leaver is None and not result.is_care_leaver):
        return care_leaver
    if care_leaver is None:
        care_leaver = CareLeaver(child=child, category=result.category, category_since=as_of)
    previous = care_leaver.category if care_leaver.pk else None
    before = _derived(care_leaver)
    if previous != result.category:
        care_leaver.category = result.category
        care_leaver.category_since = as_of
    care_leaver.eligible_from = result.eligible_from
    care_leaver.left_care_on = result.left_care_on
    care_leaver.duties_end = result.duties_end
    if care_leaver.accommodation_first_provided is None and result.left_care_on and result.eligible_from:
        care_leaver.accommodation_first_provided = result.left_care_on
    _derive_deadlines(care_leaver)
    if care_leaver.pk and _derived(care_leaver) == before:
        # Nothing moved (the usual nightly case): no write, no history row, and a form opened earlier stays current.
        return care_leaver
    if care_leaver.pk:
        care_leaver.version += 1
    care_leaver.save()
    if previous != result.category:
        _event(
            care_leaver,
            kind="category",
            summary=f"Leaving care status: {care_leaver.get_category_display()}",
            detail="; ".join(result.reasons),
            actor=refreshed_by,
        )
    return care_leaver


@dataclass
class RefreshSummary:
    checked: int = 0
    changed: int = 0
    failed: list[int] = field(default_factory=list)  # ids of the people whose refresh raised


def refresh_candidates(as_of: dt.date):
    """Everyone whose leaving-care status could be anything: aged 16 to 25 with a care history, or already recorded."""
    in_age = Q(date_of_birth__lte=as_of - relativedelta(years=16), date_of_birth__gt=as_of - relativedelta(years=26))
    with_record = Q(pk__in=CareLeaver.objects.values("child_id"))
    with_care = Q(pk__in=CarePeriod.objects.values("child_id"))
    return Person.objects.filter((in_age & with_care) | with_record).order_by("pk")


def care_leavers_refresh_all(*, as_of: dt.date | None = None) -> RefreshSummary:
    """Re-derive every candidate's status as of `as_of` (birthdays move people between categories, so run daily).

    Each person is refreshed in their own transaction, so one failure neither stops nor undoes the others; the
    caller decides what a failure means (the nightly command exits non-zero)."""
    as_of = as_of or _today()
    summary = RefreshSummary()
    for person in refresh_candidates(as_of).select_related("care_leaver").iterator(chunk_size=500):
        summary.checked += 1
        before = getattr(getattr(person, "care_leaver", None), "category", None)
        try:
            after = care_leaver_refresh(child=person, as_of=as_of)
        except Exception:  # reported by id; the rest still run
            summary.failed.append(person.pk)
            continue
        summary.changed += after is not None and after.category != before
    return summary


DERIVED_FIELDS = (
    "category",
    "category_since",
    "eligible_from",
    "left_care_on",
    "duties_end",
    "accommodation_first_provided",
    "needs_assessment_due",
    "next_pa_contact_due",
    "next_birthday_contact_due",
)


def _derived(care_leaver: CareLeaver) -> tuple:
    return tuple(getattr(care_leaver, field) for field in DERIVED_FIELDS)


def _derive_deadlines(care_leaver: CareLeaver) -> None:
    child = care_leaver.child
    current = care_leaver.category != Category.NONE
    care_leaver.needs_assessment_due = (
        needs_assessment_due_for(care_leaver.eligible_from, child.date_of_birth)
        if care_leaver.eligible_from and current
        else None
    )
    care_leaver.next_pa_contact_due = pa_contact_due_for(care_leaver) if current else None
    recorded = (
        set(BirthdayContact.objects.filter(child=child).values_list("age", flat=True)) if care_leaver.pk else set()
    )
    care_leaver.next_birthday_contact_due = selectors.next_birthday_due(care_leaver, child.date_of_birth, recorded)


def needs_assessment_due_for(eligible_from: dt.date, date_of_birth: dt.date) -> dt.date:
    """Three months after the later of the 16th birthday and becoming eligible (CPPCR 2010 reg 42)."""
    return due_date("careleaver-needs-assessment", max(eligible_from, birthday(date_of_birth, 16)))


def pa_contact_due_for(care_leaver: CareLeaver) -> dt.date | None:
    """7 days after accommodation is first provided, then at most 2 months after the last contact that reached
    the young person (Care Leavers (England) Regulations 2010 reg 8)."""
    last = None
    if care_leaver.pk:
        last = (
            AdviserContact.objects.filter(care_leaver=care_leaver, in_touch=True)
            .order_by("-contact_date")
            .values_list("contact_date", flat=True)
            .first()
        )
    if last:
        return due_date("careleaver-pa-contact", last)
    if care_leaver.accommodation_first_provided:
        return due_date("careleaver-pa-first", care_leaver.accommodation_first_provided)
    return None


def _current_care_leaver(care_leaver_id: int, expected_version: int | None = None) -> CareLeaver:
    if expected_version is None:
        care_leaver = CareLeaver.objects.select_for_update().select_related("child").get(pk=care_leaver_id)
    else:
        care_leaver = lock_current(CareLeaver, pk=care_leaver_id, expected_version=expected_version)
    if care_leaver.category == Category.NONE:
        raise ValidationError({"__all__": "This young person is not currently a care leaver"})
    return care_leaver


@transaction.atomic
def care_leaver_support_extend(*, care_leaver_id: int, expected_version: int, extended: bool, changed_by):
    """Support to 25: in education or training (s.23CA) or the young person asked for a PA (s.23CZA)."""
    _check_recorder(changed_by)
    care_leaver = lock_current(CareLeaver, pk=care_leaver_id, expected_version=expected_version)
    if care_leaver.category not in (Category.FORMER_RELEVANT, Category.RELEVANT, Category.NONE):
        raise ValidationError({"extended": "Support to 25 applies to relevant and former relevant care leavers"})
    if care_leaver.category == Category.NONE and not care_leaver.eligible_from:
        raise ValidationError({"extended": "This young person was never eligible for leaving care support"})
    if care_leaver.extended_to_25 == extended:
        raise ValidationError({"extended": "No change"})
    care_leaver.extended_to_25 = extended
    care_leaver.save()
    _event(
        care_leaver,
        kind="support_extended" if extended else "support_not_extended",
        summary="Support continues to 25" if extended else "Support to 25 no longer applies",
        actor=changed_by,
    )
    return care_leaver_refresh(child=care_leaver.child, refreshed_by=changed_by)


@transaction.atomic
def needs_assessment_complete(*, care_leaver_id: int, expected_version: int, completed_on: dt.date, recorded_by):
    _check_recorder(recorded_by)
    care_leaver = _current_care_leaver(care_leaver_id, expected_version)
    if care_leaver.needs_assessment_completed_on:
        raise ValidationError({"completed_on": "The needs assessment is already recorded as complete"})
    if not care_leaver.eligible_from:
        raise ValidationError({"completed_on": "A needs assessment is for eligible and relevant young people"})
    _not_future("completed_on", completed_on, "The completion date")
    sixteenth = birthday(care_leaver.child.date_of_birth, 16)
    if completed_on < sixteenth:
        raise ValidationError(
            {"completed_on": f"The needs assessment cannot be before the 16th birthday ({sixteenth:%d %b %Y})"}
        )
    care_leaver.needs_assessment_completed_on = completed_on
    care_leaver.save()
    late = completed_on > care_leaver.needs_assessment_due if care_leaver.needs_assessment_due else False
    _event(
        care_leaver,
        kind="needs_assessment",
        summary=f"Leaving care needs assessment completed {completed_on:%d %b %Y}" + (" (late)" if late else ""),
        actor=recorded_by,
    )
    return care_leaver


# --- Personal adviser -----------------------------------------------------------------------------


@transaction.atomic
def personal_adviser_allocate(*, care_leaver_id: int, worker: Worker, start_date: dt.date, allocated_by) -> Allocation:
    care_leaver = _current_care_leaver(care_leaver_id)
    if worker.role != Worker.Role.PERSONAL_ADVISER:
        raise ValidationError({"worker": f"{worker} is not a personal adviser"})
    sixteenth = birthday(care_leaver.child.date_of_birth, 16)
    if start_date < sixteenth:
        raise ValidationError({"start_date": f"A personal adviser is allocated from 16 ({sixteenth:%d %b %Y})"})
    # The workforce service checks the manager's permission, the dates, and ends any previous adviser.
    return allocation_allocate(
        child=care_leaver.child,
        worker=worker,
        start_date=start_date,
        allocated_by=allocated_by,
        kind=Allocation.Kind.PERSONAL_ADVISER,
        reason="Personal adviser (leaving care)",
    )


@transaction.atomic
def adviser_contact_record(
    *, care_leaver_id: int, contact_date: dt.date, kind: str, in_touch: bool, notes: str = "", recorded_by
) -> AdviserContact:
    _check_recorder(recorded_by)
    care_leaver = _current_care_leaver(care_leaver_id)
    if kind not in AdviserContact.Kind.values:
        raise ValidationError({"kind": "Choose how the contact was made"})
    _not_future("contact_date", contact_date, "The contact date")
    sixteenth = birthday(care_leaver.child.date_of_birth, 16)
    if contact_date < sixteenth:
        raise ValidationError({"contact_date": "Personal adviser contacts start from the 16th birthday"})
    if kind == AdviserContact.Kind.VISIT and not in_touch:
        raise ValidationError(
            {"in_touch": "A face-to-face visit reaches the young person: record a failed visit as a message"}
        )
    contact = AdviserContact.objects.create(
        care_leaver=care_leaver,
        child=care_leaver.child,
        contact_date=contact_date,
        kind=kind,
        in_touch=in_touch,
        notes=notes.strip(),
        recorded_by=recorded_by,
    )
    care_leaver.in_touch = CareLeaverInTouch.YES if in_touch else CareLeaverInTouch.NO
    care_leaver.next_pa_contact_due = pa_contact_due_for(care_leaver)
    care_leaver.version += 1
    care_leaver.save()
    outcome = "in touch" if in_touch else "not reached"
    _event(
        care_leaver,
        kind="pa_contact",
        summary=f"Personal adviser contact ({contact.get_kind_display().lower()}, {outcome}) on {contact_date:%d %b %Y}",
        actor=recorded_by,
        source=contact,
        detail=contact.notes,
    )
    return contact


# --- Pathway plan ---------------------------------------------------------------------------------


@transaction.atomic
def pathway_plan_start(*, care_leaver_id: int, start_date: dt.date, summary: str = "", created_by) -> PathwayPlan:
    _check_recorder(created_by)
    care_leaver = _current_care_leaver(care_leaver_id)
    if care_leaver.category == Category.QUALIFYING:
        raise ValidationError({"start_date": "Qualifying young people get advice and assistance, not a pathway plan"})
    _not_future("start_date", start_date, "The plan's start date")
    sixteenth = birthday(care_leaver.child.date_of_birth, 16)
    if start_date < sixteenth:
        raise ValidationError(
            {"start_date": f"A pathway plan starts on or after the 16th birthday ({sixteenth:%d %b %Y})"}
        )
    if PathwayPlan.objects.filter(care_leaver=care_leaver, end_date__isnull=True).exists():
        raise ValidationError({"start_date": "There is already a pathway plan in place: review it instead"})
    plan = PathwayPlan.objects.create(
        care_leaver=care_leaver,
        child=care_leaver.child,
        start_date=start_date,
        summary=summary.strip(),
        next_review_due=due_date("careleaver-pathway-review", start_date),
        created_by=created_by,
    )
    _event(
        care_leaver,
        kind="pathway_plan",
        summary=f"Pathway plan agreed {start_date:%d %b %Y}: review due {plan.next_review_due:%d %b %Y}",
        actor=created_by,
        source=plan,
    )
    return plan


@transaction.atomic
def pathway_plan_review_record(
    *, plan_id: int, review_date: dt.date, notes: str = "", recorded_by
) -> PathwayPlanReview:
    _check_recorder(recorded_by)
    plan = PathwayPlan.objects.select_for_update().select_related("care_leaver", "child").get(pk=plan_id)
    if plan.end_date:
        raise ValidationError({"review_date": "This pathway plan has ended"})
    _not_future("review_date", review_date, "The review date")
    latest = plan.reviews.order_by("-review_date").values_list("review_date", flat=True).first()
    if review_date < (latest or plan.start_date):
        raise ValidationError({"review_date": "The review cannot be before the plan started or its last review"})
    review = PathwayPlanReview.objects.create(
        plan=plan, child=plan.child, review_date=review_date, notes=notes.strip(), recorded_by=recorded_by
    )
    due = plan.next_review_due
    plan.next_review_due = due_date("careleaver-pathway-review", review_date)
    plan.version += 1
    plan.save()
    late = due is not None and review_date > due
    _event(
        plan.care_leaver,
        kind="pathway_review",
        summary=f"Pathway plan reviewed {review_date:%d %b %Y}"
        + (" (late)" if late else "")
        + f": next review due {plan.next_review_due:%d %b %Y}",
        actor=recorded_by,
        source=review,
    )
    return review


# --- SSDA903 OC3 birthday records -----------------------------------------------------------------


@transaction.atomic
def birthday_contact_record(
    *,
    care_leaver_id: int,
    age: int,
    in_touch: str,
    accommodation: str,
    activity: str,
    contact_date: dt.date | None,
    recorded_by,
) -> BirthdayContact:
    _check_recorder(recorded_by)
    care_leaver = _current_care_leaver(care_leaver_id)
    child = care_leaver.child
    errors = _birthday_errors(care_leaver, age, in_touch, accommodation, activity, contact_date)
    if errors:
        raise ValidationError(errors)
    day = birthday(child.date_of_birth, age)
    record = BirthdayContact.objects.create(
        care_leaver=care_leaver,
        child=child,
        age=age,
        birthday=day,
        contact_date=contact_date,
        in_touch=in_touch,
        accommodation=accommodation,
        activity=activity,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    care_leaver.in_touch, care_leaver.accommodation, care_leaver.activity = in_touch, accommodation, activity
    recorded = set(BirthdayContact.objects.filter(child=child).values_list("age", flat=True))
    care_leaver.next_birthday_contact_due = selectors.next_birthday_due(care_leaver, child.date_of_birth, recorded)
    care_leaver.version += 1
    care_leaver.save()
    _event(
        care_leaver,
        kind="birthday_contact",
        summary=f"{ordinal(age)} birthday record: {record.get_in_touch_display()}; "
        f"{record.accommodation_kind} ({record.accommodation_suitability.lower()}); {record.get_activity_display()}",
        actor=recorded_by,
        source=record,
    )
    return record


def _birthday_errors(care_leaver, age, in_touch, accommodation, activity, contact_date) -> dict[str, str]:
    errors = {}
    dob = care_leaver.child.date_of_birth
    if age not in selectors.birthday_record_ages(care_leaver, dob):
        errors["age"] = "No birthday record is due at that age for this young person"
    elif BirthdayContact.objects.filter(child=care_leaver.child, age=age).exists():
        errors["age"] = f"The {ordinal(age)} birthday is already recorded"
    if in_touch not in CareLeaverInTouch.values:
        errors["in_touch"] = "Choose whether the authority is in touch"
    if accommodation not in CareLeaverAccommodation.values:
        errors["accommodation"] = "Choose the accommodation and whether it is suitable"
    if activity not in CareLeaverActivity.values:
        errors["activity"] = "Choose the main activity"
    if in_touch == CareLeaverInTouch.YES:
        if accommodation == NOT_KNOWN:
            errors["accommodation"] = "In touch: record where the young person lives"
        if activity == NOT_KNOWN:
            errors["activity"] = "In touch: record the young person's main activity"
        if contact_date is None:
            errors["contact_date"] = "Enter the date of the contact"
    if in_touch == CareLeaverInTouch.DIED and (accommodation != NOT_KNOWN or activity != NOT_KNOWN):
        errors["in_touch"] = "When the young person has died, accommodation and activity are 'not known'"
    if contact_date and "age" not in errors:
        day = birthday(dob, age)
        if not day - WINDOW_BEFORE <= contact_date <= day + WINDOW_AFTER:
            errors["contact_date"] = (
                f"The contact must be between {day - WINDOW_BEFORE:%d %b %Y} and {day + WINDOW_AFTER:%d %b %Y} "
                "(3 months before to 1 month after the birthday)"
            )
        elif contact_date > _today():
            errors["contact_date"] = "The contact date cannot be in the future"
    return errors


def ordinal(age: int) -> str:
    suffix = "th" if 11 <= age % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(age % 10, "th")
    return f"{age}{suffix}"
