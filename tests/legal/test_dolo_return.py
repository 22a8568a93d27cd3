"""SSDA903 DoLo (2026/27 on) from the deprivation of liberty orders: scope, the reference date, the rule 707
finding, and no table before 2026/27."""

import csv
import datetime as dt
import io

import pytest

from safeguard.returns.ssda903 import ssda903_build, ssda903_files
from safeguard.returns.years import CollectionYear
from tests.factories import PersonFactory
from tests.lac.factories import CarePeriodFactory

from .factories import DoLoFactory

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2026)
D = dt.date


def dolo(year=YEAR) -> list[dict]:
    content = ssda903_files(ssda903_build(year=year))["dolo.csv"].decode()
    return list(csv.DictReader(io.StringIO(content)))


def looked_after(start, end=None):
    child = PersonFactory(date_of_birth=D(2010, 5, 5))
    return CarePeriodFactory(child=child, start_date=start, end_date=end, end_reason="E13" if end else "")


def test_orders_of_looked_after_children_open_in_the_year():
    period = looked_after(D(2025, 1, 6))
    DoLoFactory(child=period.child, period=period, start_date=D(2025, 11, 3), end_date=D(2026, 3, 1))  # ended before
    DoLoFactory(child=period.child, period=period, start_date=D(2026, 3, 9), end_date=D(2026, 8, 14))
    DoLoFactory(child=period.child, period=period, start_date=D(2027, 1, 4), end_date=D(2027, 5, 1))  # ends later
    at_home = PersonFactory()
    DoLoFactory(child=at_home, start_date=D(2026, 6, 1))  # not looked after: not in the SSDA903
    rows = dolo()
    assert rows == [
        {"CHILD": period.child.la_person_id, "DOB": "05/05/2010", "DOLO_START": "09/03/2026", "DOLO_END": "14/08/2026"},
        {"CHILD": period.child.la_person_id, "DOB": "05/05/2010", "DOLO_START": "04/01/2027", "DOLO_END": ""},
    ]


def test_an_order_left_open_after_care_ended_is_a_finding():
    period = looked_after(D(2026, 2, 2), end=D(2026, 10, 30))
    DoLoFactory(child=period.child, period=period, start_date=D(2026, 4, 20))
    built = ssda903_build(year=YEAR)
    assert [(f.table, f.field) for f in built.findings if f.table == "DoLo"] == [("DoLo", "DOLO_END")]
    assert "rule 707" in next(f.message for f in built.findings if f.table == "DoLo")


def test_no_dolo_table_before_2026_27():
    period = looked_after(D(2025, 1, 6))
    DoLoFactory(child=period.child, period=period, start_date=D(2025, 6, 1))
    assert "dolo.csv" not in ssda903_files(ssda903_build(year=CollectionYear(2025)))
