"""Invented families: the children a first notification is about, their siblings, parents and partners."""

from __future__ import annotations

import datetime as dt
import random

from safeguard.codelists import Ethnicity, Sex

from . import calibration as cal
from . import names
from .records import FamilyRecord, PersonRecord
from .sampling import Weighted, add_years

_ETHNICITY = Weighted(cal.ETHNICITY_WEIGHTS)
_INDEX_AGE = Weighted(cal.INDEX_AGE_WEIGHTS)
_FAMILY_SIZE = Weighted(cal.CHILDREN_PER_FAMILY_WEIGHTS)
_NEED = Weighted({level: values[0] for level, values in cal.NEED_LEVELS.items()})
_DISABILITY = Weighted(cal.DISABILITY_WEIGHTS)
_FATHER_OF_MIXED = {
    Ethnicity.MWBC: Ethnicity.BCRB,
    Ethnicity.MWBA: Ethnicity.BAFR,
    Ethnicity.MWAS: Ethnicity.APKN,
    Ethnicity.MOTH: Ethnicity.OOTH,
}
_UASC_ETHNICITY = Weighted({Ethnicity.AOTH: 35, Ethnicity.BAFR: 30, Ethnicity.OOTH: 25, Ethnicity.BOTH: 10})
# The latest a planned birth can be and still concern the front door (pregnancy known, ≈ 17 weeks to go).
PREGNANCY_KNOWN_DAYS = 120


def make_family(index: int, first_day: dt.date, locality: int, rng: random.Random) -> FamilyRecord:
    """A family as it is when it first comes to notice on `first_day` (children born later included)."""
    if rng.random() < cal.UASC_FAMILY_SHARE:
        return _unaccompanied_child(index, first_day, locality, rng)
    ethnicity = _ETHNICITY(rng)
    tradition = names.tradition_for(ethnicity, rng)
    family = FamilyRecord(
        index=index,
        locality=locality,
        need=_NEED(rng),
        ethnicity=ethnicity,
        tradition=tradition,
        surname=names.surname(tradition, rng),
    )
    births = _birth_dates(first_day, rng)
    family.children = [_child(family, born, rng) for born in births]
    _add_adults(family, births[0], births[-1], rng)
    return family


def _birth_dates(first_day: dt.date, rng: random.Random) -> list[dt.date]:
    """The index child's birth (an age on `first_day`, or a birth due soon), and siblings spaced 1–5 years."""
    age = _INDEX_AGE(rng)
    if age < 0:
        index_birth = first_day + dt.timedelta(days=rng.randint(10, PREGNANCY_KNOWN_DAYS))
    else:
        index_birth = first_day - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    size = _FAMILY_SIZE(rng)
    position = rng.randrange(size)
    births = [index_birth]
    for _ in range(position):  # older siblings, if still children when the family comes to notice
        earlier = births[0] - dt.timedelta(days=rng.randint(430, 1800))
        if add_years(earlier, 18) <= first_day:
            break
        births.insert(0, earlier)
    for _ in range(size - 1 - position):  # younger siblings, some born during the window
        births.append(births[-1] + dt.timedelta(days=rng.randint(430, 1800)))
    return births


def _child(family: FamilyRecord, born: dt.date, rng: random.Random) -> PersonRecord:
    sex = rng.choice((Sex.MALE, Sex.FEMALE))
    child = PersonRecord(
        kind="child",
        sex=sex,
        first_name=names.given_name(family.tradition, sex, rng),
        last_name=family.surname,
        dob=born,  # a planned birth; becomes the expected date if after as-of
        ethnicity=family.ethnicity,
        family=family,
    )
    if rng.random() < cal.DISABILITY_SHARE:
        codes = {_DISABILITY(rng) for _ in range(rng.choice((1, 1, 1, 2)))}
        child.disabilities = tuple(sorted(codes))
    return child


def _add_adults(family: FamilyRecord, first_birth: dt.date, last_birth: dt.date, rng: random.Random) -> None:
    mother_age = min(max(round(rng.gauss(26, 5.5)), 16), 40)
    mother_ethnicity = Ethnicity.WBRI if family.ethnicity in _FATHER_OF_MIXED else family.ethnicity
    family.mother = _adult(family, Sex.FEMALE, first_birth, mother_age, mother_ethnicity, rng)
    family.mother.last_name = family.surname if rng.random() < 0.75 else names.surname(family.tradition, rng)
    if rng.random() < cal.FATHER_KNOWN_SHARE:
        father_ethnicity = _FATHER_OF_MIXED.get(family.ethnicity, family.ethnicity)
        father_age = mother_age + max(round(rng.gauss(3, 4)), -3)
        family.father = _adult(family, Sex.MALE, first_birth, father_age, father_ethnicity, rng)
        family.father_resident = rng.random() < cal.FATHER_RESIDENT_SHARE
    if not family.father_resident and rng.random() < cal.PARTNER_SHARE / (1 - cal.FATHER_RESIDENT_SHARE):
        partner_age = mother_age + round(rng.gauss(2, 5))
        family.partner = _adult(family, Sex.MALE, last_birth, partner_age, family.ethnicity, rng)
        family.partner.last_name = names.surname(names.tradition_for(family.ethnicity, rng), rng)


def _adult(family, sex: str, birth: dt.date, age_then: int, ethnicity: str, rng: random.Random) -> PersonRecord:
    tradition = names.tradition_for(ethnicity, rng)
    return PersonRecord(
        kind="adult",
        sex=sex,
        first_name=names.given_name(tradition, sex, rng),
        last_name=family.surname,
        dob=birth - dt.timedelta(days=age_then * 365 + rng.randint(0, 364)),
        ethnicity=ethnicity,
        family=family,
    )


def _unaccompanied_child(index: int, first_day: dt.date, locality: int, rng: random.Random) -> FamilyRecord:
    ethnicity = _UASC_ETHNICITY(rng)
    family = FamilyRecord(
        index=index,
        locality=locality,
        need="high",
        ethnicity=ethnicity,
        tradition="other" if ethnicity != Ethnicity.BAFR else "african",
        surname="",
        uasc=True,
    )
    family.surname = names.surname(family.tradition, rng)
    sex = Sex.MALE if rng.random() < 0.9 else Sex.FEMALE
    born = first_day - dt.timedelta(days=rng.randint(15 * 365, 17 * 365 + 300))
    family.children = [
        PersonRecord(
            kind="child",
            sex=sex,
            first_name=names.given_name(family.tradition, sex, rng),
            last_name=family.surname,
            dob=born,
            ethnicity=ethnicity,
            family=family,
        )
    ]
    return family


def planned_birth(child: PersonRecord) -> dt.date:
    return child.dob or child.edd


def concerns(child: PersonRecord, day: dt.date) -> bool:
    """Whether a notification on `day` is about this child: born (or birth expected soon) and under 18."""
    born = planned_birth(child)
    return born - dt.timedelta(days=PREGNANCY_KNOWN_DAYS) <= day < add_years(born, 18)
