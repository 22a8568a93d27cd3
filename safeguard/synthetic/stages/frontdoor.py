"""Contacts (one per child per notification), their presenting reasons, the adults named, and the
"contact.received" chronology events."""

from __future__ import annotations

from safeguard.codelists import ReferralSource
from safeguard.frontdoor.models import Contact, ContactAdult, ContactReason, PresentingReason

from ..context import GenerationContext
from ..records import ContactRecord, FamilyRecord, NotificationRecord
from ..writer import EventLog, Table

_DA_REASONS = {PresentingReason.DOMESTIC_ABUSE_NOTIFICATION, PresentingReason.DOMESTIC_ABUSE}
Role = ContactAdult.Role
_REASON_LABELS = dict(PresentingReason.choices)
_SOURCE_LABELS = dict(ReferralSource.choices)


def write_contacts(ctx: GenerationContext) -> dict[str, int]:
    contacts = ctx.plan.contacts
    user_pk = ctx.import_user.pk
    pks = Table(Contact, _CONTACT_COLUMNS).insert_returning_keys(_contact(c, user_pk) for c in contacts)
    for contact, pk in zip(contacts, pks, strict=True):
        contact.pk = pk
    counts = {"contacts": len(pks)}
    counts["contact reasons"] = Table(ContactReason, ["contact_id", "reason"]).insert(
        (c.pk, reason) for c in contacts for reason in c.notification.reasons
    )
    counts["contact adults"] = Table(ContactAdult, ["contact_id", "person_id", "role"]).insert(
        (c.pk, adult.pk, role) for c in contacts for adult, role in _adults_named(c.notification)
    )
    events = EventLog(ctx.import_user)
    for contact in contacts:
        _received_event(events, contact)
    counts["events"] = events.flush()
    return counts


_CONTACT_COLUMNS = ["child_id", "group_reference", "received_at", "source", "referrer_name", "referrer_organisation",
                    "referrer_contact", "summary", "rag", "decision_due_date", "external_reference",
                    "recorded_by_id", "recorded_at"]  # fmt: skip


def _contact(contact: ContactRecord, user_pk: int) -> tuple:
    n = contact.notification
    return (contact.child.pk, n.group_reference, n.received_at, n.source, n.referrer_name, n.referrer_organisation,
            n.referrer_contact, n.summary, n.rag, n.decision_due_date, n.external_reference, user_pk,
            n.received_at)  # fmt: skip


def _adults_named(notification: NotificationRecord) -> list[tuple]:
    """The household's adults as parents or carers; in domestic abuse, the mother and the alleged perpetrator."""
    family: FamilyRecord = notification.family
    named = {adult: Role.PARENT_CARER for adult in family.household_adults}
    if _DA_REASONS.intersection(notification.reasons) and family.mother is not None:
        perpetrator = family.partner or family.father
        named[family.mother] = Role.VICTIM
        if perpetrator is not None:
            named[perpetrator] = Role.ALLEGED_PERPETRATOR
    return list(named.items())


def _received_event(events: EventLog, contact: ContactRecord) -> None:
    n = contact.notification
    labels = ", ".join(_REASON_LABELS[r] for r in n.reasons)
    events.add(
        child_pk=contact.child.pk,
        at=n.received_at,
        category="front_door",
        kind="contact.received",
        summary=f"Contact from {_SOURCE_LABELS[n.source]}: {labels}",
        detail=n.summary,
        source="frontdoor.contact",
        source_pk=contact.pk,
    )
