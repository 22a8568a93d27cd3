"""The statutory schedules for a looked-after child, as pure functions of the child's records.

Nothing here reads the database or the clock: callers pass the facts (the period's start, the reviews held, the
placements, the visits at which the child was seen, the date of birth) and a `due(rule_code, anchor)` function,
normally `safeguard.workdays.deadlines.due_date`, so every interval comes from the rule table and a change to a rule
or to the working-day calendar changes the answers. Each answer names the rule and anchor it used, so the stored
dates can be re-derived (see deadlines.py).

Reviews, The Care Planning, Placement and Case Review (England) Regulations 2010 (CPPCR), regulation 33:
  the first review within 20 working days of the day the child became looked after; the second within 3 months of
  the first; later reviews at most 6 months after the previous one.

Social worker visits, CPPCR 2010 regulation 28:
  - within 1 week of the start of ANY placement (a move restarts the clock);
  - then at intervals of not more than 6 weeks for the first year of that placement;
  - after the first year: at most every 3 months where the placement is intended to last until the child is 18,
    otherwise at most every 6 weeks;
  - a long-term foster placement (SSDA903 U1/U4) after its first year, where the child (of sufficient age and
    understanding) agrees: at most every 6 months;
  - placed with a parent before the assessment is complete (P1) or with a connected person under temporary approval
    (U1-U3): at least weekly until the first review, then at most every 4-6 weeks (a local choice, 6 by default).
A visit counts when the child was seen. A visit on the due date is in time. Nothing is due on or after the child's
18th birthday: they stop being looked after then (the care period ends and the leaving-care duties take over).

IRO contact with the child, CPPCR 2010 regulation 36 and the IRO Handbook (2010):
  the IRO speaks to the child before each review (reg 36), and keeps in touch between reviews at an interval the
  regulations leave to the authority (rule `lac-iro-contact`, locally configurable). So the next contact is due by
  the earlier of that interval after the latest contact (or after becoming looked after) and the next review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Due = Callable[[str, dt.date], dt.date]

# Rule codes (rows of workdays.DeadlineRule seeded by migrations/0002_carereviews_rules.py).
REVIEW_FIRST = "lac-review-first"
REVIEW_SECOND = "lac-review-second"
REVIEW_LATER = "lac-review-later"
VISIT_FIRST = "lac-visit-first"
VISIT_FIRST_YEAR = "lac-visit-first-year"
VISIT_INTENDED_UNTIL_18 = "lac-visit-until-18"
VISIT_AFTER_FIRST_YEAR = "lac-visit-after-first-year"
VISIT_LONG_TERM_FOSTER = "lac-visit-long-term-foster"
VISIT_WEEKLY = "lac-visit-weekly"
VISIT_AFTER_FIRST_REVIEW = "lac-visit-after-first-review"
IRO_CONTACT = "lac-iro-contact"

REVIEW_RULES = (REVIEW_FIRST, REVIEW_SECOND, REVIEW_LATER)
VISIT_RULES = (
    VISIT_FIRST,
    VISIT_FIRST_YEAR,
    VISIT_INTENDED_UNTIL_18,
    VISIT_AFTER_FIRST_YEAR,
    VISIT_LONG_TERM_FOSTER,
    VISIT_WEEKLY,
    VISIT_AFTER_FIRST_REVIEW,
)
# The IRO contact is due by its own interval or by the next review, whichever is earlier: either rule may set it.
IRO_CONTACT_RULES = (IRO_CONTACT, *REVIEW_RULES)

# SSDA903 PLACE codes with their own visiting regime.
PLACED_WITH_PARENTS = frozenset({"P1"})
CONNECTED_PERSON = frozenset({"U1", "U2", "U3"})
LONG_TERM_FOSTER = frozenset({"U1", "U4"})


@dataclass(frozen=True)
class Deadline:
    """A derived due date and how it was derived (the rule and the date it counts from)."""

    rule_code: str
    anchor: dt.date
    due: dt.date


@dataclass(frozen=True)
class PlacementFacts:
    start_date: dt.date
    placement_type: str
    intended_until_18: bool = False
    end_date: dt.date | None = None


@dataclass(frozen=True)
class VisitFacts:
    visit_date: dt.date
    child_seen: bool = True
    # The child agreed to visits at most every 6 months (long-term foster placements, after the first year).
    child_agrees_six_monthly: bool = False


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year (as relativedelta does).

    Plain date arithmetic because the synthetic generator calls this for every visit it plans."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def eighteenth_birthday(date_of_birth: dt.date | None) -> dt.date | None:
    # 29 February becomes 28 February in a common year, a day early, which is the safe side.
    return add_years(date_of_birth, 18) if date_of_birth else None


def due_before_18(due: dt.date, date_of_birth: dt.date | None) -> bool:
    """Whether a due date still falls while the child can be looked after (before the 18th birthday)."""
    adult_on = eighteenth_birthday(date_of_birth)
    return adult_on is None or due < adult_on


def _before_18(deadline: Deadline, date_of_birth: dt.date | None) -> Deadline | None:
    return deadline if due_before_18(deadline.due, date_of_birth) else None


def next_review(
    *, became_looked_after: dt.date, reviews_held: Iterable[dt.date], due: Due, date_of_birth: dt.date | None = None
) -> Deadline | None:
    """The next looked-after review (CPPCR reg 33): first, second, then six-monthly from the latest."""
    held = sorted(reviews_held)
    if not held:
        rule, anchor = REVIEW_FIRST, became_looked_after
    elif len(held) == 1:
        rule, anchor = REVIEW_SECOND, held[0]
    else:
        rule, anchor = REVIEW_LATER, held[-1]
    return _before_18(Deadline(rule, anchor, due(rule, anchor)), date_of_birth)


def current_placement(placements: Sequence[PlacementFacts], on: dt.date | None = None) -> PlacementFacts | None:
    """The placement the visits count against: the latest to start (on or before `on` when given)."""
    started = [p for p in placements if on is None or p.start_date <= on]
    return max(started, key=lambda p: p.start_date, default=None)


def _visit_rule(placement: PlacementFacts, last: VisitFacts, first_review: dt.date | None) -> str:
    special = placement.placement_type in PLACED_WITH_PARENTS | CONNECTED_PERSON
    if special and (first_review is None or first_review > last.visit_date):
        return VISIT_WEEKLY
    if last.visit_date < add_years(placement.start_date, 1):
        return VISIT_FIRST_YEAR
    if placement.placement_type in LONG_TERM_FOSTER and last.child_agrees_six_monthly:
        return VISIT_LONG_TERM_FOSTER
    if placement.intended_until_18:
        return VISIT_INTENDED_UNTIL_18
    if special:
        return VISIT_AFTER_FIRST_REVIEW
    return VISIT_AFTER_FIRST_YEAR


def next_visit(
    *,
    placements: Sequence[PlacementFacts],
    visits: Iterable[VisitFacts],
    first_review: dt.date | None,
    due: Due,
    date_of_birth: dt.date | None = None,
) -> Deadline | None:
    """The next regulation 28 visit for the current placement, or None when nothing is due (no placement, or 18).

    Only visits at which the child was seen, on or after the current placement started, count: a move restarts
    the one-week clock. The regime is chosen by the latest such visit (its date against the placement's first
    anniversary and the first review).
    """
    placement = current_placement(placements)
    if placement is None or placement.end_date is not None:
        return None
    seen = [v for v in visits if v.child_seen and v.visit_date >= placement.start_date]
    if not seen:
        deadline = Deadline(VISIT_FIRST, placement.start_date, due(VISIT_FIRST, placement.start_date))
    else:
        last = max(seen, key=lambda v: v.visit_date)
        rule = _visit_rule(placement, last, first_review)
        deadline = Deadline(rule, last.visit_date, due(rule, last.visit_date))
    return _before_18(deadline, date_of_birth)


def next_iro_contact(
    *,
    became_looked_after: dt.date,
    contacts: Iterable[dt.date],
    next_review_due: Deadline | None,
    due: Due,
    date_of_birth: dt.date | None = None,
) -> Deadline | None:
    """The IRO's next contact with the child: the local interval after the latest contact in this period (or after
    becoming looked after), but no later than the next review (reg 36: the IRO speaks to the child before it)."""
    anchor = max(contacts, default=became_looked_after)
    deadline = Deadline(IRO_CONTACT, anchor, due(IRO_CONTACT, anchor))
    if next_review_due is not None and next_review_due.due < deadline.due:
        deadline = next_review_due
    return _before_18(deadline, date_of_birth)


def visit_in_time(visit_date: dt.date, deadline: Deadline | None) -> bool:
    """A visit on the due date is in time."""
    return deadline is None or visit_date <= deadline.due
