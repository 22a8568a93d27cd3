"""Validation, permissions, concurrency, derived values and chronology of the looked-after services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.accounts.models import Role
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.lac import services
from safeguard.lac.models import CareLegalStatus, CarePeriod, CarePlan, Placement
from safeguard.people.models import Address
from tests.factories import AdultFactory, EpisodeFactory, PersonFactory, UserFactory

from .helpers import change_status, end_care, move, start_care

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _today(today):
    today(D(2026, 11, 20))


@pytest.fixture
def child(db):
    return PersonFactory(date_of_birth=D(2012, 4, 10))


def fields(error) -> set[str]:
    return set(error.value.message_dict)


def _nothing_written():
    return not (CarePeriod.objects.exists() or Placement.objects.exists() or CareLegalStatus.objects.exists())


# --- Starting care ---------------------------------------------------------------------------------------


def test_start_writes_period_status_placement_deadline_and_event(child, social_worker, locations):
    episode = EpisodeFactory(child=child, referral_date=D(2026, 9, 1))
    period = start_care(child, social_worker, D(2026, 11, 2))
    assert (period.start_date, period.category_of_need, period.cin_episode) == (D(2026, 11, 2), "N1", episode)
    assert period.home_postcode == "NB1 1AA" and period.recorded_by == social_worker
    # 10 working days from Monday 2 November 2026: Monday 16 November.
    assert period.care_plan_due == D(2026, 11, 16)
    status = period.legal_statuses.get()
    assert (status.legal_status, status.start_date, status.end_date, status.child) == (
        "C1",
        D(2026, 11, 2),
        None,
        child,
    )
    placement = period.placements.get()
    assert (placement.placement_type, placement.provider, placement.start_date) == ("U6", "PR1", D(2026, 11, 2))
    assert placement.distance_miles == Decimal("6.2") and placement.out_of_area is False
    event = Event.objects.get(kind="care.started")
    assert event.category == "looked_after" and event.child == child
    assert "interim care order" in event.summary and "foster placement" in event.summary
    assert (event.source_model, event.source_id, event.actor) == ("lac.careperiod", period.pk, social_worker)


def test_start_takes_the_home_postcode_from_the_address_on_the_day(child, social_worker):
    Address.objects.create(person=child, line_1="1 Old Road", town="T", postcode="nb3 4cd", start_date=D(2020, 1, 1),
                           end_date=D(2026, 6, 1))  # fmt: skip
    Address.objects.create(person=child, line_1="2 New Road", town="T", postcode="NB5 6EF", start_date=D(2026, 6, 1))
    period = start_care(child, social_worker, D(2026, 5, 4), home_postcode=None)
    assert period.home_postcode == "NB3 4CD"


def test_unknown_postcodes_leave_distance_and_area_unknown(child, social_worker, locations):
    period = start_care(child, social_worker, D(2026, 11, 2), postcode="NB40 1XY", home_postcode="")
    placement = period.placements.get()
    assert placement.distance_miles is None and placement.out_of_area is None


def test_a_placement_outside_the_authority_is_out_of_area_with_its_distance(child, social_worker, locations):
    period = start_care(child, social_worker, D(2026, 11, 2), postcode="zz99zz")
    placement = period.placements.get()
    assert placement.postcode == "ZZ9 9ZZ"
    assert placement.distance_miles == Decimal("31.1") and placement.out_of_area is True


def test_the_care_plan_deadline_skips_christmas_and_new_year(child, social_worker, today):
    today(D(2027, 1, 5))
    # From Wednesday 23 Dec 2026: 24, 29, 30, 31 Dec, 4, 5, 6, 7, 8, 11 Jan (25/28 Dec and 1 Jan are closed).
    period = start_care(child, social_worker, D(2026, 12, 23))
    assert period.care_plan_due == D(2027, 1, 11)


def test_the_care_plan_deadline_skips_easter_2027(child, social_worker, today):
    today(D(2027, 4, 30))
    # From Thursday 25 March 2027: Good Friday 26 and Easter Monday 29 March are closed.
    period = start_care(child, social_worker, D(2027, 3, 25))
    assert period.care_plan_due == D(2027, 4, 12)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_date": D(2026, 11, 21)}, "start_date"),  # future
        ({"start_date": D(2012, 4, 9)}, "start_date"),  # before birth
        ({"start_date": D(2030, 4, 10)}, "start_date"),  # 18th birthday (and future)
        ({"category_of_need": "N9"}, "category_of_need"),
        ({"legal_status": "XX"}, "legal_status"),
        ({"placement_type": "U9"}, "placement_type"),
        ({"provider": "PR9"}, "provider"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"urn": "12"}, "urn"),
        ({"home_postcode": "12345"}, "home_postcode"),
    ],
)
def test_start_validation_writes_nothing(child, social_worker, overrides, field):
    with pytest.raises(ValidationError) as error:
        start_care(child, social_worker, overrides.pop("start_date", D(2026, 11, 2)), **overrides)
    assert field in fields(error)
    assert _nothing_written() and not Event.objects.exists()


def test_a_young_person_of_18_cannot_start_care(social_worker, today):
    young_person = PersonFactory(date_of_birth=D(2008, 11, 2))
    with pytest.raises(ValidationError, match="18th birthday"):
        start_care(young_person, social_worker, D(2026, 11, 2))
    period = start_care(young_person, social_worker, D(2026, 11, 1))  # the day before is still a child
    assert period.start_date == D(2026, 11, 1)


def test_an_adult_or_a_child_without_a_date_of_birth_cannot_start_care(social_worker):
    with pytest.raises(ValidationError, match="Only a child"):
        start_care(AdultFactory(), social_worker, D(2026, 11, 2))
    with pytest.raises(ValidationError, match="date of birth"):
        start_care(PersonFactory(date_of_birth=None), social_worker, D(2026, 11, 2))
    assert _nothing_written()


def test_a_child_already_looked_after_cannot_start_again(child, social_worker):
    start_care(child, social_worker, D(2026, 10, 1))
    with pytest.raises(ValidationError, match="already looked after"):
        start_care(child, social_worker, D(2026, 11, 2))
    assert CarePeriod.objects.count() == 1


def test_a_new_period_must_start_after_the_last_ended(child, social_worker):
    period = start_care(child, social_worker, D(2026, 1, 5))
    end_care(period, social_worker, D(2026, 6, 1))
    with pytest.raises(ValidationError, match="after the last one ended"):
        start_care(child, social_worker, D(2026, 6, 1))
    assert start_care(child, social_worker, D(2026, 6, 2)).start_date == D(2026, 6, 2)


def test_the_episode_given_must_be_the_childs_and_open_on_the_day(child, social_worker):
    other = EpisodeFactory(referral_date=D(2026, 9, 1))
    with pytest.raises(ValidationError) as error:
        start_care(child, social_worker, D(2026, 11, 2), cin_episode=other)
    assert "cin_episode" in fields(error)
    later = EpisodeFactory(child=child, referral_date=D(2026, 11, 10))
    with pytest.raises(ValidationError):
        start_care(child, social_worker, D(2026, 11, 2), cin_episode=later)
    assert _nothing_written()


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.INSPECTOR, Role.ANALYST, Role.SENIOR_LEADER])
def test_roles_that_cannot_record(child, role):
    with pytest.raises(PermissionDenied):
        start_care(child, UserFactory(role=role), D(2026, 11, 2))
    assert _nothing_written()


def test_managers_and_iros_can_record(child, manager):
    assert start_care(child, manager, D(2026, 11, 2)).recorded_by == manager
    iro = UserFactory(role=Role.CONFERENCE_CHAIR)
    assert start_care(PersonFactory(), iro, D(2026, 11, 2)).recorded_by == iro


# --- Moves -----------------------------------------------------------------------------------------------


def test_a_move_ends_the_placement_with_its_reason_and_starts_the_next_the_same_day(child, social_worker, locations):
    period = start_care(child, social_worker, D(2026, 6, 1))
    first = period.placements.get()
    new = move(period, social_worker, D(2026, 9, 14), same_carer_as_previous=False)
    first.refresh_from_db()
    assert (first.end_date, first.change_reason, first.version) == (D(2026, 9, 14), "CARPL", 2)
    assert (new.start_date, new.end_date, new.placement_type, new.urn) == (D(2026, 9, 14), None, "K2", "SC123456")
    assert new.distance_miles == Decimal("31.1") and new.out_of_area is True
    event = Event.objects.get(kind="placement.changed")
    assert "children's home" in event.summary and "care plan" in event.summary and event.source_id == new.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"change_reason": ""}, "change_reason"),
        ({"change_reason": "BOGUS"}, "change_reason"),
        ({"change_date": D(2026, 6, 1)}, "change_date"),  # same day as the placement started
        ({"change_date": D(2026, 5, 1)}, "change_date"),
        ({"change_date": D(2026, 11, 21)}, "change_date"),
        ({"placement_type": ""}, "placement_type"),
    ],
)
def test_move_validation_writes_nothing(child, social_worker, overrides, field):
    period = start_care(child, social_worker, D(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        move(period, social_worker, overrides.pop("change_date", D(2026, 9, 14)), **overrides)
    assert field in fields(error)
    placement = period.placements.get()
    assert placement.end_date is None and placement.version == 1


def test_a_stale_move_is_refused(child, social_worker):
    period = start_care(child, social_worker, D(2026, 6, 1))
    current = period.placements.get()
    move(period, social_worker, D(2026, 8, 3))
    with pytest.raises(ConcurrentEditError):
        services.placement_change(
            placement_id=current.pk, expected_version=1, change_date=D(2026, 9, 1), change_reason="CHILD",
            placement_type="U6", provider="PR1", changed_by=social_worker,
        )  # fmt: skip
    assert period.placements.count() == 2


def test_an_ended_placement_cannot_be_moved_from(child, social_worker):
    period = start_care(child, social_worker, D(2026, 6, 1))
    first = period.placements.get()
    move(period, social_worker, D(2026, 8, 3))
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="already ended"):
        services.placement_change(
            placement_id=first.pk, expected_version=first.version, change_date=D(2026, 9, 1), change_reason="CHILD",
            placement_type="U6", provider="PR1", changed_by=social_worker,
        )  # fmt: skip


def test_front_door_cannot_move_a_child(child, social_worker, front_door_user):
    period = start_care(child, social_worker, D(2026, 6, 1))
    with pytest.raises(PermissionDenied):
        move(period, front_door_user, D(2026, 8, 3))
    assert period.placements.count() == 1


# --- Legal status ----------------------------------------------------------------------------------------


def test_legal_status_change_ends_the_old_and_starts_the_new(child, social_worker):
    period = start_care(child, social_worker, D(2026, 6, 1))
    status = change_status(period, social_worker, D(2026, 10, 5), "C2")
    old = period.legal_statuses.get(legal_status="C1")
    assert old.end_date == D(2026, 10, 5)
    assert (status.legal_status, status.start_date, status.end_date) == ("C2", D(2026, 10, 5), None)
    period.refresh_from_db()
    assert period.version == 2
    assert "full care order" in Event.objects.get(kind="legal_status.changed").summary


@pytest.mark.parametrize(
    ("legal_status", "day", "field"),
    [("C1", D(2026, 10, 5), "legal_status"), ("ZZ", D(2026, 10, 5), "legal_status"),
     ("C2", D(2026, 6, 1), "change_date"), ("C2", D(2026, 11, 23), "change_date")],
)  # fmt: skip
def test_legal_status_validation_writes_nothing(child, social_worker, legal_status, day, field):
    period = start_care(child, social_worker, D(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        change_status(period, social_worker, day, legal_status)
    assert field in fields(error)
    assert period.legal_statuses.get().end_date is None
    period.refresh_from_db()
    assert period.version == 1


def test_a_stale_legal_status_change_is_refused(child, social_worker):
    period = start_care(child, social_worker, D(2026, 6, 1))
    change_status(period, social_worker, D(2026, 8, 3), "C2")
    with pytest.raises(ConcurrentEditError):
        services.legal_status_change(
            period_id=period.pk, expected_version=1, change_date=D(2026, 9, 1), legal_status="E1",
            changed_by=social_worker,
        )  # fmt: skip
    assert period.legal_statuses.count() == 2


# --- Ending care -----------------------------------------------------------------------------------------


def test_ending_care_ends_the_placement_and_legal_status_the_same_day(child, social_worker):
    period = start_care(child, social_worker, D(2026, 6, 1))
    move(period, social_worker, D(2026, 8, 3))
    ended = end_care(period, social_worker, D(2026, 11, 20), "E45")
    assert (ended.end_date, ended.end_reason) == (D(2026, 11, 20), "E45")
    assert not period.placements.filter(end_date__isnull=True).exists()
    assert period.placements.latest("start_date").end_date == D(2026, 11, 20)
    assert period.legal_statuses.get().end_date == D(2026, 11, 20)
    assert "Special guardianship order" in Event.objects.get(kind="care.ended").summary


@pytest.mark.parametrize(
    ("reason", "day", "field"),
    [("X1", D(2026, 11, 20), "reason"), ("", D(2026, 11, 20), "reason"), ("E4A", D(2026, 8, 2), "end_date"),
     ("E4A", D(2026, 11, 21), "end_date"), ("E17", D(2026, 11, 20), "reason")],
)  # fmt: skip
def test_end_validation_writes_nothing(child, social_worker, reason, day, field):
    period = start_care(child, social_worker, D(2026, 6, 1))
    move(period, social_worker, D(2026, 8, 3))
    with pytest.raises(ValidationError) as error:
        end_care(period, social_worker, day, reason)
    assert field in fields(error)
    period.refresh_from_db()
    assert period.end_date is None and period.placements.filter(end_date__isnull=True).count() == 1


def test_care_ends_at_the_latest_on_the_18th_birthday(social_worker, today):
    young_person = PersonFactory(date_of_birth=D(2008, 11, 2))
    period = start_care(young_person, social_worker, D(2026, 1, 5))
    with pytest.raises(ValidationError, match="18th birthday"):
        end_care(period, social_worker, D(2026, 11, 3), "E5")
    ended = end_care(period, social_worker, D(2026, 11, 2), "E17")
    assert ended.end_reason == "E17"


def test_an_ended_period_cannot_end_again_or_change(child, social_worker):
    period = start_care(child, social_worker, D(2026, 6, 1))
    end_care(period, social_worker, D(2026, 7, 1))
    with pytest.raises(ValidationError, match="ended"):
        end_care(period, social_worker, D(2026, 8, 1))
    with pytest.raises(ValidationError, match="ended"):
        change_status(period, social_worker, D(2026, 8, 1))


def test_ending_care_makes_an_open_placement_edit_stale(child, social_worker):
    period = start_care(child, social_worker, D(2026, 6, 1))
    placement = period.placements.get()
    end_care(period, social_worker, D(2026, 7, 1))
    with pytest.raises(ConcurrentEditError):
        services.placement_update(
            placement_id=placement.pk, expected_version=1, placement_type="U4", provider="PR1",
            updated_by=social_worker,
        )  # fmt: skip


# --- Correcting a placement ------------------------------------------------------------------------------


def test_placement_update_corrects_details_and_rederives_distance(child, social_worker, locations):
    period = start_care(child, social_worker, D(2026, 6, 1), postcode="")
    placement = period.placements.get()
    assert placement.distance_miles is None
    updated = services.placement_update(
        placement_id=placement.pk, expected_version=1, placement_type="U4", provider="PR2", postcode="ZZ9 9ZZ",
        carer_name=" Carers ", intended_until_18=True, long_term_foster_agreed_on=D(2026, 9, 1),
        updated_by=social_worker,
    )  # fmt: skip
    assert (updated.placement_type, updated.provider, updated.carer_name, updated.version) == ("U4", "PR2", "Carers", 2)
    assert updated.intended_until_18 and updated.long_term_foster_agreed_on == D(2026, 9, 1)
    assert updated.distance_miles == Decimal("31.1") and updated.out_of_area is True
    assert Event.objects.filter(kind="placement.updated", source_id=placement.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"long_term_foster_agreed_on": D(2026, 9, 1)}, "long_term_foster_agreed_on"),  # U6 is not long-term
        ({"placement_type": "U4", "long_term_foster_agreed_on": D(2026, 5, 1)}, "long_term_foster_agreed_on"),
        ({"placement_type": "U4", "long_term_foster_agreed_on": D(2026, 12, 1)}, "long_term_foster_agreed_on"),
        ({"same_carer_as_previous": True}, "same_carer_as_previous"),  # the first placement
        ({"provider": "X"}, "provider"),
    ],
)
def test_placement_update_validation_writes_nothing(child, social_worker, overrides, field):
    period = start_care(child, social_worker, D(2026, 6, 1))
    placement = period.placements.get()
    call = {"placement_type": "U6", "provider": "PR1", **overrides}
    with pytest.raises(ValidationError) as error:
        services.placement_update(placement_id=placement.pk, expected_version=1, updated_by=social_worker, **call)
    assert field in fields(error)
    placement.refresh_from_db()
    assert (placement.version, placement.provider, placement.long_term_foster_agreed_on) == (1, "PR1", None)


def test_a_stale_placement_update_is_refused(child, social_worker):
    period = start_care(child, social_worker, D(2026, 6, 1))
    placement = period.placements.get()
    services.placement_update(placement_id=placement.pk, expected_version=1, placement_type="U4", provider="PR1",
                              updated_by=social_worker)  # fmt: skip
    with pytest.raises(ConcurrentEditError):
        services.placement_update(placement_id=placement.pk, expected_version=1, placement_type="U1",
                                  provider="PR1", updated_by=social_worker)  # fmt: skip
    placement.refresh_from_db()
    assert placement.placement_type == "U4"


# --- Care plan -------------------------------------------------------------------------------------------


def test_care_plan_is_recorded_and_a_late_one_says_so(child, social_worker):
    period = start_care(child, social_worker, D(2026, 11, 2))
    plan = services.care_plan_record(period_id=period.pk, agreed_on=D(2026, 11, 17), summary=" s ",
                                     recorded_by=social_worker)  # fmt: skip
    assert (plan.child, plan.summary) == (child, "s")
    assert "after the 10 working days" in Event.objects.get(kind="care_plan.recorded").summary


def test_care_plan_on_time_is_not_called_late(child, social_worker):
    period = start_care(child, social_worker, D(2026, 11, 2))
    services.care_plan_record(period_id=period.pk, agreed_on=D(2026, 11, 16), recorded_by=social_worker)
    assert "after" not in Event.objects.get(kind="care_plan.recorded").summary


@pytest.mark.parametrize("day", [D(2026, 11, 21), D(2026, 7, 31)])
def test_care_plan_validation(child, social_worker, day):
    period = start_care(child, social_worker, D(2026, 11, 2))
    with pytest.raises(ValidationError) as error:
        services.care_plan_record(period_id=period.pk, agreed_on=day, recorded_by=social_worker)
    assert "agreed_on" in fields(error)
    assert not CarePlan.objects.exists()


def test_inspectors_cannot_record_care_plans(child, social_worker):
    period = start_care(child, social_worker, D(2026, 11, 2))
    with pytest.raises(PermissionDenied):
        services.care_plan_record(period_id=period.pk, agreed_on=D(2026, 11, 3),
                                  recorded_by=UserFactory(role=Role.INSPECTOR))  # fmt: skip


# --- Reference postcodes ---------------------------------------------------------------------------------


def test_saving_a_reference_postcode_rederives_placement_distances(child, social_worker, locations):
    period = start_care(child, social_worker, D(2026, 6, 1), postcode="NB40 1XY")
    assert period.placements.get().distance_miles is None
    services.postcode_location_save(postcode="nb40", easting=430000, northing=449093, la_code="999")
    placement = period.placements.get()
    assert placement.distance_miles == Decimal("10.0") and placement.out_of_area is False
    services.postcode_location_remove(postcode="NB40")
    placement.refresh_from_db()
    assert placement.distance_miles is None and placement.out_of_area is None


@pytest.mark.parametrize(("postcode", "la_code", "field"), [("12", "999", "postcode"), ("NB1", " ", "la_code")])
def test_reference_postcode_validation(postcode, la_code, field, db):
    with pytest.raises(ValidationError) as error:
        services.postcode_location_save(postcode=postcode, easting=1, northing=1, la_code=la_code)
    assert field in fields(error)
