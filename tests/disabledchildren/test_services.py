import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.accounts.models import Role
from safeguard.chronology.models import Category, Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.disabledchildren import services
from safeguard.disabledchildren.models import DisabledChildrenService
from safeguard.people.models import PersonDisability
from tests.factories import AdultFactory, EpisodeFactory, PersonFactory, UserFactory

from .factories import DisabledChildrenServiceFactory

TODAY = dt.date(2026, 11, 23)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned(today):
    today(TODAY)


def _events(child, kind):
    return Event.objects.filter(child=child, kind=kind, category=Category.DISABILITY)


def test_request_with_a_request_date(disabled_child, social_worker):
    service = services.disabled_service_request(
        child=disabled_child, kind="short_breaks", referral_date=dt.date(2026, 9, 7), recorded_by=social_worker
    )
    # Rule disabled-first-service: 12 weeks from the referral.
    assert service.first_service_due == dt.date(2026, 11, 30)
    assert service.is_waiting and service.version == 1
    assert "first service due by 30 Nov 2026" in _events(disabled_child, "disabled_service.requested").get().summary


def test_request_takes_the_episodes_referral_date(disabled_child, social_worker):
    episode = EpisodeFactory(child=disabled_child, referral_date=dt.date(2026, 8, 3))
    service = services.disabled_service_request(
        child=disabled_child, kind="equipment", episode=episode, recorded_by=social_worker
    )
    assert service.referral_date == dt.date(2026, 8, 3) and service.episode == episode


def test_a_child_in_the_disabled_childrens_service_without_a_coded_disability_is_eligible(dc_team, social_worker):
    child = PersonFactory()
    episode = EpisodeFactory(child=child, team=dc_team)
    service = services.disabled_service_request(
        child=child, kind="direct_payments", episode=episode, recorded_by=social_worker
    )
    assert service.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "holiday"}, "kind"),
        ({"kind": "other"}, "detail"),
        ({"referral_date": None}, "referral_date"),
        ({"referral_date": TODAY + dt.timedelta(days=1)}, "referral_date"),
        ({"referral_date": dt.date(2013, 1, 1)}, "referral_date"),
    ],
)
def test_invalid_request_writes_nothing(disabled_child, social_worker, changes, field):
    arguments = {"kind": "short_breaks", "referral_date": dt.date(2026, 9, 7)} | changes
    with pytest.raises(ValidationError) as error:
        services.disabled_service_request(child=disabled_child, recorded_by=social_worker, **arguments)
    assert field in error.value.message_dict
    assert not DisabledChildrenService.objects.exists() and not Event.objects.exists()


@pytest.mark.parametrize("code", [None, "NONE"])
def test_a_child_without_a_disability_is_refused(social_worker, code):
    child = PersonFactory()
    if code:
        PersonDisability.objects.create(person=child, code=code, recorded_on=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="Record the child's disability first"):
        services.disabled_service_request(
            child=child, kind="short_breaks", referral_date=dt.date(2026, 9, 7), recorded_by=social_worker
        )


def test_another_childs_episode_is_refused(disabled_child, social_worker):
    with pytest.raises(ValidationError, match="another child's"):
        services.disabled_service_request(
            child=disabled_child, kind="short_breaks", episode=EpisodeFactory(), recorded_by=social_worker
        )


def test_adults_are_refused(social_worker):
    adult = AdultFactory()
    with pytest.raises(ValidationError):
        services.disabled_service_request(
            child=adult, kind="short_breaks", referral_date=dt.date(2026, 9, 7), recorded_by=social_worker
        )


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.ANALYST, Role.SENIOR_LEADER, Role.INSPECTOR])
def test_roles_that_do_not_record(disabled_child, role):
    with pytest.raises(PermissionDenied):
        services.disabled_service_request(
            child=disabled_child, kind="short_breaks", referral_date=dt.date(2026, 9, 7),
            recorded_by=UserFactory(role=role),
        )  # fmt: skip


# --- Decision, first service, end -----------------------------------------------------------------


@pytest.fixture
def waiting(disabled_child):
    return DisabledChildrenServiceFactory(child=disabled_child, referral_date=dt.date(2026, 6, 1))


