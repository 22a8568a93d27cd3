import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.accounts.models import Role
from safeguard.asylum import services
from safeguard.asylum.models import AgeAssessment, ImmigrationStatus, UASCRecord
from safeguard.chronology.models import Category, Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.people.models import Person
from tests.factories import AdultFactory, PersonFactory, UserFactory

from .factories import ImmigrationStatusFactory, UASCRecordFactory

TODAY = dt.date(2026, 11, 23)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned(today):
    today(TODAY)


@pytest.fixture
def child(db):
    return PersonFactory(date_of_birth=dt.date(2010, 5, 10))


def _events(child, kind):
    return Event.objects.filter(child=child, kind=kind, category=Category.ASYLUM)


# --- UASC record ----------------------------------------------------------------------------------


def test_record_a_spontaneous_arrival(child, social_worker):
    record = services.uasc_record_create(
        child=child, became_uasc_on=dt.date(2026, 6, 1), arrival_route="spontaneous", recorded_by=social_worker
    )
    assert record.child == child and record.ceased_on is None and record.version == 1
    assert _events(child, "uasc.recorded").get().source_id == record.pk


def test_record_an_nts_transfer_in(child, social_worker):
    record = services.uasc_record_create(
        child=child,
        became_uasc_on=dt.date(2026, 6, 1),
        arrival_route="nts_in",
        nts_from_authority="Kent",
        nts_referral_date=dt.date(2026, 6, 3),
        nts_transfer_date=dt.date(2026, 6, 20),
        recorded_by=social_worker,
    )
    assert record.nts_from_authority == "Kent" and record.nts_transfer_date == dt.date(2026, 6, 20)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"became_uasc_on": TODAY + dt.timedelta(days=1)}, "became_uasc_on"),
        ({"became_uasc_on": dt.date(2009, 1, 1)}, "became_uasc_on"),
        ({"arrival_route": "boat"}, "arrival_route"),
        ({"arrival_route": "nts_in", "nts_transfer_date": dt.date(2026, 6, 2)}, "nts_from_authority"),
        ({"arrival_route": "nts_in", "nts_from_authority": "Kent"}, "nts_transfer_date"),
        ({"nts_from_authority": "Kent"}, "arrival_route"),
        (
            {
                "arrival_route": "nts_in",
                "nts_from_authority": "Kent",
                "nts_referral_date": dt.date(2026, 6, 10),
                "nts_transfer_date": dt.date(2026, 6, 5),
            },
            "nts_transfer_date",
        ),
        (
            {
                "arrival_route": "nts_in",
                "nts_from_authority": "Kent",
                "nts_referral_date": dt.date(2026, 5, 1),
                "nts_transfer_date": dt.date(2026, 6, 5),
            },
            "nts_referral_date",
        ),
    ],
)
def test_invalid_uasc_record_writes_nothing(child, social_worker, changes, field):
    arguments = {"became_uasc_on": dt.date(2026, 6, 1), "arrival_route": "spontaneous"} | changes
    with pytest.raises(ValidationError) as error:
        services.uasc_record_create(child=child, recorded_by=social_worker, **arguments)
    assert field in error.value.message_dict
    assert not UASCRecord.objects.exists()
    assert not Event.objects.filter(category=Category.ASYLUM).exists()


def test_a_child_has_one_uasc_record(child, social_worker):
    UASCRecordFactory(child=child)
    with pytest.raises(ValidationError, match="already has a UASC record"):
        services.uasc_record_create(
            child=child, became_uasc_on=dt.date(2026, 6, 1), arrival_route="port", recorded_by=social_worker
        )


def test_adults_are_not_uasc(social_worker):
    adult = AdultFactory()
    with pytest.raises(ValidationError):
        services.uasc_record_create(
            child=adult, became_uasc_on=dt.date(2026, 6, 1), arrival_route="port", recorded_by=social_worker
        )


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.ANALYST, Role.SENIOR_LEADER, Role.INSPECTOR])
def test_roles_that_do_not_record(child, role):
    with pytest.raises(PermissionDenied):
        services.uasc_record_create(
            child=child, became_uasc_on=dt.date(2026, 6, 1), arrival_route="port", recorded_by=UserFactory(role=role)
        )
    assert not UASCRecord.objects.exists()


def test_cease_records_the_duc(child, social_worker):
    record = UASCRecordFactory(child=child)
    ceased = services.uasc_record_cease(
        record_id=record.pk, expected_version=1, ceased_on=dt.date(2026, 10, 1), ceased_reason="status",
        ceased_by=social_worker,
    )  # fmt: skip
    assert ceased.ceased_on == dt.date(2026, 10, 1) and ceased.version == 2
    assert "Ceased to be UASC" in _events(child, "uasc.ceased").get().summary


