"""The validation engine: declarative rules over columnar (Polars) frames, grouped in rule sets by year.

A `Rule` names its code, message, severity (error or query), the table whose rows it reports and the fields it
concerns; its `check` takes the `Frames` of one return and gives back a lazy frame of the failing rows of that
table (a `row` column: the row's position in the table). Return-level rules (percentages over the whole return)
give back one row per finding with no `row`. `run` builds every rule's plan on the same lazy frames and collects
them together, so Polars shares the scans and joins between rules and uses every core.

A `RuleSet` is one collection year's rules; the next year is `previous.derive(...)` with the rules it adds,
changes (same code, new definition) and removes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

Severity = Literal["error", "query"]

FINDING_COLUMNS = ["child", "code", "severity", "table", "fields", "location", "message"]


@dataclass(frozen=True)
class Frames:
    """One return as lazy frames per table, plus what rules need to know about the collection."""

    tables: Mapping[str, pl.LazyFrame]
    period_start: dt.date
    period_end: dt.date  # the reference date
    previous: Frames | None = None  # last year's return (SSDA903 `--previous`)
    child_key: str = "LAchildID"
    # (column, label) of the identifier columns a table may carry; a finding's location is built from those the
    # reported table has, e.g. "CINdetails 2 / Assessments 1".
    locations: tuple[tuple[str, str], ...] = ()

    def __getitem__(self, name: str) -> pl.LazyFrame:
        return self.tables[name]


Check = Callable[[Frames], pl.LazyFrame]


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    table: str  # the table whose rows are reported
    fields: tuple[str, ...]
    check: Check = field(compare=False)
    severity: Severity = "error"
    return_level: bool = False  # a finding about the whole return, not a child

    def plan(self, frames: Frames) -> pl.LazyFrame:
        """The rule's findings as a lazy frame in FINDING_COLUMNS."""
        failing = self.check(frames)
        constants = [
            pl.lit(self.code).alias("code"),
            pl.lit(self.severity).alias("severity"),
            pl.lit(self.table).alias("table"),
            pl.lit(", ".join(self.fields)).alias("fields"),
            pl.lit(self.message).alias("message"),
        ]
        if self.return_level:
            # with_columns, not select: literals alone would make one row even when nothing failed
            return failing.with_columns(
                pl.lit(None, dtype=pl.String).alias("child"), *constants, pl.lit("").alias("location")
            ).select(FINDING_COLUMNS)
        table = frames[self.table]
        names = table.collect_schema().names()
        labels = dict(frames.locations)
        keys = [name for name in labels if name in names]
        child = pl.col(frames.child_key) if frames.child_key in names else pl.lit(None, dtype=pl.String)
        location = (
            pl.concat_str(
                [pl.lit(f"{labels[name]} ") + pl.col(name).cast(pl.String) for name in keys],
                separator=" / ",
                ignore_nulls=True,
            )
            if keys
            else pl.lit("")
        )
        rows = failing.select("row").unique()
        return (
            rows.join(table.select("row", child.alias("child"), *keys), on="row", how="inner")
            .sort("row")
            .select("child", *constants, location.alias("location"))
            .select(FINDING_COLUMNS)
        )


def rule(
    code: str,
    message: str,
    *,
    table: str,
    fields: Iterable[str],
    severity: Severity | None = None,
    return_level: bool = False,
) -> Callable[[Check], Rule]:
    """Decorator: turn a check function into a Rule. A code ending in Q is a query unless told otherwise."""

    def wrap(check: Check) -> Rule:
        kind: Severity = severity or ("query" if code.endswith("Q") else "error")
        return Rule(code, message.strip(), table, tuple(fields), check, kind, return_level)

    return wrap


def rules_in(*modules) -> list[Rule]:
    """Every Rule defined at module level in `modules` (a year's rules are spread over small modules)."""
    found = []
    for module in modules:
        found.extend(value for value in vars(module).values() if isinstance(value, Rule))
    return found


class RuleSet:
    """The rules of one collection year, keyed by code."""

    def __init__(self, label: str, rules: Iterable[Rule]) -> None:
        self.label = label
        self.rules: dict[str, Rule] = {}
        for item in rules:
            if item.code in self.rules:
                raise ValueError(f"rule {item.code} is defined twice in {label}")
            self.rules[item.code] = item

    def derive(
        self, label: str, *, added: Iterable[Rule] = (), changed: Iterable[Rule] = (), removed: Iterable[str] = ()
    ) -> RuleSet:
        """Next year's set: this one plus new rules, with changed rules replaced and removed codes dropped."""
        rules = dict(self.rules)
        for code in removed:
            del rules[code]
        for item in changed:
            if item.code not in rules:
                raise ValueError(f"rule {item.code} is changed in {label} but not in {self.label}")
            rules[item.code] = item
        derived = RuleSet(label, rules.values())
        for item in added:
            if item.code in derived.rules:
                raise ValueError(f"rule {item.code} is added in {label} but already in {self.label}")
            derived.rules[item.code] = item
        return derived

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda item: sort_key(item.code)))

    def __len__(self) -> int:
        return len(self.rules)

    def __getitem__(self, code: str) -> Rule:
        return self.rules[code]

    def only(self, codes: Iterable[str]) -> RuleSet:
        return RuleSet(self.label, (self.rules[code] for code in codes))


def sort_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 0, code)


def empty_findings() -> pl.DataFrame:
    return pl.DataFrame(schema={name: pl.String for name in FINDING_COLUMNS})


def run(rules: RuleSet | Iterable[Rule], frames: Frames) -> pl.DataFrame:
    """Every finding of every rule: one row each, ordered by rule code then position in the file."""
    plans = [item.plan(frames) for item in rules]
    if not plans:
        return empty_findings()
    results = pl.collect_all(plans)
    findings = pl.concat([empty_findings(), *results], how="vertical_relaxed")
    return findings
