"""Every child protection deadline at its edges: weekends, bank holidays, the last of several discussions."""

import datetime as dt

import pytest

from safeguard.protection import services
from safeguard.protection.models import ChildProtectionPlan, Section47Enquiry
from safeguard.workdays.deadlines import rederive_all
from safeguard.workdays.models import DeadlineRule

from .helpers import decided_discussion, plan_from_icpc, started_s47

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("held_on", "target"),
    [
        (D(2026, 11, 6), D(2026, 11, 27)),  # Friday: three plain weeks
        (D(2026, 11, 7), D(2026, 11, 27)),  # Saturday counts from the Friday before (day 0)
        (D(2026, 3, 30), D(2026, 4, 22)),  # Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr skipped
        (D(2026, 12, 11), D(2027, 1, 6)),  # Christmas 25 Dec (Fri), Boxing Day substitute 28 Dec, New Year 1 Jan
    ],
)
def test_icpc_target_is_15_working_days_from_the_strategy_discussion(
    held_on, target, episode_from, social_worker, today
):
    today(D(2027, 2, 1))
    s47 = started_s47(episode_from(held_on - dt.timedelta(days=3)), held_on, social_worker)
    assert s47.icpc_target_date == target


def test_icpc_target_follows_the_last_of_several_strategy_discussions(episode_from, social_worker, today):
    today(D(2026, 11, 20))
    episode = episode_from(D(2026, 10, 30))
    s47 = started_s47(episode, D(2026, 11, 2), social_worker, start_date=D(2026, 11, 3))
    assert s47.icpc_target_date == D(2026, 11, 23)

    services.strategy_discussion_record(
        episode=episode, held_on=D(2026, 11, 9), agencies=["police"], summary="", recorded_by=social_worker
    )
    s47.refresh_from_db()
    assert s47.icpc_target_date == D(2026, 11, 30)
    assert s47.version == 2, "a re-derived target is a change the next editor must see"

    # A discussion recorded late but held earlier is not the last one: the target stays.
    services.strategy_discussion_record(
        episode=episode, held_on=D(2026, 11, 4), agencies=["health"], summary="", recorded_by=social_worker
    )
    s47.refresh_from_db()
    assert s47.icpc_target_date == D(2026, 11, 30)


def test_an_enquiry_started_after_several_discussions_counts_from_the_last(episode_from, social_worker, today):
    today(D(2026, 11, 20))
    episode = episode_from(D(2026, 10, 30))
    first = decided_discussion(episode, D(2026, 11, 2), social_worker)
    services.strategy_discussion_record(
        episode=episode, held_on=D(2026, 11, 9), agencies=["police"], summary="", recorded_by=social_worker
    )
    s47 = services.section47_start(discussion_id=first.pk, start_date=D(2026, 11, 10), started_by=social_worker)
    assert s47.icpc_target_date == D(2026, 11, 30)


def test_a_later_discussion_leaves_enquiries_that_had_their_conference(episode_from, social_worker, manager, today):
    today(D(2026, 11, 20))
    episode = episode_from(D(2026, 10, 30))
    plan = plan_from_icpc(episode, D(2026, 11, 2), D(2026, 11, 16), social_worker, manager)
    services.strategy_discussion_record(
        episode=episode, held_on=D(2026, 11, 18), agencies=["police"], summary="", recorded_by=social_worker
    )
    assert plan.conference.section47.icpc_target_date == Section47Enquiry.objects.get().icpc_target_date
    assert Section47Enquiry.objects.get().icpc_target_date == D(2026, 11, 23)


def test_first_core_group_is_10_working_days_from_the_icpc(episode_from, social_worker, manager, today):
    today(D(2027, 2, 1))
    plan = plan_from_icpc(episode_from(D(2026, 12, 1)), D(2026, 12, 2), D(2026, 12, 17), social_worker, manager)
    # 17 Dec (Thu) + 10 WD, skipping 25 Dec, 28 Dec and 1 Jan.
    assert plan.first_core_group_due == D(2027, 1, 5)


def test_first_review_is_3_months_from_the_icpc_then_6_months_from_the_latest(
    episode_from, social_worker, manager, today
):
    today(D(2026, 11, 20))
    plan = plan_from_icpc(episode_from(D(2025, 11, 1)), D(2025, 11, 3), D(2025, 11, 30), social_worker, manager)
    assert plan.next_review_due == D(2026, 2, 28), "3 calendar months from 30 Nov ends on the last day of February"
    services.review_conference_record(plan_id=plan.pk, held_on=D(2026, 2, 27), outcome="continue", recorded_by=manager)
    plan.refresh_from_db()
    assert plan.next_review_due == D(2026, 8, 27)
    services.review_conference_record(plan_id=plan.pk, held_on=D(2026, 8, 31), outcome="continue", recorded_by=manager)
    plan.refresh_from_db()
    assert plan.next_review_due == D(2027, 2, 28)


def test_visits_default_to_the_authority_interval(episode_from, social_worker, manager, today):
    today(D(2026, 11, 20))
    plan = plan_from_icpc(episode_from(D(2025, 12, 1)), D(2025, 12, 2), D(2025, 12, 24), social_worker, manager)
    assert plan.visit_interval_working_days == 10
    # 24 Dec 2025 (Wed) + 10 WD: 25, 26 Dec and 1 Jan are bank holidays.
    assert plan.next_visit_due == D(2026, 1, 12)
    services.cp_visit_record(
        plan_id=plan.pk, visit_date=D(2026, 1, 12), child_seen=True, seen_alone=True, recorded_by=social_worker
    )
    plan.refresh_from_db()
    assert plan.next_visit_due == D(2026, 1, 26)