@pytest.mark.parametrize(
    ("ceased_on", "reason", "field"),
    [
        (dt.date(2026, 1, 1), "18", "ceased_on"),
        (TODAY + dt.timedelta(days=1), "18", "ceased_on"),
        (dt.date(2026, 10, 1), "", "ceased_reason"),
    ],
)
def test_invalid_cease_writes_nothing(child, social_worker, ceased_on, reason, field):
    record = UASCRecordFactory(child=child)
    with pytest.raises(ValidationError) as error:
        services.uasc_record_cease(
            record_id=record.pk, expected_version=1, ceased_on=ceased_on, ceased_reason=reason, ceased_by=social_worker
        )
    assert field in error.value.message_dict
    record.refresh_from_db()
    assert record.ceased_on is None and record.version == 1


def test_stale_cease_is_refused(child, social_worker):
    record = UASCRecordFactory(child=child, version=2)
    with pytest.raises(ConcurrentEditError):
        services.uasc_record_cease(
            record_id=record.pk, expected_version=1, ceased_on=dt.date(2026, 10, 1), ceased_reason="18",
            ceased_by=social_worker,
        )  # fmt: skip


def test_cannot_cease_twice(child, social_worker):
    record = UASCRecordFactory(child=child, ceased_on=dt.date(2026, 9, 1), ceased_reason="18")
    with pytest.raises(ValidationError, match="already recorded"):
        services.uasc_record_cease(
            record_id=record.pk, expected_version=1, ceased_on=dt.date(2026, 10, 1), ceased_reason="18",
            ceased_by=social_worker,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("dob", "expected"),
    [(dt.date(2010, 5, 10), dt.date(2028, 5, 10)), (dt.date(2008, 2, 29), dt.date(2026, 3, 1)), (None, None)],
)
def test_eighteenth_birthday_suggestion(dob, expected):
    assert services.eighteenth_birthday(Person(date_of_birth=dob)) == expected


# --- Age assessments ------------------------------------------------------------------------------


def _assess(child, user, **changes):
    arguments = {
        "expected_person_version": child.version,
        "assessed_on": dt.date(2026, 7, 1),
        "outcome": "accepted",
        "assessed_date_of_birth": None,
        "merton_compliant": True,
        "assessed_by": "Two synthetic social workers",
    } | changes
    return services.age_assessment_record(child=child, recorded_by=user, **arguments)


def test_age_accepted_leaves_the_date_of_birth(child, social_worker):
    assessment = _assess(child, social_worker)
    child.refresh_from_db()
    assert child.date_of_birth == dt.date(2010, 5, 10) and child.version == 1
    assert not assessment.date_of_birth_changed
    assert _events(child, "age_assessment.recorded").count() == 1
    assert not _events(child, "person.date_of_birth_changed").exists()


def test_assessed_older_changes_the_date_of_birth_through_people(child, social_worker):
    assessment = _assess(child, social_worker, outcome="older", assessed_date_of_birth=dt.date(2008, 1, 1))
    child.refresh_from_db()
    assert child.date_of_birth == dt.date(2008, 1, 1)
    assert child.version == 2  # person_update: optimistic locking and field history
    assert assessment.previous_date_of_birth == dt.date(2010, 5, 10) and assessment.date_of_birth_changed
    history = list(child.history.order_by("history_date").values_list("date_of_birth", flat=True))
    assert history[-1] == dt.date(2008, 1, 1)
    event = _events(child, "person.date_of_birth_changed").get()
    assert "01 Jan 2008" in event.summary and "10 May 2010" in event.summary


def test_assessed_younger_changes_the_date_of_birth(child, social_worker):
    _assess(child, social_worker, outcome="younger", assessed_date_of_birth=dt.date(2011, 2, 2))
    child.refresh_from_db()
    assert child.date_of_birth == dt.date(2011, 2, 2)


