"""People and the records around them: identifiers, addresses with history, relationships, professionals,
warning flags with review dates, and disabilities."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass

from safeguard.frontdoor.models import PresentingReason
from safeguard.people.identifiers import upn_check_letter
from safeguard.people.models import (
    Address,
    IdentifierSequence,
    Person,
    PersonDisability,
    PersonFlag,
    ProfessionalInvolvement,
    Relationship,
)
from safeguard.people.search import phonetic_key

from .. import calibration as cal
from .. import names
from ..context import GenerationContext
from ..records import FamilyRecord, PersonRecord
from ..sampling import add_years
from ..writer import Table

NHS_TEST_PREFIX = "999"  # NHS numbers beginning 999 are reserved for testing and never issued to patients
_FLAG_REASONS = {
    PresentingReason.SEXUAL_EXPLOITATION: PersonFlag.Type.CSE_RISK,
    PresentingReason.CRIMINAL_EXPLOITATION: PersonFlag.Type.CCE_RISK,
    PresentingReason.MISSING: PersonFlag.Type.MISSING_RISK,
    PresentingReason.UNACCOMPANIED: PersonFlag.Type.UASC,
}
_ROLE = ProfessionalInvolvement.Role
_DA_REASONS = {PresentingReason.DOMESTIC_ABUSE_NOTIFICATION, PresentingReason.DOMESTIC_ABUSE}


def write_people(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("people")
    plan = ctx.plan
    _assign_person_ids(plan)
    _assign_nhs_numbers(plan.children, rng)
    services = LocalServices.build(ctx, rng)
    _assign_upns(ctx, plan.children, services, rng)
    people = plan.children + plan.adults
    keys = _PhoneticKeys()
    pks = Table(Person, _PERSON_COLUMNS).insert_returning_keys(_person(p, keys) for p in people)
    for person, pk in zip(people, pks, strict=True):
        person.pk = pk
    return {
        "people": len(pks),
        "addresses": Table(Address, _ADDRESS_COLUMNS).insert(_addresses(ctx, rng)),
        "relationships": Table(Relationship, _RELATIONSHIP_COLUMNS).insert(_relationships(plan.families, rng)),
        "professionals": Table(ProfessionalInvolvement, _PROFESSIONAL_COLUMNS).insert(
            _professionals(ctx, services, rng)
        ),
        "flags": Table(PersonFlag, _FLAG_COLUMNS).insert(_flags(ctx, rng)),
        "disabilities": Table(PersonDisability, ["person_id", "code", "recorded_on"]).insert(
            _disabilities(plan.children)
        ),
    }


def _assign_person_ids(plan) -> None:
    """C/A numbers in the order people became known, continuing the authority's sequences."""
    last = dict(IdentifierSequence.objects.values_list("prefix", "last_value"))
    numbers = {"C": last.get("C", 0), "A": last.get("A", 0)}
    for family in sorted(plan.families, key=lambda f: (f.notifications[0].received_at, f.index)):
        for person in family.children + family.adults:
            prefix = "C" if person.kind == "child" else "A"
            numbers[prefix] += 1
            person.la_person_id = f"{prefix}{numbers[prefix]:07d}"
    for prefix, value in numbers.items():
        IdentifierSequence.objects.update_or_create(prefix=prefix, defaults={"last_value": value})


def _assign_nhs_numbers(children: list[PersonRecord], rng: random.Random) -> None:
    """Distinct test-range NHS numbers (999…) with a valid modulus-11 check digit, for most children."""
    wanted = [c for c in children if c.dob and rng.random() < cal.NHS_NUMBER_SHARE]
    bodies = rng.sample(range(1_000_000), min(1_000_000, math.ceil(len(wanted) * 1.15) + 50))
    numbers = (n for body in bodies if (n := _nhs_number(f"{NHS_TEST_PREFIX}{body:06d}")))
    for child, number in zip(wanted, numbers, strict=False):  # the test range holds ≈ 900,000 numbers
        child.nhs_number = number


