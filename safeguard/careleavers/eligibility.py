"""Leaving-care status derived from a young person's care history and age: never typed in.

The definitions (Children Act 1989 as amended by the Children (Leaving Care) Act 2000; the Care Planning,
Placement and Case Review (England) Regulations 2010 reg 40; the Care Leavers (England) Regulations 2010 reg 3):

- eligible (Sch. 2 para 19B): aged 16 or 17, looked after now, and looked after for 13 weeks in all (not
  necessarily continuously) which began after the 14th birthday and ended after the 16th. Pre-planned
  short breaks (SSDA903 legal status V3/V4) do not count (CPPCR reg 40(2)).
- relevant (s.23A): aged 16 or 17, no longer looked after, and eligible immediately before last ceasing to be
  looked after; not relevant once they have lived at home (REC E4A/E4B) for six months (Care Leavers Regs reg 3).
- former relevant (s.23C): aged 18 to 20 (to 25 if in education or training, s.23CA, or asking for a personal
  adviser, s.23CZA) who was eligible or relevant when they turned 18.
- qualifying (s.24): aged 16 to 20, looked after at some time after the 16th birthday (or left care under a
  special guardianship order, s.24(1A)) but none of the above.

This module is pure (dates in, answer out) so every edge is tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import models

from safeguard.people.ages import age_on

SHORT_BREAK_LEGAL_STATUSES = frozenset({"V3", "V4"})
RETURNED_HOME_REASONS = frozenset({"E4A", "E4B"})
SPECIAL_GUARDIANSHIP_REASONS = frozenset({"E45", "E46", "E47", "E48"})
THIRTEEN_WEEKS = 13 * 7


class Category(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    RELEVANT = "relevant", "Relevant"
    FORMER_RELEVANT = "former_relevant", "Former relevant"
    QUALIFYING = "qualifying", "Qualifying"
    NONE = "none", "Not a care leaver"


@dataclass(frozen=True)
class CareSpan:
    """A stretch of being looked after under one legal status; `end` is the day care (or the status) ceased."""

    start: dt.date
    end: dt.date | None
    legal_status: str = ""
    # The SSDA903 REC code when the span ends a period of care.
    end_reason: str = ""

    @property
    def short_break(self) -> bool:
        return self.legal_status in SHORT_BREAK_LEGAL_STATUSES

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Eligibility:
    category: str
    # How it was derived, in plain words, for the page.
    reasons: tuple[str, ...]
    days_looked_after_since_14: int
    eligible_from: dt.date | None
    left_care_on: dt.date | None
    looked_after_now: bool
    # The day duties end (21st or 25th birthday) for care leavers; None for eligible children and non-care leavers.
    duties_end: dt.date | None = None
    # For a child in care who is not yet eligible: the day they will be, if they stay looked after.
    projected_eligible_on: dt.date | None = None
    extra: dict = field(default_factory=dict)

    @property
    def is_care_leaver(self) -> bool:
        return self.category != Category.NONE

    def get_category_display(self) -> str:
        return Category(self.category).label


def birthday(date_of_birth: dt.date, age: int) -> dt.date:
    """The day a person born on `date_of_birth` reaches `age` (29 February birthdays fall on 28 February)."""
    return date_of_birth + relativedelta(years=age)


def _counted(spans: Iterable[CareSpan]) -> list[CareSpan]:
    return sorted((s for s in spans if not s.short_break), key=lambda s: s.start)


def days_looked_after(spans: Iterable[CareSpan], *, since: dt.date, through: dt.date) -> int:
    """Days looked after (not counting short breaks) from `since` up to and including `through`."""
    total = 0
    for span in _counted(spans):
        start = max(span.start, since)
        stop = min(span.end or through + dt.timedelta(days=1), through + dt.timedelta(days=1))
        total += max(0, (stop - start).days)
    return total


def first_eligible_day(spans: Iterable[CareSpan], date_of_birth: dt.date, *, as_of: dt.date) -> dt.date | None:
    """The first day (up to `as_of`) on which the child was aged 16–17, looked after, with 13 weeks since 14."""
    fourteenth, sixteenth, eighteenth = (birthday(date_of_birth, age) for age in (14, 16, 18))
    before = 0
    for span in _counted(spans):
        counting_from = max(span.start, fourteenth)
        end = span.end or as_of + dt.timedelta(days=1)
        # The day the running total (including that day) reaches 13 weeks, if it is reached in this span.
        reaches = counting_from + dt.timedelta(days=max(0, THIRTEEN_WEEKS - before - 1))
        candidate = max(span.start, sixteenth, reaches)
        if candidate < end and candidate < eighteenth and candidate <= as_of:
            return candidate
        before += max(0, (end - counting_from).days)
    return None


def derive(
    spans: Iterable[CareSpan], date_of_birth: dt.date, *, as_of: dt.date, extended_to_25: bool = False
) -> Eligibility:
    """The young person's leaving-care category on `as_of`, with the reasons."""
    spans = sorted(spans, key=lambda s: s.start)
    counted = _counted(spans)
    age = age_on(date_of_birth, as_of)
    fourteenth, sixteenth, eighteenth = (birthday(date_of_birth, a) for a in (14, 16, 18))
    since_14 = days_looked_after(spans, since=fourteenth, through=min(as_of, eighteenth - dt.timedelta(days=1)))
    looked_after_now = any(s.covers(as_of) for s in counted)
    eligible_from = first_eligible_day(spans, date_of_birth, as_of=as_of)
    ended = [s for s in counted if s.end is not None and s.end <= as_of]
    last = ended[-1] if ended and not looked_after_now else None
    left_care_on = last.end if last else None
    weeks = f"{since_14 // 7} weeks {since_14 % 7} days"
    reasons = [f"Aged {age} on {as_of:%d %b %Y}", f"Looked after for {weeks} since the 14th birthday"]
    if any(s.short_break for s in spans):
        reasons.append("Short breaks (legal status V3/V4) are not counted")
    result = dict(
        days_looked_after_since_14=since_14,
        eligible_from=eligible_from,
        left_care_on=left_care_on,
        looked_after_now=looked_after_now,
    )

    def answer(category: str, *why: str, duties_end=None, projected=None) -> Eligibility:
        return Eligibility(
            category=category,
            reasons=tuple(reasons + list(why)),
            duties_end=duties_end,
            projected_eligible_on=projected,
            **result,
        )

    if age < 16 or not counted:
        return answer(Category.NONE, "Under 16" if age < 16 else "Never looked after (other than short breaks)")
    if age >= 25:
        return answer(Category.NONE, "Leaving-care duties end at 25")

    returned_home = _returned_home_for_six_months(last, as_of)
    if age < 18 and looked_after_now:
        if eligible_from:
            why = f"Eligible from {eligible_from:%d %b %Y}: looked after now, and for 13 weeks since 14"
            return answer(Category.ELIGIBLE, why)
        projected = _projected_eligible_day(counted, since_14, as_of, sixteenth, eighteenth)
        why = "Looked after now but not yet for 13 weeks since the 14th birthday"
        return answer(Category.NONE, why, projected=projected)
    if age < 18:
        if eligible_from and left_care_on and eligible_from < left_care_on:
            if returned_home:
                return answer(Category.NONE, f"Returned home on {left_care_on:%d %b %Y} and has lived there six months")
            return answer(
                Category.RELEVANT,
                f"Left care on {left_care_on:%d %b %Y}, eligible immediately before leaving",
                duties_end=birthday(date_of_birth, 25 if extended_to_25 else 21),
            )
        return _qualifying_or_none(answer, spans, sixteenth, date_of_birth)

    # 18 and over: former relevant if eligible or relevant at 18 (in care on the 18th birthday counts as eligible).
    was_eligible = eligible_from is not None and eligible_from < eighteenth
    home_before_18 = last is not None and _returned_home_for_six_months(last, eighteenth - dt.timedelta(days=1))
    if was_eligible and not home_before_18:
        end_age = 25 if extended_to_25 else 21
        duties_end = birthday(date_of_birth, end_age)
        if as_of < duties_end:
            why = "Eligible or relevant at 18"
            if extended_to_25:
                why += "; support continues to 25 (in education or training, or asked for a personal adviser)"
            return answer(Category.FORMER_RELEVANT, why, duties_end=duties_end)
        return answer(
            Category.NONE,
            "Former relevant until 21: support continues to 25 only when in education or training "
            "or when the young person asks for a personal adviser",
        )
    if age < 21:
        return _qualifying_or_none(answer, spans, sixteenth, date_of_birth)
    return answer(Category.NONE, "Not eligible or relevant at 18, and qualifying support ends at 21")


