"""Care leaver services: the derived status, needs assessment, adviser, contacts, pathway plans, birthday records."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.accounts.models import Role
from safeguard.careleavers import services
from safeguard.careleavers.eligibility import Category
from safeguard.careleavers.models import AdviserContact, BirthdayContact, CareLeaver, PathwayPlan
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.workforce.models import Allocation
from tests.factories import PersonFactory, UserFactory, WorkerFactory, worker_user

from .conftest import TODAY
from .factories import adviser, care_leaver, care_period

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned(today):
    today(TODAY)


def events(child, kind):
    return Event.objects.filter(child=child, kind=f"care_leaver.{kind}").count()


# --- care_leaver_refresh --------------------------------------------------------------------------


def test_refresh_records_an_eligible_child_with_the_needs_assessment_due():
    child = PersonFactory(date_of_birth=D(2010, 5, 10))  # 16 on 10 May 2026
    care_period(child, D(2024, 1, 1))
    cl = services.care_leaver_refresh(child=child)
    assert cl.category == Category.ELIGIBLE
    assert cl.eligible_from == D(2026, 5, 10)
    assert cl.needs_assessment_due == D(2026, 8, 10)
    assert cl.next_pa_contact_due is None  # still in care: social worker visits apply, not PA contacts
    assert events(child, "category") == 1


def test_refresh_follows_the_young_person_out_of_care():
    child = PersonFactory(date_of_birth=D(2010, 5, 10))
    period = care_period(child, D(2024, 1, 1))
    services.care_leaver_refresh(child=child)
    period.end_date, period.end_reason = D(2026, 11, 2), "E5"
    period.save()
    cl = services.care_leaver_refresh(child=child)
    assert cl.category == Category.RELEVANT
    assert cl.category_since == TODAY
    assert cl.left_care_on == D(2026, 11, 2)
    assert cl.accommodation_first_provided == D(2026, 11, 2)
    assert cl.next_pa_contact_due == D(2026, 11, 9)  # 7 calendar days
    assert cl.duties_end == D(2031, 5, 10)
    assert events(child, "category") == 2
    assert cl.history.count() == 2


def test_refresh_without_a_change_records_no_event():
    child = PersonFactory(date_of_birth=D(2010, 5, 10))
    care_period(child, D(2024, 1, 1))
    services.care_leaver_refresh(child=child)
    services.care_leaver_refresh(child=child)
    assert events(child, "category") == 1


def test_refresh_without_a_change_writes_no_row_and_keeps_the_version():
    """The nightly run refreshes everyone: unchanged records stay untouched (no history, no stale edit forms)."""
    child = PersonFactory(date_of_birth=D(2010, 5, 10))
    care_period(child, D(2024, 1, 1))
    first = services.care_leaver_refresh(child=child)
    again = services.care_leaver_refresh(child=child)
    assert (again.version, again.history.count()) == (first.version, 1)


def test_refresh_writes_nothing_for_someone_never_a_care_leaver():
    child = PersonFactory(date_of_birth=D(2010, 5, 10))
    care_period(child, D(2026, 10, 1))  # not yet 13 weeks
    assert services.care_leaver_refresh(child=child) is None
    assert not CareLeaver.objects.exists()
    assert not Event.objects.filter(category="care_leaver").exists()


def test_refresh_keeps_the_record_when_duties_end():
    cl = care_leaver(date_of_birth=D(2005, 1, 10), start=D(2020, 1, 1), end=D(2023, 1, 10), as_of=D(2025, 6, 1))
    assert cl.category == Category.FORMER_RELEVANT
    cl = services.care_leaver_refresh(child=cl.child)  # 21 on 10 Jan 2026
    assert cl.category == Category.NONE
    assert cl.next_pa_contact_due is None
    assert cl.next_birthday_contact_due is None or cl.next_birthday_contact_due <= D(2026, 1, 10)


# --- needs assessment -----------------------------------------------------------------------------


@pytest.fixture
def eligible():
    child = PersonFactory(date_of_birth=D(2010, 5, 10))
    care_period(child, D(2024, 1, 1))
    return services.care_leaver_refresh(child=child)


def test_needs_assessment_complete(eligible, pa_user):
    cl = services.needs_assessment_complete(
        care_leaver_id=eligible.pk, expected_version=eligible.version, completed_on=D(2026, 9, 1), recorded_by=pa_user
    )
    assert cl.needs_assessment_completed_on == D(2026, 9, 1)
    assert Event.objects.get(kind="care_leaver.needs_assessment").summary.endswith("(late)")


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [(D(2026, 11, 24), "future"), (D(2026, 5, 9), "16th birthday")],
)
def test_needs_assessment_refuses_bad_dates(eligible, pa_user, completed_on, message):
    with pytest.raises(ValidationError) as error:
        services.needs_assessment_complete(
            care_leaver_id=eligible.pk,
            expected_version=eligible.version,
            completed_on=completed_on,
            recorded_by=pa_user,
        )
    assert message in str(error.value.message_dict["completed_on"])
    eligible.refresh_from_db()
    assert eligible.needs_assessment_completed_on is None


def test_needs_assessment_refuses_a_stale_version(eligible, pa_user):
    with pytest.raises(ConcurrentEditError):
        services.needs_assessment_complete(
            care_leaver_id=eligible.pk, expected_version=eligible.version - 1, completed_on=TODAY, recorded_by=pa_user
        )


def test_front_door_cannot_record_leaving_care_work(eligible):
    with pytest.raises(PermissionDenied):
        services.needs_assessment_complete(
            care_leaver_id=eligible.pk,
            expected_version=eligible.version,
            completed_on=TODAY,
            recorded_by=UserFactory(role=Role.FRONT_DOOR),
        )


# --- personal adviser -----------------------------------------------------------------------------


def test_manager_allocates_a_personal_adviser(eligible, manager, team):
    pa = adviser(team)
    allocation = services.personal_adviser_allocate(
        care_leaver_id=eligible.pk, worker=pa, start_date=D(2026, 6, 1), allocated_by=manager
    )
    assert allocation.kind == Allocation.Kind.PERSONAL_ADVISER
    assert allocation.team == team
    # A new adviser ends the previous one.
    services.personal_adviser_allocate(
        care_leaver_id=eligible.pk, worker=adviser(team), start_date=TODAY, allocated_by=manager
    )
    allocation.refresh_from_db()
    assert allocation.end_date == TODAY


def test_only_personal_advisers_and_only_managers(eligible, manager, pa_user, team):
    with pytest.raises(ValidationError) as error:
        services.personal_adviser_allocate(
            care_leaver_id=eligible.pk, worker=WorkerFactory(team=team), start_date=TODAY, allocated_by=manager
        )
    assert "not a personal adviser" in error.value.message_dict["worker"][0]
    with pytest.raises(PermissionDenied):
        services.personal_adviser_allocate(
            care_leaver_id=eligible.pk, worker=adviser(team), start_date=TODAY, allocated_by=pa_user
        )
    with pytest.raises(ValidationError):
        services.personal_adviser_allocate(
            care_leaver_id=eligible.pk, worker=adviser(team), start_date=D(2026, 5, 9), allocated_by=manager
        )
    assert not Allocation.objects.filter(kind=Allocation.Kind.PERSONAL_ADVISER).exists()


# --- adviser contacts -----------------------------------------------------------------------------


@pytest.fixture
def relevant():
    return care_leaver(date_of_birth=D(2010, 5, 10), start=D(2024, 1, 1), end=D(2026, 11, 2))


def test_contact_that_reaches_them_sets_the_next_due_two_months_on(relevant, pa_user):
    services.adviser_contact_record(
        care_leaver_id=relevant.pk, contact_date=D(2026, 11, 6), kind="visit", in_touch=True, recorded_by=pa_user
    )
    relevant.refresh_from_db()
    assert relevant.next_pa_contact_due == D(2027, 1, 6)
    assert relevant.in_touch == "YES"
    assert events(relevant.child, "pa_contact") == 1


def test_an_attempt_that_fails_leaves_the_contact_due(relevant, pa_user):
    services.adviser_contact_record(
        care_leaver_id=relevant.pk, contact_date=D(2026, 11, 6), kind="phone", in_touch=False, recorded_by=pa_user
    )
    relevant.refresh_from_db()
    assert relevant.next_pa_contact_due == D(2026, 11, 9)
    assert relevant.in_touch == "NO"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"contact_date": D(2026, 11, 24)}, "contact_date"),
        ({"contact_date": D(2026, 5, 9)}, "contact_date"),
        ({"kind": "letter"}, "kind"),
        ({"kind": "visit", "in_touch": False}, "in_touch"),
    ],
)
def test_contact_validation_writes_nothing(relevant, pa_user, kwargs, field):
    values = {"contact_date": D(2026, 11, 6), "kind": "phone", "in_touch": True, **kwargs}
    with pytest.raises(ValidationError) as error:
        services.adviser_contact_record(care_leaver_id=relevant.pk, recorded_by=pa_user, **values)
    assert field in error.value.message_dict
    assert not AdviserContact.objects.exists()


def test_no_contacts_for_someone_no_longer_a_care_leaver(pa_user):
    cl = care_leaver(date_of_birth=D(2005, 1, 10), start=D(2020, 1, 1), end=D(2023, 1, 10), as_of=D(2025, 6, 1))
    cl = services.care_leaver_refresh(child=cl.child)
    assert cl.category == Category.NONE
    with pytest.raises(ValidationError):
        services.adviser_contact_record(
            care_leaver_id=cl.pk, contact_date=TODAY, kind="phone", in_touch=True, recorded_by=pa_user
        )


# --- pathway plans --------------------------------------------------------------------------------


def test_pathway_plan_and_reviews(relevant, pa_user):
    plan = services.pathway_plan_start(care_leaver_id=relevant.pk, start_date=D(2026, 5, 31), created_by=pa_user)
    assert plan.next_review_due == D(2026, 11, 30)
    services.pathway_plan_review_record(plan_id=plan.pk, review_date=D(2026, 11, 20), recorded_by=pa_user)
    plan.refresh_from_db()
    assert plan.next_review_due == D(2027, 5, 20)
    assert events(relevant.child, "pathway_review") == 1


def test_pathway_plan_validation(relevant, pa_user):
    services.pathway_plan_start(care_leaver_id=relevant.pk, start_date=D(2026, 6, 1), created_by=pa_user)
    with pytest.raises(ValidationError, match="already a pathway plan"):
        services.pathway_plan_start(care_leaver_id=relevant.pk, start_date=TODAY, created_by=pa_user)
    plan = PathwayPlan.objects.get()
    with pytest.raises(ValidationError, match="before the plan started"):
        services.pathway_plan_review_record(plan_id=plan.pk, review_date=D(2026, 5, 31), recorded_by=pa_user)
    with pytest.raises(ValidationError, match="future"):
        services.pathway_plan_review_record(plan_id=plan.pk, review_date=D(2026, 11, 24), recorded_by=pa_user)
    assert not plan.reviews.exists()


def test_pathway_plan_not_before_16_nor_for_qualifying(pa_user, eligible):
    with pytest.raises(ValidationError, match="16th birthday"):
        services.pathway_plan_start(care_leaver_id=eligible.pk, start_date=D(2026, 5, 9), created_by=pa_user)
    child = PersonFactory(date_of_birth=D(2010, 1, 1))
    care_period(child, D(2026, 2, 1), D(2026, 3, 1), "E13")
    qualifying = services.care_leaver_refresh(child=child)
    assert qualifying.category == Category.QUALIFYING
    with pytest.raises(ValidationError, match="Qualifying"):
        services.pathway_plan_start(care_leaver_id=qualifying.pk, start_date=TODAY, created_by=pa_user)
    assert not PathwayPlan.objects.exists()


# --- birthday records (SSDA903 OC3) ---------------------------------------------------------------


@pytest.fixture
def nineteen_soon():
    """Left care on the 18th birthday (10 Dec 2025); 19 on 10 Dec 2026, 18th birthday already recorded."""
    cl = care_leaver(date_of_birth=D(2007, 12, 10), start=D(2021, 1, 1), end=D(2025, 12, 10), end_reason="E17")
    assert cl.next_birthday_contact_due == D(2025, 12, 10)
    BirthdayContact.objects.create(
        care_leaver=cl,
        child=cl.child,
        age=18,
        birthday=D(2025, 12, 10),
        contact_date=D(2025, 12, 1),
        in_touch="YES",
        accommodation="Z1",
        activity="F2",
        recorded_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
    )
    return services.care_leaver_refresh(child=cl.child)


def record(cl, user, **kwargs):
    values = {"age": 19, "in_touch": "YES", "accommodation": "U1", "activity": "F5", "contact_date": D(2026, 11, 20)}
    return services.birthday_contact_record(care_leaver_id=cl.pk, recorded_by=user, **{**values, **kwargs})


def test_birthday_record_saves_and_moves_on(nineteen_soon, pa_user):
    assert nineteen_soon.next_birthday_contact_due == D(2026, 12, 10)
    b = record(nineteen_soon, pa_user)
    assert (b.birthday, b.accommodation_kind, b.accommodation_suitability) == (
        D(2026, 12, 10),
        "Independent living (flat or tenancy)",
        "Suitable",
    )
    nineteen_soon.refresh_from_db()
    assert nineteen_soon.next_birthday_contact_due == D(2027, 12, 10)
    assert (nineteen_soon.in_touch, nineteen_soon.accommodation, nineteen_soon.activity) == ("YES", "U1", "F5")
    assert "19th birthday record" in Event.objects.get(kind="care_leaver.birthday_contact").summary


def test_contact_window_is_3_months_before_to_1_month_after(nineteen_soon, pa_user, today):
    today(D(2027, 1, 20))
    with pytest.raises(ValidationError) as error:
        record(nineteen_soon, pa_user, contact_date=D(2026, 9, 9))
    assert "10 Sep 2026 and 10 Jan 2027" in error.value.message_dict["contact_date"][0]
    with pytest.raises(ValidationError):
        record(nineteen_soon, pa_user, contact_date=D(2027, 1, 11))
    assert BirthdayContact.objects.filter(age=19).count() == 0
    assert record(nineteen_soon, pa_user, contact_date=D(2026, 9, 10)).age == 19
    BirthdayContact.objects.filter(age=19).delete()
    assert record(nineteen_soon, pa_user, contact_date=D(2027, 1, 10)).age == 19


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"contact_date": None}, "contact_date"),
        ({"accommodation": "0"}, "accommodation"),
        ({"activity": "0"}, "activity"),
        ({"in_touch": "DIED", "contact_date": None}, "in_touch"),
        ({"in_touch": "MAYBE"}, "in_touch"),
        ({"accommodation": "Q1"}, "accommodation"),
        ({"age": 17}, "age"),  # still in care at 17: no record (SSDA903 rule 1016)
        ({"age": 18}, "age"),  # already recorded
        ({"contact_date": D(2026, 11, 24)}, "contact_date"),
    ],
)
def test_birthday_validation_writes_nothing(nineteen_soon, pa_user, kwargs, field):
    with pytest.raises(ValidationError) as error:
        record(nineteen_soon, pa_user, **kwargs)
    assert field in error.value.message_dict
    assert BirthdayContact.objects.count() == 1


def test_not_in_touch_needs_no_contact_date(nineteen_soon, pa_user):
    b = record(nineteen_soon, pa_user, in_touch="NO", accommodation="0", activity="0", contact_date=None)
    assert b.accommodation_kind == "Not known"


def test_support_to_25_extends_birthday_records_and_duties(pa_user):
    cl = care_leaver(date_of_birth=D(2005, 1, 10), start=D(2020, 1, 1), end=D(2023, 1, 10), as_of=D(2025, 6, 1))
    cl = services.care_leaver_refresh(child=cl.child)
    assert cl.category == Category.NONE  # 21 on 10 Jan 2026
    cl = services.care_leaver_support_extend(
        care_leaver_id=cl.pk, expected_version=cl.version, extended=True, changed_by=pa_user
    )
    assert cl.category == Category.FORMER_RELEVANT
    assert cl.duties_end == D(2030, 1, 10)
    assert cl.next_birthday_contact_due == D(2023, 1, 10)  # none recorded yet: the 18th is the first due
    assert events(cl.child, "support_extended") == 1


def test_support_to_25_is_not_for_someone_never_eligible(pa_user):
    child = PersonFactory(date_of_birth=D(2008, 1, 1))
    care_period(child, D(2024, 2, 1), D(2024, 3, 1), "E13")
    cl = services.care_leaver_refresh(child=child)
    assert cl.category == Category.QUALIFYING
    with pytest.raises(ValidationError):
        services.care_leaver_support_extend(
            care_leaver_id=cl.pk, expected_version=cl.version, extended=True, changed_by=pa_user
        )
    cl.refresh_from_db()
    assert not cl.extended_to_25


def test_social_worker_role_records(pa_user):
    assert pa_user.has_perm("careleavers.record")
    assert worker_user(Role.TEAM_MANAGER).has_perm("careleavers.record")
    assert not UserFactory(role=Role.ANALYST).has_perm("careleavers.record")


def test_refresh_command_updates_everyone_with_a_care_history():
    from io import StringIO

    from django.core.management import call_command

    child = PersonFactory(date_of_birth=D(2010, 5, 10))
    care_period(child, D(2024, 1, 1), D(2026, 11, 2), "E5")
    PersonFactory(date_of_birth=D(2009, 1, 1))  # no care history: untouched
    out = StringIO()
    call_command("refresh_care_leavers", stdout=out)
    assert CareLeaver.objects.get().category == Category.RELEVANT
    assert "1 young people checked; 1 changed status" in out.getvalue()
