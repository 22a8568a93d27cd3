"""Pre-proceedings (PLO) and deprivation of liberty orders: every write keyword-only, one transaction each,
validated before anything is saved, and recorded in the chronology.

Pre-proceedings events go under the child protection category (pre-proceedings follow concerns about
significant harm); deprivation of liberty orders under looked after (the SSDA903 reports them). Edits of an
existing record name the version they started from (`safeguard/concurrency.py`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.casework.models import CINEpisode
from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.concurrency import lock_current
from safeguard.lac.models import CarePeriod
from safeguard.people.models import Person

from .models import DeprivationOfLibertyOrder, PreProceedings, PreProceedingsOutcome


def _today() -> dt.date:
    return timezone.localdate()


def _check(user, message: str) -> None:
    if not user.has_perm("legal.record"):
        raise PermissionDenied(message)


def _event(child, *, category: str, kind: str, summary: str, actor, source, day: dt.date, detail: str = "") -> None:
    # The event is dated on the day it happened (noon local time), so the chronology orders it with the rest.
    occurred = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    event_record(child=child, occurred_at=min(occurred, timezone.now()), category=category, kind=kind,
                 summary=summary, detail=detail, actor=actor, source=source)  # fmt: skip


def _not_future(field: str, day: dt.date | None, what: str) -> None:
    if day is not None and day > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _not_before(field: str, day: dt.date | None, earlier: dt.date | None, message: str) -> None:
    if day is not None and earlier is not None and day < earlier:
        raise ValidationError({field: message})


def _open_episode(child: Person, day: dt.date) -> CINEpisode | None:
    return (
        CINEpisode.objects.filter(child=child, referral_date__lte=day)
        .filter(Q(close_date__isnull=True) | Q(close_date__gte=day))
        .order_by("-referral_date", "-pk")
        .first()
    )


# --- Pre-proceedings ------------------------------------------------------------------------------------------


def _check_plo_dates(
    *,
    decision_date: dt.date,
    letter_sent_on: dt.date | None,
    initial_meeting_date: dt.date | None,
    fgdm_offered: bool | None,
    fgdm_held: bool | None,
    review_meetings: int | None,
) -> None:
    _not_future("letter_sent_on", letter_sent_on, "date the letter was sent")
    _not_future("initial_meeting_date", initial_meeting_date, "initial meeting date")
    _not_before("letter_sent_on", letter_sent_on, decision_date,
                "The letter before proceedings cannot be sent before the decision to start pre-proceedings")  # fmt: skip
    _not_before("initial_meeting_date", initial_meeting_date, decision_date,
                "The initial meeting cannot be before the decision to start pre-proceedings")  # fmt: skip
    if fgdm_offered is not None and letter_sent_on is None:
        raise ValidationError({"fgdm_offered": "Record the letter before proceedings before saying whether it "
                                               "offered a family group decision making meeting"})  # fmt: skip
    if fgdm_held and not fgdm_offered:
        raise ValidationError({"fgdm_held": "A family group decision making meeting can only be recorded as held "
                                            "after one was offered"})  # fmt: skip
    if review_meetings is not None and (review_meetings < 0 or review_meetings > 99):
        raise ValidationError({"review_meetings": "Enter the number of review meetings, from 0 to 99"})
    if review_meetings and initial_meeting_date is None:
        raise ValidationError({"review_meetings": "Record the initial meeting before its review meetings"})


@transaction.atomic
def preproceedings_start(
    *,
    child: Person,
    decision_date: dt.date,
    recorded_by,
    letter_sent_on: dt.date | None = None,
    fgdm_offered: bool | None = None,
    fgdm_held: bool | None = None,
    initial_meeting_date: dt.date | None = None,
    review_meetings: int | None = None,
    notes: str = "",
) -> PreProceedings:
    """Start pre-proceedings for a child open to children's social care (an open CIN episode on the day)."""
    _check(recorded_by, "Your role cannot record pre-proceedings")
    Person.objects.select_for_update().filter(pk=child.pk).first()  # one start at a time per child
    if not child.is_child:
        raise ValidationError({"decision_date": "Pre-proceedings are recorded for a child"})
    _not_future("decision_date", decision_date, "decision date")
    if child.date_of_birth and decision_date < child.date_of_birth:
        raise ValidationError({"decision_date": "The decision cannot be before the child was born"})
    if PreProceedings.objects.filter(child=child, step_decision_date__isnull=True).exists():
        raise ValidationError({"decision_date": "This child is already in pre-proceedings: end those first"})
    overlapping = PreProceedings.objects.filter(child=child, step_decision_date__gte=decision_date)
    if overlapping.exists():
        raise ValidationError({"decision_date": "Earlier pre-proceedings for this child ended after this date"})
    episode = _open_episode(child, decision_date)
    if episode is None:
        raise ValidationError({"decision_date": "The child had no open children in need episode on that date: "
                                                "record the referral first"})  # fmt: skip
    _check_plo_dates(decision_date=decision_date, letter_sent_on=letter_sent_on,
                     initial_meeting_date=initial_meeting_date, fgdm_offered=fgdm_offered, fgdm_held=fgdm_held,
                     review_meetings=review_meetings)  # fmt: skip
    record = PreProceedings.objects.create(
        child=child,
        cin_episode=episode,
        decision_date=decision_date,
        letter_sent_on=letter_sent_on,
        fgdm_offered=fgdm_offered,
        fgdm_held=fgdm_held,
        initial_meeting_date=initial_meeting_date,
        review_meetings=review_meetings,
        notes=(notes or "").strip(),
        recorded_by=recorded_by,
    )
    _event(child, category=Category.CHILD_PROTECTION, kind="preproceedings.started", actor=recorded_by,
           source=record, day=decision_date, detail=record.notes,
           summary=f"Pre-proceedings started (decision {decision_date:%-d %b %Y})")  # fmt: skip
    return record


