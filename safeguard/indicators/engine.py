"""The indicator engine: what an indicator is, the scope and period it is computed for, and its result.

An `Indicator` is registered once (definitions/*.py) with its exact definition as users read it, and a
`compute(ctx)` function that reads the stored records as they stood on the as-of date (only dates on or before
it) in a few set-based queries, and returns a `Result`: value, numerator, denominator, unit, and the children
behind the numerator and the rest of the denominator, so every number drills down to a list of children.

Scope (docs/indicators.md): the whole authority, a team or a worker. A child belongs to a team or a worker's
scope when they hold a key-worker allocation to that team or worker on the as-of date (allocations run from
their start date up to, not including, their end date: a reallocation's day belongs to the new worker).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet

from safeguard.workforce.models import Allocation, Team, Worker


class Unit(StrEnum):
    PERCENT = "percent"
    RATE = "rate"  # per 10,000 children aged 0-17
    COUNT = "count"
    DAYS = "days"


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    NEITHER = "neither"  # a volume: context, not a target


# ---------------------------------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """Whom an indicator counts: the authority, a team's or a worker's children (allocation on the as-of date)."""

    kind: str  # "authority" | "team" | "worker"
    team: Team | None = None
    worker: Worker | None = None

    @classmethod
    def authority(cls) -> Scope:
        return cls("authority")

    @classmethod
    def for_team(cls, team: Team) -> Scope:
        return cls("team", team=team)

    @classmethod
    def for_worker(cls, worker: Worker) -> Scope:
        return cls("worker", worker=worker)

    @property
    def is_authority(self) -> bool:
        return self.kind == "authority"

    @property
    def label(self) -> str:
        if self.kind == "team":
            return f"Team: {self.team}"
        if self.kind == "worker":
            return f"Worker: {self.worker}"
        return "Whole authority"

    @property
    def param(self) -> str:
        """The scope as written in a URL: authority, team-<id> or worker-<id>."""
        if self.kind == "team":
            return f"team-{self.team.pk}"
        if self.kind == "worker":
            return f"worker-{self.worker.pk}"
        return "authority"

    def allocations(self, as_of: dt.date) -> QuerySet[Allocation]:
        """Key-worker allocations to this team or worker in force on `as_of`."""
        current = Allocation.objects.filter(kind=Allocation.Kind.KEY_WORKER, start_date__lte=as_of).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=as_of)
        )
        if self.kind == "team":
            return current.filter(team=self.team)
        if self.kind == "worker":
            return current.filter(worker=self.worker)
        return current

    def restrict(self, queryset: QuerySet, as_of: dt.date, *, child_field: str = "child") -> QuerySet:
        """`queryset` limited to the children in scope on `as_of` (one subquery; nothing for the authority)."""
        if self.is_authority:
            return queryset
        return queryset.filter(**{f"{child_field}__in": self.allocations(as_of).values("child_id")})


# --------------------------------------------------------------------------------------------------- period


@dataclass(frozen=True)
class Period:
    """A run of days, both ends included."""

    start: dt.date
    end: dt.date

    @classmethod
    def months_ending(cls, as_of: dt.date, months: int = 12) -> Period:
        """The `months` calendar months ending on `as_of`: 12 months to 31 March 2026 start on 1 April 2025."""
        return cls(as_of - relativedelta(months=months) + dt.timedelta(days=1), as_of)

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"


# ---------------------------------------------------------------------------------------------- definitions


@dataclass(frozen=True)
class Context:
    """What a compute function gets: the scope, the as-of date and the default period (12 months to it)."""

    scope: Scope
    as_of: dt.date
    period: Period

    def restrict(self, queryset: QuerySet, *, child_field: str = "child") -> QuerySet:
        return self.scope.restrict(queryset, self.as_of, child_field=child_field)

    @cached_property
    def population(self) -> int | None:
        """Children aged 0-17 in the authority: the latest mid-year estimate for a year up to the as-of year."""
        from .models import ChildPopulation

        row = ChildPopulation.objects.filter(year__lte=self.as_of.year).order_by("-year").first()
        return row.children if row else None


@dataclass(frozen=True)
class Indicator:
    key: str  # slug used in URLs and the command's JSON
    number: str  # the number in the reference list (indicators.md), with a letter for each part
    title: str
    unit: Unit
    direction: Direction
    definition: str  # exactly what is counted, as shown to users
    period: str  # the period semantics, as shown to users
    compute: Callable[[Context], Result] = field(repr=False)
    section: str = ""
    counted_label: str = "Counted"  # the children behind the numerator
    other_label: str = "Not counted"  # the children behind the rest of the denominator

    def result(self, *, scope: Scope, as_of: dt.date) -> Result:
        ctx = Context(scope=scope, as_of=as_of, period=Period.months_ending(as_of))
        return self.compute(ctx).bind(self, ctx)


@dataclass(frozen=True)
class Result:
    value: float | None
    numerator: int | None
    denominator: int | None = None
    counted_ids: frozenset[int] = frozenset()
    other_ids: frozenset[int] = frozenset()
    details: tuple[tuple[str, str], ...] = ()
    note: str = ""
    indicator: Indicator | None = None
    context: Context | None = None

    def bind(self, indicator: Indicator, ctx: Context) -> Result:
        return Result(
            value=self.value,
            numerator=self.numerator,
            denominator=self.denominator,
            counted_ids=self.counted_ids,
            other_ids=self.other_ids,
            details=self.details,
            note=self.note,
            indicator=indicator,
            context=ctx,
        )

    @property
    def unit(self) -> Unit:
        return self.indicator.unit

    @property
    def display(self) -> str:
        if self.value is None:
            return "–"
        match self.indicator.unit:
            case Unit.PERCENT:
                return f"{self.value:.1f}%"
            case Unit.RATE:
                return f"{self.value:.1f}"
            case Unit.DAYS:
                return f"{self.value:g}"
        return f"{self.value:,.0f}"

    def children_ids(self, which: str) -> frozenset[int]:
        return self.other_ids if which == "other" else self.counted_ids

    def as_dict(self) -> dict:
        ind, ctx = self.indicator, self.context
        return {
            "key": ind.key,
            "number": ind.number,
            "title": ind.title,
            "unit": str(ind.unit),
            "direction": str(ind.direction),
            "as_of": ctx.as_of.isoformat(),
            "period": {"start": ctx.period.start.isoformat(), "end": ctx.period.end.isoformat()},
            "scope": ctx.scope.param,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "details": dict(self.details),
            "note": self.note,
            "children_counted": len(self.counted_ids),
            "children_not_counted": len(self.other_ids),
        }


# ----------------------------------------------------------------------------------------- result builders


def percentage(rows: Iterable[tuple[int, bool]], *, details: Iterable[tuple[str, str]] = (), note: str = "") -> Result:
    """A percentage over records: `rows` is one (child id, counted?) pair per record in the denominator."""
    rows = list(rows)
    numerator = sum(1 for _, counted in rows if counted)
    denominator = len(rows)
    return Result(
        value=round(100 * numerator / denominator, 1) if denominator else None,
        numerator=numerator,
        denominator=denominator,
        counted_ids=frozenset(child for child, counted in rows if counted),
        other_ids=frozenset(child for child, counted in rows if not counted),
        details=tuple(details),
        note=note or ("" if denominator else "Nothing to count in the period."),
    )


def tally(rows: Iterable[tuple[int, bool]], *, details: Iterable[tuple[str, str]] = (), note: str = "") -> Result:
    """A count of the records meeting a condition, out of the records that could (rows as for `percentage`)."""
    result = percentage(rows, details=details, note=note)
    return replace(result, value=result.numerator, note=note)


def share(numerator: int, denominator: int) -> str:
    """A percentage for a details line."""
    return f"{100 * numerator / denominator:.1f}% ({numerator} of {denominator})" if denominator else "–"


def count(child_ids: Iterable[int], *, context: Iterable[int] = (), details=(), note: str = "") -> Result:
    """A count of records (one child id per record); `context` names other children shown with it."""
    child_ids = list(child_ids)
    counted = frozenset(child_ids)
    return Result(
        value=len(child_ids),
        numerator=len(child_ids),
        counted_ids=counted,
        other_ids=frozenset(context) - counted,
        details=tuple(details),
        note=note,
    )


def rate(ctx: Context, child_ids: Iterable[int], *, details=()) -> Result:
    """Records per 10,000 children aged 0-17 (authority scope only; a team or worker gets the count alone)."""
    child_ids = list(child_ids)
    number = len(child_ids)
    population = ctx.population if ctx.scope.is_authority else None
    if not ctx.scope.is_authority:
        note = "A rate per 10,000 is for the whole authority; this scope shows the count."
    elif population is None:
        note = "No child population is recorded for this year (admin: Indicators, child population)."
    else:
        note = ""
    return Result(
        value=round(number * 10_000 / population, 1) if population else None,
        numerator=number,
        denominator=population,
        counted_ids=frozenset(child_ids),
        details=tuple(details),
        note=note,
    )


def median(values: list[int | float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def open_on(as_of: dt.date, *, start: str = "start_date", end: str = "end_date") -> Q:
    """Started on or before `as_of` and not ended by it: a record ending on the day is no longer open."""
    return Q(**{f"{start}__lte": as_of}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": as_of}))


def in_period(period: Period, field_name: str) -> Q:
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})
