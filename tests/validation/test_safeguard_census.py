"""A CIN census built by Safeguard from a generated authority has no error findings."""

import datetime as dt

import polars as pl
import pytest

from safeguard.returns.cin_census import cin_census_build
from safeguard.returns.years import CollectionYear
from safeguard.synthetic.generator import generate_authority
from safeguard.validation.cin.reader import read_census
from safeguard.validation.cin.rulesets import rule_set
from safeguard.validation.engine import run

YEAR = CollectionYear(2025)


@pytest.mark.django_db
def test_a_census_built_from_generated_data_has_no_errors():
    generate_authority(population=400, years=2, seed=61, as_of=dt.date(2026, 4, 1))
    xml = cin_census_build(year=YEAR, generated_at=dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC))
    frames = read_census(xml, period_end=YEAR.end)
    assert frames["ChildIdentifiers"].select(pl.len()).collect().item() > 20  # a real return, not an empty one

    findings = run(rule_set("2025-26"), frames)

    errors = findings.filter(pl.col("severity") == "error")
    assert errors.height == 0, errors.group_by("code", "message").len().sort("code").rows()
