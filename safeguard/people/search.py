"""Forgiving person search: phonetic name keys, partial dates of birth, identifiers, fuzzy ranking.

The database narrows candidates with indexed phonetic keys and exact identifiers (works on SQLite and
PostgreSQL alike); rapidfuzz ranks the few hundred candidates in Python.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import jellyfish
from django.db.models import Q, QuerySet
from rapidfuzz import fuzz

from .identifiers import normalise_nhs_number

MAX_CANDIDATES = 400
DUPLICATE_THRESHOLD = 85


def normalise_name(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z ]", "", folded.lower().replace("-", " ")).strip()


def phonetic_key(name: str) -> str:
    """A sound-alike key for the name's first word: 'Mohammed', 'Muhammad' and 'Mohamed' share one.

    Metaphone, made more forgiving: doubled letters are collapsed first (Aaliyah ~ Aliyah) and a silent-ish
    H after the first sound is dropped (Khan ~ Kahn).
    """
    words = normalise_name(name).split()
    if not words:
        return ""
    collapsed = re.sub(r"(.)\1+", r"\1", words[0])
    key = jellyfish.metaphone(collapsed).upper()
    return (key[:1] + key[1:].replace("H", ""))[:20]


@dataclass(frozen=True)
class PartialDate:
    """A date of birth as far as the searcher knows it: a year, a month and year, or a full date."""

    year: int
    month: int | None = None
    day: int | None = None

    def filter(self, field: str = "date_of_birth") -> Q:
        q = Q(**{f"{field}__year": self.year})
        if self.month:
            q &= Q(**{f"{field}__month": self.month})
        if self.day:
            q &= Q(**{f"{field}__day": self.day})
        return q

    def matches(self, day: dt.date | None) -> bool:
        return (
            day is not None
            and day.year == self.year
            and (self.month is None or day.month == self.month)
            and (self.day is None or day.day == self.day)
        )


def parse_partial_date(text: str) -> PartialDate | None:
    """Accepts 2015, 03/2015, 3-2015, 2015-03, 12/03/2015, 2015-03-12. Raises ValueError when unreadable."""
    text = (text or "").strip()
    if not text:
        return None
    parts = [int(p) for p in re.split(r"[/\-. ]+", text) if p.isdigit()]
    if not parts or len(parts) > 3 or len(parts) != len(re.split(r"[/\-. ]+", text)):
        raise ValueError("Enter a date of birth like 2015, 03/2015 or 12/03/2015")
    if len(parts) == 1:
        partial = PartialDate(parts[0])
    elif len(parts) == 2:
        month, year = (parts[1], parts[0]) if parts[0] > 31 else (parts[0], parts[1])
        partial = PartialDate(year, month)
    else:
        day, month, year = (parts[2], parts[1], parts[0]) if parts[0] > 31 else parts
        partial = PartialDate(year, month, day)
    _check(partial)
    return partial


def _check(partial: PartialDate) -> None:
    if not 1900 <= partial.year <= 2100:
        raise ValueError("Enter a four-digit year of birth")
    if partial.month is not None and not 1 <= partial.month <= 12:
        raise ValueError("Enter a month between 1 and 12")
    if partial.day is not None:
        dt.date(partial.year, partial.month, partial.day)  # raises ValueError for 31/02


@dataclass
class Match:
    person: object
    score: int
    reasons: list[str]
    likely_duplicate_of: list[int]


def search_people(
    people: QuerySet, *, name: str = "", date_of_birth: PartialDate | None = None, identifier: str = "", limit: int = 25
) -> list[Match]:
    """Rank `people` (already limited to what the viewer may see) against what the searcher typed."""
    query = _candidate_filter(name, date_of_birth, identifier)
    if query is None:
        return []
    candidates = list(people.filter(query).prefetch_related("aliases").distinct()[:MAX_CANDIDATES])
    matches = [_score(p, name, date_of_birth, identifier) for p in candidates]
    matches = [m for m in matches if m.score > 0]
    matches.sort(key=lambda m: (-m.score, m.person.last_name, m.person.first_name))
    matches = matches[:limit]
    _flag_duplicates(matches)
    return matches


def _candidate_filter(name: str, dob: PartialDate | None, identifier: str) -> Q | None:
    q = Q()
    found = False
    ident = identifier.strip().upper().replace(" ", "")
    if ident:
        nhs = normalise_nhs_number(ident)
        q |= Q(la_person_id=ident) | Q(upn=ident) | Q(nhs_number=nhs)
        found = True
    words = normalise_name(name).split()
    if words:
        last = words[-1]
        keys = {phonetic_key(w) for w in words}
        name_q = Q(last_name_key__in=keys) | Q(last_name__istartswith=last) | Q(aliases__last_name_key__in=keys)
        if len(words) > 1 or dob is None:
            name_q |= Q(first_name_key__in=keys)
        q |= name_q & dob.filter() if dob else name_q
        found = True
    elif dob:
        q |= dob.filter()
        found = True
    return q if found else None


def _score(person, name: str, dob: PartialDate | None, identifier: str) -> Match:
    reasons: list[str] = []
    score = 0
    ident = identifier.strip().upper().replace(" ", "")
    if ident and _identifier_matches(person, ident):
        score += 100
        reasons.append("identifier matches")
    wanted = normalise_name(name)
    if wanted:
        names = [f"{person.first_name} {person.last_name}"] + [
            f"{a.first_name} {a.last_name}" for a in person.aliases.all()
        ]
        best = max(fuzz.token_sort_ratio(wanted, normalise_name(n)) for n in names)
        partial = max(fuzz.partial_token_set_ratio(wanted, normalise_name(n)) for n in names)
        name_score = max(best, int(partial * 0.9))
        if name_score >= 60:
            score += name_score
            reasons.append("name is similar" if name_score < 100 else "name matches")
    if dob and dob.matches(person.date_of_birth):
        score += 40
        reasons.append("date of birth matches")
    return Match(person=person, score=score, reasons=reasons, likely_duplicate_of=[])


def _identifier_matches(person, ident: str) -> bool:
    nhs = normalise_nhs_number(ident)
    return ident in (person.la_person_id, person.upn) or bool(person.nhs_number and person.nhs_number == nhs)


def _flag_duplicates(matches: list[Match]) -> None:
    """Two results with near-identical names and the same date of birth are probably one person twice."""
    for i, a in enumerate(matches):
        for b in matches[i + 1 :]:
            if is_likely_duplicate(a.person, b.person):
                a.likely_duplicate_of.append(b.person.pk)
                b.likely_duplicate_of.append(a.person.pk)


def is_likely_duplicate(a, b) -> bool:
    if a.nhs_number and a.nhs_number == b.nhs_number:
        return True
    if a.date_of_birth is None or a.date_of_birth != b.date_of_birth:
        return False
    similarity = fuzz.token_sort_ratio(
        normalise_name(f"{a.first_name} {a.last_name}"), normalise_name(f"{b.first_name} {b.last_name}")
    )
    return similarity >= DUPLICATE_THRESHOLD
