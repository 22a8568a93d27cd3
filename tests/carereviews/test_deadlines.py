"""The review and visit rules from the rule table, at their edges, and re-derivation after a rule change."""

import datetime as dt

import pytest

from safeguard.carereviews import schedule, services
from safeguard.carereviews.models import ReviewSchedule
from safeguard.workdays.deadlines import due_date, invalidate_rules, rederive_all
from safeguard.workdays.models import DeadlineRule

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("became_looked_after", "first_review"),
    [
        (D(2026, 11, 6), D(2026, 12, 4)),  # Friday: four plain weeks
        (D(2026, 11, 7), D(2026, 12, 4)),  # Saturday is day 0: counting starts on the Monday
        (D(2026, 12, 11), D(2027, 1, 13)),  # 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan skipped
        (D(2027, 3, 15), D(2027, 4, 14)),  # Easter 2027: Good Friday 26 Mar and Easter Monday 29 Mar skipped
    ],
)
def test_first_review_is_20_working_days_after_becoming_looked_after(became_looked_after, first_review):
    got = schedule.next_review(became_looked_after=became_looked_after, reviews_held=[], due=due_date)
    assert got.due == first_review


@pytest.mark.parametrize(
    ("code", "anchor", "due"),
    [
        ("lac-review-second", D(2026, 11, 30), D(2027, 2, 28)),  # 3 calendar months, clamped to February's end
        ("lac-review-later", D(2026, 8, 31), D(2027, 2, 28)),
        ("lac-visit-first", D(2026, 12, 18), D(2026, 12, 25)),  # a week is 7 days, Christmas Day or not
        ("lac-visit-first-year", D(2027, 2, 15), D(2027, 3, 29)),  # 6 weeks, Easter Monday or not
        ("lac-visit-until-18", D(2026, 11, 30), D(2027, 2, 28)),
        ("lac-visit-after-first-year", D(2026, 11, 23), D(2027, 1, 4)),
        ("lac-visit-long-term-foster", D(2026, 8, 31), D(2027, 2, 28)),
        ("lac-visit-weekly", D(2026, 12, 21), D(2026, 12, 28)),
        ("lac-visit-after-first-review", D(2026, 11, 23), D(2027, 1, 4)),
    ],
)
def test_calendar_rules(code, anchor, due):
    assert due_date(code, anchor) == due


def test_every_rule_the_schedule_uses_is_seeded_with_its_source():
    rules = DeadlineRule.objects.filter(code__in=schedule.REVIEW_RULES + schedule.VISIT_RULES)
    assert rules.count() == len(schedule.REVIEW_RULES + schedule.VISIT_RULES)
    assert all("reg 28" in r.source or "reg 33" in r.source for r in rules)
    assert list(rules.filter(locally_configurable=True).values_list("code", flat=True)) == [
        "lac-visit-after-first-review"
    ]


def test_a_local_change_to_the_interval_re_derives_open_schedules(in_care, social_worker, today):
    today(D(2026, 11, 20))
    open_period = in_care(D(2026, 9, 1), placement_type="P1")
    services.visit_record(period=open_period, visit_date=D(2026, 9, 3), child_seen=True, recorded_by=social_worker)
    ended = in_care(D(2026, 9, 1), placement_type="P1")
    ended.end_date = D(2026, 10, 1)
    ended.save()
    # Weekly until the first review (none yet); make the weekly rule a local 5 days, say.
    DeadlineRule.objects.filter(code="lac-visit-weekly").update(amount=5, unit="calendar_days")
    invalidate_rules()
    assert rederive_all() >= 1
    row = ReviewSchedule.objects.get(period=open_period)
    assert (row.visit_rule, row.next_visit_due) == ("lac-visit-weekly", D(2026, 9, 8))
    assert ReviewSchedule.objects.get(period=ended).next_visit_due is None


def test_a_calendar_change_moves_the_first_review(in_care):
    from safeguard.workdays import calendar
    from safeguard.workdays.models import CalendarOverride

    period = in_care(D(2026, 11, 6))
    assert ReviewSchedule.objects.get(period=period).next_review_due == D(2026, 12, 4)
    CalendarOverride.objects.create(date=D(2026, 11, 16), kind="local_closure", description="Local closure")
    calendar.invalidate()
    rederive_all()
    assert ReviewSchedule.objects.get(period=period).next_review_due == D(2026, 12, 7)
