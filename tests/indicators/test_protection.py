"""Indicators 11-19 and 21 at the edges of their definitions (hand-built records, England working days)."""

import datetime as dt

import pytest

from safeguard.casework.models import CINPlanVisit
from safeguard.protection.models import InitialChildProtectionConference, ProtectionVisit, ReviewConference
from safeguard.workdays.calendar import add_working_days
from tests.casework.factories import CINPlanFactory
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory
from tests.protection.factories import (
    ConferenceFactory,
    DecidedStrategyDiscussionFactory,
    PlanFactory,
    Section47Factory,
    StrategyDiscussionFactory,
)

from .helpers import result

pytestmark = pytest.mark.django_db
PLAN = InitialChildProtectionConference.Outcome.PLAN
NO_PLAN = InitialChildProtectionConference.Outcome.NO_PLAN


def icpc(discussed: dt.date, held: dt.date, *, s47_start: dt.date | None = None, outcome=PLAN, child=None):
    episode = EpisodeFactory(referral_date=discussed, child=child or PersonFactory())
    discussion = DecidedStrategyDiscussionFactory(episode=episode, held_on=discussed)
    s47 = Section47Factory(strategy_discussion=discussion, start_date=s47_start or discussed, outcome="icpc")
    return ConferenceFactory(section47=s47, conference_date=held, outcome=outcome)


def plan(start: dt.date, end: dt.date | None = None, *, child=None, **fields):
    return PlanFactory(conference=icpc(start, start, child=child), start_date=start, end_date=end, **fields)


class TestInitialConferences:
    AS_OF = dt.date(2026, 4, 30)
    # 15 working days from Friday 20 March 2026 skip Good Friday and Easter Monday: Tuesday 14 April.
    DISCUSSED = dt.date(2026, 3, 20)

    def test_the_target_skips_easter(self):
        assert add_working_days(self.DISCUSSED, 15) == dt.date(2026, 4, 14)

    def test_within_15_working_days_on_the_target_day_not_the_day_after(self):
        on_time = icpc(self.DISCUSSED, dt.date(2026, 4, 14))
        late = icpc(self.DISCUSSED, dt.date(2026, 4, 15))
        r = result("icpc-within-15-wd", self.AS_OF)
        assert (r.numerator, r.denominator) == (1, 2)
        assert r.counted_ids == {on_time.child_id} and r.other_ids == {late.child_id}
        details = dict(r.details)
        assert details["11 to 15 working days"].startswith("50.0%")
        assert details["16 to 20 working days"].startswith("50.0%")
        assert details["Median working days"] == "15.5"

    def test_conferences_before_the_section_47_are_excluded(self):
        icpc(dt.date(2026, 3, 20), dt.date(2026, 3, 24), s47_start=dt.date(2026, 3, 25))
        r = result("icpc-within-15-wd", self.AS_OF)
        assert r.denominator == 0 and r.value is None
        assert dict(r.details)["Excluded (conference before the section 47)"] == "1"

    def test_the_last_strategy_discussion_before_the_conference_is_the_anchor(self):
        conference = icpc(dt.date(2026, 3, 2), dt.date(2026, 4, 14))  # 27 working days after the first one
        StrategyDiscussionFactory(episode=conference.section47.episode, held_on=self.DISCUSSED)
        StrategyDiscussionFactory(episode=conference.section47.episode, held_on=dt.date(2026, 4, 20))  # after it
        r = result("icpc-within-15-wd", self.AS_OF)
        assert (r.numerator, r.denominator) == (1, 1)

    def test_conferences_resulting_in_a_plan_and_s47s_leading_to_one(self):
        with_plan = icpc(self.DISCUSSED, dt.date(2026, 4, 1))
        icpc(self.DISCUSSED, dt.date(2026, 4, 2), outcome=NO_PLAN)
        Section47Factory(start_date=dt.date(2026, 4, 1))  # no conference
        r = result("icpc-to-plan", self.AS_OF)
        assert (r.numerator, r.denominator) == (1, 2) and r.counted_ids == {with_plan.child_id}
        s47 = result("s47-to-icpc", self.AS_OF)
        assert (s47.numerator, s47.denominator) == (2, 3)
        # A conference after the as-of date does not count yet.
        assert result("s47-to-icpc", dt.date(2026, 4, 1)).numerator == 1


