"""Reads about adoption and permanence: a child's journeys and timeline, the adoption scorecard measures (A1, A2,
A3) and prospective adopters.

A1 (DfE adoption scorecard; A10 in the later scorecards): days from the child entering care (the start of the period
of care in which they were adopted) to moving in with the family who adopt them; for fostering for adoption,
concurrent planning and foster-carer adoptions the day the child moved in with those carers. A2: days from the
placement order to the match. Both are averaged over the children adopted in the years measured (3 years on the
scorecard) and compared with thresholds held as rule rows (`adoption-a1-threshold`, `adoption-a2-threshold`) so an
authority can set its own. A3: % of those children who moved in within the A1 threshold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, QuerySet

from safeguard.people.models import Person
from safeguard.workdays.deadlines import get_rule

from .models import Adopter, AdoptionJourney

OPEN = Q(adoption_order_date__isnull=True, reversed_date__isnull=True)


def journeys_for(child: Person) -> QuerySet[AdoptionJourney]:
    return AdoptionJourney.objects.filter(child=child).select_related("period", "adopter").order_by("-decision_date")


def open_journeys() -> QuerySet[AdoptionJourney]:
    return AdoptionJourney.objects.filter(OPEN)


def current_journey(child: Person) -> AdoptionJourney | None:
    """The child's open journey, else their most recent one."""
    journeys = list(journeys_for(child)[:5])
    return next((j for j in journeys if j.is_open), journeys[0] if journeys else None)


# --- Scorecard measures -------------------------------------------------------------------------------


def a1_threshold() -> int:
    return get_rule("adoption-a1-threshold").amount


def a2_threshold() -> int:
    return get_rule("adoption-a2-threshold").amount


def a1_days(journey: AdoptionJourney) -> int | None:
    """Days from entering care to moving in with the adopters; None until the child has moved in."""
    moved_in = journey.moved_in_date
    if moved_in is None:
        return None
    return (moved_in - journey.period.start_date).days


def a2_days(journey: AdoptionJourney) -> int | None:
    """Days from the placement order to the match; None without both (consent-only placements have no A2)."""
    if journey.placement_order_date is None or journey.match_date is None:
        return None
    return (journey.match_date - journey.placement_order_date).days


@dataclass(frozen=True)
class Measures:
    """A1/A2/A3 over a set of adopted children."""

    start: dt.date
    end: dt.date
    adopted: int
    a1_average: float | None
    a1_count: int
    a2_average: float | None
    a2_count: int
    a3_percent: float | None
    a1_threshold: int
    a2_threshold: int

    @property
    def a1_met(self) -> bool | None:
        return None if self.a1_average is None else self.a1_average <= self.a1_threshold

    @property
    def a2_met(self) -> bool | None:
        return None if self.a2_average is None else self.a2_average <= self.a2_threshold

    @property
    def label(self) -> str:
        if self.end.month == 3 and self.end.day == 31 and self.start == dt.date(self.end.year - 1, 4, 1):
            return f"{self.start.year}-{self.end.year % 100:02d}"
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"


@dataclass(frozen=True)
class Scorecard:
    overall: Measures
    years: list[Measures] = field(default_factory=list)


def adopted_between(start: dt.date, end: dt.date) -> QuerySet[AdoptionJourney]:
    return AdoptionJourney.objects.filter(adoption_order_date__range=(start, end)).select_related("period")


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def measures(start: dt.date, end: dt.date, *, journeys=None) -> Measures:
    journeys = list(adopted_between(start, end)) if journeys is None else journeys
    a1 = [d for d in (a1_days(j) for j in journeys) if d is not None]
    a2 = [d for d in (a2_days(j) for j in journeys) if d is not None]
    limit_a1, limit_a2 = a1_threshold(), a2_threshold()
    within = sum(1 for d in a1 if d <= limit_a1)
    return Measures(
        start=start,
        end=end,
        adopted=len(journeys),
        a1_average=_average(a1),
        a1_count=len(a1),
        a2_average=_average(a2),
        a2_count=len(a2),
        a3_percent=round(100 * within / len(a1), 1) if a1 else None,
        a1_threshold=limit_a1,
        a2_threshold=limit_a2,
    )


def financial_year_end(day: dt.date) -> dt.date:
    """31 March ending the financial year that contains `day`."""
    return dt.date(day.year + (1 if day.month > 3 else 0), 3, 31)


def last_complete_year_end(today: dt.date) -> dt.date:
    end = financial_year_end(today)
    return end if end < today else dt.date(end.year - 1, 3, 31)


def scorecard(start: dt.date, end: dt.date) -> Scorecard:
    """The measures over [start, end] (the scorecard uses 3 years) and for each financial year in it."""
    journeys = list(adopted_between(start, end))
    years = []
    year_end = financial_year_end(start)
    while True:
        year_start = max(start, dt.date(year_end.year - 1, 4, 1))
        upto = min(end, year_end)
        in_year = [j for j in journeys if year_start <= j.adoption_order_date <= upto]
        years.append(measures(year_start, upto, journeys=in_year))
        if year_end >= end:
            break
        year_end = dt.date(year_end.year + 1, 3, 31)
    return Scorecard(overall=measures(start, end, journeys=journeys), years=years)


def three_years_to(end: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(end.year - 3, end.month, end.day) + dt.timedelta(days=1), end


# --- The child's timeline --------------------------------------------------------------------------


def timeline(journey: AdoptionJourney) -> list[tuple[dt.date, str]]:
    """Every recorded step of the journey, in date order (reviews and visits are listed separately)."""
    steps = [
        (journey.period.start_date, "Entered care"),
        (journey.decision_date, "Decision that the child should be placed for adoption"),
        (journey.placement_order_date, "Placement order"),
        (journey.consent_date, "Parents consented to placement"),
        (journey.early_permanence_placed_date, f"{journey.get_early_permanence_display()}: moved in with the carers"),
        (journey.match_date, "Matched with prospective adopters"),
        (journey.placed_date, "Placed for adoption"),
        (journey.adoption_order_date, "Adoption order"),
        (journey.reversed_date, "Decided the child should no longer be placed for adoption"),
    ]
    for disruption in journey.disruptions.all():
        ended = f"Placement with the prospective adopters ended: {disruption.get_reason_display().lower()}"
        steps.append((disruption.disrupted_on, ended))
        if disruption.outcome == disruption.Outcome.CONTINUE:  # else the journey still shows these dates itself
            steps += [
                (disruption.early_permanence_placed_date, "Early permanence: moved in with carers (later ended)"),
                (disruption.match_date, "Matched with prospective adopters (later ended)"),
                (disruption.placed_date, "Placed for adoption (later ended)"),
            ]
    return sorted(((day, label) for day, label in steps if day), key=lambda step: step[0])


# --- Prospective adopters --------------------------------------------------------------------------


def adopters() -> QuerySet[Adopter]:
    """Households with what their children's journeys say (Annex A list 11: matched, placed, order, how many)."""
    return Adopter.objects.annotate(
        matched_on=Min("journeys__match_date"),
        placed_on=Min("journeys__placed_date"),
        adoption_order_on=Max("journeys__adoption_order_date"),
        children_placed=Count("journeys", filter=Q(journeys__placed_date__isnull=False)),
    )


def approved_adopters_available(on: dt.date) -> QuerySet[Adopter]:
    """Approved households still in the process: the choices for a match."""
    return Adopter.objects.filter(approved_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
