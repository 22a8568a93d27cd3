"""A placement with prospective adopters that ends before the adoption order (a disruption): the care record's move,
the journey back to family finding or reversed, the chronology, the refusals, and the page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safeguard.adoption import selectors, services
from safeguard.adoption.models import AdoptionDisruption, AdoptionJourney
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.lac.models import Placement

from .factories import AdopterFactory
from .helpers import MATCH, ORDER, PLACED, decided, matched, placed, with_order

pytestmark = pytest.mark.django_db

D = dt.date
LEFT = D(2025, 12, 1)


def _disrupt(journey, user, **changes):
    values = {
        "disrupted_on": LEFT,
        "reason": "CREQB",
        "placement_type": "U6",
        "provider": "PR1",
        "postcode": "",
        "carer_name": "Synthetic foster carers",
        "outcome": "continue",
        "notes": "Adopters asked for the placement to end",
    }
    return services.journey_disrupt(
        journey_id=journey.pk, expected_version=journey.version, recorded_by=user, **{**values, **changes}
    )


def _state(period):
    return (
        AdoptionJourney.objects.count(),
        AdoptionDisruption.objects.count(),
        Placement.objects.filter(period=period).count(),
        Event.objects.filter(child=period.child, kind="adoption.disrupted").count(),
    )


def test_the_child_returns_to_care_and_the_journey_to_family_finding(period, social_worker, adopters):
    journey = placed(period, social_worker, adopters)
    disruption = _disrupt(journey, social_worker)
    placements = list(
        Placement.objects.filter(period=period)
        .order_by("start_date")
        .values_list("placement_type", "start_date", "end_date", "change_reason")
    )
    assert placements == [
        ("U6", period.start_date, PLACED, "CARPL"),
        ("A6", PLACED, LEFT, "CREQB"),
        ("U6", LEFT, None, ""),
    ]
    assert disruption.new_placement == Placement.objects.get(period=period, end_date__isnull=True)
    assert (disruption.adopter, disruption.match_date, disruption.placed_date) == (adopters, MATCH, PLACED)
    assert (disruption.outcome, disruption.reason, disruption.moved_in_date) == ("continue", "CREQB", PLACED)
    journey.refresh_from_db()
    assert journey.is_open and journey.status == "Authority to place"
    assert (journey.adopter, journey.match_date, journey.placed_date, journey.number_of_adopters) == (None,) * 4
    assert (journey.adopter_sexes, journey.adopter_legal_status, journey.placement_order_date) == ("", "", ORDER)
    # Reg 36(1): not placed, no review since the authority to place: due 3 months after the placement order.
    assert (journey.next_review_due, journey.next_visit_due) == (D(2025, 10, 1), None)
    event = Event.objects.get(child=period.child, kind="adoption.disrupted")
    assert "ended 01 Dec 2025" in event.summary and "adoption is still the plan" in event.summary
    assert event.detail == "Adopters asked for the placement to end"
    # Family finding again: a new match with other adopters, and the first household may now leave.
    other = AdopterFactory()
    rematched = services.journey_match(
        journey_id=journey.pk,
        expected_version=journey.version,
        match_date=D(2026, 2, 2),
        adopter_id=other.pk,
        recorded_by=social_worker,
    )
    assert rematched.adopter == other
    assert selectors.a2_days(rematched) == (D(2026, 2, 2) - ORDER).days


def test_reviews_held_while_placed_still_count_after_the_disruption(period, social_worker, adopters):
    journey = placed(period, social_worker, adopters)
    services.adoption_review_record(journey_id=journey.pk, held_on=D(2025, 11, 14), recorded_by=social_worker)
    journey.refresh_from_db()
    _disrupt(journey, social_worker)
    journey.refresh_from_db()
    assert journey.next_review_due == D(2026, 5, 14)  # reg 36(1)(b): 6 months after the previous review


def test_decision_reversed_ends_the_journey_with_the_rd_code(period, social_worker, adopters):
    journey = placed(period, social_worker, adopters)
    _disrupt(journey, social_worker, outcome="reversed", reversed_reason="RD1")
    journey.refresh_from_db()
    assert (journey.reversed_date, journey.reversed_reason, journey.is_open) == (LEFT, "RD1", False)
    # The ended journey keeps its match and placement (Annex A list 10 reports them); so does the disruption.
    assert (journey.adopter, journey.match_date, journey.placed_date) == (adopters, MATCH, PLACED)
    assert AdoptionDisruption.objects.get().placed_date == PLACED
    labels = [label for _, label in selectors.timeline(journey)]
    assert labels.count("Placed for adoption") == 1 and "Placed for adoption (later ended)" not in labels
    assert (journey.next_review_due, journey.next_visit_due) == (None, None)
    assert journey.status == "No longer to be placed for adoption"
    event = Event.objects.get(child=period.child, kind="adoption.disrupted")
    assert "no longer to be placed for adoption" in event.summary
    # Care planning continues: another permanence route is now allowed.
    order = services.permanence_order_record(
        period=period, kind="sgo", order_date=D(2026, 3, 2), carer="kin", recorded_by=social_worker
    )
    assert order.reason_ceased == "E47"


def test_a_later_decision_date_can_be_given(period, social_worker, adopters):
    journey = placed(period, social_worker, adopters)
    _disrupt(journey, social_worker, outcome="reversed", reversed_reason="RD4", reversed_date=D(2025, 12, 15))
    journey.refresh_from_db()
    assert journey.reversed_date == D(2025, 12, 15)


def test_fostering_for_adoption_that_ends_before_the_match(period, social_worker):
    journey = with_order(period, social_worker)
    journey = services.journey_early_permanence(
        journey_id=journey.pk,
        expected_version=journey.version,
        kind="ffa",
        placed_date=D(2025, 7, 14),
        recorded_by=social_worker,
    )
    disruption = _disrupt(journey, social_worker, reason="CREQO", placement_type="U4")
    assert (disruption.early_permanence, disruption.early_permanence_placed_date) == ("ffa", D(2025, 7, 14))
    assert disruption.moved_in_date == D(2025, 7, 14) and disruption.adopter is None
    journey.refresh_from_db()
    assert (journey.early_permanence, journey.early_permanence_placed_date) == ("", None)
    types = list(
        Placement.objects.filter(period=period).order_by("start_date").values_list("placement_type", flat=True)
    )
    assert types == ["U6", "U5", "U4"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"disrupted_on": PLACED}, "disrupted_on"),  # the day they moved in
        ({"disrupted_on": D(2099, 1, 1)}, "disrupted_on"),
        ({"reason": "PLACE"}, "reason"),  # a status-only change is not a move
        ({"reason": "NOPE"}, "reason"),
        ({"placement_type": "A5"}, "placement_type"),
        ({"placement_type": ""}, "placement_type"),  # the care record's own check, on the adoption form's field
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "reversed"}, "reversed_reason"),
        ({"outcome": "reversed", "reversed_reason": "RD1", "reversed_date": D(2025, 11, 30)}, "reversed_date"),
    ],
)
def test_refusals_name_the_field_and_write_nothing(period, social_worker, adopters, changes, field):
    journey = placed(period, social_worker, adopters)
    before = _state(period)
    with pytest.raises(ValidationError) as error:
        _disrupt(journey, social_worker, **changes)
    assert field in error.value.message_dict, error.value.message_dict
    assert _state(period) == before
    journey.refresh_from_db()
    assert journey.placed_date == PLACED


@pytest.mark.parametrize("step", [decided, with_order])
def test_no_disruption_without_a_placement_with_the_carers(period, social_worker, step):
    journey = step(period, social_worker)
    with pytest.raises(ValidationError, match="not living with prospective adopters"):
        _disrupt(journey, social_worker)


def test_matched_but_not_yet_living_with_them_is_refused(period, social_worker, adopters):
    journey = matched(period, social_worker, adopters)
    with pytest.raises(ValidationError, match="not living with prospective adopters"):
        _disrupt(journey, social_worker)


def test_a_stale_version_and_the_front_door_are_refused(period, social_worker, front_door_user, adopters):
    journey = placed(period, social_worker, adopters)
    stale = AdoptionJourney.objects.get(pk=journey.pk)
    stale.version -= 1
    with pytest.raises(ConcurrentEditError):
        _disrupt(stale, social_worker)
    with pytest.raises(PermissionDenied):
        _disrupt(journey, front_door_user)
    assert not AdoptionDisruption.objects.exists()


def test_the_timeline_keeps_the_ended_placement(period, social_worker, adopters):
    journey = placed(period, social_worker, adopters)
    _disrupt(journey, social_worker)
    labels = [label for _, label in selectors.timeline(AdoptionJourney.objects.get(pk=journey.pk))]
    assert labels[-3:] == [
        "Matched with prospective adopters (later ended)",
        "Placed for adoption (later ended)",
        "Placement with the prospective adopters ended: carer(s) requested the placement end because of the "
        "child's behaviour",
    ]


# --- The page -------------------------------------------------------------------------------------


def _journey_url(journey):
    return reverse("adoption:journey", args=[journey.child_id, journey.pk])


def test_the_form_appears_once_the_child_lives_with_the_adopters(client, period, social_worker, adopters):
    client.force_login(social_worker)
    journey = matched(period, social_worker, adopters)
    assert 'id="form-disrupt"' not in client.get(_journey_url(journey)).content.decode()
    refused = client.post(_journey_url(journey), {"action": "disrupt"})
    assert refused.status_code == 403
    journey = services.journey_place(
        journey_id=journey.pk, expected_version=journey.version, placed_date=PLACED, recorded_by=social_worker
    )
    assert 'id="form-disrupt"' in client.get(_journey_url(journey)).content.decode()


def test_recording_a_disruption_on_the_page(client, period, social_worker, adopters):
    client.force_login(social_worker)
    journey = placed(period, social_worker, adopters)
    post = {
        "action": "disrupt",
        "disrupt-version": journey.version,
        "disrupt-disrupted_on": "2025-12-01",
        "disrupt-reason": "CHILD",
        "disrupt-placement_type": "K2",
        "disrupt-provider": "PR2",
        "disrupt-carer_name": "Synthetic children's home",
        "disrupt-outcome": "reversed",
        "disrupt-reversed_reason": "RD1",
        "disrupt-notes": "",
    }
    response = client.post(_journey_url(journey), post)
    assert response.status_code == 302 and response["Location"] == _journey_url(journey)
    body = client.get(_journey_url(journey)).content.decode()
    assert 'id="disruptions"' in body and "CHILD: Child requested the placement end" in body
    assert 'id="form-disrupt"' not in body  # the journey has ended
    assert AdoptionDisruption.objects.get().new_placement.placement_type == "K2"


def test_page_errors_show_on_the_form_and_save_nothing(client, period, social_worker, adopters):
    client.force_login(social_worker)
    journey = placed(period, social_worker, adopters)
    post = {
        "action": "disrupt",
        "disrupt-version": journey.version,
        "disrupt-disrupted_on": "2025-12-01",
        "disrupt-reason": "CREQB",
        "disrupt-placement_type": "U6",
        "disrupt-provider": "PR1",
        "disrupt-outcome": "reversed",
    }
    response = client.post(_journey_url(journey), post)
    body = response.content.decode()
    assert response.status_code == 200 and "Error:" in body
    assert "Choose the reason the child is no longer to be placed for adoption" in body
    assert not AdoptionDisruption.objects.exists()
