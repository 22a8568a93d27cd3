"""Validation, permissions, concurrency and chronology of the child protection services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.protection import services
from safeguard.protection.models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ProtectiveOrder,
    Section47Enquiry,
    StrategyDiscussion,
)

from .helpers import decided_discussion, plan_from_icpc, started_s47

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _today(today):
    today(D(2026, 11, 20))


@pytest.fixture
def episode(episode_from):
    return episode_from(D(2026, 10, 1))


def fields(error: ValidationError) -> set[str]:
    return set(error.value.message_dict)


def test_agencies_are_stored_comma_separated_and_the_event_names_them(episode, social_worker):
    sd = services.strategy_discussion_record(
        episode=episode,
        held_on=D(2026, 10, 2),
        agencies=["police", "health", "police"],
        summary=" x ",
        recorded_by=social_worker,
    )
    assert sd.agencies_present == "police,health"
    assert sd.summary == "x" and sd.decision == ""
    event = Event.objects.get(kind="strategy_discussion.recorded")
    assert event.category == "child_protection" and "Police, Health" in event.summary
    assert (event.source_model, event.source_id, event.actor) == ("protection.strategydiscussion", sd.pk, social_worker)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"agencies": []}, "agencies"),
        ({"agencies": ["fire"]}, "agencies"),
        ({"held_on": D(2026, 9, 30)}, "held_on"),  # before the referral
        ({"held_on": D(2026, 11, 21)}, "held_on"),  # future
    ],
)
def test_strategy_discussion_validation(episode, social_worker, kwargs, field):
    call = {"episode": episode, "held_on": D(2026, 10, 2), "agencies": ["police"], "summary": "", **kwargs}
    with pytest.raises(ValidationError) as error:
        services.strategy_discussion_record(**call, recorded_by=social_worker)
    assert field in fields(error)
    assert not StrategyDiscussion.objects.exists()


def test_section47_needs_a_section47_decision(episode, social_worker):
    sd = services.strategy_discussion_record(
        episode=episode, held_on=D(2026, 10, 2), agencies=["police"], summary="", recorded_by=social_worker
    )
    with pytest.raises(ValidationError) as error:
        services.section47_start(discussion_id=sd.pk, start_date=D(2026, 10, 2), started_by=social_worker)
    assert "start_date" in fields(error)
    cin = decided_discussion(episode, D(2026, 10, 5), social_worker, decision="cin")
    with pytest.raises(ValidationError):
        services.section47_start(discussion_id=cin.pk, start_date=D(2026, 10, 5), started_by=social_worker)
    assert not Section47Enquiry.objects.exists()


def test_section47_starts_once_and_not_before_the_discussion(episode, social_worker):
    sd = decided_discussion(episode, D(2026, 10, 5), social_worker)
    with pytest.raises(ValidationError):
        services.section47_start(discussion_id=sd.pk, start_date=D(2026, 10, 2), started_by=social_worker)
    s47 = services.section47_start(discussion_id=sd.pk, start_date=D(2026, 10, 6), started_by=social_worker)
    assert Event.objects.filter(kind="section47.started", source_id=s47.pk).exists()
    with pytest.raises(ValidationError):
        services.section47_start(discussion_id=sd.pk, start_date=D(2026, 10, 6), started_by=social_worker)


def test_decision_is_recorded_once_with_a_version_check(episode, social_worker):
    sd = services.strategy_discussion_record(
        episode=episode, held_on=D(2026, 10, 2), agencies=["police"], summary="", recorded_by=social_worker
    )
    with pytest.raises(ConcurrentEditError):
        services.strategy_discussion_decide(
            discussion_id=sd.pk,
            expected_version=sd.version + 1,
            decision="s47",
            decided_on=D(2026, 10, 2),
            decided_by=social_worker,
        )
    with pytest.raises(ValidationError) as error:
        services.strategy_discussion_decide(
            discussion_id=sd.pk,
            expected_version=sd.version,
            decision="maybe",
            decided_on=D(2026, 10, 2),
            decided_by=social_worker,
        )
    assert "decision" in fields(error)
    decided = services.strategy_discussion_decide(
        discussion_id=sd.pk,
        expected_version=sd.version,
        decision="nfa",
        decided_on=D(2026, 10, 3),
        decided_by=social_worker,
    )
    assert decided.version == 2
    with pytest.raises(ValidationError):
        services.strategy_discussion_decide(
            discussion_id=sd.pk,
            expected_version=2,
            decision="s47",
            decided_on=D(2026, 10, 3),
            decided_by=social_worker,
        )


def test_no_icpc_outcome_needs_a_reason(episode, social_worker, chair):
    s47 = started_s47(episode, D(2026, 10, 2), social_worker)
    with pytest.raises(ValidationError) as error:
        services.section47_conclude(
            section47_id=s47.pk,
            expected_version=s47.version,
            outcome="no_icpc",
            outcome_date=D(2026, 10, 9),
            reason="  ",
            concluded_by=social_worker,
        )
    assert "reason" in fields(error)
    with pytest.raises(ConcurrentEditError):
        services.section47_conclude(
            section47_id=s47.pk,
            expected_version=s47.version + 1,
            outcome="no_icpc",
            outcome_date=D(2026, 10, 9),
            reason="Concerns not substantiated",
            concluded_by=social_worker,
        )
    done = services.section47_conclude(
        section47_id=s47.pk,
        expected_version=s47.version,
        outcome="no_icpc",
        outcome_date=D(2026, 10, 9),
        reason="Concerns not substantiated",
        concluded_by=social_worker,
    )
    assert done.no_icpc_reason == "Concerns not substantiated"
    assert Event.objects.get(kind="section47.concluded").detail == "Concerns not substantiated"
    # No conference after "no conference needed".
    with pytest.raises(ValidationError):
        services.icpc_record(section47_id=s47.pk, conference_date=D(2026, 10, 12), outcome="no_plan", recorded_by=chair)


def test_conference_before_the_enquiry_started_is_refused(episode, social_worker, chair):
    s47 = started_s47(episode, D(2026, 10, 2), social_worker, start_date=D(2026, 10, 5))
    with pytest.raises(ValidationError) as error:
        services.icpc_record(
            section47_id=s47.pk,
            conference_date=D(2026, 10, 2),
            outcome="plan",
            recorded_by=chair,
            initial_category="NEG",
        )
    assert "conference_date" in fields(error)
    assert not InitialChildProtectionConference.objects.exists()


def test_a_plan_needs_a_category(episode, social_worker, chair):
    s47 = started_s47(episode, D(2026, 10, 2), social_worker)
    for category in (None, "XYZ"):
        with pytest.raises(ValidationError) as error:
            services.icpc_record(
                section47_id=s47.pk,
                conference_date=D(2026, 10, 20),
                outcome="plan",
                recorded_by=chair,
                initial_category=category,
            )
        assert "initial_category" in fields(error)
    assert not InitialChildProtectionConference.objects.exists() and not ChildProtectionPlan.objects.exists()


def test_icpc_with_a_plan_starts_it_in_the_same_step(episode, social_worker, chair):
    s47 = started_s47(episode, D(2026, 10, 2), social_worker)
    conference = services.icpc_record(
        section47_id=s47.pk,
        conference_date=D(2026, 10, 20),
        outcome="plan",
        chair=chair.worker,
        recorded_by=chair,
        initial_category="EMO",
        visit_interval_working_days=8,
    )
    plan = conference.plan
    assert (plan.start_date, plan.initial_category, plan.latest_category) == (D(2026, 10, 20), "EMO", "EMO")
    assert plan.visit_interval_working_days == 8 and plan.episode == episode and plan.child == episode.child
    s47.refresh_from_db()
    assert s47.outcome == "icpc" and s47.outcome_date == D(2026, 10, 20)
    assert list(Event.objects.filter(child=episode.child).order_by("id").values_list("kind", flat=True))[-2:] == [
        "icpc.held",
        "cp_plan.started",
    ]
    # One conference per enquiry; one open plan per child.
    with pytest.raises(ValidationError):
        services.icpc_record(section47_id=s47.pk, conference_date=D(2026, 10, 21), outcome="no_plan", recorded_by=chair)


def test_icpc_without_a_plan(episode, social_worker, chair):
    s47 = started_s47(episode, D(2026, 10, 2), social_worker)
    conference = services.icpc_record(
        section47_id=s47.pk, conference_date=D(2026, 10, 30), outcome="no_plan", recorded_by=chair
    )
    assert not ChildProtectionPlan.objects.exists()
    assert "after the target date" in Event.objects.get(kind="icpc.held", source_id=conference.pk).summary


def test_only_conference_chairs_and_managers_record_conferences(episode, social_worker, chair, manager):
    s47 = started_s47(episode, D(2026, 10, 2), social_worker)
    with pytest.raises(PermissionDenied):
        services.icpc_record(
            section47_id=s47.pk,
            conference_date=D(2026, 10, 20),
            outcome="plan",
            recorded_by=social_worker,
            initial_category="NEG",
        )
    plan = services.icpc_record(
        section47_id=s47.pk,
        conference_date=D(2026, 10, 20),
        outcome="plan",
        recorded_by=chair,
        initial_category="NEG",
    ).plan
    with pytest.raises(PermissionDenied):
        services.review_conference_record(
            plan_id=plan.pk, held_on=D(2026, 11, 2), outcome="continue", recorded_by=social_worker
        )
    with pytest.raises(PermissionDenied):
        services.cp_plan_end(
            plan_id=plan.pk,
            expected_version=plan.version,
            end_date=D(2026, 11, 2),
            end_reason="safe",
            ended_by=social_worker,
        )
    services.review_conference_record(plan_id=plan.pk, held_on=D(2026, 11, 2), outcome="continue", recorded_by=manager)


def test_front_door_analysts_cannot_record(episode, front_door_user, analyst):
    for user in (front_door_user, analyst):
        with pytest.raises(PermissionDenied):
            services.strategy_discussion_record(
                episode=episode, held_on=D(2026, 10, 2), agencies=["police"], summary="", recorded_by=user
            )
        with pytest.raises(PermissionDenied):
            services.protective_order_record(
                child=episode.child, kind="epo", start_date=D(2026, 10, 2), recorded_by=user
            )


def test_plan_records_core_groups_visits_reviews(episode, social_worker, chair):
    plan = plan_from_icpc(episode, D(2026, 10, 2), D(2026, 10, 20), social_worker, chair)
    with pytest.raises(ValidationError) as error:
        services.core_group_record(plan_id=plan.pk, held_on=D(2026, 10, 19), recorded_by=social_worker)
    assert "held_on" in fields(error)
    services.core_group_record(plan_id=plan.pk, held_on=D(2026, 11, 5), recorded_by=social_worker)
    assert "(due 03 Nov 2026)" in Event.objects.get(kind="core_group.held").summary
    with pytest.raises(ValidationError) as error:
        services.cp_visit_record(
            plan_id=plan.pk, visit_date=D(2026, 11, 5), child_seen=False, seen_alone=True, recorded_by=social_worker
        )
    assert "seen_alone" in fields(error)
    services.cp_visit_record(
        plan_id=plan.pk, visit_date=D(2026, 11, 5), child_seen=True, seen_alone=True, recorded_by=social_worker
    )
    assert "seen alone" in Event.objects.get(kind="cp_visit.recorded").summary
    services.review_conference_record(
        plan_id=plan.pk, held_on=D(2026, 11, 10), outcome="continue", category="PHY", recorded_by=chair
    )
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("NEG", "PHY")
    with pytest.raises(ValidationError) as error:
        services.review_conference_record(plan_id=plan.pk, held_on=D(2026, 11, 12), outcome="end", recorded_by=chair)
    assert "end_reason" in fields(error)


def test_an_ended_plan_takes_no_more_records(episode, social_worker, chair):
    plan = plan_from_icpc(episode, D(2026, 10, 2), D(2026, 10, 20), social_worker, chair)
    services.review_conference_record(
        plan_id=plan.pk, held_on=D(2026, 11, 10), outcome="end", end_reason="cla", recorded_by=chair
    )
    assert Event.objects.filter(kind="cp_plan.ended").count() == 1
    with pytest.raises(ValidationError):
        services.cp_visit_record(
            plan_id=plan.pk, visit_date=D(2026, 11, 11), child_seen=True, seen_alone=False, recorded_by=social_worker
        )
    plan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.cp_plan_end(
            plan_id=plan.pk,
            expected_version=plan.version,
            end_date=D(2026, 11, 12),
            end_reason="safe",
            ended_by=chair,
        )


def test_plan_end_checks_the_version(episode, social_worker, chair):
    plan = plan_from_icpc(episode, D(2026, 10, 2), D(2026, 10, 20), social_worker, chair)
    stale = plan.version
    services.cp_visit_record(
        plan_id=plan.pk, visit_date=D(2026, 11, 5), child_seen=True, seen_alone=False, recorded_by=social_worker
    )
    with pytest.raises(ConcurrentEditError):
        services.cp_plan_end(
            plan_id=plan.pk, expected_version=stale, end_date=D(2026, 11, 6), end_reason="safe", ended_by=chair
        )
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.cp_plan_end(
            plan_id=plan.pk, expected_version=plan.version, end_date=D(2026, 10, 1), end_reason="safe", ended_by=chair
        )
    assert "end_date" in fields(error)
    ended = services.cp_plan_end(
        plan_id=plan.pk, expected_version=plan.version, end_date=D(2026, 11, 6), end_reason="moved", ended_by=chair
    )
    assert ended.end_reason == "moved" and ended.next_visit_due is None


def test_protective_orders(episode, social_worker):
    with pytest.raises(ValidationError) as error:
        services.protective_order_record(
            child=episode.child,
            kind="epo",
            start_date=D(2026, 10, 9),
            end_date=D(2026, 10, 8),
            recorded_by=social_worker,
        )
    assert "end_date" in fields(error)
    with pytest.raises(ValidationError):
        services.protective_order_record(
            child=episode.child, kind="arrest", start_date=D(2026, 10, 9), recorded_by=social_worker
        )
    order = services.protective_order_record(
        child=episode.child,
        kind="police",
        start_date=D(2026, 10, 9),
        end_date=D(2026, 10, 11),
        episode=episode,
        recorded_by=social_worker,
    )
    assert ProtectiveOrder.objects.get() == order
    assert (
        Event.objects.get(kind="protective_order.recorded").summary
        == "Police protection from 09 Oct 2026 to 11 Oct 2026"
    )