@transaction.atomic
def preproceedings_update(
    *,
    pre_proceedings: PreProceedings,
    version: int,
    recorded_by,
    letter_sent_on: dt.date | None,
    fgdm_offered: bool | None,
    fgdm_held: bool | None,
    initial_meeting_date: dt.date | None,
    review_meetings: int | None,
    notes: str = "",
) -> PreProceedings:
    """Record the letter, the FGDM offer and meeting, and the meetings held, on open or ended pre-proceedings."""
    _check(recorded_by, "Your role cannot record pre-proceedings")
    record = lock_current(PreProceedings, pk=pre_proceedings.pk, expected_version=version)
    _check_plo_dates(decision_date=record.decision_date, letter_sent_on=letter_sent_on,
                     initial_meeting_date=initial_meeting_date, fgdm_offered=fgdm_offered, fgdm_held=fgdm_held,
                     review_meetings=review_meetings)  # fmt: skip
    if record.step_decision_date is not None:
        for field, day in (("letter_sent_on", letter_sent_on), ("initial_meeting_date", initial_meeting_date)):
            _not_before(field, record.step_decision_date, day, "That date is after pre-proceedings ended")
    newly = []
    if letter_sent_on and record.letter_sent_on != letter_sent_on:
        newly.append(("preproceedings.letter", letter_sent_on, f"Letter before proceedings sent {letter_sent_on:%-d %b %Y}"
                      + ("; family group decision making meeting offered" if fgdm_offered else "")))  # fmt: skip
    if initial_meeting_date and record.initial_meeting_date != initial_meeting_date:
        newly.append(("preproceedings.meeting", initial_meeting_date,
                      f"Initial pre-proceedings meeting {initial_meeting_date:%-d %b %Y}"))  # fmt: skip
    if fgdm_held and not record.fgdm_held:
        held_by = initial_meeting_date or letter_sent_on or record.decision_date
        newly.append(("preproceedings.fgdm", held_by, "Family group decision making meeting held"))
    record.letter_sent_on = letter_sent_on
    record.fgdm_offered = fgdm_offered
    record.fgdm_held = fgdm_held
    record.initial_meeting_date = initial_meeting_date
    record.review_meetings = review_meetings
    record.notes = (notes or "").strip()
    record.save()
    for kind, day, summary in newly:
        _event(record.child, category=Category.CHILD_PROTECTION, kind=kind, actor=recorded_by, source=record,
               day=day, summary=summary)  # fmt: skip
    return record


@transaction.atomic
def preproceedings_end(
    *,
    pre_proceedings: PreProceedings,
    version: int,
    recorded_by,
    step_decision_date: dt.date,
    outcome: str,
    court_application_date: dt.date | None = None,
    proceedings_letter_date: dt.date | None = None,
) -> PreProceedings:
    """End pre-proceedings with the decision to step up (care proceedings) or down, or another outcome."""
    _check(recorded_by, "Your role cannot record pre-proceedings")
    record = lock_current(PreProceedings, pk=pre_proceedings.pk, expected_version=version)
    if record.step_decision_date is not None:
        raise ValidationError({"step_decision_date": "These pre-proceedings have already ended"})
    if outcome not in PreProceedingsOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome of pre-proceedings"})
    _not_future("step_decision_date", step_decision_date, "decision date")
    _not_before("step_decision_date", step_decision_date, record.decision_date,
                "Pre-proceedings cannot end before they started")  # fmt: skip
    for day in (record.letter_sent_on, record.initial_meeting_date):
        _not_before("step_decision_date", step_decision_date, day,
                    "Pre-proceedings cannot end before the letter or meetings already recorded")  # fmt: skip
    if outcome != PreProceedingsOutcome.STEP_UP and (court_application_date or proceedings_letter_date):
        raise ValidationError({"court_application_date": "A court application is recorded only when pre-proceedings "
                                                         "step up to care proceedings"})  # fmt: skip
    if proceedings_letter_date and not court_application_date:
        raise ValidationError({"proceedings_letter_date": "Record the court application first"})
    _not_future("court_application_date", court_application_date, "court application date")
    _not_future("proceedings_letter_date", proceedings_letter_date, "letter date")
    _not_before("court_application_date", court_application_date, step_decision_date,
                "The court application cannot be before the decision to issue care proceedings")  # fmt: skip
    _not_before("proceedings_letter_date", proceedings_letter_date, court_application_date,
                "The letter initiating proceedings cannot be before the court application")  # fmt: skip
    record.step_decision_date = step_decision_date
    record.outcome = outcome
    record.court_application_date = court_application_date
    record.proceedings_letter_date = proceedings_letter_date
    record.save()
    label = PreProceedingsOutcome(outcome).label
    _event(record.child, category=Category.CHILD_PROTECTION, kind="preproceedings.ended", actor=recorded_by,
           source=record, day=step_decision_date,
           summary=f"Pre-proceedings ended {step_decision_date:%-d %b %Y}: {label}")  # fmt: skip
    if court_application_date:
        _event(record.child, category=Category.CHILD_PROTECTION, kind="preproceedings.court_application",
               actor=recorded_by, source=record, day=court_application_date,
               summary=f"Care proceedings application made {court_application_date:%-d %b %Y}")  # fmt: skip
    return record


