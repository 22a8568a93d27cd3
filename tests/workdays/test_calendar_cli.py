"""`safeguard calendar ...`, called as Django calls it (call_command) with the test database."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.workdays import calendar, deadlines, services
from safeguard.workdays.models import CalendarOverride

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_caches():
    calendar.invalidate()
    deadlines.invalidate_rules()
    yield
    calendar.invalidate()
    deadlines.invalidate_rules()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue().strip()


def test_add_working_days_over_christmas_2026():
    assert run("add-working-days", "2026-12-24", "1") == "2026-12-29"


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [("2026-01-09", "1", "2026-01-12"), ("2026-01-10", "0", "2026-01-10"), ("2026-12-29", "-1", "2026-12-24")],
)
def test_add_working_days(start, days, expected):
    assert run("add-working-days", start, days) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [("2026-12-24", "2027-01-04", 4), ("2026-01-09", "2026-01-12", 1), ("2026-12-29", "2026-12-18", -5)],
)
def test_working_days_between_prints_an_integer(start, end, expected):
    output = run("working-days-between", start, end)
    assert output == str(expected)
    assert int(output) == expected


def test_is_working_day():
    assert run("is-working-day", "2026-12-29") == "yes"
    assert run("is-working-day", "2026-12-28") == "no: Boxing Day (observed)"
    assert run("is-working-day", "2026-01-10") == "no: Saturday"


def test_holidays_lists_weekday_bank_holidays_and_overrides():
    services.calendar_override_set(
        date=dt.date(2026, 12, 29), kind=CalendarOverride.Kind.LOCAL_CLOSURE, description="Office closed"
    )
    services.calendar_override_set(
        date=dt.date(2026, 5, 4), kind=CalendarOverride.Kind.WORKING_DAY, description="May Day worked"
    )
    lines = run("holidays", "--year", "2026").splitlines()
    dates = [line.split()[0] for line in lines]
    assert dates == [
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-25",
        "2026-08-31",
        "2026-12-25",
        "2026-12-28",
        "2026-12-29",
        "2026-05-04",
    ]
    assert "Boxing Day (observed)" in lines[6]
    assert "Office closed (local override)" in lines[7]
    assert "working day" in lines[8]
    # The override also reaches the arithmetic.
    assert run("add-working-days", "2026-12-24", "1") == "2026-12-30"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add-working-days", "2026-13-01", "1"), "not a real date"),
        (("add-working-days", "24/12/2026", "1"), "YYYY-MM-DD"),
        (("add-working-days", "2026-12-24", "one"), "invalid int value"),
        (("add-working-days", "2060-12-30", "5"), "outside the supported calendar"),
        (("add-working-days", "1980-01-01", "1"), "outside the supported calendar"),
        (("working-days-between", "2026-12-24", "2099-01-01"), "outside the supported calendar"),
        (("working-days-between", "2026-12-24"), "required"),
        (("is-working-day", "2070-01-01"), "outside the supported calendar"),
        (("holidays", "--year", "1800"), "outside the supported calendar"),
        (("no-such-action",), "invalid choice"),
        ((), "required"),
    ],
)
def test_bad_input_raises_command_error(args, message):
    with pytest.raises(CommandError, match=message) as caught:
        run(*args)
    assert "\n" not in str(caught.value)
