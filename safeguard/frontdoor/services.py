"""Recording contacts and deciding on them within one working day."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.casework.services import cin_episode_open
from safeguard.chronology.services import event_record
from safeguard.codelists import ReferralSource
from safeguard.concurrency import lock_current
from safeguard.people.models import Person
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Service, Team

from .models import Contact, ContactAdult, ContactDecision, ContactReason, PresentingReason, Rag


@transaction.atomic
def contact_record(
    *,
    children: Sequence[Person],
    received_at: dt.datetime,
    source: str,
    reasons: Sequence[str],
    summary: str,
    rag: str,
    recorded_by,
    referrer_name: str = "",
    referrer_organisation: str = "",
    referrer_contact: str = "",
    adults: Sequence[tuple[Person, str]] = (),
    external_reference: str = "",
) -> list[Contact]:
    """One contact per child, sharing a group reference. A repeated partner notification changes nothing."""
    if not recorded_by.has_perm("frontdoor.record_contact"):
        raise PermissionDenied("Only front-door staff and managers record contacts")
    _validate_contact(children, received_at, source, reasons, summary, rag, adults)
    if external_reference:
        existing = list(
            Contact.objects.filter(source=source, external_reference=external_reference, child__in=children)
        )
        if existing:
            return existing
    group = f"G-{uuid.uuid4().hex[:12]}"
    decision_due = due_date("contact-decision", timezone.localdate(received_at))
    contacts = []
    for child in children:
        contact = Contact.objects.create(
            child=child,
            group_reference=group,
            received_at=received_at,
            source=source,
            referrer_name=referrer_name.strip(),
            referrer_organisation=referrer_organisation.strip(),
            referrer_contact=referrer_contact.strip(),
            summary=summary.strip(),
            rag=rag,
            decision_due_date=decision_due,
            external_reference=external_reference,
            recorded_by=recorded_by,
        )
        ContactReason.objects.bulk_create([ContactReason(contact=contact, reason=r) for r in dict.fromkeys(reasons)])
        ContactAdult.objects.bulk_create([ContactAdult(contact=contact, person=p, role=role) for p, role in adults])
        reason_labels = ", ".join(PresentingReason(r).label for r in dict.fromkeys(reasons))
        event_record(
            child=child,
            occurred_at=received_at,
            category="front_door",
            kind="contact.received",
            summary=f"Contact from {ReferralSource(source).label}: {reason_labels}",
            detail=summary,
            actor=recorded_by,
            source=contact,
        )
        contacts.append(contact)
    return contacts


def _validate_contact(children, received_at, source, reasons, summary, rag, adults) -> None:
    errors = {}
    if not children:
        errors["children"] = "Add at least one child the contact is about"
    elif any(not c.is_child for c in children):
        errors["children"] = "Contacts are about children: add adults as people involved"
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        errors["received_at"] = "The date and time received cannot be in the future"
    if source not in ReferralSource.values:
        errors["source"] = "Choose the source of the contact"
    if not reasons:
        errors["reasons"] = "Choose at least one presenting reason"
    elif any(r not in PresentingReason.values for r in reasons):
        errors["reasons"] = "Choose presenting reasons from the list"
    if not summary.strip():
        errors["summary"] = "Enter a summary of the concern"
    if rag not in Rag.values:
        errors["rag"] = "Choose a priority"
    if any(not person.pk or person.is_child for person, _ in adults):
        errors["adults"] = "People involved must be adults already on the system"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_decide(
    *,
    contact_id: int,
    expected_version: int,
    outcome: str,
    reason: str,
    decided_by,
    team: Team | None = None,
    decided_at: dt.datetime | None = None,
) -> ContactDecision:
    """Decide a contact. A referral or strategy discussion opens a CIN episode with the team chosen."""
    if not decided_by.has_perm("frontdoor.decide_contact"):
        raise PermissionDenied("Only front-door staff and managers decide contacts")
    contact = lock_current(Contact, pk=contact_id, expected_version=expected_version)
    decided_at = decided_at or timezone.now()
    _validate_decision(contact, outcome, reason, team, decided_at)
    contact.save(update_fields=["version"])
    episode = None
    if outcome in ContactDecision.OPENS_EPISODE:
        episode = cin_episode_open(
            child=contact.child,
            referral_date=timezone.localdate(contact.received_at),
            referral_source=contact.source,
            team=team,
            opened_by=decided_by,
        )
    decision = ContactDecision.objects.create(
        contact=contact,
        outcome=outcome,
        reason=reason.strip(),
        decided_by=decided_by,
        decided_at=decided_at,
        team=team,
        cin_episode=episode,
    )
    late = timezone.localdate(decided_at) > contact.decision_due_date
    event_record(
        child=contact.child,
        occurred_at=decided_at,
        category="front_door",
        kind="contact.decided",
        summary=f"Contact decision: {decision.get_outcome_display()}"
        + (" (after the 1 working day deadline)" if late else ""),
        detail=reason,
        actor=decided_by,
        source=decision,
    )
    return decision


def _validate_decision(contact: Contact, outcome: str, reason: str, team, decided_at) -> None:
    errors = {}
    if ContactDecision.objects.filter(contact=contact).exists():
        errors["outcome"] = "This contact has already been decided"
    if outcome not in ContactDecision.Outcome.values:
        errors["outcome"] = "Choose a decision"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the decision"
    if outcome in ContactDecision.OPENS_EPISODE:
        if team is None:
            errors["team"] = "Choose the team the referral goes to"
        elif team.service == Service.FRONT_DOOR:
            errors["team"] = "Refer to a social work team, not the front door"
    if decided_at < contact.received_at:
        errors["outcome"] = "A decision cannot be made before the contact was received"
    if errors:
        raise ValidationError(errors)
