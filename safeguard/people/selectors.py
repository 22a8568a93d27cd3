"""Reads about a person, always starting from people the viewer may see (access.selectors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.access.selectors import visible_people
from safeguard.casework.models import CINEpisode
from safeguard.chronology.models import Event
from safeguard.frontdoor.models import Contact

from . import ages
from .models import Person, PersonFlag, Relationship
from .search import is_likely_duplicate, phonetic_key


@dataclass(frozen=True)
class NetworkMember:
    person: Person
    relationship: str
    lives_with: bool
    has_parental_responsibility: bool
    current: bool


def family_network(person: Person, viewer) -> list[NetworkMember]:
    """Relationships read from both ends, showing only people the viewer may see."""
    visible = visible_people(viewer)
    outgoing = person.relationships.select_related("related_person").filter(related_person__in=visible)
    incoming = person.relationships_to.select_related("person").filter(person__in=visible)
    members = [
        NetworkMember(
            r.related_person, r.get_type_display(), r.lives_with, r.has_parental_responsibility, r.end_date is None
        )
        for r in outgoing
    ]
    members += [
        NetworkMember(r.person, Relationship.INVERSE_LABELS[r.type], r.lives_with, False, r.end_date is None)
        for r in incoming
    ]
    return sorted(members, key=lambda m: (not m.current, m.person.kind != Person.Kind.ADULT, m.person.last_name))


def active_flags(person: Person) -> QuerySet[PersonFlag]:
    return person.flags.filter(end_date__isnull=True).order_by("review_date")


@dataclass
class Involvement:
    contacts_last_12_months: list = field(default_factory=list)
    referrals_last_12_months: list = field(default_factory=list)
    open_episodes: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    total_contacts: int = 0


def previous_involvement(
    child: Person, *, as_of: dt.date | None = None, exclude_contact_id: int | None = None
) -> Involvement:
    """What the front door needs at a glance before deciding: recent contacts, referrals, open work, flags."""
    as_of = as_of or timezone.localdate()
    since = as_of - relativedelta(months=12)
    contacts = Contact.objects.filter(child=child).exclude(pk=exclude_contact_id)
    return Involvement(
        contacts_last_12_months=list(
            contacts.filter(received_at__date__gte=since).select_related("decision").prefetch_related("reasons")[:20]
        ),
        referrals_last_12_months=list(CINEpisode.objects.filter(child=child, referral_date__gte=since)),
        open_episodes=list(CINEpisode.objects.filter(child=child, close_date__isnull=True).select_related("team")),
        flags=list(active_flags(child)),
        total_contacts=contacts.count(),
    )


def chronology(
    child: Person,
    *,
    categories: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    text: str = "",
) -> QuerySet[Event]:
    events = Event.objects.filter(child=child).select_related("actor")
    if categories:
        events = events.filter(category__in=categories)
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    if text:
        events = events.filter(Q(summary__icontains=text) | Q(detail__icontains=text))
    return events.order_by("-occurred_at", "-id")


@dataclass(frozen=True)
class FieldChange:
    when: dt.datetime
    who: str
    record: str
    field: str
    old: str
    new: str


def field_history(person: Person, *, limit: int = 200) -> list[FieldChange]:
    """Every recorded change to the person and the records hanging off them, newest first."""
    sources = [
        ("Personal details", person.history.all()),
        ("Flag", PersonFlag.history.filter(person_id=person.pk)),
        ("Address", person.addresses.model.history.filter(person_id=person.pk)),
        ("Relationship", Relationship.history.filter(Q(person_id=person.pk) | Q(related_person_id=person.pk))),
    ]
    changes: list[FieldChange] = []
    for label, records in sources:
        for record in records.select_related("history_user").order_by("-history_date")[:limit]:
            changes.extend(_diff(label, record))
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]


def _diff(label: str, record) -> list[FieldChange]:
    who = str(record.history_user) if record.history_user else "System"
    previous = record.prev_record
    if previous is None:
        return [FieldChange(record.history_date, who, label, "", "", "Created")]
    delta = record.diff_against(previous)
    return [
        FieldChange(
            record.history_date, who, label, change.field.replace("_", " "), _show(change.old), _show(change.new)
        )
        for change in delta.changes
        if change.field not in {"version"}
    ]


def _show(value) -> str:
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, dt.date):
        return value.strftime("%d %b %Y")
    return str(value)


def likely_duplicates(
    *, first_name: str, last_name: str, date_of_birth: dt.date | None, nhs_number: str = "", viewer
) -> tuple[list[Person], int]:
    """People who may already be this person: (those the viewer may see, how many more they may not)."""
    probe = Person(first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, nhs_number=nhs_number)
    query = Q(last_name_key=phonetic_key(last_name))
    if date_of_birth:
        query &= Q(date_of_birth=date_of_birth)
    if nhs_number:
        query |= Q(nhs_number=nhs_number)
    candidates = [p for p in Person.objects.filter(query)[:200] if is_likely_duplicate(probe, p)]
    visible_ids = set(visible_people(viewer).filter(pk__in=[p.pk for p in candidates]).values_list("pk", flat=True))
    visible = [p for p in candidates if p.pk in visible_ids]
    return visible, len(candidates) - len(visible)


def age_on(person: Person, day: dt.date | None = None) -> int | None:
    return ages.age_on(person.date_of_birth, day or timezone.localdate())
