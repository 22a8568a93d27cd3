"""Validation, permissions, concurrency and chronology of the missing services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.lac.models import CarePeriod
from safeguard.missing import services
from safeguard.missing.models import MissingEpisode, RepeatMissingStrategyMeeting, ReturnHomeInterview
from tests.factories import AdultFactory

from .conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 20, 12, 0)
START = at(2026, 11, 18, 22, 0)
END = at(2026, 11, 19, 9, 30)


@pytest.fixture(autouse=True)
def _now(now):
    now(NOW)


def report(child, user, **overrides):
    call = {
        "child": child,
        "missing_type": "M",
        "start_at": at(2026, 11, 18, 22, 0),
        "risk_level": "high",
        "reported_to_police": True,
        "police_reference": " NB-123 ",
        "notes": " left after an argument ",
        "recorded_by": user,
        **overrides,
    }
    return services.missing_episode_report(**call)


def returned(child, user, start=START, end=END):
    episode = report(child, user, start_at=start)
    return services.missing_episode_return(
        episode_id=episode.pk, expected_version=episode.version, end_at=end, where_found="Station", returned_by=user
    )


def fields(error) -> set[str]:
    return set(error.value.message_dict)


def test_report_stores_the_episode_and_writes_a_missing_event(child, social_worker):
    episode = report(child, social_worker)
    assert episode.missing_from == "home"  # not looked after on the day
    assert episode.police_reference == "NB-123" and episode.notes == "left after an argument"
    assert episode.end_at is None and episode.rhi_due_date is None and episode.version == 1
    event = Event.objects.get(kind="missing.reported")
    assert event.category == "missing" and event.child == child and event.actor == social_worker
    assert "Missing from home since 18 Nov 2026 22:00" in event.summary and "NB-123" in event.summary
    assert (event.source_model, event.source_id) == ("missing.missingepisode", episode.pk)


def test_missing_from_a_care_placement_is_derived_from_the_care_record(child, social_worker):
    CarePeriod.objects.create(child=child, start_date=dt.date(2026, 11, 1), category_of_need="N1")
    assert report(child, social_worker).missing_from == "care"


def test_missing_from_recorded_by_the_worker_wins(child, social_worker):
    CarePeriod.objects.create(child=child, start_date=dt.date(2026, 11, 1), category_of_need="N1")
    assert report(child, social_worker, missing_from="other").missing_from == "other"


def test_care_that_started_after_the_episode_does_not_count(child, social_worker):
    CarePeriod.objects.create(child=child, start_date=dt.date(2026, 11, 19), category_of_need="N1")
    assert report(child, social_worker).missing_from == "home"


def test_police_reference_is_dropped_when_not_reported(child, social_worker):
    assert report(child, social_worker, reported_to_police=False).police_reference == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"missing_type": "X"}, "missing_type"),
        ({"risk_level": "extreme"}, "risk_level"),
        ({"missing_from": "moon"}, "missing_from"),
        ({"start_at": at(2026, 11, 20, 12, 1)}, "start_at"),  # a minute in the future
        ({"start_at": at(2011, 4, 1, 12, 0)}, "start_at"),  # before birth
    ],
)
def test_report_validation_writes_nothing(child, social_worker, overrides, field):
    with pytest.raises(ValidationError) as error:
        report(child, social_worker, **overrides)
    assert field in fields(error)
    assert not MissingEpisode.objects.exists() and not Event.objects.exists()


def test_an_adult_cannot_be_reported_missing(social_worker):
    with pytest.raises(ValidationError) as error:
        report(AdultFactory(), social_worker)
    assert "child" in fields(error)


def test_a_child_already_missing_cannot_be_reported_again(child, social_worker):
    report(child, social_worker)
    with pytest.raises(ValidationError) as error:
        report(child, social_worker, start_at=at(2026, 11, 19, 8, 0))
    assert "already recorded as missing" in str(error.value)
    assert MissingEpisode.objects.count() == 1


def test_a_report_inside_an_earlier_returned_episode_is_refused(child, social_worker):
    returned(child, social_worker, start=at(2026, 11, 10, 8, 0), end=at(2026, 11, 12, 8, 0))
    with pytest.raises(ValidationError) as error:
        report(child, social_worker, start_at=at(2026, 11, 11, 8, 0))
    assert "overlaps" in str(error.value)
    # Starting exactly at the earlier return is fine.
    assert report(child, social_worker, start_at=at(2026, 11, 12, 8, 0)).pk


def test_front_door_may_report_but_not_record_interviews(child, front_door_user):
    episode = report(child, front_door_user)
    episode = services.missing_episode_return(
        episode_id=episode.pk, expected_version=1, end_at=at(2026, 11, 19, 8, 0), returned_by=front_door_user
    )
    with pytest.raises(PermissionDenied):
        services.return_interview_offer(
            episode_id=episode.pk, expected_version=episode.version, offered_at=NOW, offered_by=front_door_user
        )


def test_roles_without_practice_cannot_report(child, analyst):
    with pytest.raises(PermissionDenied):
        report(child, analyst)
    assert not MissingEpisode.objects.exists()


def test_return_derives_the_interview_due_date_72_hours_on(child, social_worker):
    episode = returned(child, social_worker, end=at(2026, 11, 19, 23, 30))
    assert episode.end_at == at(2026, 11, 19, 23, 30) and episode.where_found == "Station"
    assert episode.rhi_due_date == dt.date(2026, 11, 22)  # Sunday: the clock, not working days
    assert episode.version == 2
    event = Event.objects.get(kind="missing.returned")
    assert "after 25 hours" in event.summary and "due by 22 Nov 2026 23:30" in event.summary


@pytest.mark.parametrize(
    ("end", "field"),
    [
        (at(2026, 11, 18, 22, 0), "end_at"),  # not after the start
        (at(2026, 11, 18, 21, 0), "end_at"),
        (at(2026, 11, 20, 13, 0), "end_at"),  # future
    ],
)
def test_return_validation_writes_nothing(child, social_worker, end, field):
    episode = report(child, social_worker)
    with pytest.raises(ValidationError) as error:
        services.missing_episode_return(
            episode_id=episode.pk, expected_version=1, end_at=end, returned_by=social_worker
        )
    assert field in fields(error)
    episode.refresh_from_db()
    assert episode.end_at is None and episode.version == 1
    assert not Event.objects.filter(kind="missing.returned").exists()


def test_return_twice_and_stale_versions_are_refused(child, social_worker):
    episode = returned(child, social_worker)
    with pytest.raises(ConcurrentEditError):
        services.missing_episode_return(
            episode_id=episode.pk, expected_version=1, end_at=at(2026, 11, 19, 10, 0), returned_by=social_worker
        )
    with pytest.raises(ValidationError) as error:
        services.missing_episode_return(
            episode_id=episode.pk, expected_version=episode.version, end_at=NOW, returned_by=social_worker
        )
    assert "already been recorded" in str(error.value)


def test_offer_then_interview(child, social_worker):
    episode = returned(child, social_worker)
    offer = services.return_interview_offer(
        episode_id=episode.pk, expected_version=episode.version, offered_at=at(2026, 11, 19, 12, 0),
        response="accepted", offered_by=social_worker,
    )  # fmt: skip
    assert offer.response == "accepted" and offer.completed_at is None
    interview = services.return_interview_record(
        episode_id=episode.pk,
        expected_version=episode.version + 1,
        completed_at=at(2026, 11, 20, 10, 0),
        interviewer=" Sam Reed ",
        interviewer_organisation="Runaway project",
        key_findings=" Staying with a friend ",
        exploitation_concerns=True,
        recorded_by=social_worker,
    )
    assert interview.pk == offer.pk and interview.interviewer == "Sam Reed"
    assert interview.offered_at == at(2026, 11, 19, 12, 0) and interview.version == 2
    event = Event.objects.get(kind="missing.interview_completed")
    assert "24 hours after the return" in event.summary and "later than" not in event.summary
    assert "exploitation concerns flagged" in event.summary
    assert Event.objects.filter(kind="missing.interview_offered").exists()


def test_interview_without_an_offer_counts_as_offered_then_and_late_is_said(child, social_worker):
    episode = returned(child, social_worker, start=at(2026, 11, 10, 8, 0), end=at(2026, 11, 11, 8, 0))
    interview = services.return_interview_record(
        episode_id=episode.pk, expected_version=episode.version, completed_at=at(2026, 11, 14, 9, 0),
        interviewer="Sam Reed", key_findings="x", recorded_by=social_worker,
    )  # fmt: skip
    assert interview.offered_at == interview.completed_at and interview.response == "accepted"
    assert "(later than 72 hours)" in Event.objects.get(kind="missing.interview_completed").summary


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"completed_at": at(2026, 11, 19, 9, 0)}, "completed_at"),  # before the return
        ({"completed_at": at(2026, 11, 20, 12, 5)}, "completed_at"),  # future
        ({"interviewer": " "}, "interviewer"),
        ({"key_findings": ""}, "key_findings"),
    ],
)
def test_interview_validation_writes_nothing(child, social_worker, overrides, field):
    episode = returned(child, social_worker)
    call = {
        "episode_id": episode.pk,
        "expected_version": episode.version,
        "completed_at": at(2026, 11, 20, 10, 0),
        "interviewer": "Sam Reed",
        "key_findings": "x",
        "recorded_by": social_worker,
        **overrides,
    }
    with pytest.raises(ValidationError) as error:
        services.return_interview_record(**call)
    assert field in fields(error)
    assert not ReturnHomeInterview.objects.exists()
    episode.refresh_from_db()
    assert episode.version == 2


def test_interview_needs_the_return_first_and_only_once(child, social_worker):
    episode = report(child, social_worker)
    with pytest.raises(ValidationError):
        services.return_interview_record(
            episode_id=episode.pk, expected_version=1, completed_at=NOW, interviewer="A", key_findings="x",
            recorded_by=social_worker,
        )  # fmt: skip
    episode = services.missing_episode_return(
        episode_id=episode.pk, expected_version=1, end_at=at(2026, 11, 19, 9, 0), returned_by=social_worker
    )
    services.return_interview_record(
        episode_id=episode.pk, expected_version=2, completed_at=at(2026, 11, 20, 9, 0), interviewer="A",
        key_findings="x", recorded_by=social_worker,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.return_interview_offer(
            episode_id=episode.pk, expected_version=3, offered_at=NOW, offered_by=social_worker
        )
    with pytest.raises(ValidationError):
        services.return_interview_record(
            episode_id=episode.pk, expected_version=3, completed_at=NOW, interviewer="A", key_findings="x",
            recorded_by=social_worker,
        )  # fmt: skip


def test_offer_validation(child, social_worker):
    episode = returned(child, social_worker)
    for offered_at, response in [(at(2026, 11, 19, 9, 0), ""), (NOW, "maybe"), (at(2026, 11, 21), "")]:
        with pytest.raises(ValidationError):
            services.return_interview_offer(
                episode_id=episode.pk, expected_version=episode.version, offered_at=offered_at, response=response,
                offered_by=social_worker,
            )  # fmt: skip
    assert not ReturnHomeInterview.objects.exists()
    with pytest.raises(ConcurrentEditError):
        services.return_interview_offer(
            episode_id=episode.pk, expected_version=1, offered_at=NOW, offered_by=social_worker
        )


def test_strategy_meeting(child, social_worker):
    with pytest.raises(ValidationError) as error:
        services.repeat_missing_meeting_record(child=child, held_on=dt.date(2026, 11, 19), recorded_by=social_worker)
    assert "no missing episode" in str(error.value)
    returned(child, social_worker)
    with pytest.raises(ValidationError):
        services.repeat_missing_meeting_record(child=child, held_on=dt.date(2026, 11, 21), recorded_by=social_worker)
    meeting = services.repeat_missing_meeting_record(
        child=child, held_on=dt.date(2026, 11, 19), outcome=" plan agreed ", recorded_by=social_worker
    )
    assert meeting.outcome == "plan agreed" and RepeatMissingStrategyMeeting.objects.count() == 1
    assert Event.objects.get(kind="missing.strategy_meeting").category == "missing"