def test_not_merton_compliant_is_said_in_the_chronology(child, social_worker):
    _assess(child, social_worker, merton_compliant=False)
    assert "not Merton-compliant" in _events(child, "age_assessment.recorded").get().summary


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outcome": "older"}, "assessed_date_of_birth"),
        ({"outcome": "older", "assessed_date_of_birth": dt.date(2011, 1, 1)}, "assessed_date_of_birth"),
        ({"outcome": "younger", "assessed_date_of_birth": dt.date(2009, 1, 1)}, "assessed_date_of_birth"),
        ({"outcome": "accepted", "assessed_date_of_birth": dt.date(2009, 1, 1)}, "assessed_date_of_birth"),
        ({"outcome": "disputed", "assessed_date_of_birth": dt.date(2009, 1, 1)}, "assessed_date_of_birth"),
        ({"outcome": "younger", "assessed_date_of_birth": dt.date(2026, 8, 1)}, "assessed_date_of_birth"),
        ({"outcome": "guessed"}, "outcome"),
        ({"assessed_on": TODAY + dt.timedelta(days=1)}, "assessed_on"),
        ({"assessed_by": "  "}, "assessed_by"),
    ],
)
def test_invalid_age_assessment_writes_nothing(child, social_worker, changes, field):
    with pytest.raises(ValidationError) as error:
        _assess(child, social_worker, **changes)
    assert field in error.value.message_dict
    child.refresh_from_db()
    assert child.date_of_birth == dt.date(2010, 5, 10) and child.version == 1
    assert not AgeAssessment.objects.exists() and not Event.objects.exists()


def test_age_assessment_on_a_stale_person_is_refused(child, social_worker):
    with pytest.raises(ConcurrentEditError):
        _assess(child, social_worker, expected_person_version=0, outcome="older",
                assessed_date_of_birth=dt.date(2008, 1, 1))  # fmt: skip
    assert not AgeAssessment.objects.exists()


def test_front_door_cannot_record_age_assessments(child, front_door_user):
    with pytest.raises(PermissionDenied):
        _assess(child, front_door_user)


# --- Immigration status ---------------------------------------------------------------------------


def _status(child, user, **changes):
    arguments = {
        "status": "claim_lodged",
        "start_date": dt.date(2026, 6, 2),
        "home_office_reference": " HO123 ",
        "expected_current_version": None,
    } | changes
    return services.immigration_status_record(child=child, recorded_by=user, **arguments)


def test_first_status(child, social_worker):
    status = _status(child, social_worker)
    assert status.is_current and status.home_office_reference == "HO123"
    assert _events(child, "immigration_status.recorded").count() == 1


def test_a_new_status_closes_the_open_one(child, social_worker):
    first = _status(child, social_worker)
    second = _status(
        child, social_worker, status="refugee", start_date=dt.date(2026, 10, 5), expected_current_version=1
    )
    first.refresh_from_db()
    assert first.end_date == dt.date(2026, 10, 4) and first.version == 2
    assert second.is_current
    assert ImmigrationStatus.objects.filter(child=child, end_date__isnull=True).get() == second
    assert "(was asylum claim lodged)" in _events(child, "immigration_status.recorded").latest("id").summary


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "tourist"}, "status"),
        ({"start_date": TODAY + dt.timedelta(days=1)}, "start_date"),
        ({"start_date": dt.date(2026, 3, 5)}, "start_date"),  # not after the current one's start
    ],
)
def test_invalid_status_writes_nothing(child, social_worker, changes, field):
    current = ImmigrationStatusFactory(child=child)
    with pytest.raises(ValidationError) as error:
        _status(child, social_worker, expected_current_version=current.version, **changes)
    assert field in error.value.message_dict
    current.refresh_from_db()
    assert current.end_date is None and current.version == 1
    assert ImmigrationStatus.objects.count() == 1


@pytest.mark.parametrize("seen", [None, 7])
def test_status_recorded_against_a_stale_current_status_is_refused(child, social_worker, seen):
    ImmigrationStatusFactory(child=child)
    with pytest.raises(ConcurrentEditError):
        _status(child, social_worker, expected_current_version=seen)
    assert ImmigrationStatus.objects.count() == 1


def test_status_when_someone_else_recorded_the_first_is_refused(child, social_worker):
    with pytest.raises(ConcurrentEditError):
        _status(child, social_worker, expected_current_version=1)


def test_end_status(child, social_worker):
    status = ImmigrationStatusFactory(child=child)
    ended = services.immigration_status_end(
        status_id=status.pk, expected_version=1, end_date=dt.date(2026, 9, 1), ended_by=social_worker
    )
    assert ended.end_date == dt.date(2026, 9, 1)
    assert _events(child, "immigration_status.ended").count() == 1


@pytest.mark.parametrize("end_date", [dt.date(2026, 3, 4), TODAY + dt.timedelta(days=1)])
def test_invalid_end_writes_nothing(child, social_worker, end_date):
    status = ImmigrationStatusFactory(child=child)
    with pytest.raises(ValidationError):
        services.immigration_status_end(
            status_id=status.pk, expected_version=1, end_date=end_date, ended_by=social_worker
        )
    status.refresh_from_db()
    assert status.end_date is None


def test_database_refuses_two_open_statuses(child):
    from django.db import IntegrityError, transaction

    ImmigrationStatusFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImmigrationStatusFactory(child=child, start_date=dt.date(2026, 4, 1))
