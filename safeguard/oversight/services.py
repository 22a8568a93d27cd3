"""Manager decisions, case notes and supervision. Every one is also a chronology event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from safeguard.chronology.services import event_record

from .models import ManagerDecision


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
