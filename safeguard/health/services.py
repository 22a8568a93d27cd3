"""Writes for the health of children looked after. Each is keyword-only, atomic, validated before anything is
saved, permission-checked and recorded in the chronology (Category.HEALTH).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.codelists import SDQReason
from safeguard.concurrency import lock_current
from safeguard.lac.selectors import is_looked_after
from safeguard.people.models import Person

from .models import Conviction, DentalCheck, HealthAssessment, ImmunisationStatus, SDQScore, SubstanceMisuse
from .schedule import age_on

SDQ_MAX_SCORE = 40


def _today() -> dt.date:
    return timezone.localdate()


def _check(user) -> None:
    if not user.has_perm("health.record"):
        raise PermissionDenied("Your role cannot record health information")


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _not_before_birth(child: Person, field: str, value: dt.date) -> None:
    if child.date_of_birth and value < child.date_of_birth:
        raise ValidationError({field: f"The date cannot be before {child.full_name} was born"})


def _child_only(child: Person) -> None:
    if not child.is_child:
        raise ValidationError({"__all__": "Health records here are for children"})


def _required(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _event(child, *, kind: str, summary: str, actor, source, detail: str = "") -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=Category.HEALTH,
        kind=kind,
        summary=summary,
        detail=detail,
        actor=actor,
        source=source,
    )


@transaction.atomic
def health_assessment_record(
    *, child: Person, kind: str, assessment_date: dt.date, assessed_by: str, notes: str = "", recorded_by
) -> HealthAssessment:
    _check(recorded_by)
    _child_only(child)
    if kind not in HealthAssessment.Kind.values:
        raise ValidationError({"kind": "Choose initial or review health assessment"})
    _not_future("assessment_date", assessment_date, "assessment date")
    _not_before_birth(child, "assessment_date", assessment_date)
    assessed_by = _required("assessed_by", assessed_by, "Enter who carried out the assessment")
    # A statutory health assessment is for a looked-after child: it must fall within a period of care.
    if not is_looked_after(child, assessment_date):
        raise ValidationError(
            {"assessment_date": f"{child.full_name} was not looked after on {assessment_date:%d %b %Y}"}
        )
    assessment = HealthAssessment.objects.create(
        child=child,
        kind=kind,
        assessment_date=assessment_date,
        assessed_by=assessed_by,
        notes=notes.strip(),
        recorded_by=recorded_by,
    )
    _event(
        child,
        kind=f"health.{kind}_assessment",
        summary=f"{assessment.get_kind_display()} on {assessment_date:%d %b %Y} by {assessed_by}",
        actor=recorded_by,
        source=assessment,
    )
    return assessment


@transaction.atomic
def dental_check_record(*, child: Person, check_date: dt.date, notes: str = "", recorded_by) -> DentalCheck:
    _check(recorded_by)
    _child_only(child)
    _not_future("check_date", check_date, "dental check date")
    _not_before_birth(child, "check_date", check_date)
    check = DentalCheck.objects.create(child=child, check_date=check_date, notes=notes.strip(), recorded_by=recorded_by)
    _event(child, kind="health.dental_check", summary=f"Dental check on {check_date:%d %b %Y}", actor=recorded_by,
           source=check)  # fmt: skip
    return check


@transaction.atomic
def immunisation_status_record(
    *, child: Person, status_date: dt.date, up_to_date: bool, notes: str = "", recorded_by
) -> ImmunisationStatus:
    _check(recorded_by)
    _child_only(child)
    _not_future("status_date", status_date, "date of the immunisation status")
    _not_before_birth(child, "status_date", status_date)
    status = ImmunisationStatus.objects.create(
        child=child, status_date=status_date, up_to_date=up_to_date, notes=notes.strip(), recorded_by=recorded_by
    )
    said = "up to date" if up_to_date else "not up to date"
    _event(child, kind="health.immunisations", summary=f"Immunisations {said} on {status_date:%d %b %Y}",
           actor=recorded_by, source=status)  # fmt: skip
    return status


@transaction.atomic
def sdq_score_record(
    *, child: Person, completed_date: dt.date, score: int | None, reason: str = "", recorded_by
) -> SDQScore:
    _check(recorded_by)
    _child_only(child)
    _not_future("completed_date", completed_date, "SDQ date")
    _not_before_birth(child, "completed_date", completed_date)
    if score is None and not reason:
        raise ValidationError({"score": "Enter the SDQ total score, or choose why there is no score"})
    if score is not None and reason:
        raise ValidationError({"reason": "Give a reason only when there is no score"})
    if score is not None and not 0 <= score <= SDQ_MAX_SCORE:
        raise ValidationError({"score": f"The SDQ total score must be between 0 and {SDQ_MAX_SCORE}"})
    if reason and reason not in SDQReason.values:
        raise ValidationError({"reason": "Choose a reason from the list"})
    age = age_on(child.date_of_birth, completed_date)
    if score is not None and age is not None and not 4 <= age <= 17:
        raise ValidationError(
            {"score": f"The SDQ is completed for children aged 4 to 16 ({child.full_name} was {age})"}
        )
    sdq = SDQScore.objects.create(
        child=child, completed_date=completed_date, score=score, reason=reason, recorded_by=recorded_by
    )
    said = f"score {score}" if score is not None else f"no score: {sdq.get_reason_display()}"
    _event(child, kind="health.sdq", summary=f"SDQ on {completed_date:%d %b %Y}, {said}", actor=recorded_by,
           source=sdq)  # fmt: skip
    return sdq


def _intervention_consistent(offered: bool, received: bool) -> None:
    if received and not offered:
        raise ValidationError({"intervention_offered": "An intervention that was received was also offered"})


@transaction.atomic
def substance_misuse_record(
    *,
    child: Person,
    identified_date: dt.date,
    substance: str = "",
    intervention_offered: bool,
    intervention_received: bool,
    notes: str = "",
    recorded_by,
) -> SubstanceMisuse:
    _check(recorded_by)
    _child_only(child)
    _not_future("identified_date", identified_date, "date the problem was identified")
    _not_before_birth(child, "identified_date", identified_date)
    _intervention_consistent(intervention_offered, intervention_received)
    misuse = SubstanceMisuse.objects.create(
        child=child,
        identified_date=identified_date,
        substance=substance.strip(),
        intervention_offered=intervention_offered,
        intervention_received=intervention_received,
        notes=notes.strip(),
        recorded_by=recorded_by,
    )
    _event(child, kind="health.substance_misuse", summary=f"Substance misuse identified {identified_date:%d %b %Y}",
           actor=recorded_by, source=misuse)  # fmt: skip
    return misuse


@transaction.atomic
def substance_misuse_update(
    *, misuse_id: int, expected_version: int, intervention_offered: bool, intervention_received: bool, updated_by
) -> SubstanceMisuse:
    _check(updated_by)
    _intervention_consistent(intervention_offered, intervention_received)
    misuse = lock_current(SubstanceMisuse, pk=misuse_id, expected_version=expected_version)
    misuse.intervention_offered = intervention_offered
    misuse.intervention_received = intervention_received
    misuse.save()
    offered = "offered" if intervention_offered else "not offered"
    received = "received" if intervention_received else "not received"
    _event(misuse.child, kind="health.substance_misuse_updated",
           summary=f"Substance misuse intervention {offered}, {received}", actor=updated_by, source=misuse)  # fmt: skip
    return misuse


@transaction.atomic
def conviction_record(*, child: Person, conviction_date: dt.date, offence: str, recorded_by) -> Conviction:
    _check(recorded_by)
    _child_only(child)
    _not_future("conviction_date", conviction_date, "conviction date")
    offence = _required("offence", offence, "Enter the offence")
    age = age_on(child.date_of_birth, conviction_date)
    # The age of criminal responsibility in England is 10.
    if age is not None and age < 10:
        raise ValidationError({"conviction_date": f"{child.full_name} was under 10 on that date"})
    conviction = Conviction.objects.create(
        child=child, conviction_date=conviction_date, offence=offence, recorded_by=recorded_by
    )
    _event(child, kind="health.conviction", summary=f"Conviction on {conviction_date:%d %b %Y}", detail=offence,
           actor=recorded_by, source=conviction)  # fmt: skip
    return conviction
