"""The at-risk lists: each record in the list when it should be, and out of it when it should not."""

import datetime as dt

import pytest

from safeguard.people.models import Person
from safeguard.protection import selectors
from safeguard.protection.models import Section47Enquiry
from safeguard.workforce.models import Allocation
from tests.factories import AllocationFactory, PersonFactory

from .factories import (
    ConferenceFactory,
    PlanFactory,
    Section47Factory,
    StrategyDiscussionFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
ALL = Person.objects.all


def ids(qs):
    return {row.pk for row in qs}


def test_section47s_past_icpc_target():
    late = Section47Factory(icpc_target_date=D(2026, 11, 19))
    due_today = Section47Factory(icpc_target_date=D(2026, 11, 20))
    held = ConferenceFactory(section47__icpc_target_date=D(2026, 11, 1)).section47
    no_icpc = Section47Factory(icpc_target_date=D(2026, 11, 1), outcome=Section47Enquiry.Outcome.NO_ICPC)
    concluded_icpc = Section47Factory(icpc_target_date=D(2026, 11, 1), outcome=Section47Enquiry.Outcome.ICPC)
    found = selectors.section47s_past_icpc_target(ALL(), D(2026, 11, 20))
    assert ids(found) == {late.pk, concluded_icpc.pk}
    assert due_today.pk not in ids(found) and held.pk not in ids(found) and no_icpc.pk not in ids(found)
    # Only the children asked about.
    assert not selectors.section47s_past_icpc_target(
        ALL().exclude(pk=late.child_id).exclude(pk=concluded_icpc.child_id), D(2026, 11, 20)
    ).exists()


def test_plans_with_overdue_visit():
    overdue = PlanFactory(next_visit_due=D(2026, 11, 19))
    due_today = PlanFactory(next_visit_due=D(2026, 11, 20))
    ended = PlanFactory(next_visit_due=D(2026, 11, 1), end_date=D(2026, 11, 2), end_reason="safe")
    found = selectors.plans_with_overdue_visit(ALL(), D(2026, 11, 20))
    assert ids(found) == {overdue.pk}
    assert due_today.pk not in ids(found) and ended.pk not in ids(found)
    with_child = found.first()
    assert with_child.child.full_name  # select_related


def test_plans_child_not_seen_uses_the_last_time_seen_and_the_plans_interval():
    today = D(2026, 11, 20)  # Friday
    # Default 10 WD: seen Fri 6 Nov → due Fri 20 Nov: not yet late. Seen Thu 5 Nov → due Thu 19 Nov: late.
    on_time = VisitFactory(plan__start_date=D(2026, 10, 1), visit_date=D(2026, 11, 6)).plan
    late = VisitFactory(plan__start_date=D(2026, 10, 1), visit_date=D(2026, 11, 5)).plan
    # A visit where the child was NOT seen does not count.
    not_seen = VisitFactory(plan__start_date=D(2026, 10, 1), visit_date=D(2026, 11, 5)).plan
    VisitFactory(plan=not_seen, visit_date=D(2026, 11, 19), child_seen=False)
    # Custom interval of 3 WD: seen Mon 16 Nov → due Thu 19 Nov: late; the default would not be.
    custom = VisitFactory(
        plan__start_date=D(2026, 10, 1), plan__visit_interval_working_days=3, visit_date=D(2026, 11, 16)
    ).plan
    # Never seen: counted from the plan start.
    new_plan = PlanFactory(conference__conference_date=D(2026, 11, 9))  # +10 WD = 23 Nov
    old_plan = PlanFactory(conference__conference_date=D(2026, 11, 5))  # +10 WD = 19 Nov
    ended = VisitFactory(plan__start_date=D(2026, 1, 5), visit_date=D(2026, 1, 5)).plan
    ended.end_date = D(2026, 2, 1)
    ended.save()
    found = {plan.pk: plan for plan in selectors.plans_child_not_seen(ALL(), today)}
    assert set(found) == {late.pk, not_seen.pk, custom.pk, old_plan.pk}
    assert on_time.pk not in found and new_plan.pk not in found
    assert found[not_seen.pk].last_seen == D(2026, 11, 5)
    assert found[old_plan.pk].last_seen is None


def test_plans_child_not_seen_across_a_bank_holiday():
    # Seen Thu 17 Dec 2026: 10 WD skips 25 and 28 Dec and 1 Jan → due Tue 5 Jan 2027.
    plan = VisitFactory(plan__start_date=D(2026, 12, 1), visit_date=D(2026, 12, 17)).plan
    assert not selectors.plans_child_not_seen(ALL(), D(2027, 1, 5)).exists()
    assert ids(selectors.plans_child_not_seen(ALL(), D(2027, 1, 6))) == {plan.pk}


def test_strategy_discussions_without_outcome():
    waiting = StrategyDiscussionFactory()
    decided = StrategyDiscussionFactory(decision="nfa", decided_on=D(2026, 11, 1))
    found = selectors.strategy_discussions_without_outcome(ALL(), D(2030, 1, 1))
    assert ids(found) == {waiting.pk}
    assert decided.pk not in ids(found)


def test_unallocated_with_open_s47_or_plan():
    open_s47 = Section47Factory().child
    on_plan = PlanFactory().child
    allocated_plan = PlanFactory().child
    AllocationFactory(child=allocated_plan)
    iro_only = PlanFactory().child
    AllocationFactory(child=iro_only, kind=Allocation.Kind.IRO)
    ended_allocation = Section47Factory().child
    AllocationFactory(child=ended_allocation, end_date=D(2026, 1, 1))
    concluded = Section47Factory(outcome=Section47Enquiry.Outcome.NO_ICPC, outcome_date=D(2026, 1, 1)).child
    ended_plan = PlanFactory(end_date=D(2026, 1, 1), end_reason="safe").child
    nothing = PersonFactory()
    found = set(selectors.unallocated_with_open_s47_or_plan(ALL()).values_list("pk", flat=True))
    assert found == {open_s47.pk, on_plan.pk, iro_only.pk, ended_allocation.pk}
    assert not {allocated_plan.pk, concluded.pk, ended_plan.pk, nothing.pk} & found
    assert list(selectors.unallocated_with_open_s47_or_plan(ALL().filter(pk=on_plan.pk))) == [on_plan]
