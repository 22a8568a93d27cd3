import datetime as dt

import pytest
from django.urls import reverse

from safeguard.access.models import AccessEvent
from safeguard.adoption.models import Adopter, AdoptionJourney, PermanenceOrder, PreviousPermanenceRecord
from tests.lac.factories import looked_after_child

from .factories import AdopterFactory, JourneyFactory
from .helpers import ADOPTED, MATCH, PLACED, matched, placed, with_order


@pytest.fixture
def signed_in(client, social_worker):
    client.force_login(social_worker)
    return client


def _child_url(period):
    return reverse("adoption:child", args=[period.child_id])


def _journey_url(journey):
    return reverse("adoption:journey", args=[journey.child_id, journey.pk])


def test_child_page_offers_the_decision_for_a_looked_after_child(signed_in, period):
    response = signed_in.get(_child_url(period))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Record a decision that the child should be placed for adoption" in body
    assert "Record a special guardianship or child arrangements order" in body


def test_recording_the_decision_redirects_to_the_journey(signed_in, period):
    response = signed_in.post(_child_url(period), {"action": "decision", "decision-decision_date": "2025-05-12"})
    journey = AdoptionJourney.objects.get(child=period.child)
    assert response.status_code == 302 and response["Location"] == _journey_url(journey)


def test_invalid_decision_shows_the_error_and_saves_nothing(signed_in, period):
    response = signed_in.post(_child_url(period), {"action": "decision", "decision-decision_date": "2024-01-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Error:" in body and "cannot be before" in body
    assert not AdoptionJourney.objects.exists()


def test_sgo_from_the_child_page_ends_care(signed_in, period):
    response = signed_in.post(
        _child_url(period),
        {"action": "order", "order-kind": "sgo", "order-order_date": "2025-08-01", "order-carer": "kin"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.end_reason == "E47"
    assert PermanenceOrder.objects.get().kind == "sgo"


def test_previous_permanence_from_the_child_page(signed_in, period):
    response = signed_in.post(
        _child_url(period),
        {
            "action": "previous",
            "previous-previous_permanence": "P2",
            "previous-la_code": "999",
            "previous-order_date": "",
        },
    )
    assert response.status_code == 302
    assert PreviousPermanenceRecord.objects.get().previous_permanence == "P2"


def test_front_door_cannot_post_steps(client, front_door_user, period):
    client.force_login(front_door_user)
    assert client.get(_child_url(period)).status_code == 200
    assert client.post(_child_url(period), {"action": "decision"}).status_code == 403
    assert not AdoptionJourney.objects.exists()


def test_journey_page_walks_through_the_steps(signed_in, period, social_worker, adopters):
    journey = with_order(period, social_worker)
    url = _journey_url(journey)
    body = signed_in.get(url).content.decode()
    assert "Record the match with prospective adopters" in body and adopters.name in body
    assert "Record the adoption order" not in body
    response = signed_in.post(
        url,
        {
            "action": "match",
            "match-version": journey.version,
            "match-match_date": MATCH.isoformat(),
            "match-adopter": adopters.pk,
        },
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    response = signed_in.post(
        url, {"action": "place", "place-version": journey.version, "place-placed_date": PLACED.isoformat()}
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    body = signed_in.get(url).content.decode()
    assert journey.status == "Placed with adopters"
    assert 'id="a1"' in body and "Threshold met (426 days)" in body
    assert "97 days" in body and "Threshold met (121 days)" in body  # 1 Jul to 6 Oct 2025
    assert "Record a visit" in body and "Record the adoption order" in body
    response = signed_in.post(
        url, {"action": "adoption_order", "ao-version": journey.version, "ao-order_date": ADOPTED.isoformat()}
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.end_reason == "E11"


def test_journey_step_error_is_shown_on_its_field(signed_in, period, social_worker, adopters):
    journey = matched(period, social_worker, adopters)
    response = signed_in.post(
        _journey_url(journey), {"action": "place", "place-version": journey.version, "place-placed_date": "2025-01-01"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Error:" in body and "cannot be before" in body
    journey.refresh_from_db()
    assert journey.placed_date is None


def test_an_action_the_state_does_not_allow_is_refused(signed_in, period, social_worker):
    journey = with_order(period, social_worker)
    response = signed_in.post(_journey_url(journey), {"action": "adoption_order", "ao-version": journey.version})
    assert response.status_code == 403


def test_reviews_and_visits_from_the_journey_page(signed_in, period, social_worker, adopters):
    journey = placed(period, social_worker, adopters)
    url = _journey_url(journey)
    assert (
        signed_in.post(url, {"action": "visit", "visit-visit_date": "2025-10-24", "visit-child_seen": "on"}).status_code
        == 302
    )
    assert signed_in.post(url, {"action": "review", "review-held_on": "2025-11-17"}).status_code == 302
    journey.refresh_from_db()
    assert journey.visits.count() == 1 and journey.reviews.count() == 1
    assert journey.next_review_due == dt.date(2026, 2, 17)


def test_another_childs_journey_is_not_found(signed_in, period, team):
    other = JourneyFactory(period=looked_after_child(start_date=dt.date(2025, 1, 10), team=team))
    response = signed_in.get(reverse("adoption:journey", args=[period.child_id, other.pk]))
    assert response.status_code == 404


def test_the_child_page_writes_one_access_event(signed_in, period):
    before = AccessEvent.objects.count()
    signed_in.get(_child_url(period))
    assert AccessEvent.objects.count() == before + 1


# --- Adopters -----------------------------------------------------------------------------------------


def test_adopters_list_for_adoption_workers_not_other_social_workers(client, adoption_worker, social_worker, adopters):
    client.force_login(adoption_worker)
    body = client.get(reverse("adoption:adopters")).content.decode()
    assert adopters.name in body and "Record an enquiry" in body
    client.force_login(social_worker)
    assert client.get(reverse("adoption:adopters")).status_code == 403


def test_inspectors_and_analysts_read_adopters_but_cannot_add(client, inspector, analyst, adopters):
    for user in (inspector, analyst):
        client.force_login(user)
        assert client.get(reverse("adoption:adopter", args=[adopters.pk])).status_code == 200
        assert client.get(reverse("adoption:adopter_new")).status_code == 403


def test_recording_an_enquiry_and_a_stage(client, adoption_worker):
    client.force_login(adoption_worker)
    response = client.post(
        reverse("adoption:adopter_new"),
        {
            "name": "Jo and Kim Testperson",
            "number_of_adopters": "2",
            "sexes": "FF",
            "legal_status": "L2",
            "enquiry_date": "2025-01-06",
        },
    )
    adopter = Adopter.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("adoption:adopter", args=[adopter.pk])
    url = reverse("adoption:adopter", args=[adopter.pk])
    response = client.post(
        url,
        {"action": "step", "step-version": adopter.version, "step-step": "stage1_started_on", "step-on": "2025-02-03"},
    )
    assert response.status_code == 302
    adopter.refresh_from_db()
    assert adopter.stage1_started_on == dt.date(2025, 2, 3)
    response = client.post(
        url, {"action": "step", "step-version": adopter.version, "step-step": "approved_on", "step-on": "2025-02-04"}
    )
    assert (
        response.status_code == 200
        and "Record stage 2 ended and application submitted first" in response.content.decode()
    )


def test_invalid_enquiry_is_shown(client, adoption_worker):
    client.force_login(adoption_worker)
    response = client.post(
        reverse("adoption:adopter_new"),
        {"name": "X", "number_of_adopters": "1", "sexes": "MF", "legal_status": "L0", "enquiry_date": "2025-01-06"},
    )
    assert response.status_code == 200 and "Does not match 1 adopter(s)" in response.content.decode()
    assert not Adopter.objects.exists()


def test_unknown_adopter_is_not_found(client, adoption_worker):
    client.force_login(adoption_worker)
    assert client.get(reverse("adoption:adopter", args=[999999])).status_code == 404


# --- Scorecard -------------------------------------------------------------------------------------------


def test_scorecard_for_managers_with_chart(client, manager, social_worker):
    period = looked_after_child(start_date=dt.date(2023, 1, 2))
    JourneyFactory(
        period=period,
        decision_date=dt.date(2023, 3, 1),
        placement_order_date=dt.date(2023, 6, 1),
        match_date=dt.date(2023, 9, 1),
        adopter=AdopterFactory(),
        placed_date=dt.date(2023, 10, 2),
        adoption_order_date=dt.date(2024, 2, 1),
    )
    client.force_login(manager)
    response = client.get(reverse("adoption:scorecard"), {"end": "2025-03-31"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="adopted-count">1<' in body
    assert "273.0 days" in body and "92.0 days" in body
    assert "<svg" in body and 'id="a1-chart"' in body and "2023-24" in body
    client.force_login(social_worker)
    assert client.get(reverse("adoption:scorecard")).status_code == 403
