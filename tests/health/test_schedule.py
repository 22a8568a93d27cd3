"""The health cycle: each rule at its edges (bank holidays, Easter 2027, the 5th birthday)."""

import datetime as dt

import pytest

from safeguard.health.schedule import annual_due, iha_due, review_due, sdq_applies, twelve_months_in_care
from safeguard.workdays.deadlines import invalidate_rules
from safeguard.workdays.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_iha_is_20_working_days_from_the_start_skipping_christmas_and_new_year():
    # 25 and 28 December 2026 and 1 January 2027 are bank holidays.
    assert iha_due(dt.date(2026, 12, 7)) == dt.date(2027, 1, 7)


def test_iha_skips_easter_2027():
    # Good Friday 26 March and Easter Monday 29 March 2027.
    assert iha_due(dt.date(2027, 3, 5)) == dt.date(2027, 4, 6)


def test_iha_from_a_saturday_counts_from_the_friday_before():
    assert iha_due(dt.date(2026, 11, 21)) == iha_due(dt.date(2026, 11, 20))


DOB = dt.date(2022, 6, 15)


def test_review_is_six_monthly_while_the_next_due_date_is_before_the_fifth_birthday():
    assert review_due(dt.date(2026, 12, 14), DOB) == dt.date(2027, 6, 14)


def test_review_switches_to_twelve_months_when_six_months_on_reaches_the_fifth_birthday():
    assert review_due(dt.date(2026, 12, 15), DOB) == dt.date(2027, 12, 15)


def test_review_is_twelve_monthly_from_five():
    assert review_due(dt.date(2026, 3, 1), dt.date(2015, 1, 1)) == dt.date(2027, 3, 1)


def test_review_without_a_date_of_birth_keeps_the_stricter_six_months():
    assert review_due(dt.date(2026, 3, 1), None) == dt.date(2026, 9, 1)


def test_review_follows_a_changed_rule():
    DeadlineRule.objects.filter(code="health-review-5plus").update(amount=9)
    invalidate_rules()
    assert review_due(dt.date(2026, 3, 1), dt.date(2015, 1, 1)) == dt.date(2026, 12, 1)


def test_dental_first_due_when_twelve_months_in_care_are_up():
    start = dt.date(2025, 1, 10)
    assert twelve_months_in_care(start) == dt.date(2026, 1, 10)
    assert annual_due("health-dental", start, None) == dt.date(2026, 1, 10)


def test_dental_twelve_months_after_the_latest_check():
    assert annual_due("health-dental", dt.date(2025, 1, 10), dt.date(2025, 6, 1)) == dt.date(2026, 6, 1)


def test_a_check_before_care_does_not_bring_the_first_due_date_forward():
    assert annual_due("health-dental", dt.date(2025, 1, 10), dt.date(2024, 6, 1)) == dt.date(2026, 1, 10)


def test_sdq_applies_from_4_to_16():
    dob = dt.date(2015, 6, 1)
    assert not sdq_applies(dob, dt.date(2019, 5, 31))
    assert sdq_applies(dob, dt.date(2019, 6, 1))
    assert sdq_applies(dob, dt.date(2032, 5, 31))
    assert not sdq_applies(dob, dt.date(2032, 6, 1))
    assert not sdq_applies(None, dt.date(2026, 1, 1))
