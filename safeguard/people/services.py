"""Writes to people and the records around them. One transaction each; bad input writes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.chronology.services import event_record
from safeguard.concurrency import lock_current

from .identifiers import normalise_nhs_number
from .models import (
    Address,
    IdentifierSequence,
    Person,
    PersonAlias,
    PersonDisability,
    PersonFlag,
    ProfessionalInvolvement,
    Relationship,
)
from .search import phonetic_key

PERSON_FIELDS = {
    "first_name",
    "last_name",
    "date_of_birth",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "gender_identity",
    "ethnicity",
    "nhs_number",
    "upn",
    "upn_unknown_reason",
}


def next_person_identifier(kind: str) -> str:
    prefix = "C" if kind == Person.Kind.CHILD else "A"
    sequence, _ = IdentifierSequence.objects.select_for_update().get_or_create(prefix=prefix)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"{prefix}{sequence.last_value:07d}"


def _prepare(person: Person) -> None:
    person.first_name = person.first_name.strip()
    person.last_name = person.last_name.strip()
    person.nhs_number = normalise_nhs_number(person.nhs_number)
    person.upn = (person.upn or "").strip().upper()
    if person.upn:
        person.upn_unknown_reason = ""  # a reason for a missing UPN means nothing once there is one
    person.first_name_key = phonetic_key(person.first_name)
    person.last_name_key = phonetic_key(person.last_name)
    if person.kind == Person.Kind.CHILD and not (person.date_of_birth or person.expected_date_of_birth):
        raise ValidationError({"date_of_birth": "Enter a date of birth, or an expected date of birth if unborn"})
    if person.date_of_birth and person.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "Date of birth must be today or in the past"})
    person.full_clean(exclude=["la_person_id", "version"])


@transaction.atomic
def person_create(*, kind: str, created_by, **fields) -> Person:
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person(kind=kind, **fields)
    _prepare(person)
    person.la_person_id = next_person_identifier(kind)
    person._change_reason = "Created"
    person.save()
    if person.is_child:
        event_record(
            child=person,
            occurred_at=timezone.now(),
            category="person",
            kind="person.created",
            summary=f"Record created for {person.full_name}",
            actor=created_by,
            source=person,
        )
    return person


@transaction.atomic
def person_update(*, person_id: int, expected_version: int, updated_by, **changes) -> Person:
    unknown = set(changes) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = lock_current(Person, pk=person_id, expected_version=expected_version)
    for field, value in changes.items():
        setattr(person, field, value)
    _prepare(person)
    person.save()
    return person


@transaction.atomic
def person_alias_add(*, person: Person, first_name: str, last_name: str, kind: str) -> PersonAlias:
    alias = PersonAlias(
        person=person,
        kind=kind,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        first_name_key=phonetic_key(first_name),
        last_name_key=phonetic_key(last_name),
    )
    if not (alias.first_name or alias.last_name):
        raise ValidationError({"last_name": "Enter a first name or a last name"})
    alias.full_clean()
    alias.save()
    return alias


@transaction.atomic
def person_disability_add(*, person: Person, code: str, recorded_on: dt.date) -> PersonDisability:
    disability = PersonDisability(person=person, code=code, recorded_on=recorded_on)
    disability.full_clean()
    disability.save()
    return disability


@transaction.atomic
def address_add(
    *, person: Person, line_1: str, line_2: str = "", town: str, postcode: str, start_date: dt.date
) -> Address:
    """A new current address; the previous current address ends the day before the new one starts."""
    address = Address(
        person=person, line_1=line_1, line_2=line_2, town=town, postcode=postcode.upper().strip(), start_date=start_date
    )
    address.full_clean()
    for previous in person.addresses.filter(end_date__isnull=True, start_date__lt=start_date):
        previous.end_date = start_date - dt.timedelta(days=1)
        previous.save()
    address.save()
    return address


@transaction.atomic
def relationship_add(
    *,
    person: Person,
    related_person: Person,
    type: str,
    lives_with: bool = False,
    has_parental_responsibility: bool = False,
    start_date: dt.date | None = None,
) -> Relationship:
    if person.pk == related_person.pk:
        raise ValidationError({"related_person": "A person cannot be related to themselves"})
    if Relationship.objects.filter(person=person, related_person=related_person, type=type).exists():
        raise ValidationError({"type": "That relationship is already recorded"})
    relationship = Relationship(
        person=person,
        related_person=related_person,
        type=type,
        lives_with=lives_with,
        has_parental_responsibility=has_parental_responsibility,
        start_date=start_date,
    )
    relationship.full_clean(validate_constraints=False)
    relationship.save()
    return relationship


@transaction.atomic
def professional_add(*, person: Person, **fields) -> ProfessionalInvolvement:
    involvement = ProfessionalInvolvement(person=person, **fields)
    involvement.full_clean()
    involvement.save()
    return involvement


@transaction.atomic
def flag_add(
    *, person: Person, type: str, note: str, start_date: dt.date, review_date: dt.date, created_by
) -> PersonFlag:
    if review_date < start_date:
        raise ValidationError({"review_date": "Review date must be on or after the start date"})
    flag = PersonFlag(
        person=person, type=type, note=note, start_date=start_date, review_date=review_date, created_by=created_by
    )
    flag.full_clean()
    flag.save()
    if person.is_child:
        event_record(
            child=person,
            occurred_at=timezone.now(),
            category="person",
            kind="flag.added",
            summary=f"Flag added: {flag.get_type_display()}",
            detail=note,
            actor=created_by,
            source=flag,
        )
    return flag


@transaction.atomic
def flag_end(*, flag_id: int, end_date: dt.date, ended_by) -> PersonFlag:
    flag = PersonFlag.objects.select_for_update().get(pk=flag_id)
    if flag.end_date:
        raise ValidationError({"end_date": "This flag has already ended"})
    if end_date < flag.start_date:
        raise ValidationError({"end_date": "End date must be on or after the start date"})
    flag.end_date = end_date
    flag.save()
    return flag
