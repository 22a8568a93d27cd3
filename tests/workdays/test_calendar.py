"""Working-day arithmetic: examples at the edges of the England and Wales calendar, then properties.

Pure tests build the calendar directly (no database); override tests go through the services and the
per-process calendar, so they need the database.
"""

import datetime as dt

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.workdays import calendar, deadlines, services
from safeguard.workdays.calendar import WorkingDayCalendar
from safeguard.workdays.models import CalendarOverride

D = dt.date
CAL = WorkingDayCalendar(extra_closed={}, forced_open=set())

settings.register_profile("workdays", max_examples=200, deadline=None)
WORKDAYS = settings.get_profile("workdays")

# The oracle: the England and Wales list straight from the pinned package, and weekday numbers.
BANK_HOLIDAYS = set(holidays.UK(subdiv="ENG", years=range(1990, 2061)))


def brute_is_working(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def brute_add(start: dt.date, n: int) -> dt.date:
    """Step one calendar day at a time from day 0, counting working days until n are passed."""
    day, step, left = start, (1 if n > 0 else -1), abs(n)
    while left:
        day += dt.timedelta(days=step)
        if brute_is_working(day):
            left -= 1
    return day


def brute_between(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b] when b >= a; minus those in [b, a) otherwise (the inverse of brute_add)."""
    if b >= a:
        return sum(brute_is_working(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))
    return -sum(brute_is_working(b + dt.timedelta(days=i)) for i in range((a - b).days))


@pytest.fixture
def fresh_caches():
    """Test transactions roll back without signals, so the per-process caches must not outlive a test."""
    calendar.invalidate()
    deadlines.invalidate_rules()
    yield
    calendar.invalidate()
    deadlines.invalidate_rules()


# --- examples -----------------------------------------------------------------------------------------


def test_friday_plus_one_working_day_is_monday():
    assert CAL.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 12)
    assert CAL.working_days_between(D(2026, 1, 9), D(2026, 1, 12)) == 1


def test_christmas_2026_with_boxing_day_substitute_on_monday_28th():
    assert not CAL.is_working_day(D(2026, 12, 25))
    assert not CAL.is_working_day(D(2026, 12, 28))
    assert "Boxing Day" in CAL.holiday_name(D(2026, 12, 28))
    assert CAL.is_working_day(D(2026, 12, 29))
    # Thursday 24th + 1: Fri 25 (Christmas), Sat, Sun, Mon 28 (substitute) are skipped.
    assert CAL.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    # 29, 30, 31 Dec; Fri 1 Jan is New Year's Day; Mon 4 Jan.
    assert CAL.working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 4


def test_easter_2026():
    assert CAL.holiday_name(D(2026, 4, 3)) == "Good Friday"
    assert CAL.holiday_name(D(2026, 4, 6)) == "Easter Monday"
    assert CAL.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)
    assert CAL.add_working_days(D(2026, 4, 7), -1) == D(2026, 4, 2)
    assert CAL.working_days_between(D(2026, 3, 30), D(2026, 4, 10)) == 7


@pytest.mark.parametrize(
    "day",
    [D(2022, 6, 2), D(2022, 6, 3), D(2022, 9, 19), D(2023, 5, 8)],
    ids=["spring-bank-holiday-moved", "platinum-jubilee", "state-funeral", "coronation"],
)
def test_one_off_bank_holidays_are_not_working_days(day):
    assert day.weekday() < 5
    assert not CAL.is_working_day(day)
    assert CAL.holiday_name(day)


def test_jubilee_weekend_2022():
    # Wed 1 June + 1 = Mon 6 June: Thu 2 (spring bank holiday) and Fri 3 (jubilee) are both holidays.
    assert CAL.add_working_days(D(2022, 6, 1), 1) == D(2022, 6, 6)


def test_weekend_start_plus_one_is_monday():
    assert CAL.add_working_days(D(2026, 1, 10), 1) == D(2026, 1, 12)  # Saturday
    assert CAL.add_working_days(D(2026, 1, 11), 1) == D(2026, 1, 12)  # Sunday


@pytest.mark.parametrize("day", [D(2026, 1, 10), D(2026, 1, 11), D(2026, 12, 25), D(2026, 1, 14)])
def test_zero_working_days_is_the_same_day_even_when_closed(day):
    assert CAL.add_working_days(day, 0) == day
    assert CAL.working_days_between(day, day) == 0


def test_negative_counts_go_backwards():
    assert CAL.add_working_days(D(2026, 1, 12), -1) == D(2026, 1, 9)  # Monday - 1 = Friday
    assert CAL.add_working_days(D(2026, 1, 11), -1) == D(2026, 1, 9)  # Sunday - 1 = Friday
    assert CAL.add_working_days(D(2026, 12, 29), -1) == D(2026, 12, 24)
    # 28 (substitute), 27, 26 (weekend) and 25 (Christmas) are skipped: 24, 23, 22, 21, then Friday 18th.
    assert CAL.add_working_days(D(2026, 12, 29), -4) == D(2026, 12, 21)
    assert CAL.add_working_days(D(2026, 12, 29), -5) == D(2026, 12, 18)
    assert CAL.working_days_between(D(2026, 12, 29), D(2026, 12, 18)) == -5


def test_weekdays_are_working_days_and_weekends_are_not():
    assert CAL.is_working_day(D(2026, 1, 14))
    assert CAL.holiday_name(D(2026, 1, 14)) is None
    assert not CAL.is_working_day(D(2026, 1, 10))
    assert CAL.holiday_name(D(2026, 1, 10)) is None


def test_calendar_built_with_overrides_directly():
    closed = WorkingDayCalendar(extra_closed={D(2026, 12, 29): "Office closed"}, forced_open=set())
    assert closed.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 30)
    assert closed.holiday_name(D(2026, 12, 29)) == "Office closed"
    opened = WorkingDayCalendar(extra_closed={}, forced_open={D(2026, 12, 28)})
    assert opened.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    assert opened.holiday_name(D(2026, 12, 28)) is None


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.add_working_days(D(1989, 12, 29), 1),
        lambda: CAL.add_working_days(D(2061, 1, 3), -1),
        lambda: CAL.add_working_days(D(2060, 12, 20), 30),  # the answer would fall in 2061
        lambda: CAL.add_working_days(D(1990, 1, 10), -30),  # the answer would fall in 1989
        lambda: CAL.working_days_between(D(2026, 1, 1), D(2070, 1, 1)),
        lambda: CAL.working_days_between(D(1900, 1, 1), D(2026, 1, 1)),
    ],
    ids=["start-before", "start-after", "result-after", "result-before", "end-after", "start-before-between"],
)
def test_dates_outside_the_supported_calendar_raise_value_error(call):
    with pytest.raises(ValueError, match="outside the supported calendar"):
        call()


def test_edges_of_the_supported_calendar_work():
    assert CAL.add_working_days(D(1990, 1, 1), 1) == D(1990, 1, 2)  # New Year's Day 1990 was a Monday
    assert CAL.add_working_days(D(2060, 12, 31), -1) == D(2060, 12, 30)


# --- overrides through the services (database) --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_caches")
def test_local_closure_day_changes_results_and_removing_it_restores_them():
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)

    services.calendar_override_set(
        date=D(2026, 12, 29), kind=CalendarOverride.Kind.LOCAL_CLOSURE, description="Office closed"
    )
    assert not calendar.is_working_day(D(2026, 12, 29))
    assert calendar.get_calendar().holiday_name(D(2026, 12, 29)) == "Office closed"
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 30)
    assert calendar.working_days_between(D(2026, 12, 24), D(2026, 12, 31)) == 2

    services.calendar_override_remove(date=D(2026, 12, 29))
    assert calendar.is_working_day(D(2026, 12, 29))
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert calendar.working_days_between(D(2026, 12, 24), D(2026, 12, 31)) == 3


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_caches")
def test_working_day_override_opens_a_listed_holiday():
    services.calendar_override_set(
        date=D(2026, 12, 28), kind=CalendarOverride.Kind.WORKING_DAY, description="Boxing Day substitute worked"
    )
    assert calendar.is_working_day(D(2026, 12, 28))
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    # A weekend stays a weekend.
    assert calendar.add_working_days(D(2026, 12, 24), 2) == D(2026, 12, 29)


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_caches")
def test_additional_bank_holiday_override_is_closed():
    services.calendar_override_set(
        date=D(2027, 6, 7), kind=CalendarOverride.Kind.BANK_HOLIDAY, description="Hypothetical one-off day"
    )
    assert calendar.add_working_days(D(2027, 6, 4), 1) == D(2027, 6, 8)


# --- properties ---------------------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 12, 31))
counts = st.integers(min_value=-400, max_value=400)


@WORKDAYS
@given(start=dates, n=counts)
def test_working_days_between_inverts_add_working_days(start, n):
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@WORKDAYS
@given(start=dates, n=counts.filter(lambda n: n != 0))
def test_result_is_a_working_day(start, n):
    result = CAL.add_working_days(start, n)
    assert CAL.is_working_day(result)
    assert (result > start) if n > 0 else (result < start)


@WORKDAYS
@given(start=dates, n=counts, m=counts)
def test_add_working_days_is_strictly_increasing_in_n(start, n, m):
    if n == m:
        return
    low, high = sorted((n, m))
    assert CAL.add_working_days(start, low) < CAL.add_working_days(start, high)


@WORKDAYS
@given(start=dates, n=counts)
def test_add_working_days_agrees_with_a_day_by_day_count(start, n):
    assert CAL.add_working_days(start, n) == brute_add(start, n)


@WORKDAYS
@given(start=dates, offset=st.integers(min_value=-800, max_value=800))
def test_working_days_between_agrees_with_a_day_by_day_count(start, offset):
    end = start + dt.timedelta(days=offset)
    assert CAL.working_days_between(start, end) == brute_between(start, end)


@WORKDAYS
@given(day=dates)
def test_is_working_day_agrees_with_the_oracle(day):
    assert CAL.is_working_day(day) == brute_is_working(day)


@pytest.mark.django_db
def test_a_change_made_by_another_process_is_picked_up_after_the_recheck_interval(monkeypatch):
    from safeguard.workdays import calendar as calendar_module

    closure = dt.date(2026, 12, 29)
    assert calendar_module.is_working_day(closure)
    stale = calendar_module.get_calendar()
    # Another process adds a closure day; this process's signal handlers never hear of it, so put back the
    # cache as it was before the save.
    CalendarOverride.objects.create(date=closure, kind="local_closure", description="Council closure")
    calendar_module._current = stale
    assert calendar_module.is_working_day(closure)
    monkeypatch.setattr(calendar_module, "RECHECK_SECONDS", 0.0)
    assert not calendar_module.is_working_day(closure)
