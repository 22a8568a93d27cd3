"""Unaccompanied asylum-seeking children: the UASC record, age assessments and immigration status history.

Every write is keyword-only, atomic, checked against the role's permission, validated before anything is saved
and recorded in the chronology (category asylum). A date of birth changed by an age assessment is changed through
`people.services.person_update`, so the person's field history shows it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.concurrency import ConcurrentEditError, lock_current
from safeguard.people.models import Person
from safeguard.people.services import person_update

from .models import AgeAssessment, ImmigrationStatus, UASCRecord

ASYLUM = Category.ASYLUM


def _today() -> dt.date:
    return timezone.localdate()


def _check(user, message: str) -> None:
    if not user.has_perm("asylum.record"):
        raise PermissionDenied(message)


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _event(child, *, kind: str, summary: str, actor, source, detail: str = "") -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=ASYLUM,
        kind=kind,
        summary=summary,
        detail=detail,
        actor=actor,
        source=source,
    )


def eighteenth_birthday(person: Person) -> dt.date | None:
    """The suggested date ceased to be UASC; a suggestion only, the practitioner records the real date."""
    dob = person.date_of_birth
    if dob is None:
        return None
    try:
        return dob.replace(year=dob.year + 18)
    except ValueError:  # born 29 February
        return dt.date(dob.year + 18, 3, 1)


# --- UASC record ----------------------------------------------------------------------------------


def _check_nts(arrival_route: str, nts_from_authority: str, nts_referral_date, nts_transfer_date, became_uasc_on):
    if arrival_route == UASCRecord.ArrivalRoute.NTS_TRANSFER_IN:
        if not nts_from_authority.strip():
            raise ValidationError({"nts_from_authority": "Enter the authority the child was transferred from"})
        if nts_transfer_date is None:
            raise ValidationError({"nts_transfer_date": "Enter the date of the National Transfer Scheme transfer"})
    elif nts_from_authority.strip() or nts_referral_date or nts_transfer_date:
        raise ValidationError({"arrival_route": "Transfer details are only for a National Transfer Scheme transfer in"})
    if nts_referral_date and nts_transfer_date and nts_transfer_date < nts_referral_date:
        raise ValidationError({"nts_transfer_date": "The transfer cannot be before the NTS referral"})
    for field, value, what in (
        ("nts_referral_date", nts_referral_date, "NTS referral date"),
        ("nts_transfer_date", nts_transfer_date, "NTS transfer date"),
    ):
        if value:
            _not_future(field, value, what)
    if nts_referral_date and nts_referral_date < became_uasc_on:
        raise ValidationError({"nts_referral_date": "The NTS referral cannot be before the child became UASC"})


@transaction.atomic
def uasc_record_create(
    *,
    child: Person,
    became_uasc_on: dt.date,
    arrival_route: str,
    nts_from_authority: str = "",
    nts_referral_date: dt.date | None = None,
    nts_transfer_date: dt.date | None = None,
    recorded_by,
) -> UASCRecord:
    _check(recorded_by, "Your role cannot record unaccompanied asylum-seeking children")
    child = Person.objects.select_for_update().get(pk=child.pk)
    if not child.is_child:
        raise ValidationError({"became_uasc_on": "Only a child can be recorded as UASC"})
    if UASCRecord.objects.filter(child=child).exists():
        raise ValidationError({"became_uasc_on": "The child already has a UASC record"})
    if arrival_route not in UASCRecord.ArrivalRoute.values:
        raise ValidationError({"arrival_route": "Choose how the child arrived"})
    _not_future("became_uasc_on", became_uasc_on, "date the child became UASC")
    if child.date_of_birth and became_uasc_on < child.date_of_birth:
        raise ValidationError({"became_uasc_on": "The date cannot be before the child's date of birth"})
    _check_nts(arrival_route, nts_from_authority, nts_referral_date, nts_transfer_date, became_uasc_on)
    record = UASCRecord.objects.create(
        child=child,
        became_uasc_on=became_uasc_on,
        arrival_route=arrival_route,
        nts_from_authority=nts_from_authority.strip(),
        nts_referral_date=nts_referral_date,
        nts_transfer_date=nts_transfer_date,
        recorded_by=recorded_by,
    )
    _event(
        child,
        kind="uasc.recorded",
        summary=f"Unaccompanied asylum-seeking child from {became_uasc_on:%d %b %Y}: {record.get_arrival_route_display()}",
        actor=recorded_by,
        source=record,
    )
    return record


@transaction.atomic
def uasc_record_cease(
    *, record_id: int, expected_version: int, ceased_on: dt.date, ceased_reason: str, ceased_by
) -> UASCRecord:
    _check(ceased_by, "Your role cannot record when a child ceased to be UASC")
    record = lock_current(UASCRecord, pk=record_id, expected_version=expected_version)
    if record.ceased_on:
        raise ValidationError({"ceased_on": "The date the child ceased to be UASC is already recorded"})
    if ceased_reason not in UASCRecord.CeasedReason.values:
        raise ValidationError({"ceased_reason": "Choose why the child ceased to be UASC"})
    if ceased_on < record.became_uasc_on:
        raise ValidationError({"ceased_on": "The date cannot be before the child became UASC"})
    _not_future("ceased_on", ceased_on, "date ceased to be UASC")
    record.ceased_on = ceased_on
    record.ceased_reason = ceased_reason
    record.save()
    _event(
        record.child,
        kind="uasc.ceased",
        summary=f"Ceased to be UASC on {ceased_on:%d %b %Y}: {record.get_ceased_reason_display().lower()}",
        actor=ceased_by,
        source=record,
    )
    return record


# --- Age assessments ------------------------------------------------------------------------------


def _assessed_dob(outcome: str, assessed: dt.date | None, current: dt.date | None, assessed_on: dt.date):
    """Check the assessed date of birth against the outcome; returns the date of birth to set, or None."""
    changes_dob = outcome in (AgeAssessment.Outcome.OLDER, AgeAssessment.Outcome.YOUNGER)
    if changes_dob and assessed is None:
        raise ValidationError({"assessed_date_of_birth": "Enter the assessed date of birth"})
    if assessed is None:
        return None
    if assessed > assessed_on:
        raise ValidationError({"assessed_date_of_birth": "The assessed date of birth cannot be after the assessment"})
    if outcome == AgeAssessment.Outcome.ACCEPTED and current and assessed != current:
        raise ValidationError(
            {"assessed_date_of_birth": "When the age is accepted the date of birth stays as recorded: leave it blank"}
        )
    if outcome == AgeAssessment.Outcome.DISPUTED:
        raise ValidationError(
            {"assessed_date_of_birth": "A disputed age does not change the date of birth: leave it blank"}
        )
    if current and outcome == AgeAssessment.Outcome.OLDER and assessed >= current:
        raise ValidationError({"assessed_date_of_birth": "Assessed as older: the date of birth must be earlier"})
    if current and outcome == AgeAssessment.Outcome.YOUNGER and assessed <= current:
        raise ValidationError({"assessed_date_of_birth": "Assessed as younger: the date of birth must be later"})
    return assessed if changes_dob else None


@transaction.atomic
def age_assessment_record(
    *,
    child: Person,
    expected_person_version: int,
    assessed_on: dt.date,
    outcome: str,
    assessed_date_of_birth: dt.date | None,
    merton_compliant: bool,
    assessed_by: str,
    recorded_by,
) -> AgeAssessment:
    _check(recorded_by, "Your role cannot record age assessments")
    person = Person.objects.select_for_update().get(pk=child.pk)
    if person.version != expected_person_version:
        raise ConcurrentEditError("person")
    if outcome not in AgeAssessment.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the age assessment"})
    _not_future("assessed_on", assessed_on, "assessment date")
    if not assessed_by.strip():
        raise ValidationError({"assessed_by": "Enter who carried out the assessment"})
    new_dob = _assessed_dob(outcome, assessed_date_of_birth, person.date_of_birth, assessed_on)
    previous = person.date_of_birth
    assessment = AgeAssessment.objects.create(
        child=person,
        assessed_on=assessed_on,
        outcome=outcome,
        assessed_date_of_birth=assessed_date_of_birth,
        previous_date_of_birth=previous,
        date_of_birth_changed=new_dob is not None,
        merton_compliant=merton_compliant,
        assessed_by=assessed_by.strip(),
        recorded_by=recorded_by,
    )
    summary = f"Age assessment {assessed_on:%d %b %Y}: {assessment.get_outcome_display().lower()}"
    if not merton_compliant:
        summary += " (not Merton-compliant)"
    _event(person, kind="age_assessment.recorded", summary=summary, actor=recorded_by, source=assessment)
    if new_dob is not None:
        _change_date_of_birth(person, new_dob, previous, assessment, recorded_by)
    return assessment


def _change_date_of_birth(person: Person, new_dob: dt.date, previous, assessment, actor) -> None:
    person_update(person_id=person.pk, expected_version=person.version, updated_by=actor, date_of_birth=new_dob)
    was = f"{previous:%d %b %Y}" if previous else "not recorded"
    _event(
        person,
        kind="person.date_of_birth_changed",
        summary=f"Date of birth changed to {new_dob:%d %b %Y} (was {was}) following an age assessment",
        actor=actor,
        source=assessment,
    )


# --- Immigration status ---------------------------------------------------------------------------


@transaction.atomic
def immigration_status_record(
    *,
    child: Person,
    status: str,
    start_date: dt.date,
    home_office_reference: str = "",
    expected_current_version: int | None,
    recorded_by,
) -> ImmigrationStatus:
    """A new current status; the open one (whose version the editor saw) ends the day before this one starts."""
    _check(recorded_by, "Your role cannot record immigration status")
    Person.objects.select_for_update().get(pk=child.pk)
    if status not in ImmigrationStatus.Status.values:
        raise ValidationError({"status": "Choose the immigration status"})
    _not_future("start_date", start_date, "start date")
    current = ImmigrationStatus.objects.filter(child=child, end_date__isnull=True).first()
    if current is None and expected_current_version is not None:
        raise ConcurrentEditError("immigration status")
    if current is not None:
        if expected_current_version is None:
            raise ConcurrentEditError("immigration status")
        current = lock_current(ImmigrationStatus, pk=current.pk, expected_version=expected_current_version)
        if start_date <= current.start_date:
            raise ValidationError(
                {"start_date": f"The new status must start after the current one ({current.start_date:%d %b %Y})"}
            )
        current.end_date = start_date - dt.timedelta(days=1)
        current.save()
    new = ImmigrationStatus.objects.create(
        child=child,
        status=status,
        start_date=start_date,
        home_office_reference=home_office_reference.strip(),
        recorded_by=recorded_by,
    )
    summary = f"Immigration status from {start_date:%d %b %Y}: {new.get_status_display()}"
    if current is not None:
        summary += f" (was {current.get_status_display().lower()})"
    _event(child, kind="immigration_status.recorded", summary=summary, actor=recorded_by, source=new)
    return new


@transaction.atomic
def immigration_status_end(*, status_id: int, expected_version: int, end_date: dt.date, ended_by) -> ImmigrationStatus:
    """End the current status with no new one (e.g. the child left the authority)."""
    _check(ended_by, "Your role cannot record immigration status")
    status = lock_current(ImmigrationStatus, pk=status_id, expected_version=expected_version)
    if status.end_date:
        raise ValidationError({"end_date": "This status has already ended"})
    if end_date < status.start_date:
        raise ValidationError({"end_date": "The end cannot be before the start"})
    _not_future("end_date", end_date, "end date")
    status.end_date = end_date
    status.save()
    _event(
        status.child,
        kind="immigration_status.ended",
        summary=f"Immigration status ended {end_date:%d %b %Y}: {status.get_status_display()}",
        actor=ended_by,
        source=status,
    )
    return status