class TestPlans:
    AS_OF = dt.date(2026, 3, 31)

    def test_plans_open_on_the_as_of_date(self):
        open_plan = plan(dt.date(2025, 6, 1))
        plan(dt.date(2025, 6, 1), self.AS_OF)  # ended on the as-of date: not open
        plan(dt.date(2026, 4, 1))  # not started yet
        ended_after = plan(dt.date(2025, 6, 1), dt.date(2026, 4, 2))
        r = result("cp-plan-rate", self.AS_OF)
        assert r.numerator == 2 and r.counted_ids == {open_plan.child_id, ended_after.child_id}
        plan(dt.date(2025, 7, 1), child=open_plan.child)  # a second open plan: the child counts once
        assert result("cp-plan-rate", self.AS_OF).numerator == 2
        assert result("cp-plans-started", self.AS_OF).value == 4

    def test_second_or_subsequent_plans(self):
        child = PersonFactory()
        plan(dt.date(2020, 1, 1), dt.date(2021, 1, 1), child=child)
        again = plan(dt.date(2025, 6, 1), child=child)
        imported = plan(dt.date(2025, 7, 1), number_of_previous_plans=1)
        plan(dt.date(2025, 8, 1))
        r = result("cp-second-plans", self.AS_OF)
        assert (r.numerator, r.denominator) == (2, 3)
        assert r.counted_ids == {again.child_id, imported.child_id}

    def test_repeat_plans_within_2_years_of_the_previous_ending(self):
        within = PersonFactory()
        plan(dt.date(2022, 1, 1), dt.date(2023, 6, 1), child=within)
        plan(dt.date(2025, 6, 1), child=within)  # exactly 2 years after the end
        outside = PersonFactory()
        plan(dt.date(2022, 1, 1), dt.date(2023, 5, 31), child=outside)
        plan(dt.date(2025, 6, 1), child=outside)  # 2 years and a day
        r = result("cp-repeat-within-2-years", self.AS_OF)
        assert (r.numerator, r.denominator) == (1, 2) and r.counted_ids == {within.pk}

    def test_plans_lasting_2_years_and_the_length_bands(self):
        two_years = plan(dt.date(2024, 1, 10), dt.date(2026, 1, 10))
        plan(dt.date(2024, 1, 10), dt.date(2026, 1, 9))  # a day short: 1 to 2 years
        plan(dt.date(2025, 6, 1), dt.date(2025, 9, 1))  # exactly 3 months: 3 months or less
        plan(dt.date(2024, 1, 1))  # open, over 2 years on the as-of date
        plan(dt.date(2024, 9, 30))  # open, 18 months on the as-of date... plus a day
        r = result("cp-plans-2-years-plus", self.AS_OF)
        assert (r.numerator, r.denominator) == (1, 3) and r.counted_ids == {two_years.child_id}
        details = dict(r.details)
        assert details["3 months or less"].startswith("33.3%")
        assert details["over 1 year, under 2 years"].startswith("33.3%")
        assert details["Open plans at 18 months or more"] == "2"
        assert details["Open plans at 2 years or more"] == "1"

    def test_reviews_in_timescale(self):
        in_time = plan(dt.date(2025, 6, 1))
        ReviewConference.objects.create(plan=in_time, held_on=dt.date(2025, 9, 1), outcome="continue")  # 3 months
        ReviewConference.objects.create(plan=in_time, held_on=dt.date(2026, 3, 1), outcome="continue")  # 6 months
        late_first = plan(dt.date(2025, 6, 1))
        ReviewConference.objects.create(plan=late_first, held_on=dt.date(2025, 9, 2), outcome="continue")
        overdue_now = plan(dt.date(2025, 6, 1))
        ReviewConference.objects.create(plan=overdue_now, held_on=dt.date(2025, 9, 1), outcome="continue")
        first_due_today = plan(dt.date(2025, 12, 31))  # 3 months on the as-of date, not yet reviewed: in time
        plan(dt.date(2026, 1, 1))  # under 3 months: not in the denominator
        r = result("cp-reviews-in-time", self.AS_OF)
        assert r.denominator == 4
        assert r.counted_ids == {in_time.child_id, first_due_today.child_id}
        assert r.other_ids == {late_first.child_id, overdue_now.child_id}

    def test_visits_within_the_plan_interval(self):
        as_of = self.AS_OF
        seen = plan(dt.date(2025, 6, 1), visit_interval_working_days=10)
        ProtectionVisit.objects.create(plan=seen, visit_date=add_working_days(as_of, -10), seen_alone=True)
        overdue = plan(dt.date(2025, 6, 1), visit_interval_working_days=10)
        ProtectionVisit.objects.create(plan=overdue, visit_date=add_working_days(as_of, -11))
        # A visit where the child was not seen does not count.
        ProtectionVisit.objects.create(plan=overdue, visit_date=as_of, child_seen=False)
        new = plan(add_working_days(as_of, -3), visit_interval_working_days=10)
        r = result("cp-visits-in-time", as_of)
        assert r.counted_ids == {seen.child_id, new.child_id} and r.other_ids == {overdue.child_id}
        assert dict(r.details)["Visits seeing the child alone"].startswith("50.0%")