def test_a_plan_may_set_its_own_visit_interval(episode_from, social_worker, manager, today):
    today(D(2026, 11, 20))
    plan = plan_from_icpc(
        episode_from(D(2025, 12, 1)), D(2025, 12, 2), D(2025, 12, 24), social_worker, manager, interval=5
    )
    assert plan.visit_interval_working_days == 5
    assert plan.next_visit_due == D(2026, 1, 5)
    # An earlier visit recorded after a later one does not pull the next visit back.
    services.cp_visit_record(
        plan_id=plan.pk, visit_date=D(2026, 1, 9), child_seen=True, seen_alone=False, recorded_by=social_worker
    )
    services.cp_visit_record(
        plan_id=plan.pk, visit_date=D(2026, 1, 5), child_seen=True, seen_alone=False, recorded_by=social_worker
    )
    plan.refresh_from_db()
    assert plan.next_visit_due == D(2026, 1, 16)


def test_the_authority_default_comes_from_the_rule_table(episode_from, social_worker, manager, today):
    today(D(2026, 11, 20))
    DeadlineRule.objects.filter(code="cp-visit").update(amount=20)
    from safeguard.workdays.deadlines import invalidate_rules

    invalidate_rules()
    plan = plan_from_icpc(episode_from(D(2026, 10, 1)), D(2026, 10, 1), D(2026, 10, 2), social_worker, manager)
    assert plan.visit_interval_working_days == 20
    assert plan.next_visit_due == D(2026, 10, 30)


def test_number_of_previous_plans_counts_the_childs_earlier_plans(episode_from, social_worker, manager, today):
    today(D(2026, 11, 20))
    episode = episode_from(D(2024, 1, 1))
    first = plan_from_icpc(episode, D(2024, 1, 2), D(2024, 1, 15), social_worker, manager)
    assert first.number_of_previous_plans == 0
    services.cp_plan_end(
        plan_id=first.pk, expected_version=first.version, end_date=D(2024, 7, 1), end_reason="safe", ended_by=manager
    )
    second = plan_from_icpc(episode, D(2025, 3, 3), D(2025, 3, 20), social_worker, manager, category="EMO")
    assert second.number_of_previous_plans == 1
    services.review_conference_record(
        plan_id=second.pk, held_on=D(2025, 6, 1), outcome="end", end_reason="safe", recorded_by=manager
    )
    third = plan_from_icpc(episode, D(2026, 5, 1), D(2026, 5, 14), social_worker, manager, category="PHY")
    assert third.number_of_previous_plans == 2
    # Another child's plans do not count.
    other = plan_from_icpc(episode_from(D(2026, 5, 1)), D(2026, 5, 1), D(2026, 5, 14), social_worker, manager)
    assert other.number_of_previous_plans == 0


def test_ending_a_plan_clears_its_next_visit_and_review(episode_from, social_worker, manager, today):
    today(D(2026, 11, 20))
    plan = plan_from_icpc(episode_from(D(2026, 6, 1)), D(2026, 6, 1), D(2026, 6, 15), social_worker, manager)
    services.review_conference_record(
        plan_id=plan.pk, held_on=D(2026, 9, 1), outcome="end", end_reason="safe", recorded_by=manager
    )
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (D(2026, 9, 1), "safe")
    assert plan.next_visit_due is None and plan.next_review_due is None


def test_a_calendar_or_rule_change_rederives_the_stored_deadlines(episode_from, social_worker, manager, today):
    today(D(2026, 11, 20))
    episode = episode_from(D(2026, 11, 1))
    s47 = started_s47(episode, D(2026, 11, 2), social_worker, start_date=D(2026, 11, 3))
    plan = plan_from_icpc(episode_from(D(2026, 10, 1)), D(2026, 10, 1), D(2026, 10, 2), social_worker, manager)
    custom = plan_from_icpc(
        episode_from(D(2026, 10, 1)), D(2026, 10, 1), D(2026, 10, 2), social_worker, manager, interval=3
    )
    services.review_conference_record(plan_id=plan.pk, held_on=D(2026, 11, 2), outcome="continue", recorded_by=manager)
    DeadlineRule.objects.filter(code="icpc").update(amount=10)
    DeadlineRule.objects.filter(code="cp-later-review").update(amount=5)
    DeadlineRule.objects.filter(code="first-core-group").update(amount=5)
    from safeguard.workdays.deadlines import invalidate_rules

    invalidate_rules()
    rederive_all()
    s47.refresh_from_db()
    plan.refresh_from_db()
    custom.refresh_from_db()
    assert s47.icpc_target_date == D(2026, 11, 16)
    assert plan.next_review_due == D(2027, 4, 2)
    assert plan.first_core_group_due == D(2026, 10, 9)
    assert plan.next_visit_due == D(2026, 10, 16), "default-interval plan re-derived from its start"
    assert custom.next_visit_due == D(2026, 10, 7), "a plan's own interval is kept"
    assert ChildProtectionPlan.objects.filter(next_review_due=D(2027, 1, 2)).count() == 1  # custom: 3 months
