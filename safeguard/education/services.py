"""Writes for education: personal education plans, virtual school notes and children missing education.
Each is keyword-only, atomic, validated before anything is saved and recorded in the chronology (EDUCATION).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.concurrency import lock_current
from safeguard.lac.selectors import is_looked_after, looked_after_on
from safeguard.people.models import Person

from .models import ChildMissingEducation, PersonalEducationPlan, VirtualSchoolNote

CME = ChildMissingEducation
RESOLVED = {CME.Status.FOUND_EDUCATION, CME.Status.FOUND_OTHER, CME.Status.CLOSED}


def _today() -> dt.date:
    return timezone.localdate()


def _check(user, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _child_only(child: Person) -> None:
    if not child.is_child:
        raise ValidationError({"__all__": "Education records here are for children"})


def _not_before_birth(child: Person, field: str, value: dt.date) -> None:
    if child.date_of_birth and value < child.date_of_birth:
        raise ValidationError({field: f"The date cannot be before {child.full_name} was born"})


def _required(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _event(child, *, kind: str, summary: str, actor, source, detail: str = "") -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=Category.EDUCATION,
        kind=kind,
        summary=summary,
        detail=detail,
        actor=actor,
        source=source,
    )


# --- Personal education plans and virtual school notes ---------------------------------------------


@transaction.atomic
def pep_record(
    *,
    child: Person,
    kind: str,
    meeting_date: dt.date,
    school: str,
    school_urn: str = "",
    designated_teacher: str = "",
    targets: str = "",
    recorded_by,
) -> PersonalEducationPlan:
    _check(recorded_by, "education.record", "Your role cannot record personal education plans")
    _child_only(child)
    if kind not in PersonalEducationPlan.Kind.values:
        raise ValidationError({"kind": "Choose initial plan or review"})
    _not_future("meeting_date", meeting_date, "PEP meeting date")
    school = _required("school", school, "Enter the school")
    school_urn = school_urn.strip()
    if school_urn and not re.fullmatch(r"\d{6}", school_urn):
        raise ValidationError({"school_urn": "A school URN is 6 digits"})
    period = looked_after_on(meeting_date).filter(child=child).order_by("-start_date").first()
    if period is None:
        raise ValidationError({"meeting_date": f"{child.full_name} was not looked after on {meeting_date:%d %b %Y}"})
    if (
        kind == PersonalEducationPlan.Kind.INITIAL
        and PersonalEducationPlan.objects.filter(child=child, kind=kind, meeting_date__gte=period.start_date).exists()
    ):
        raise ValidationError({"kind": "This period of care already has an initial PEP: record a review"})
    pep = PersonalEducationPlan.objects.create(
        child=child,
        kind=kind,
        meeting_date=meeting_date,
        school=school,
        school_urn=school_urn,
        designated_teacher=designated_teacher.strip(),
        targets=targets.strip(),
        recorded_by=recorded_by,
    )
    _event(child, kind=f"education.pep_{kind}", summary=f"{pep.get_kind_display()} on {meeting_date:%d %b %Y} "
           f"({school})", actor=recorded_by, source=pep)  # fmt: skip
    return pep


@transaction.atomic
def virtual_school_note_record(*, child: Person, note_date: dt.date, note: str, recorded_by) -> VirtualSchoolNote:
    _check(recorded_by, "education.record", "Your role cannot record virtual school notes")
    _child_only(child)
    _not_future("note_date", note_date, "date of the note")
    note = _required("note", note, "Enter the note")
    if not is_looked_after(child, note_date):
        raise ValidationError({"note_date": f"{child.full_name} was not looked after on {note_date:%d %b %Y}"})
    record = VirtualSchoolNote.objects.create(child=child, note_date=note_date, note=note, recorded_by=recorded_by)
    _event(child, kind="education.virtual_school_note", summary=f"Virtual school note {note_date:%d %b %Y}",
           detail=note, actor=recorded_by, source=record)  # fmt: skip
    return record


# --- Children missing education ---------------------------------------------------------------------


@transaction.atomic
def cme_report(
    *, child: Person, reported_date: dt.date, reason: str, school: str = "", notes: str = "", recorded_by
) -> ChildMissingEducation:
    _check(recorded_by, "education.report_cme", "Your role cannot report a child missing education")
    _child_only(child)
    _not_future("reported_date", reported_date, "date reported")
    _not_before_birth(child, "reported_date", reported_date)
    if reason not in CME.Reason.values:
        raise ValidationError({"reason": "Choose why the child is thought to be missing education"})
    # Lock the child's row so two reports at once cannot open two records.
    Person.objects.select_for_update().filter(pk=child.pk).first()
    if CME.objects.filter(child=child, status__in=CME.OPEN_STATUSES).exists():
        raise ValidationError({"__all__": f"{child.full_name} is already reported missing education: update that"})
    record = CME.objects.create(
        child=child,
        reported_date=reported_date,
        reason=reason,
        school=school.strip(),
        notes=notes.strip(),
        recorded_by=recorded_by,
    )
    _event(child, kind="education.cme_reported", summary=f"Reported missing education: {record.get_reason_display()}",
           detail=record.notes, actor=recorded_by, source=record)  # fmt: skip
    return record


@transaction.atomic
def cme_update(
    *,
    cme_id: int,
    expected_version: int,
    status: str,
    resolved_date: dt.date | None = None,
    notes: str = "",
    updated_by,
) -> ChildMissingEducation:
    _check(updated_by, "education.report_cme", "Your role cannot update a child missing education")
    if status not in CME.Status.values or status == CME.Status.REPORTED:
        raise ValidationError({"status": "Choose being traced, found or closed"})
    if status in RESOLVED and resolved_date is None:
        raise ValidationError({"resolved_date": "Enter the date the child was found or the case was closed"})
    if status == CME.Status.TRACING and resolved_date is not None:
        raise ValidationError({"resolved_date": "Leave the date empty while the child is being traced"})
    if resolved_date is not None:
        _not_future("resolved_date", resolved_date, "date found or closed")
    record = lock_current(CME, pk=cme_id, expected_version=expected_version)
    if not record.is_open:
        raise ValidationError({"status": f"This record is already {record.get_status_display().lower()}"})
    if resolved_date is not None and resolved_date < record.reported_date:
        raise ValidationError(
            {"resolved_date": f"The date cannot be before the report ({record.reported_date:%d %b %Y})"}
        )
    record.status = status
    record.resolved_date = resolved_date
    if notes.strip():
        record.notes = f"{record.notes}\n{notes.strip()}".strip()
    record.save()
    summary = f"Missing education: {record.get_status_display().lower()}"
    if resolved_date:
        summary += f" on {resolved_date:%d %b %Y}"
    _event(record.child, kind="education.cme_updated", summary=summary, detail=notes.strip(), actor=updated_by,
           source=record)  # fmt: skip
    return record