def test_decide(waiting, social_worker):
    decided = services.disabled_service_decide(
        service_id=waiting.pk, expected_version=1, decision="agreed", decision_date=dt.date(2026, 7, 1),
        decided_by=social_worker,
    )  # fmt: skip
    assert decided.decision == "agreed" and decided.version == 2 and decided.is_waiting
    assert _events(waiting.child, "disabled_service.decided").count() == 1


def test_declined_ends_the_wait(waiting, social_worker):
    decided = services.disabled_service_decide(
        service_id=waiting.pk, expected_version=1, decision="declined", decision_date=dt.date(2026, 7, 1),
        decided_by=social_worker,
    )  # fmt: skip
    assert not decided.is_waiting


@pytest.mark.parametrize(
    ("decision", "day", "field"),
    [
        ("maybe", dt.date(2026, 7, 1), "decision"),
        ("agreed", dt.date(2026, 5, 1), "decision_date"),
        ("agreed", TODAY + dt.timedelta(days=1), "decision_date"),
    ],
)
def test_invalid_decision_writes_nothing(waiting, social_worker, decision, day, field):
    with pytest.raises(ValidationError) as error:
        services.disabled_service_decide(
            service_id=waiting.pk, expected_version=1, decision=decision, decision_date=day, decided_by=social_worker
        )
    assert field in error.value.message_dict
    waiting.refresh_from_db()
    assert waiting.decision == "" and waiting.version == 1


def test_stale_decision_is_refused(waiting, social_worker):
    with pytest.raises(ConcurrentEditError):
        services.disabled_service_decide(
            service_id=waiting.pk, expected_version=0, decision="agreed", decision_date=dt.date(2026, 7, 1),
            decided_by=social_worker,
        )  # fmt: skip


def test_start_records_the_wait(waiting, social_worker):
    started = services.disabled_service_start(
        service_id=waiting.pk, expected_version=1, start_date=dt.date(2026, 7, 27), started_by=social_worker
    )
    assert started.first_service_start == dt.date(2026, 7, 27)
    assert started.decision == "agreed" and started.decision_date == dt.date(2026, 7, 27)
    assert started.waiting_days(TODAY) == 56 and not started.is_waiting
    assert "56 days after the referral" in _events(waiting.child, "disabled_service.started").get().summary


@pytest.mark.parametrize("start", [dt.date(2026, 5, 31), TODAY + dt.timedelta(days=1)])
def test_invalid_start_writes_nothing(waiting, social_worker, start):
    with pytest.raises(ValidationError):
        services.disabled_service_start(
            service_id=waiting.pk, expected_version=1, start_date=start, started_by=social_worker
        )
    waiting.refresh_from_db()
    assert waiting.first_service_start is None


def test_start_before_the_decision_is_refused(disabled_child, social_worker):
    service = DisabledChildrenServiceFactory(child=disabled_child, decision="agreed", decision_date=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError, match="before the decision"):
        services.disabled_service_start(
            service_id=service.pk, expected_version=1, start_date=dt.date(2026, 6, 15), started_by=social_worker
        )


def test_a_declined_service_cannot_start(disabled_child, social_worker):
    service = DisabledChildrenServiceFactory(
        child=disabled_child, decision="declined", decision_date=dt.date(2026, 7, 1)
    )
    with pytest.raises(ValidationError, match="not agreed"):
        services.disabled_service_start(
            service_id=service.pk, expected_version=1, start_date=dt.date(2026, 7, 15), started_by=social_worker
        )


def test_end_withdraws_a_waiting_request(waiting, social_worker):
    ended = services.disabled_service_end(
        service_id=waiting.pk, expected_version=1, end_date=dt.date(2026, 8, 1), ended_by=social_worker
    )
    assert not ended.is_waiting
    assert "request withdrawn" in _events(waiting.child, "disabled_service.ended").get().summary


def test_end_before_the_start_is_refused(disabled_child, social_worker):
    service = DisabledChildrenServiceFactory(child=disabled_child, first_service_start=dt.date(2026, 8, 1))
    with pytest.raises(ValidationError):
        services.disabled_service_end(
            service_id=service.pk, expected_version=1, end_date=dt.date(2026, 7, 1), ended_by=social_worker
        )
