import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.adoption import services
from safeguard.adoption.models import (
    Adopter,
    AdoptionJourney,
    AdoptionReview,
    PermanenceOrder,
    PreviousPermanenceRecord,
)
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.lac.models import CareLegalStatus, Placement
from tests.lac.factories import looked_after_child

from .factories import AdopterFactory, EnquiryAdopterFactory
from .helpers import ADOPTED, DECISION, MATCH, ORDER, PLACED, adopted, decided, matched, placed, with_order


def _events(child, kind):
    return Event.objects.filter(child=child, kind=kind)


# --- The journey, step by step -------------------------------------------------------------------------


def test_the_whole_journey_ends_care_as_adopted(period, social_worker, adopters):
    journey = adopted(period, social_worker, adopters)

    assert journey.status == "Adopted"
    assert (journey.decision_date, journey.placement_order_date, journey.match_date) == (DECISION, ORDER, MATCH)
    assert (journey.placed_date, journey.adoption_order_date) == (PLACED, ADOPTED)
    assert (journey.number_of_adopters, journey.adopter_sexes, journey.adopter_legal_status) == (2, "MF", "L11")
    assert journey.next_review_due is None and journey.next_visit_due is None
    period.refresh_from_db()
    assert (period.end_date, period.end_reason) == (ADOPTED, "E11")
    statuses = list(CareLegalStatus.objects.filter(period=period).values_list("legal_status", "start_date"))
    assert statuses == [("C2", period.start_date), ("E1", ORDER)]
    placements = list(Placement.objects.filter(period=period).values_list("placement_type", "start_date", "end_date"))
    assert placements == [("U6", period.start_date, PLACED), ("A6", PLACED, ADOPTED)]
    order = PermanenceOrder.objects.get(journey=journey)
    assert (order.kind, order.reason_ceased, order.carer) == ("adoption", "E11", "adopters")
    kinds = set(Event.objects.filter(child=period.child, category="adoption").values_list("kind", flat=True))
    assert kinds == {
        "adoption.decision",
        "adoption.placement_order",
        "adoption.matched",
        "adoption.placed",
        "adoption.order",
    }


def test_consent_dispensed_ends_care_e12(period, social_worker, adopters):
    adopted(period, social_worker, adopters, consent_dispensed=True)
    period.refresh_from_db()
    assert period.end_reason == "E12"


