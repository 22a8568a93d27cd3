"""The care plan deadline (stored, re-derived), its work item, and the child's-page panel."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.lac import services
from safeguard.lac.models import CarePeriod
from safeguard.people.models import Person
from safeguard.people.panels import panels_for
from safeguard.workdays.deadlines import invalidate_rules, rederive_all
from safeguard.workdays.models import DeadlineRule
from safeguard.workforce.work import work_items_for
from tests.factories import PersonFactory

from .factories import CarePeriodFactory, looked_after_child
from .helpers import end_care, move, start_care

pytestmark = pytest.mark.django_db

D = dt.date


def _items(child):
    return [i for i in work_items_for(Person.objects.filter(pk=child.pk)) if i.kind == "Care plan"]


def test_care_plan_work_item_until_the_plan_is_recorded(social_worker, today):
    today(D(2026, 11, 20))
    period = start_care(PersonFactory(), social_worker, D(2026, 11, 2))
    [item] = _items(period.child)
    assert (item.due_date, item.child_id, item.url) == (
        D(2026, 11, 16), period.child_id, reverse("lac:child", args=[period.child_id]))  # fmt: skip
    services.care_plan_record(period_id=period.pk, agreed_on=D(2026, 11, 18), recorded_by=social_worker)
    assert _items(period.child) == []


def test_no_care_plan_item_once_care_has_ended_or_for_other_children(social_worker, today):
    today(D(2026, 11, 20))
    period = start_care(PersonFactory(), social_worker, D(2026, 11, 2))
    assert _items(PersonFactory()) == []
    end_care(period, social_worker, D(2026, 11, 5))
    assert _items(period.child) == []


def test_care_plan_source_is_one_query(social_worker, today, django_assert_num_queries):
    from safeguard.workforce.work import _sources

    today(D(2026, 11, 20))
    for _ in range(3):
        start_care(PersonFactory(), social_worker, D(2026, 11, 2))
    with django_assert_num_queries(1):
        assert len(list(_sources["care-plans"].branch(Person.objects.all()))) == 3


def test_a_rule_or_calendar_change_rederives_the_care_plan_deadline(social_worker, today):
    today(D(2026, 11, 20))
    period = start_care(PersonFactory(), social_worker, D(2026, 11, 2))
    planned = start_care(PersonFactory(), social_worker, D(2026, 11, 2))
    services.care_plan_record(period_id=planned.pk, agreed_on=D(2026, 11, 3), recorded_by=social_worker)
    move(period, social_worker, D(2026, 11, 9))  # the anchor stays the FIRST placement
    DeadlineRule.objects.filter(code="cla-care-plan").update(amount=5)
    invalidate_rules()
    rederive_all()
    period.refresh_from_db()
    planned.refresh_from_db()
    assert period.care_plan_due == D(2026, 11, 9)
    assert planned.care_plan_due == D(2026, 11, 16), "a period with its care plan is left alone"


def test_panel_says_looked_after_since_and_where(client, social_worker, team):
    period = looked_after_child(start_date=D(2026, 3, 2), placement_type="U4", team=team)
    client.force_login(social_worker)
    body = client.get(reverse("people:detail", args=[period.child_id])).content.decode()
    assert "Looked after since 2 Mar 2026 in foster placement with other foster carer(s): long-term fostering" in body
    assert reverse("lac:child", args=[period.child_id]) in body
    assert "Overdue" in body  # no care plan, due March 2026


def test_panel_for_a_child_who_left_care_and_one_never_in_care(social_worker):
    period = CarePeriodFactory(start_date=D(2025, 1, 6), end_date=D(2025, 9, 1), end_reason="E4A")
    [(_template, context)] = [p for p in panels_for(period.child, social_worker) if p[0] == "lac/panel.html"]
    assert context["period"] == period and context["placement"] is None and not context["care_plan_overdue"]
    [(_, context)] = [p for p in panels_for(PersonFactory(), social_worker) if p[0] == "lac/panel.html"]
    assert context["period"] is None
    assert CarePeriod.objects.count() == 1
