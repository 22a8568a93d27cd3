"""What the generator's stages share: arguments, time frame, rules, the plan, and what earlier stages wrote."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from safeguard.workdays.calendar import WorkingDayCalendar, get_calendar
from safeguard.workdays.deadlines import apply_rule, get_rule

from .calibration import BIG_CITY_CHILDREN
from .postcodes import FictionalGeography, GazetteerGeography
from .records import AuthorityPlan
from .sampling import stage_rng


@dataclass
class GenerationContext:
    population: int
    years: int
    seed: int
    as_of: dt.date
    plan: AuthorityPlan = field(default_factory=AuthorityPlan)
    import_user: object = None  # accounts.User "synthetic-import", set by the workforce stage
    teams: dict[str, list] = field(default_factory=dict)  # service -> [workforce.Team]
    workers: list = field(default_factory=list)  # every workforce.Worker written, leavers included
    allocations: list = field(default_factory=list)  # AllocationRecords, set by the allocations stage
    care: list = field(default_factory=list)  # entrants' periods of care (lac._Story), set by the care plan stage
    care_stock: list = field(default_factory=list)  # in care before the window, and arrivals (written by lac)
    # Where homes and placements are: invented NB postcodes, or a gazetteer's (synthetic.postcodes)
    geography: FictionalGeography | GazetteerGeography = field(default_factory=FictionalGeography)

    def __post_init__(self) -> None:
        self.start = self.as_of - relativedelta(years=self.years)
        self.tz = timezone.get_default_timezone()
        # Everything generated happened before as-of began: as-of is "today", nothing has happened yet.
        self.horizon = dt.datetime.combine(self.as_of, dt.time(), tzinfo=self.tz)
        self.calendar: WorkingDayCalendar = get_calendar()
        self._contact_rule = get_rule("contact-decision")
        self._assessment_rule = get_rule("assessment-completion")
        self._rules: dict = {}

    @property
    def scale(self) -> float:
        """The authority's size relative to the big city the calibration describes."""
        return self.population / BIG_CITY_CHILDREN

    def rng(self, stage: str) -> random.Random:
        return stage_rng(self.seed, stage)

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    def add_working_days(self, day: dt.date, days: int) -> dt.date:
        return self.calendar.add_working_days(day, days)

    def contact_decision_due(self, day: dt.date) -> dt.date:
        return apply_rule(self._contact_rule, day)

    def assessment_due(self, referral_date: dt.date) -> dt.date:
        return apply_rule(self._assessment_rule, referral_date)

    def rule(self, code: str):
        if code not in self._rules:
            self._rules[code] = get_rule(code)
        return self._rules[code]

    def due(self, code: str, anchor: dt.date, amount: int | None = None) -> dt.date:
        """The rule table's deadline for `code` from `anchor` (`amount`: a record's own interval)."""
        return apply_rule(self.rule(code), anchor, amount=amount)


@dataclass(frozen=True)
class StageReport:
    name: str
    seconds: float
    counts: dict[str, int]

    def describe(self) -> str:
        counts = ", ".join(f"{value:,} {key}" for key, value in self.counts.items())
        return f"{self.name:<12} {self.seconds:7.1f} s  {counts}"


@dataclass
class GenerationSummary:
    population: int
    years: int
    seed: int
    as_of: dt.date
    stages: list[StageReport] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        """Every count reported by every stage (rows written per table, plus a few indicators)."""
        return {key: value for stage in self.stages for key, value in stage.counts.items()}


Stage = tuple[str, Callable[[GenerationContext], dict[str, int]]]
Progress = Callable[[StageReport], None]
