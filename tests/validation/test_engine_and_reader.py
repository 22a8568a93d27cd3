"""The engine (rule sets by year, findings) and the CIN reader (tables, keys, dates, missing elements)."""

import datetime as dt

import polars as pl
import pytest

from safeguard.validation.cin.codes import working_days_back
from safeguard.validation.cin.reader import read_tables
from safeguard.validation.cin.rulesets import rule_set
from safeguard.validation.engine import RuleSet, rule

from .cin_builder import assessment, census, child, episode, findings, protection_plan, section47


@rule("1", "first", table="T", fields=["a"])
def first(f):
    return f["T"]


@rule("2Q", "second", table="T", fields=["b"])
def second(f):
    return f["T"]


@rule("2Q", "second, changed", table="T", fields=["b"])
def second_changed(f):
    return f["T"]


@rule("3", "third", table="T", fields=["c"])
def third(f):
    return f["T"]


def test_next_years_rule_set_is_the_previous_plus_changes():
    this_year = RuleSet("2025-26", [first, second])
    next_year = this_year.derive("2026-27", added=[third], changed=[second_changed], removed=["1"])
    assert [r.code for r in next_year] == ["2Q", "3"]
    assert next_year["2Q"].message == "second, changed"
    assert [r.code for r in this_year] == ["1", "2Q"]  # unchanged
    assert second.severity == "query" and first.severity == "error"
    with pytest.raises(ValueError, match="already"):
        this_year.derive("2026-27", added=[second_changed])
    with pytest.raises(ValueError, match="not in"):
        this_year.derive("2026-27", changed=[third])


def test_the_2025_26_set_has_every_rule_in_code_order():
    codes = [r.code for r in rule_set("2025-26")]
    assert len(codes) == 109
    assert codes[:3] == ["100", "1103", "1104"] and codes[-1] == "8950Q"


def test_reader_builds_tables_with_parent_keys():
    xml = census(
        child("A", disabilities=["MOB", "HAND"]),
        child("B", episodes=[
            episode(CINreferralDate="2025-04-02"),
            episode(assessments=[assessment(), assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["2A", "3A"]})],
                    protection=[protection_plan("2025-07-01", "2025-09-01")], enquiries=[section47()]),
        ]),
    )  # fmt: skip
    tables = read_tables(xml)
    assert tables["ChildIdentifiers"]["LAchildID"].to_list() == ["A", "B"]
    assert tables["Disabilities"].select("LAchildID", "Disability").rows() == [
        ("A", "MOB"),
        ("A", "HAND"),
        ("B", "NONE"),
    ]
    assert tables["CINdetails"].select("LAchildID", "CINdetailsID").rows() == [("A", 1), ("B", 1), ("B", 2)]
    assert tables["Assessments"].select("LAchildID", "CINdetailsID", "AssessmentID", "FactorCount").rows() == [
        ("A", 1, 1, 1), ("B", 1, 1, 1), ("B", 2, 1, 1), ("B", 2, 2, 2)]  # fmt: skip
    assert tables["AssessmentFactors"].filter(pl.col("AssessmentID") == 2)["AssessmentFactor"].to_list() == ["2A", "3A"]
    assert tables["Reviews"].select("CINdetailsID", "CPPID", "CPPreviewDate").rows() == [
        (2, 1, dt.date(2025, 7, 1)), (2, 1, dt.date(2025, 9, 1))]  # fmt: skip
    assert tables["CINdetails"]["CINreferralDate"][1] == dt.date(2025, 4, 2)
    assert tables["Header"]["ReferenceDate"].to_list() == [dt.date(2026, 3, 31)]
    assert tables["ChildIdentifiers"]["row"].to_list() == [0, 1]


def test_reader_tolerates_missing_optional_elements_and_bad_dates():
    xml = census(child("A", disabilities=None, ethnicity=None, PersonBirthDate="31/12/2020", Sex=None, episodes=[]))
    tables = read_tables(xml)
    row = tables["ChildIdentifiers"].row(0, named=True)
    assert row["PersonBirthDate"] is None and row["Sex"] is None  # not a date: null, as the reference does
    assert tables["ChildCharacteristics"]["Ethnicity"].to_list() == [None]
    assert tables["Disabilities"].height == 0 and tables["CINdetails"].height == 0


@pytest.mark.parametrize(
    "day, days, expected",
    [
        ("2026-03-31", 45, "2026-01-28"),
        ("2026-03-31", 15, "2026-03-11"),
        ("2024-03-31", 45, "2024-01-29"),  # Easter Monday 1 April 2024 is not counted
        ("2024-03-31", 1, "2024-04-02"),  # one working day: rolled forward to the next working day
        ("2026-03-29", 2, "2026-03-27"),
    ],
)
def test_working_days_back_matches_the_reference(day, days, expected):
    assert working_days_back(dt.date.fromisoformat(day), days) == dt.date.fromisoformat(expected)


def test_a_finding_names_the_child_table_and_place_in_the_file():
    late = assessment(AssessmentActualStartDate="2025-06-01")
    xml = census(child("C7", episodes=[episode(), episode(assessments=[assessment(), late])]))
    found = findings(xml, "1103")
    assert found.select("child", "code", "severity", "table", "location").rows() == [
        ("C7", "1103", "error", "Assessments", "CINdetails 2 / Assessments 2")
    ]
