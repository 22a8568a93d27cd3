"""Manager decisions, case notes and supervision. Every one is also a chronology event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from safeguard.chronology.services import event_record
from safeguard.workforce.models import Allocation

from .models import CaseNote, ManagerDecision, SupervisionChild, SupervisionRecord


@transaction.atomic
def manager_decision_record(
    *,
    child,
    kind: str,
    decision: str,
    comment: str,
    decided_by,
    subject: models.Model | None = None,
    decided_at: dt.datetime | None = None,
) -> ManagerDecision:
    """Record a manager's approval, return or direction. Other services call this inside their own transaction."""
    if not decided_by.has_perm("oversight.record_manager_decision"):
        raise PermissionDenied("Only team managers record management decisions")
    if kind not in ManagerDecision.Kind.values or decision not in ManagerDecision.Decision.values:
        raise ValidationError({"decision": "Choose a decision"})
    if not comment.strip():
        raise ValidationError({"comment": "Enter a comment explaining the decision"})
    record = ManagerDecision.objects.create(
        child=child,
        kind=kind,
        decision=decision,
        comment=comment.strip(),
        subject_model=subject._meta.label_lower if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        decided_by=decided_by,
        decided_at=decided_at or timezone.now(),
    )
    event_record(
        child=child,
        occurred_at=record.decided_at,
        category="management",
        kind=f"manager_decision.{decision}",
        summary=f"{record.get_kind_display()}: {record.get_decision_display().lower()} by {decided_by}",
        detail=record.comment,
        actor=decided_by,
        source=record,
    )
    return record


@transaction.atomic
def case_note_add(*, child, kind: str, occurred_at: dt.datetime, text: str, author) -> CaseNote:
    """Add a typed case note. Notes are never edited: a correction is a new note."""
    if not author.has_perm("oversight.add_case_note"):
        raise PermissionDenied("Your role cannot add case notes")
    if not child.is_child:
        raise ValidationError({"child": "Case notes are recorded on a child's record"})
    if kind not in CaseNote.Kind.values:
        raise ValidationError({"kind": "Choose the type of note"})
    if kind == CaseNote.Kind.MANAGEMENT_OVERSIGHT and not author.has_perm("oversight.record_manager_decision"):
        raise ValidationError({"kind": "Only team managers record management oversight decisions"})
    if occurred_at is None:
        raise ValidationError({"occurred_at": "Enter the date and time"})
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": "The date and time cannot be in the future"})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the note"})
    note = CaseNote.objects.create(child=child, kind=kind, occurred_at=occurred_at, text=text, author=author)
    event_record(
        child=child,
        occurred_at=occurred_at,
        category="note",
        kind=f"note.{kind}",
        summary=f"{note.get_kind_display()} note by {author}",
        detail=text,
        actor=author,
        source=note,
    )
    return note


def _decided_at_for(held_on: dt.date) -> dt.datetime:
    # Directions given in a session held today are timed now; for an earlier session, at noon that day.
    if held_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(held_on, dt.time(12, 0)))


@transaction.atomic
def supervision_record(
    *,
    worker,
    held_on: dt.date,
    notes: str,
    child_decisions: list[tuple],
    supervisor,
) -> SupervisionRecord:
    """Record a supervision session; each child's decision is also a management oversight direction."""
    if not supervisor.has_perm("oversight.record_supervision"):
        raise PermissionDenied("Only team managers record supervision")
    manager = getattr(supervisor, "worker", None)
    if manager is None or manager.team.service != worker.team.service:
        raise PermissionDenied("Managers record supervision for workers in their own service")
    if manager.pk == worker.pk:
        raise ValidationError({"worker": "A manager cannot record their own supervision"})
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date the supervision was held"})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The supervision date cannot be in the future"})
    notes = (notes or "").strip()
    decisions = [(child, (text or "").strip()) for child, text in child_decisions]
    allocated = set(
        Allocation.objects.filter(
            worker=worker, end_date__isnull=True, child__in=[child.pk for child, _ in decisions]
        ).values_list("child_id", flat=True)
    )
    seen = set()
    for child, text in decisions:
        if child.pk in seen:
            raise ValidationError({"child_decisions": f"{child.full_name} is listed more than once"})
        seen.add(child.pk)
        if child.pk not in allocated:
            raise ValidationError(
                {"child_decisions": f"{child.full_name} is not currently allocated to {worker.full_name}"}
            )
        if not text:
            raise ValidationError({"child_decisions": f"Enter the decision for {child.full_name}"})
    if not notes and not decisions:
        raise ValidationError({"notes": "Enter the notes of the supervision or a decision for at least one child"})
    record = SupervisionRecord.objects.create(worker=worker, supervisor=supervisor, held_on=held_on, notes=notes)
    decided_at = _decided_at_for(held_on)
    for child, text in decisions:
        SupervisionChild.objects.create(supervision=record, child=child, decision=text)
        manager_decision_record(
            child=child,
            kind=ManagerDecision.Kind.OVERSIGHT,
            decision=ManagerDecision.Decision.DIRECTION,
            comment=text,
            decided_by=supervisor,
            subject=record,
            decided_at=decided_at,
        )
    return record