# --- Deprivation of liberty orders ------------------------------------------------------------------------------


def _care_period_on(child: Person, day: dt.date) -> CarePeriod | None:
    return (
        CarePeriod.objects.filter(child=child, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("-start_date", "-pk")
        .first()
    )


def _check_no_overlap(child: Person, start: dt.date, end: dt.date | None, *, exclude: int | None = None) -> None:
    others = DeprivationOfLibertyOrder.objects.filter(child=child).exclude(pk=exclude)
    others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        others = others.filter(start_date__lte=end)
    if others.exists():
        raise ValidationError({"start_date": "Another deprivation of liberty order for this child covers these "
                                             "dates: end it first (orders cannot overlap)"})  # fmt: skip


@transaction.atomic
def deprivation_of_liberty_record(
    *,
    child: Person,
    start_date: dt.date,
    authorisation: str,
    recorded_by,
    end_date: dt.date | None = None,
    court_reference: str = "",
    notes: str = "",
) -> DeprivationOfLibertyOrder:
    """Record a court's deprivation of liberty order (one at a time per child)."""
    _check(recorded_by, "Your role cannot record deprivation of liberty orders")
    Person.objects.select_for_update().filter(pk=child.pk).first()
    if not child.is_child:
        raise ValidationError({"start_date": "Deprivation of liberty orders are recorded here for children"})
    if authorisation not in DeprivationOfLibertyOrder.Authorisation.values:
        raise ValidationError({"authorisation": "Choose who authorised the deprivation of liberty"})
    _not_future("start_date", start_date, "start date")
    _not_future("end_date", end_date, "end date")
    if child.date_of_birth and start_date < child.date_of_birth:
        raise ValidationError({"start_date": "The order cannot start before the child was born"})
    _not_before("end_date", end_date, start_date, "The order cannot end before it started")
    _check_no_overlap(child, start_date, end_date)
    order = DeprivationOfLibertyOrder.objects.create(
        child=child,
        period=_care_period_on(child, start_date),
        start_date=start_date,
        end_date=end_date,
        authorisation=authorisation,
        court_reference=(court_reference or "").strip(),
        notes=(notes or "").strip(),
        recorded_by=recorded_by,
    )
    label = DeprivationOfLibertyOrder.Authorisation(authorisation).label
    _event(child, category=Category.LOOKED_AFTER, kind="dolo.started", actor=recorded_by, source=order,
           day=start_date, detail=order.notes,
           summary=f"Deprivation of liberty order from {start_date:%-d %b %Y} ({label})")  # fmt: skip
    if end_date:
        _event(child, category=Category.LOOKED_AFTER, kind="dolo.ended", actor=recorded_by, source=order,
               day=end_date, summary=f"Deprivation of liberty order ended {end_date:%-d %b %Y}")  # fmt: skip
    return order


@transaction.atomic
def deprivation_of_liberty_end(
    *, order: DeprivationOfLibertyOrder, version: int, end_date: dt.date, recorded_by
) -> DeprivationOfLibertyOrder:
    """End an open order on the day it ended (expired, discharged, or the child left the placement)."""
    _check(recorded_by, "Your role cannot record deprivation of liberty orders")
    order = lock_current(DeprivationOfLibertyOrder, pk=order.pk, expected_version=version)
    if order.end_date is not None:
        raise ValidationError({"end_date": "This order has already ended"})
    _not_future("end_date", end_date, "end date")
    _not_before("end_date", end_date, order.start_date, "The order cannot end before it started")
    order.end_date = end_date
    order.save()
    _event(order.child, category=Category.LOOKED_AFTER, kind="dolo.ended", actor=recorded_by, source=order,
           day=end_date, summary=f"Deprivation of liberty order ended {end_date:%-d %b %Y}")  # fmt: skip
    return order