def _qualifying_or_none(answer, spans, sixteenth: dt.date, date_of_birth: dt.date) -> Eligibility:
    duties_end = birthday(date_of_birth, 21)
    if any(s.end is None or s.end > sixteenth for s in _counted(spans)):
        return answer(
            Category.QUALIFYING,
            "Looked after after the 16th birthday, but not for 13 weeks since 14",
            duties_end=duties_end,
        )
    if _left_under_sgo(spans):
        return answer(Category.QUALIFYING, "Left care under a special guardianship order", duties_end=duties_end)
    return answer(Category.NONE, "Not looked after since the 16th birthday")


def _left_under_sgo(spans: list[CareSpan]) -> bool:
    return any(s.end_reason in SPECIAL_GUARDIANSHIP_REASONS for s in spans)


def _returned_home_for_six_months(last: CareSpan | None, as_of: dt.date) -> bool:
    return bool(last and last.end_reason in RETURNED_HOME_REASONS and last.end + relativedelta(months=6) <= as_of)


def _projected_eligible_day(counted, since_14: int, as_of, sixteenth, eighteenth) -> dt.date | None:
    """If the child stays looked after: the day 13 weeks since 14 is reached (not before the 16th birthday)."""
    day = max(sixteenth, as_of + dt.timedelta(days=max(1, THIRTEEN_WEEKS - since_14)))
    current = next(s for s in counted if s.covers(as_of))
    if current.end is not None and day >= current.end:
        return None
    return day if day < eighteenth else None
