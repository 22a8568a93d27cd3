"""Reviews, IRO allocation and contacts, visits: happy paths, each refusal writes nothing, permissions, concurrency."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.accounts.models import Role
from safeguard.carereviews import services
from safeguard.carereviews.models import IROContact, LookedAfterReview, ReviewSchedule, StatutoryVisit
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.lac.models import Placement
from safeguard.workforce.models import Allocation, Worker
from tests.factories import PersonFactory, WorkerFactory, worker_user
from tests.lac.factories import PlacementFactory

from .factories import IROFactory

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2026, 9, 1)  # Tuesday


@pytest.fixture(autouse=True)
def _pinned(today):
    today(D(2026, 11, 20))


@pytest.fixture
def iro(iro_user):
    return iro_user.worker


@pytest.fixture
def period(in_care, iro):
    return in_care(START, iro=iro)


def _counts():
    return (
        LookedAfterReview.objects.count(),
        StatutoryVisit.objects.count(),
        IROContact.objects.count(),
        Event.objects.filter(category="looked_after").count(),
    )


def _refused(call, field):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict, error.value.message_dict
    assert _counts() == before
    return error.value.message_dict[field][0]


class TestReviewRecord:
    def test_first_review_uses_the_allocated_iro_and_moves_the_schedule_to_the_second(self, period, iro, iro_user):
        assert ReviewSchedule.objects.get(period=period).review_rule == "lac-review-first"
        review = services.review_record(
            period=period,
            review_date=D(2026, 9, 25),
            participation="PN1",
            outcome_notes=" Plan agreed ",
            recorded_by=iro_user,
        )
        assert review.iro == iro and review.outcome_notes == "Plan agreed" and review.child == period.child
        row = ReviewSchedule.objects.get(period=period)
        assert (row.review_rule, row.review_anchor, row.next_review_due) == (
            "lac-review-second",
            D(2026, 9, 25),
            D(2026, 12, 25),
        )
        event = Event.objects.get(kind="lac_review.held")
        assert event.category == "looked_after" and "next review due 25 Dec 2026" in event.summary

    def test_third_review_is_six_months_from_the_latest(self, period, iro_user):
        services.review_record(period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=iro_user)
        services.review_record(period=period, review_date=D(2026, 11, 2), participation="PN7", recorded_by=iro_user)
        row = ReviewSchedule.objects.get(period=period)
        assert (row.review_rule, row.next_review_due) == ("lac-review-later", D(2027, 5, 2))

    def test_under_4_gets_pn0_when_left_blank(self, in_care, iro, iro_user):
        period = in_care(START, iro=iro, child=PersonFactory(date_of_birth=D(2023, 1, 10)))
        review = services.review_record(period=period, review_date=D(2026, 9, 25), recorded_by=iro_user)
        assert review.participation == "PN0"

    def test_under_4_refuses_another_code(self, in_care, iro, iro_user):
        period = in_care(START, iro=iro, child=PersonFactory(date_of_birth=D(2023, 1, 10)))
        message = _refused(
            lambda: services.review_record(
                period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=iro_user
            ),
            "participation",
        )
        assert "under 4" in message

    def test_pn0_refused_from_the_4th_birthday(self, in_care, iro, iro_user):
        period = in_care(START, iro=iro, child=PersonFactory(date_of_birth=D(2022, 9, 25)))
        _refused(
            lambda: services.review_record(
                period=period, review_date=D(2026, 9, 25), participation="PN0", recorded_by=iro_user
            ),
            "participation",
        )

    def test_participation_required_from_4(self, period, iro_user):
        _refused(
            lambda: services.review_record(period=period, review_date=D(2026, 9, 25), recorded_by=iro_user),
            "participation",
        )

    @pytest.mark.parametrize(
        ("day", "words"),
        [(D(2026, 8, 31), "before the child became looked after"), (D(2026, 11, 21), "future")],
    )
    def test_dates_outside_the_period_or_in_the_future(self, period, iro_user, day, words):
        message = _refused(
            lambda: services.review_record(period=period, review_date=day, participation="PN1", recorded_by=iro_user),
            "review_date",
        )
        assert words in message

    def test_one_review_a_day(self, period, iro_user):
        services.review_record(period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=iro_user)
        assert "already recorded" in _refused(
            lambda: services.review_record(
                period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=iro_user
            ),
            "review_date",
        )

    def test_an_iro_must_be_allocated(self, in_care, iro_user):
        period = in_care(START)
        assert "Allocate" in _refused(
            lambda: services.review_record(
                period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=iro_user
            ),
            "iro",
        )

    def test_the_chair_must_be_an_iro(self, period, iro_user):
        social_worker = WorkerFactory(role=Worker.Role.SOCIAL_WORKER)
        _refused(
            lambda: services.review_record(
                period=period, review_date=D(2026, 9, 25), participation="PN1", iro=social_worker, recorded_by=iro_user
            ),
            "iro",
        )

    def test_social_workers_cannot_record_reviews(self, period, social_worker):
        with pytest.raises(PermissionDenied):
            services.review_record(
                period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=social_worker
            )
        assert not LookedAfterReview.objects.exists()

    def test_team_manager_records_on_the_iros_behalf(self, period, manager, iro):
        review = services.review_record(
            period=period, review_date=D(2026, 9, 25), participation="PN5", recorded_by=manager
        )
        assert review.iro == iro


class TestReviewUpdate:
    def test_correct_the_notes_and_code(self, period, iro_user):
        review = services.review_record(
            period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=iro_user
        )
        updated = services.review_update(
            review_id=review.pk,
            expected_version=1,
            participation="PN2",
            outcome_notes="Advocate spoke",
            updated_by=iro_user,
        )
        assert (updated.participation, updated.outcome_notes, updated.version) == ("PN2", "Advocate spoke", 2)
        assert Event.objects.filter(kind="lac_review.updated").count() == 1

    def test_a_stale_version_is_refused(self, period, iro_user):
        review = services.review_record(
            period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=iro_user
        )
        services.review_update(
            review_id=review.pk, expected_version=1, participation="PN2", outcome_notes="a", updated_by=iro_user
        )
        with pytest.raises(ConcurrentEditError):
            services.review_update(
                review_id=review.pk, expected_version=1, participation="PN3", outcome_notes="b", updated_by=iro_user
            )
        review.refresh_from_db()
        assert (review.participation, review.outcome_notes) == ("PN2", "a")


class TestVisitRecord:
    def test_visit_moves_the_next_visit_to_six_weeks(self, period, social_worker):
        row = ReviewSchedule.objects.get(period=period)
        assert (row.visit_rule, row.next_visit_due) == ("lac-visit-first", D(2026, 9, 8))
        visit = services.visit_record(
            period=period, visit_date=D(2026, 9, 8), child_seen=True, seen_alone=True, recorded_by=social_worker
        )
        assert visit.placement == period.placements.get() and visit.visited_by == social_worker.worker
        row.refresh_from_db()
        assert (row.visit_rule, row.next_visit_due, row.last_seen_on) == (
            "lac-visit-first-year",
            D(2026, 10, 20),
            D(2026, 9, 8),
        )
        assert "seen alone" in Event.objects.get(kind="lac_visit.recorded").summary

    def test_child_not_seen_does_not_move_the_schedule(self, period, social_worker):
        services.visit_record(period=period, visit_date=D(2026, 9, 7), child_seen=False, recorded_by=social_worker)
        row = ReviewSchedule.objects.get(period=period)
        assert (row.next_visit_due, row.last_seen_on) == (D(2026, 9, 8), None)

    def test_seen_alone_needs_seen(self, period, social_worker):
        _refused(
            lambda: services.visit_record(
                period=period, visit_date=D(2026, 9, 7), child_seen=False, seen_alone=True, recorded_by=social_worker
            ),
            "seen_alone",
        )

    def test_six_monthly_agreement_only_in_long_term_foster(self, period, social_worker):
        _refused(
            lambda: services.visit_record(
                period=period,
                visit_date=D(2026, 9, 7),
                child_seen=True,
                child_agrees_six_monthly=True,
                recorded_by=social_worker,
            ),
            "child_agrees_six_monthly",
        )

    @pytest.mark.parametrize("day", [D(2026, 8, 30), D(2026, 11, 21)])
    def test_dates_outside_the_period_or_future(self, period, social_worker, day):
        _refused(
            lambda: services.visit_record(period=period, visit_date=day, child_seen=True, recorded_by=social_worker),
            "visit_date",
        )

    def test_front_door_cannot_record_visits(self, period, front_door_user):
        with pytest.raises(PermissionDenied):
            services.visit_record(period=period, visit_date=D(2026, 9, 7), child_seen=True, recorded_by=front_door_user)
        assert not StatutoryVisit.objects.exists()

    def test_a_placement_move_restarts_the_one_week_clock(self, period, social_worker):
        services.visit_record(period=period, visit_date=D(2026, 10, 1), child_seen=True, recorded_by=social_worker)
        old = period.placements.get()
        old.end_date = D(2026, 11, 2)
        old.save()
        PlacementFactory(period=period, start_date=D(2026, 11, 2), placement_type="K2")
        row = ReviewSchedule.objects.get(period=period)
        assert (row.visit_rule, row.visit_anchor, row.next_visit_due) == (
            "lac-visit-first",
            D(2026, 11, 2),
            D(2026, 11, 9),
        )

    def test_ending_care_closes_the_schedule(self, period):
        period.end_date = D(2026, 11, 1)
        period.save()
        Placement.objects.filter(period=period).update(end_date=D(2026, 11, 1))
        row = ReviewSchedule.objects.get(period=period)
        assert (row.is_open, row.next_review_due, row.next_visit_due, row.next_iro_contact_due) == (
            False,
            None,
            None,
            None,
        )


class TestIROContact:
    def test_the_iro_records_their_own_contact(self, period, iro_user):
        contact = services.iro_contact_record(
            period=period, contact_date=D(2026, 10, 2), kind="visit", note="Saw child at school", recorded_by=iro_user
        )
        assert contact.iro == iro_user.worker
        assert Event.objects.filter(kind="iro_contact.recorded").count() == 1

    def test_a_manager_records_it_for_the_allocated_iro(self, period, manager, iro):
        contact = services.iro_contact_record(
            period=period, contact_date=D(2026, 10, 2), kind="phone", recorded_by=manager
        )
        assert contact.iro == iro

    def test_no_contact_yet_is_due_by_the_first_review(self, period):
        row = ReviewSchedule.objects.get(period=period)
        # Six months from 1 Sep is 1 Mar; the first review (20 WD) is 29 Sep: the IRO sees the child before it.
        assert (row.iro_contact_rule, row.next_iro_contact_due) == ("lac-review-first", D(2026, 9, 29))

    def test_a_contact_moves_the_next_one_to_the_local_interval(self, period, iro_user):
        for held in (D(2026, 9, 25), D(2026, 10, 2), D(2026, 10, 9)):  # the next review: 9 Apr 2027
            services.review_record(period=period, review_date=held, participation="PN1", recorded_by=iro_user)
        services.iro_contact_record(period=period, contact_date=D(2026, 10, 2), kind="visit", recorded_by=iro_user)
        row = ReviewSchedule.objects.get(period=period)
        assert (row.iro_contact_rule, row.iro_contact_anchor, row.next_iro_contact_due, row.last_iro_contact_on) == (
            "lac-iro-contact",
            D(2026, 10, 2),
            D(2027, 4, 2),
            D(2026, 10, 2),
        )
        event = Event.objects.get(kind="iro_contact.recorded")
        assert "next IRO contact due 02 Apr 2027" in event.summary

    def test_an_earlier_review_caps_the_contact(self, period, iro_user):
        services.iro_contact_record(period=period, contact_date=D(2026, 9, 10), kind="visit", recorded_by=iro_user)
        services.review_record(period=period, review_date=D(2026, 9, 25), participation="PN1", recorded_by=iro_user)
        services.iro_contact_record(period=period, contact_date=D(2026, 11, 20), kind="phone", recorded_by=iro_user)
        row = ReviewSchedule.objects.get(period=period)
        # The second review is due 25 Dec 2026 (3 months), before 20 May 2027.
        assert (row.iro_contact_rule, row.next_iro_contact_due) == ("lac-review-second", D(2026, 12, 25))

    def test_unknown_kind(self, period, iro_user):
        _refused(
            lambda: services.iro_contact_record(
                period=period, contact_date=D(2026, 10, 2), kind="fax", recorded_by=iro_user
            ),
            "kind",
        )

    def test_social_workers_cannot_record_iro_contacts(self, period, social_worker):
        with pytest.raises(PermissionDenied):
            services.iro_contact_record(
                period=period, contact_date=D(2026, 10, 2), kind="phone", recorded_by=social_worker
            )


class TestIROAllocate:
    def test_reallocation_ends_the_previous_iro(self, period, manager, iro):
        other = IROFactory()
        services.iro_allocate(child=period.child, iro=other, start_date=D(2026, 11, 1), allocated_by=manager)
        current = Allocation.objects.get(child=period.child, kind="iro", end_date__isnull=True)
        assert current.worker == other
        assert Allocation.objects.get(child=period.child, kind="iro", worker=iro).end_date == D(2026, 11, 1)

    def test_only_iros(self, in_care, manager):
        period = in_care(START)
        _refused_alloc = pytest.raises(ValidationError)
        with _refused_alloc:
            services.iro_allocate(child=period.child, iro=WorkerFactory(), start_date=START, allocated_by=manager)
        assert not Allocation.objects.filter(kind="iro").exists()

    def test_only_for_a_child_looked_after(self, manager):
        with pytest.raises(ValidationError) as error:
            services.iro_allocate(child=PersonFactory(), iro=IROFactory(), start_date=START, allocated_by=manager)
        assert "start_date" in error.value.message_dict

    def test_managers_only(self, in_care):
        period = in_care(START)
        user = worker_user(Role.SOCIAL_WORKER)
        with pytest.raises(PermissionDenied):
            services.iro_allocate(child=period.child, iro=IROFactory(), start_date=START, allocated_by=user)
