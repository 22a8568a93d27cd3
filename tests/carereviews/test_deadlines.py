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


def test_the_iro_contact_rule_is_seeded_as_a_local_choice():
    rule = DeadlineRule.objects.get(code=schedule.IRO_CONTACT)
    assert (rule.amount, rule.unit, rule.status, rule.locally_configurable) == (6, "months", "L", True)
    assert "reg 36" in rule.source


def _near_18(in_care, *, start, dob, iro=None):
    from tests.factories import PersonFactory

    return in_care(start, child=PersonFactory(date_of_birth=dob), iro=iro)


def test_a_longer_interval_does_not_put_anything_due_after_the_18th_birthday(in_care, iro_user, today):
    """Re-derivation re-applies the stored rule to the stored anchor; it must still stop at the 18th birthday."""
    today(D(2026, 11, 20))
    DeadlineRule.objects.filter(code="lac-iro-contact").update(amount=3)  # an authority's local choice
    invalidate_rules()
    period = _near_18(in_care, start=D(2026, 6, 1), dob=D(2009, 3, 1), iro=iro_user.worker)  # 18 on 1 Mar 2027
    for held in (D(2026, 6, 26), D(2026, 9, 25)):
        services.review_record(period=period, review_date=held, participation="PN1", recorded_by=iro_user)
    services.iro_contact_record(period=period, contact_date=D(2026, 11, 2), kind="visit", recorded_by=iro_user)
    row = ReviewSchedule.objects.get(period=period)
    # Later review 6 months after 25 Sep: 25 Mar 2027, after the birthday, so none; contact 2 Feb 2027 is kept.
    assert (row.review_rule, row.next_review_due) == ("", None)
    assert (row.iro_contact_rule, row.next_iro_contact_due) == ("lac-iro-contact", D(2027, 2, 2))
    DeadlineRule.objects.filter(code="lac-iro-contact").update(amount=4)  # now 2 Mar 2027: the day after 18
    invalidate_rules()
    rederive_all()
    assert ReviewSchedule.objects.get(period=period).next_iro_contact_due is None
    DeadlineRule.objects.filter(code="lac-iro-contact").update(amount=2)  # 2 Jan 2027: before 18 again
    invalidate_rules()
    rederive_all()
    assert ReviewSchedule.objects.get(period=period).next_iro_contact_due == D(2027, 1, 2)


def test_re_derived_visits_stop_at_the_18th_birthday_too(in_care, social_worker, today):
    today(D(2026, 11, 20))
    period = _near_18(in_care, start=D(2026, 9, 1), dob=D(2008, 12, 20))  # 18 on 20 Dec 2026
    services.visit_record(period=period, visit_date=D(2026, 11, 2), child_seen=True, recorded_by=social_worker)
    assert ReviewSchedule.objects.get(period=period).next_visit_due == D(2026, 12, 14)  # 6 weeks
    DeadlineRule.objects.filter(code="lac-visit-first-year").update(amount=7)  # 21 Dec: after the birthday
    invalidate_rules()
    rederive_all()
    assert ReviewSchedule.objects.get(period=period).next_visit_due is None


def test_a_new_period_of_care_restarts_the_review_cycle(in_care, iro_user, manager, today):
    """T0-T4 restart: reviews in an earlier period do not count; the new period's first review is 20 WD in."""
    from tests.carereviews.factories import IROAllocationFactory

    today(D(2027, 6, 30))
    first = in_care(D(2026, 6, 1))
    IROAllocationFactory(child=first.child, worker=iro_user.worker, start_date=D(2026, 6, 1))
    for held in (D(2026, 6, 26), D(2026, 9, 25), D(2027, 3, 20)):
        services.review_record(period=first, review_date=held, participation="PN1", recorded_by=iro_user)
    assert ReviewSchedule.objects.get(period=first).review_rule == "lac-review-later"
    first.end_date = D(2027, 4, 1)
    first.save()
    second = in_care(D(2027, 5, 3), child=first.child)  # Monday; the late May bank holiday is 31 May 2027
    assert ReviewSchedule.objects.get(period=first).is_open is False
    row = ReviewSchedule.objects.get(period=second)
    assert (row.review_rule, row.review_anchor, row.next_review_due) == (
        "lac-review-first",
        D(2027, 5, 3),
        D(2027, 6, 1),
    )
    services.review_record(period=second, review_date=D(2027, 5, 28), participation="PN1", recorded_by=iro_user)
    row.refresh_from_db()
    assert (row.review_rule, row.next_review_due) == ("lac-review-second", D(2027, 8, 28))
    services.review_record(period=second, review_date=D(2027, 6, 29), participation="PN1", recorded_by=iro_user)
    row.refresh_from_db()
    assert (row.review_rule, row.next_review_due) == ("lac-review-later", D(2027, 12, 29))


def test_a_date_first_derived_after_18_comes_back_at_the_nightly_refresh(in_care, iro_user, today):
    """The services store no rule when nothing is due before 18, so re-derivation cannot revive it; the nightly
    re-derivation from the records does, once a shorter local interval brings it before the birthday."""
    today(D(2026, 11, 20))
    period = _near_18(in_care, start=D(2026, 6, 1), dob=D(2009, 3, 1), iro=iro_user.worker)  # 18 on 1 Mar 2027
    for held in (D(2026, 6, 26), D(2026, 9, 25)):
        services.review_record(period=period, review_date=held, participation="PN1", recorded_by=iro_user)
    services.iro_contact_record(period=period, contact_date=D(2026, 11, 2), kind="visit", recorded_by=iro_user)
    assert ReviewSchedule.objects.get(period=period).next_iro_contact_due is None  # 2 May 2027 by default
    DeadlineRule.objects.filter(code="lac-iro-contact").update(amount=3)
    invalidate_rules()
    rederive_all()
    assert ReviewSchedule.objects.get(period=period).next_iro_contact_due is None
    assert services.schedules_refresh_all() == (1, 1)
    assert ReviewSchedule.objects.get(period=period).next_iro_contact_due == D(2027, 2, 2)
    assert services.schedules_refresh_all() == (1, 0)  # idempotent