def test_decision_refused_before_care_started_in_the_future_or_twice(period, social_worker, today):
    today(dt.date(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.journey_start(period=period, decision_date=dt.date(2025, 1, 9), recorded_by=social_worker)
    assert "decision_date" in error.value.error_dict
    with pytest.raises(ValidationError, match="future"):
        services.journey_start(period=period, decision_date=dt.date(2025, 6, 2), recorded_by=social_worker)
    assert not AdoptionJourney.objects.exists()
    decided(period, social_worker)
    with pytest.raises(ValidationError, match="already has an adoption plan"):
        decided(period, social_worker)
    assert AdoptionJourney.objects.count() == 1


def test_decision_refused_when_care_has_ended(social_worker, team):
    period = looked_after_child(start_date=dt.date(2025, 1, 10), team=team)
    period.end_date, period.end_reason = dt.date(2025, 3, 1), "E4A"
    period.save()
    with pytest.raises(ValidationError, match="no longer looked after"):
        decided(period, social_worker)


def test_front_door_and_analysts_cannot_record(period, front_door_user, analyst):
    for user in (front_door_user, analyst):
        with pytest.raises(PermissionDenied):
            decided(period, user)
    assert not AdoptionJourney.objects.exists()


def test_placement_order_cannot_precede_the_decision(period, social_worker):
    journey = decided(period, social_worker)
    with pytest.raises(ValidationError) as error:
        services.journey_placement_order(
            journey_id=journey.pk,
            expected_version=journey.version,
            order_date=DECISION - dt.timedelta(days=1),
            recorded_by=social_worker,
        )
    assert "order_date" in error.value.error_dict
    journey.refresh_from_db()
    assert journey.placement_order_date is None
    assert not CareLegalStatus.objects.filter(period=period, legal_status="E1").exists()


def test_placement_order_sets_the_first_review_three_months_on(period, social_worker):
    journey = with_order(period, social_worker)
    assert journey.next_review_due == dt.date(2025, 10, 1)
    assert journey.next_visit_due is None


def test_stale_version_is_refused(period, social_worker):
    journey = decided(period, social_worker)
    with pytest.raises(ConcurrentEditError):
        services.journey_placement_order(
            journey_id=journey.pk, expected_version=journey.version + 1, order_date=ORDER, recorded_by=social_worker
        )


def test_match_needs_authority_to_place(period, social_worker, adopters):
    journey = decided(period, social_worker)
    with pytest.raises(ValidationError, match="authority to place"):
        services.journey_match(
            journey_id=journey.pk,
            expected_version=journey.version,
            match_date=MATCH,
            adopter_id=adopters.pk,
            recorded_by=social_worker,
        )
    journey.refresh_from_db()
    assert journey.match_date is None and journey.adopter is None


def test_match_with_consent_and_no_placement_order(period, social_worker, adopters):
    journey = decided(period, social_worker)
    journey = services.journey_consent(
        journey_id=journey.pk, expected_version=journey.version, consent_date=ORDER, recorded_by=social_worker
    )
    journey = services.journey_match(
        journey_id=journey.pk,
        expected_version=journey.version,
        match_date=MATCH,
        adopter_id=adopters.pk,
        recorded_by=social_worker,
    )
    assert journey.match_date == MATCH
    journey = services.journey_place(
        journey_id=journey.pk, expected_version=journey.version, placed_date=PLACED, recorded_by=social_worker
    )
    assert Placement.objects.get(period=period, end_date__isnull=True).placement_type == "A4"


def test_match_refused_before_the_order_or_with_unapproved_adopters(period, social_worker):
    journey = with_order(period, social_worker)
    early = AdopterFactory()
    with pytest.raises(ValidationError) as error:
        services.journey_match(
            journey_id=journey.pk,
            expected_version=journey.version,
            match_date=ORDER - dt.timedelta(days=1),
            adopter_id=early.pk,
            recorded_by=social_worker,
        )
    assert "match_date" in error.value.error_dict
    unapproved = EnquiryAdopterFactory()
    with pytest.raises(ValidationError, match="not approved"):
        services.journey_match(
            journey_id=journey.pk,
            expected_version=journey.version,
            match_date=MATCH,
            adopter_id=unapproved.pk,
            recorded_by=social_worker,
        )
    gone = AdopterFactory(left_on=dt.date(2025, 9, 1), left_reason="withdrew")
    with pytest.raises(ValidationError, match="left"):
        services.journey_match(
            journey_id=journey.pk,
            expected_version=journey.version,
            match_date=MATCH,
            adopter_id=gone.pk,
            recorded_by=social_worker,
        )
    journey.refresh_from_db()
    assert journey.match_date is None


def test_placing_needs_a_match_and_cannot_precede_it(period, social_worker, adopters):
    journey = with_order(period, social_worker)
    with pytest.raises(ValidationError, match="matched"):
        services.journey_place(
            journey_id=journey.pk, expected_version=journey.version, placed_date=PLACED, recorded_by=social_worker
        )
    journey = services.journey_match(
        journey_id=journey.pk,
        expected_version=journey.version,
        match_date=MATCH,
        adopter_id=adopters.pk,
        recorded_by=social_worker,
    )
    with pytest.raises(ValidationError) as error:
        services.journey_place(
            journey_id=journey.pk,
            expected_version=journey.version,
            placed_date=MATCH - dt.timedelta(days=1),
            recorded_by=social_worker,
        )
    assert "placed_date" in error.value.error_dict
    assert Placement.objects.filter(period=period).count() == 1


def test_placing_sets_visit_within_a_week_and_review_at_four_weeks(period, social_worker, adopters):
    journey = placed(period, social_worker, adopters)
    assert journey.next_visit_due == PLACED + dt.timedelta(weeks=1)
    assert journey.next_review_due == PLACED + dt.timedelta(weeks=4)
    placement = Placement.objects.get(period=period, end_date__isnull=True)
    assert (placement.placement_type, placement.carer_name) == ("A6", adopters.name)


def test_adoption_order_needs_the_child_placed_and_not_before(period, social_worker, adopters):
    journey = matched(period, social_worker, adopters)
    with pytest.raises(ValidationError, match="placed"):
        services.journey_adoption_order(
            journey_id=journey.pk,
            expected_version=journey.version,
            order_date=ADOPTED,
            consent_dispensed=False,
            recorded_by=social_worker,
        )
    period.refresh_from_db()
    assert period.end_date is None
    assert not PermanenceOrder.objects.exists()


def test_fostering_for_adoption_moves_the_child_to_u5_and_then_a5(period, social_worker, adopters):
    journey = with_order(period, social_worker)
    ffa_day = dt.date(2025, 7, 14)
    journey = services.journey_early_permanence(
        journey_id=journey.pk,
        expected_version=journey.version,
        kind="ffa",
        placed_date=ffa_day,
        recorded_by=social_worker,
    )
    assert journey.foster_care and journey.moved_in_date == ffa_day
    journey = services.journey_match(
        journey_id=journey.pk,
        expected_version=journey.version,
        match_date=MATCH,
        adopter_id=adopters.pk,
        recorded_by=social_worker,
    )
    services.journey_place(
        journey_id=journey.pk, expected_version=journey.version, placed_date=PLACED, recorded_by=social_worker
    )
    types = list(Placement.objects.filter(period=period).values_list("placement_type", "same_carer_as_previous"))
    assert types == [("U6", False), ("U5", False), ("A5", True)]


def test_foster_carer_adoption_changes_no_placement(period, social_worker):
    journey = decided(period, social_worker)
    services.journey_early_permanence(
        journey_id=journey.pk,
        expected_version=journey.version,
        kind="foster_carer",
        placed_date=period.start_date,
        recorded_by=social_worker,
    )
    assert Placement.objects.filter(period=period).count() == 1


def test_early_permanence_kind_is_required(period, social_worker):
    journey = decided(period, social_worker)
    with pytest.raises(ValidationError) as error:
        services.journey_early_permanence(
            journey_id=journey.pk,
            expected_version=journey.version,
            kind="",
            placed_date=ORDER,
            recorded_by=social_worker,
        )
    assert "kind" in error.value.error_dict


def test_reversal_ends_the_journey_and_its_deadlines(period, social_worker):
    journey = with_order(period, social_worker)
    journey = services.journey_reverse(
        journey_id=journey.pk,
        expected_version=journey.version,
        reversed_date=dt.date(2025, 9, 1),
        reason="RD3",
        recorded_by=social_worker,
    )
    assert journey.status == "No longer to be placed for adoption"
    assert journey.next_review_due is None
    assert _events(period.child, "adoption.reversed").count() == 1
    with pytest.raises(ValidationError, match="reversed"):
        services.journey_match(
            journey_id=journey.pk,
            expected_version=journey.version,
            match_date=MATCH,
            adopter_id=1,
            recorded_by=social_worker,
        )
    # A new plan can start after a reversal.
    assert decided(period, social_worker, on=dt.date(2025, 9, 2)).is_open


def test_reversal_needs_a_known_reason(period, social_worker):
    journey = decided(period, social_worker)
    with pytest.raises(ValidationError) as error:
        services.journey_reverse(
            journey_id=journey.pk,
            expected_version=journey.version,
            reversed_date=ORDER,
            reason="XX",
            recorded_by=social_worker,
        )
    assert "reason" in error.value.error_dict
    journey.refresh_from_db()
    assert journey.reversed_date is None


# --- Reviews and visits ------------------------------------------------------------------------------


def test_reviews_need_authority_and_move_the_next_review(period, social_worker):
    journey = decided(period, social_worker)
    with pytest.raises(ValidationError, match="authority"):
        services.adoption_review_record(journey_id=journey.pk, held_on=ORDER, recorded_by=social_worker)
    journey = with_order(looked_after_child(start_date=dt.date(2025, 1, 10)), social_worker)
    services.adoption_review_record(journey_id=journey.pk, held_on=dt.date(2025, 9, 15), recorded_by=social_worker)
    journey.refresh_from_db()
    assert journey.next_review_due == dt.date(2026, 3, 15)
    assert journey.version == 3


def test_visits_only_once_placed_and_not_before_placement(period, social_worker, adopters):
    journey = with_order(period, social_worker)
    with pytest.raises(ValidationError, match="placed"):
        services.adoption_visit_record(
            journey_id=journey.pk, visit_date=MATCH, child_seen=True, recorded_by=social_worker
        )
    journey = placed(looked_after_child(start_date=dt.date(2025, 1, 10)), social_worker, adopters)
    with pytest.raises(ValidationError) as error:
        services.adoption_visit_record(
            journey_id=journey.pk, visit_date=PLACED - dt.timedelta(days=1), child_seen=True, recorded_by=social_worker
        )
    assert "visit_date" in error.value.error_dict
    services.adoption_visit_record(
        journey_id=journey.pk, visit_date=PLACED + dt.timedelta(days=5), child_seen=True, recorded_by=social_worker
    )
    journey.refresh_from_db()
    assert journey.next_visit_due == PLACED + dt.timedelta(days=12)


def test_review_after_placement_switches_to_the_second_review_and_later_visits(period, social_worker, adopters):
    journey = placed(period, social_worker, adopters)
    first = PLACED + dt.timedelta(weeks=4)
    services.adoption_review_record(journey_id=journey.pk, held_on=first, recorded_by=social_worker)
    journey.refresh_from_db()
    assert journey.next_review_due == dt.date(2026, 2, 17)
    assert journey.next_visit_due == first + dt.timedelta(weeks=6)
    assert AdoptionReview.objects.filter(journey=journey).count() == 1


# --- Permanence orders and previous permanence ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "carer", "rec"),
    [
        ("sgo", "foster_kin", "E45"),
        ("sgo", "foster_other", "E46"),
        ("sgo", "kin", "E47"),
        ("sgo", "other", "E48"),
        ("cao", "kin", "E41"),
    ],
)
def test_sgo_and_cao_end_care_with_their_code(period, social_worker, kind, carer, rec):
    order = services.permanence_order_record(
        period=period, kind=kind, order_date=dt.date(2025, 8, 1), carer=carer, recorded_by=social_worker
    )
    period.refresh_from_db()
    assert (period.end_date, period.end_reason, order.reason_ceased) == (dt.date(2025, 8, 1), rec, rec)
    assert _events(period.child, f"permanence.{kind}").count() == 1


def test_permanence_order_refusals_write_nothing(period, social_worker):
    cases = [
        ({"kind": "adoption", "carer": "kin"}, "adoption journey"),
        ({"kind": "sgo", "carer": "adopters"}, "granted"),
        ({"kind": "sgo", "carer": "kin", "order_date": dt.date(2025, 1, 1)}, "before"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.permanence_order_record(
                period=period, **{"order_date": dt.date(2025, 8, 1), **kwargs}, recorded_by=social_worker
            )
    decided(period, social_worker)
    with pytest.raises(ValidationError, match="plan is adoption"):
        services.permanence_order_record(
            period=period, kind="sgo", order_date=dt.date(2025, 8, 1), carer="kin", recorded_by=social_worker
        )
    period.refresh_from_db()
    assert period.end_date is None
    assert not PermanenceOrder.objects.exists()


def test_previous_permanence_recorded_once(period, social_worker):
    record = services.previous_permanence_record(
        period=period,
        previous_permanence="P2",
        la_code=" 999 ",
        order_date=dt.date(2020, 5, 1),
        recorded_by=social_worker,
    )
    assert (record.previous_permanence, record.la_code) == ("P2", "999")
    with pytest.raises(ValidationError, match="already recorded"):
        services.previous_permanence_record(period=period, previous_permanence="P1", recorded_by=social_worker)
    assert PreviousPermanenceRecord.objects.count() == 1


def test_previous_permanence_refuses_an_order_after_care_started_or_an_unknown_code(social_worker, team):
    period = looked_after_child(start_date=dt.date(2025, 1, 10), team=team)
    with pytest.raises(ValidationError) as error:
        services.previous_permanence_record(
            period=period, previous_permanence="P2", order_date=dt.date(2025, 2, 1), recorded_by=social_worker
        )
    assert "order_date" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.previous_permanence_record(period=period, previous_permanence="P9", recorded_by=social_worker)
    assert "previous_permanence" in error.value.error_dict
    assert not PreviousPermanenceRecord.objects.exists()


# --- Prospective adopters -----------------------------------------------------------------------------


def test_adopter_enquiry_then_stages_in_order(adoption_worker):
    adopter = services.adopter_record(
        name="  Jo Testperson ",
        number_of_adopters=1,
        sexes="F1",
        legal_status="L0",
        enquiry_date=dt.date(2025, 1, 6),
        recorded_by=adoption_worker,
    )
    assert adopter.name == "Jo Testperson" and adopter.stage == "Enquiry received"
    with pytest.raises(ValidationError, match="stage 1 started"):
        services.adopter_step_record(
            adopter_id=adopter.pk,
            expected_version=adopter.version,
            step="stage1_ended_on",
            on=dt.date(2025, 3, 1),
            recorded_by=adoption_worker,
        )
    adopter = services.adopter_step_record(
        adopter_id=adopter.pk,
        expected_version=adopter.version,
        step="stage1_started_on",
        on=dt.date(2025, 2, 1),
        recorded_by=adoption_worker,
    )
    with pytest.raises(ValidationError) as error:
        services.adopter_step_record(
            adopter_id=adopter.pk,
            expected_version=adopter.version,
            step="stage1_ended_on",
            on=dt.date(2025, 1, 31),
            recorded_by=adoption_worker,
        )
    assert "on" in error.value.error_dict
    adopter.refresh_from_db()
    assert adopter.stage1_ended_on is None and adopter.stage == "Stage 1 started"
    with pytest.raises(ValidationError, match="stage 2 ended and application submitted"):
        services.adopter_step_record(
            adopter_id=adopter.pk,
            expected_version=adopter.version,
            step="approved_on",
            on=dt.date(2025, 6, 1),
            recorded_by=adoption_worker,
        )


@pytest.mark.parametrize(
    ("number", "sexes", "status", "field"),
    [
        (1, "MF", "L0", "sexes"),
        (2, "M1", "L12", "sexes"),
        (2, "MF", "L0", "legal_status"),
        (3, "MF", "L12", "number_of_adopters"),
    ],
)
def test_adopter_household_must_be_consistent(adoption_worker, number, sexes, status, field):
    with pytest.raises(ValidationError) as error:
        services.adopter_record(
            name="Test household",
            number_of_adopters=number,
            sexes=sexes,
            legal_status=status,
            enquiry_date=dt.date(2025, 1, 6),
            recorded_by=adoption_worker,
        )
    assert field in error.value.error_dict
    assert not Adopter.objects.exists()


def test_only_adoption_workers_and_managers_manage_adopters(social_worker, manager, adoption_worker, inspector):
    for user in (social_worker, inspector):
        with pytest.raises(PermissionDenied):
            services.adopter_record(
                name="X",
                number_of_adopters=1,
                sexes="M1",
                legal_status="L0",
                enquiry_date=dt.date(2025, 1, 6),
                recorded_by=user,
            )
    for user in (manager, adoption_worker):
        services.adopter_record(
            name="X",
            number_of_adopters=1,
            sexes="M1",
            legal_status="L0",
            enquiry_date=dt.date(2025, 1, 6),
            recorded_by=user,
        )
    assert Adopter.objects.count() == 2


def test_adopters_leave_unless_a_matched_child_waits(period, social_worker, adoption_worker, adopters):
    matched(period, social_worker, adopters)
    adopters.refresh_from_db()
    with pytest.raises(ValidationError, match="no adoption order"):
        services.adopter_leave(
            adopter_id=adopters.pk,
            expected_version=adopters.version,
            left_on=dt.date(2025, 11, 1),
            reason="withdrew",
            recorded_by=adoption_worker,
        )
    other = AdopterFactory()
    other = services.adopter_leave(
        adopter_id=other.pk,
        expected_version=other.version,
        left_on=dt.date(2025, 11, 1),
        reason="withdrew",
        recorded_by=adoption_worker,
    )
    assert other.stage == "Left the process"
    with pytest.raises(ValidationError, match="left"):
        services.adopter_step_record(
            adopter_id=other.pk,
            expected_version=other.version,
            step="interest_registered_on",
            on=dt.date(2025, 1, 7),
            recorded_by=adoption_worker,
        )