def _nhs_number(first_nine: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else f"{first_nine}{check}"


@dataclass
class LocalServices:
    """Invented schools and GP practices per locality, fixed for the run."""

    primaries: list[list[tuple[str, int]]]
    secondaries: list[list[tuple[str, int]]]
    practices: list[list[str]]
    family_choice: dict

    @classmethod
    def build(cls, ctx: GenerationContext, rng: random.Random) -> LocalServices:
        places = range(len(names.LOCALITIES))
        per = max(2, math.ceil(ctx.scale * 20))
        primaries = [[(names.school("primary", rng), 2000 + p * 200 + i) for i in range(per)] for p in places]
        secondaries = [
            [(names.school("secondary", rng), 4000 + p * 100 + i) for i in range(per // 4 + 1)] for p in places
        ]
        practices = [[names.gp_practice(rng) for _ in range(max(2, per // 2))] for _ in places]
        return cls(primaries, secondaries, practices, {})

    def for_family(self, family: FamilyRecord, rng: random.Random) -> tuple:
        """(primary school, secondary school, GP practice) the family's children use."""
        if family.index not in self.family_choice:
            place = family.locality
            self.family_choice[family.index] = (
                rng.choice(self.primaries[place]),
                rng.choice(self.secondaries[place]),
                rng.choice(self.practices[place]),
            )
        return self.family_choice[family.index]


def ctx_la_code() -> str:
    from django.conf import settings

    code = settings.SAFEGUARD_AUTHORITY["la_code"]
    return code if code.isdigit() and len(code) == 3 and code != "999" else "001"


def _assign_upns(ctx, children: list[PersonRecord], services: LocalServices, rng: random.Random) -> None:
    """A UPN (check letter, LA 999, school, year of entry, serial) for most children who have started school.

    The others have the reason recorded, in codes both returns accept for a child looked after: an unaccompanied
    child has "never attended a state school in England" (UN2; "newly arrived", UN4, is only for a child in care
    for under a week at 31 March: SSDA903 rule 210), and a child who comes into care is never left at "not yet
    obtained" (UN6, a CIN census code the SSDA903 does not have: rule 442), since the virtual school obtains it.
    """
    serials: dict[tuple[int, int], int] = defaultdict(int)
    # The UPN's LA digits must be a number the DfE recognises (CIN rule 1530): the authority's own if it is one,
    # otherwise "001", a DfE pseudo-LA code, never a real authority's.
    la_code = ctx_la_code()
    looked_after = {id(story.episode.child) for story in ctx.care if story.episode is not None}
    for child in children:
        if not child.dob or reception_start(child.dob) > ctx.as_of:
            continue
        if rng.random() >= cal.UPN_SHARE_OF_SCHOOL_AGE:
            # Recorded, as the CIN census asks: never at school in England (asylum seekers), educated elsewhere.
            reason = "UN2" if child.family.uasc else rng.choice(("UN2", "UN3", "UN3", "UN6"))
            child.upn_unknown_reason = "UN3" if reason == "UN6" and id(child) in looked_after else reason
            continue
        (_, school), _, _ = services.for_family(child.family, rng)
        entry_year = reception_start(child.dob).year  # UPNs are issued on first entry to school
        serials[school, entry_year] += 1
        body = f"{la_code}{school:04d}{entry_year % 100:02d}{serials[school, entry_year] % 1000:03d}"
        child.upn = upn_check_letter(body) + body


class _PhoneticKeys(dict):
    def __missing__(self, name: str) -> str:
        self[name] = phonetic_key(name)
        return self[name]


_PERSON_COLUMNS = ["kind", "la_person_id", "first_name", "last_name", "date_of_birth", "expected_date_of_birth",
                   "sex", "ethnicity", "nhs_number", "upn", "upn_unknown_reason", "first_name_key", "last_name_key",
                   "created_at", "updated_at"]  # fmt: skip


def _person(p: PersonRecord, keys: _PhoneticKeys) -> tuple:
    known = p.known_from  # the record was made when the family first came to notice
    return (p.kind, p.la_person_id, p.first_name, p.last_name, p.dob, p.edd, p.sex, p.ethnicity, p.nhs_number,
            p.upn, p.upn_unknown_reason, keys[p.first_name], keys[p.last_name], known, known)  # fmt: skip


def _addresses(ctx: GenerationContext, rng: random.Random):
    """A household address (and, for some families, the one they moved from); fathers apart have their own."""
    for family in ctx.plan.families:
        first_day = family.notifications[0].day
        moved = first_day + dt.timedelta(days=rng.randint(0, max(0, (ctx.as_of - first_day).days - 1)))
        history = [(_address(ctx, family, rng), moved, None)]
        if rng.random() < cal.FAMILY_MOVED_SHARE:
            history.append((_address(ctx, family, rng), first_day - dt.timedelta(days=rng.randint(200, 3000)), moved))
        else:
            history[0] = (history[0][0], first_day - dt.timedelta(days=rng.randint(30, 3000)), None)
        household = family.children + family.household_adults
        for person in household:
            yield from _address_rows(person, history)
        if family.father and not family.father_resident:
            since = first_day - dt.timedelta(days=rng.randint(30, 2000))
            yield from _address_rows(family.father, [(_address(ctx, family, rng), since, None)])


def _address(ctx: GenerationContext, family: FamilyRecord, rng: random.Random) -> tuple[str, str, str]:
    """An invented street address; the postcode from the run's geography (invented, or a gazetteer's)."""
    line_1, line_2 = names.address_line(rng)
    return line_1, line_2, ctx.geography.home(family.locality, rng)


_ADDRESS_COLUMNS = ["person_id", "line_1", "line_2", "town", "postcode", "start_date", "end_date"]


def _address_rows(person: PersonRecord, history):
    if person.dob is None:  # unborn: no address of their own yet
        return
    for (line_1, line_2, postcode), start, end in history:
        start = max(start, person.dob)
        if end is not None and end <= start:
            continue
        yield (person.pk, line_1, line_2, names.TOWN, postcode, start, end)


_RELATIONSHIP_COLUMNS = ["person_id", "related_person_id", "type", "lives_with", "has_parental_responsibility",
                         "start_date", "end_date"]  # fmt: skip
_PARENT, _PARTNER, _SIBLING = Relationship.Type.PARENT, Relationship.Type.PARENTS_PARTNER, Relationship.Type.SIBLING


def _relationships(families: list[FamilyRecord], rng: random.Random):
    """One row per pair: the child's parents (with parental responsibility), a parent's partner, siblings."""
    for family in families:
        for i, child in enumerate(family.children):
            for parent, lives_with in ((family.mother, True), (family.father, family.father_resident)):
                if parent is not None:
                    responsible = parent is family.mother or rng.random() < 0.9
                    yield (child.pk, parent.pk, _PARENT, lives_with, responsible, child.dob, None)
            if family.partner is not None:
                yield (child.pk, family.partner.pk, _PARTNER, True, False, None, None)
            for sibling in family.children[i + 1 :]:
                yield (child.pk, sibling.pk, _SIBLING, True, False, None, None)


def _professionals(ctx: GenerationContext, services: LocalServices, rng: random.Random):
    """GP for every child; health visitor under 5; midwife before birth; the school for school-age children."""
    for child in ctx.plan.children:
        if child.family.uasc:
            continue
        primary, secondary, practice = services.for_family(child.family, rng)
        if child.dob is None:
            yield _professional(
                child, _ROLE.MIDWIFE, "Community midwifery team", child.edd - dt.timedelta(days=200), rng
            )
            continue
        yield _professional(child, _ROLE.GP, practice, child.dob, rng, name=f"Dr {names.surname('british', rng)}")
        fifth = add_years(child.dob, 5)
        ended = fifth if fifth < ctx.as_of else None
        yield _professional(child, _ROLE.HEALTH_VISITOR, "Health visiting service", child.dob, rng, end=ended)
        place = _place_of_education(child.dob, ctx.as_of, primary[0], secondary[0])
        if place:
            yield _professional(child, _ROLE.SCHOOL, place[0], place[1], rng, email=True)


def _place_of_education(dob: dt.date, day: dt.date, primary: str, secondary: str) -> tuple[str, dt.date] | None:
    """Where a child is in education on `day` and since when: reception (the September after the 4th
    birthday), secondary seven years later, college at 16 for two years."""
    reception = reception_start(dob)
    phases = [
        (primary, reception),
        (secondary, add_years(reception, 7)),
        (f"{names.TOWN} College", add_years(reception, 12)),
    ]
    current = [(place, since) for place, since in phases if since <= day]
    if not current or day >= add_years(reception, 14):
        return None
    return current[-1]


def reception_start(dob: dt.date) -> dt.date:
    return dt.date(dob.year + (4 if (dob.month, dob.day) <= (9, 1) else 5), 9, 1)


_PROFESSIONAL_COLUMNS = ["person_id", "role", "name", "organisation", "phone", "email", "start_date", "end_date"]


def _professional(child, role, organisation, start, rng, *, name="", end=None, email=False) -> tuple:
    name = name or f"{names.given_name('british', 'U', rng)} {names.surname('british', rng)}"
    address = f"safeguarding@{names.slug(organisation)}.example.org" if email else ""
    return (child.pk, role, name, organisation, names.drama_phone(rng), address, start, end)


def _flags(ctx: GenerationContext, rng: random.Random):
    """Warnings raised by what contacts reported; reviewed on schedule, except some now overdue."""
    for child in ctx.plan.children:
        raised: dict[str, dt.date] = {}
        domestic_abuse = 0
        for contact in child.contacts:
            for reason in contact.notification.reasons:
                if reason in _FLAG_REASONS:
                    raised.setdefault(_FLAG_REASONS[reason], contact.notification.day)
                domestic_abuse += reason in _DA_REASONS
            if domestic_abuse >= 2:
                raised.setdefault(PersonFlag.Type.DOMESTIC_ABUSE, contact.notification.day)
        for flag_type, start in raised.items():
            yield _flag(ctx, child, flag_type, start, 6, rng)
    for family in ctx.plan.families:
        yield from _violence_warnings(ctx, family, rng)


def _violence_warnings(ctx: GenerationContext, family: FamilyRecord, rng: random.Random):
    perpetrator = family.partner or family.father
    if perpetrator is None:
        return
    for notification in family.notifications:
        if PresentingReason.DOMESTIC_ABUSE_NOTIFICATION in notification.reasons:
            if rng.random() < cal.VIOLENCE_WARNING_SHARE:
                yield _flag(ctx, perpetrator, PersonFlag.Type.VIOLENCE_WARNING, notification.day, 12, rng)
            return


_FLAG_COLUMNS = ["person_id", "type", "note", "start_date", "review_date", "end_date", "created_by_id"]


def _flag(ctx: GenerationContext, person: PersonRecord, flag_type: str, start: dt.date, months: int, rng) -> tuple:
    review, end = _review_history(ctx, start, months, rng)
    note = "Raised from a contact to the front door."
    return (person.pk, flag_type, note, start, review, end, ctx.import_user.pk)


def _review_history(ctx: GenerationContext, start: dt.date, months: int, rng: random.Random):
    """Reviews every `months` until ended, or until one is missed (left overdue), or the next is due."""
    period = dt.timedelta(days=round(months * 30.4))
    review = start + period
    while review < ctx.as_of:
        if rng.random() < 0.3:
            return review, review
        if rng.random() >= cal.FLAG_REVIEWED_ON_TIME:
            return review, None
        review += period
    return review, None


def _disabilities(children: list[PersonRecord]):
    for child in children:
        for code in child.disabilities:
            recorded = child.contacts[0].notification.day if child.contacts else child.family.notifications[0].day
            yield (child.pk, code, recorded)