class TestChildrenInNeed:
    AS_OF = dt.date(2026, 3, 31)

    def test_children_in_need_on_the_as_of_date_and_unallocated(self):
        open_episode = EpisodeFactory(referral_date=dt.date(2025, 1, 1))
        EpisodeFactory(referral_date=dt.date(2025, 1, 1), close_date=self.AS_OF)
        allocated = EpisodeFactory(referral_date=dt.date(2025, 1, 1), close_date=dt.date(2026, 4, 1))
        AllocationFactory(child=allocated.child, start_date=dt.date(2025, 1, 2))
        # An allocation that ended on the as-of date leaves the child unallocated on it.
        ended = EpisodeFactory(referral_date=dt.date(2025, 1, 1))
        AllocationFactory(child=ended.child, start_date=dt.date(2025, 1, 2), end_date=self.AS_OF)
        r = result("cin-rate", self.AS_OF)
        assert r.counted_ids == {open_episode.child_id, allocated.child_id, ended.child_id}
        unallocated = result("cin-unallocated", self.AS_OF)
        assert unallocated.value == 2 and unallocated.counted_ids == {open_episode.child_id, ended.child_id}
        assert unallocated.denominator == 3

    def test_children_on_a_cin_plan_seen_within_the_interval(self):
        seen = CINPlanFactory(start_date=dt.date(2025, 6, 1), visit_interval_working_days=20)
        CINPlanVisit.objects.create(plan=seen, visit_date=add_working_days(self.AS_OF, -20))
        late = CINPlanFactory(start_date=dt.date(2025, 6, 1), visit_interval_working_days=20)
        CINPlanVisit.objects.create(plan=late, visit_date=add_working_days(self.AS_OF, -21))
        r = result("cin-seen-in-time", self.AS_OF)
        assert r.counted_ids == {seen.child_id} and r.other_ids == {late.child_id}


def test_category_mix_initial_and_latest_as_of_the_date():
    as_of = dt.date(2026, 3, 31)
    changed = plan(dt.date(2025, 6, 1), initial_category="NEG")
    ReviewConference.objects.create(plan=changed, held_on=dt.date(2025, 9, 1), outcome="continue", category="EMO")
    ReviewConference.objects.create(plan=changed, held_on=dt.date(2026, 4, 1), outcome="continue", category="PHY")
    plan(dt.date(2025, 6, 1), initial_category="NEG")
    r = result("cp-category-mix", as_of)
    details = dict(r.details)
    assert r.value == 2
    assert details["Neglect"] == "initial 100.0% (2 of 2); latest 50.0% (1 of 2)"
    assert details["Emotional abuse"] == "initial 0.0% (0 of 2); latest 50.0% (1 of 2)"
    assert details["Physical abuse"].endswith("latest 0.0% (0 of 2)")
