"""The child protection pages: who may write, a mismatched record id 404s, forms show service errors."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.protection.models import ProtectionVisit, StrategyDiscussion
from safeguard.workforce.models import Service
from safeguard.workforce.work import work_items_for
from tests.factories import EpisodeFactory, PersonFactory, TeamFactory, worker_user

from .factories import PlanFactory, ProtectiveOrderFactory, Section47Factory, StrategyDiscussionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(team):
    return EpisodeFactory(team=team, referral_date=timezone.localdate() - dt.timedelta(days=30))


def test_record_a_strategy_discussion_through_the_page(client, social_worker, episode):
    client.force_login(social_worker)
    person = episode.child
    page = reverse("protection:strategy_discussion_new", args=[person.pk])
    response = client.post(page, {"held_on": "", "summary": "x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body and "Choose the agencies present" in body
    day = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(page, {"held_on": day.isoformat(), "agencies": ["police", "health"], "summary": "s"})
    sd = StrategyDiscussion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("protection:strategy_discussion", args=[person.pk, sd.pk])
    assert sd.agencies_present == "police,health" and sd.held_on == day


def test_decide_then_start_the_section47_shows_the_target(client, social_worker, episode):
    sd = StrategyDiscussionFactory(episode=episode)
    client.force_login(social_worker)
    page = reverse("protection:strategy_discussion", args=[episode.child_id, sd.pk])
    response = client.post(
        page,
        {
            "action": "decide",
            "decide-version": sd.version,
            "decide-decision": "s47",
            "decide-decided_on": sd.held_on.isoformat(),
        },
    )
    assert response.status_code == 302
    # Once decided, the decision form is no longer offered.
    response = client.post(
        page,
        {
            "action": "decide",
            "decide-version": sd.version,
            "decide-decision": "nfa",
            "decide-decided_on": sd.held_on.isoformat(),
        },
    )
    assert response.status_code == 403  # already decided: the form is no longer offered
    response = client.post(page, {"action": "start_s47", "s47-start_date": sd.held_on.isoformat()})
    s47 = sd.section47s.get()
    assert response["Location"] == reverse("protection:section47", args=[episode.child_id, s47.pk])
    body = client.get(response["Location"]).content.decode()
    target = s47.icpc_target_date
    assert f'id="icpc-target">{target.day} {target:%b %Y}' in body


def test_stale_version_is_reported_on_the_form(client, social_worker, episode):
    sd = StrategyDiscussionFactory(episode=episode, version=3)
    client.force_login(social_worker)
    response = client.post(
        reverse("protection:strategy_discussion", args=[episode.child_id, sd.pk]),
        {
            "action": "decide",
            "decide-version": 2,
            "decide-decision": "s47",
            "decide-decided_on": sd.held_on.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()


def test_social_workers_cannot_record_conferences(client, social_worker, manager, episode):
    s47 = Section47Factory(strategy_discussion__episode=episode)
    page = reverse("protection:section47", args=[episode.child_id, s47.pk])
    data = {
        "action": "icpc",
        "icpc-conference_date": s47.start_date.isoformat(),
        "icpc-outcome": "plan",
        "icpc-initial_category": "NEG",
    }
    client.force_login(social_worker)
    assert "Record the initial child protection conference" not in client.get(page).content.decode()
    assert client.post(page, data).status_code == 403
    client.force_login(manager)
    response = client.post(page, {**data, "icpc-initial_category": ""})
    assert response.status_code == 200 and "Choose the category of abuse" in response.content.decode()
    response = client.post(page, data)
    plan = s47.child.cp_plans.get()
    assert response["Location"] == reverse("protection:plan", args=[episode.child_id, plan.pk])


def test_plan_page_records_a_visit(client, social_worker, episode):
    plan = PlanFactory(conference__section47__strategy_discussion__episode=episode)
    client.force_login(social_worker)
    page = reverse("protection:plan", args=[episode.child_id, plan.pk])
    body = client.get(page).content.decode()
    assert "Neglect" in body and "Every 10 working days" in body and "Save review conference" not in body
    response = client.post(
        page,
        {
            "action": "visit",
            "visit-visit_date": plan.start_date.isoformat(),
            "visit-child_seen": "on",
            "visit-seen_alone": "on",
        },
    )
    assert response.status_code == 302
    visit = ProtectionVisit.objects.get()
    assert visit.child_seen and visit.seen_alone
    assert client.post(page, {"action": "review"}).status_code == 403
    assert client.post(page, {"action": "bogus"}).status_code == 403


def test_records_of_another_child_are_not_found(client, manager, episode):
    other = EpisodeFactory(team=episode.team)
    plan = PlanFactory(conference__section47__strategy_discussion__episode=other)
    s47 = Section47Factory(strategy_discussion__episode=other)
    sd = StrategyDiscussionFactory(episode=other)
    client.force_login(manager)
    child = episode.child_id
    assert client.get(reverse("protection:plan", args=[child, plan.pk])).status_code == 404
    assert client.get(reverse("protection:section47", args=[child, s47.pk])).status_code == 404
    assert client.get(reverse("protection:strategy_discussion", args=[child, sd.pk])).status_code == 404
    assert client.get(reverse("protection:plan", args=[other.child_id, plan.pk])).status_code == 200


def test_readers_see_the_pages_but_cannot_write(client, episode):
    leader = worker_user(Role.SENIOR_LEADER, team=TeamFactory(service=Service.ASSESSMENT))
    client.force_login(leader)
    child = episode.child_id
    assert client.get(reverse("protection:child", args=[child])).status_code == 200
    response = client.post(
        reverse("protection:strategy_discussion_new", args=[child]),
        {"held_on": timezone.localdate().isoformat(), "agencies": ["police"]},
    )
    assert response.status_code == 403
    assert not StrategyDiscussion.objects.exists()


def test_protective_order_page(client, social_worker, episode):
    client.force_login(social_worker)
    page = reverse("protection:order_new", args=[episode.child_id])
    day = timezone.localdate() - dt.timedelta(days=2)
    response = client.post(page, {"kind": "epo", "start_date": day.isoformat(), "end_date": ""})
    assert response["Location"] == reverse("protection:child", args=[episode.child_id])
    order = episode.child.protective_orders.get()
    assert order.episode == episode and order.end_date is None


def test_child_page_panel(client, manager, episode):
    today = timezone.localdate()
    s47 = Section47Factory(strategy_discussion__episode=episode, icpc_target_date=today - dt.timedelta(days=1))
    ProtectiveOrderFactory(child=episode.child, start_date=today - dt.timedelta(days=20))
    ProtectiveOrderFactory(
        child=episode.child,
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=390),
        kind="police",
    )
    client.force_login(manager)
    body = client.get(reverse("people:detail", args=[episode.child_id])).content.decode()
    assert 'id="protection-panel"' in body
    assert reverse("protection:section47", args=[episode.child_id, s47.pk]) in body
    assert "Past target" in body
    assert "Emergency protection order" in body and "Police protection" not in body


def test_work_items(episode):
    today = timezone.localdate()
    sd = StrategyDiscussionFactory(episode=episode)
    s47 = Section47Factory(strategy_discussion__episode=episode, icpc_target_date=today)
    plan = PlanFactory(conference__section47__strategy_discussion__episode=episode)
    other = PersonFactory()
    items = {item.kind: item for item in work_items_for(type(other).objects.filter(pk=episode.child_id))}
    assert items["Strategy discussion decision"].due_date == sd.held_on
    assert items["Initial child protection conference"].due_date == s47.icpc_target_date
    assert items["First core group"].due_date == plan.first_core_group_due
    assert items["Child protection visit"].due_date == plan.next_visit_due
    assert items["Child protection review conference"].due_date == plan.next_review_due
    assert items["Child protection visit"].url == reverse("protection:plan", args=[episode.child_id, plan.pk])
    plan.core_groups.create(held_on=plan.start_date)
    kinds = {item.kind for item in work_items_for(type(other).objects.filter(pk=episode.child_id))}
    assert "First core group" not in kinds
    assert not [i for i in work_items_for(type(other).objects.filter(pk=other.pk)) if "protection" in i.kind]
