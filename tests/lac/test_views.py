"""The looked-after pages: who may write, another child's record id 404s, forms show service errors."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.lac.models import CareLegalStatus, CarePeriod, CarePlan, Placement
from tests.factories import EpisodeFactory, PersonFactory, UserFactory

from .factories import looked_after_child

pytestmark = pytest.mark.django_db


def _days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def child(team):
    person = PersonFactory(date_of_birth=dt.date(2012, 4, 10))
    EpisodeFactory(child=person, team=team, referral_date=_days_ago(60))
    return person


@pytest.fixture
def in_care(team):
    return looked_after_child(start_date=_days_ago(90), team=team, legal_status="C1")


def _start_data(**overrides):
    return {
        "start_date": _days_ago(3).isoformat(),
        "category_of_need": "N1",
        "legal_status": "C1",
        "home_postcode": "NB1 1AA",
        "placement_type": "U6",
        "provider": "PR1",
        "carer_name": "Synthetic carers",
        "postcode": "NB2 3CD",
        "urn": "",
        "previous_permanence": "Z1",
        **overrides,
    }


def test_start_care_through_the_page(client, social_worker, child):
    client.force_login(social_worker)
    page = reverse("lac:start", args=[child.pk])
    response = client.post(page, _start_data(category_of_need="", start_date=(_days_ago(-2)).isoformat()))
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body
    assert "Choose the category of need" in body or "This field is required" in body
    response = client.post(page, _start_data(start_date=_days_ago(-2).isoformat()))
    assert "The start date cannot be in the future" in response.content.decode()
    assert not CarePeriod.objects.exists()
    response = client.post(page, _start_data())
    assert response.status_code == 302 and response["Location"] == reverse("lac:child", args=[child.pk])
    period = CarePeriod.objects.get()
    assert (period.child, period.start_date, period.recorded_by) == (child, _days_ago(3), social_worker)
    assert period.placements.get().carer_name == "Synthetic carers"
    assert period.previous_permanence.previous_permanence == "Z1"  # SSDA903 PrevPerm, asked when care starts


def test_the_care_record_shows_the_history(client, social_worker, in_care):
    client.force_login(social_worker)
    body = client.get(reverse("lac:child", args=[in_care.child_id])).content.decode()
    assert "Care history" in body and "Became looked after" in body and "Placed" in body
    assert "C1: Interim care order" in body and "SSDA903 episodes" in body
    assert reverse("lac:placement_change", args=[in_care.child_id]) in body
    assert reverse("lac:start", args=[in_care.child_id]) not in body


def test_the_care_record_of_a_child_never_in_care_offers_to_start(client, social_worker, child):
    client.force_login(social_worker)
    body = client.get(reverse("lac:child", args=[child.pk])).content.decode()
    assert "Not looked after" in body and reverse("lac:start", args=[child.pk]) in body


def test_move_through_the_page(client, social_worker, in_care):
    client.force_login(social_worker)
    page = reverse("lac:placement_change", args=[in_care.child_id])
    current = in_care.placements.get()
    data = {"version": current.version, "placement": current.pk, "change_date": _days_ago(1).isoformat(), "change_reason": "",
            "placement_type": "K2", "provider": "PR4", "postcode": "", "urn": "", "carer_name": ""}  # fmt: skip
    response = client.post(page, data)
    assert response.status_code == 200 and "Choose why the placement ended" in response.content.decode()
    response = client.post(page, {**data, "change_reason": "CHILD"})
    assert response.status_code == 302
    assert list(in_care.placements.values_list("placement_type", "end_date")) == [
        ("U6", _days_ago(1)), ("K2", None)]  # fmt: skip
    # The same (now stale) form again is refused, not applied twice.
    response = client.post(page, {**data, "change_reason": "CHILD", "version": current.version})
    assert response.status_code == 200 and "changed by someone else" in response.content.decode()
    assert in_care.placements.count() == 2


def test_legal_status_through_the_page(client, social_worker, in_care):
    client.force_login(social_worker)
    page = reverse("lac:legal_status", args=[in_care.child_id])
    data = {"version": in_care.version, "change_date": _days_ago(5).isoformat(), "legal_status": "C1"}
    response = client.post(page, data)
    assert response.status_code == 200 and "already" in response.content.decode()
    response = client.post(page, {**data, "legal_status": "C2"})
    assert response.status_code == 302
    assert CareLegalStatus.objects.get(end_date__isnull=True).legal_status == "C2"


def test_end_care_through_the_page(client, social_worker, in_care):
    client.force_login(social_worker)
    page = reverse("lac:end", args=[in_care.child_id])
    body = client.get(page).content.decode()
    assert 'value="X1"' not in body and 'value="E11"' in body
    response = client.post(page, {"version": in_care.version, "end_date": _days_ago(1).isoformat(), "reason": ""})
    assert response.status_code == 200 and "Choose why care ended" in response.content.decode()
    response = client.post(page, {"version": in_care.version, "end_date": _days_ago(1).isoformat(), "reason": "E4A"})
    assert response.status_code == 302
    in_care.refresh_from_db()
    assert (in_care.end_date, in_care.end_reason) == (_days_ago(1), "E4A")
    # Once ended, the end page no longer offers a form and a POST is refused.
    assert "The child is not looked after" in client.get(page).content.decode()
    assert client.post(page, {"version": in_care.version}).status_code == 403


def test_care_plan_through_the_page(client, social_worker, in_care):
    client.force_login(social_worker)
    page = reverse("lac:care_plan", args=[in_care.child_id])
    response = client.post(page, {"agreed_on": ""})
    assert response.status_code == 200 and "<title>Error: " in response.content.decode()
    response = client.post(page, {"agreed_on": _days_ago(80).isoformat(), "summary": "Plan"})
    assert response.status_code == 302
    assert CarePlan.objects.get().summary == "Plan"


def test_placement_page_corrects_details_and_another_childs_placement_404s(client, social_worker, in_care, team):
    client.force_login(social_worker)
    placement = in_care.placements.get()
    page = reverse("lac:placement", args=[in_care.child_id, placement.pk])
    body = client.get(page).content.decode()
    assert "Distance from home" in body and "Not known" in body
    data = {"version": 1, "placement_type": "U4", "provider": "PR1", "postcode": "", "urn": "bad", "carer_name": ""}
    response = client.post(page, data)
    assert response.status_code == 200 and "Ofsted URN" in response.content.decode()
    response = client.post(page, {**data, "urn": ""})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.placement_type == "U4"
    other = looked_after_child(start_date=_days_ago(30), team=team)
    other_placement = other.placements.get()
    assert client.get(reverse("lac:placement", args=[in_care.child_id, other_placement.pk])).status_code == 404
    assert client.post(reverse("lac:placement", args=[in_care.child_id, other_placement.pk]), data).status_code == 404
    assert Placement.objects.get(pk=other_placement.pk).version == 1


def test_pages_without_a_period_say_so_and_refuse_posts(client, social_worker, child):
    client.force_login(social_worker)
    for name in ("placement_change", "legal_status", "end", "care_plan"):
        page = reverse(f"lac:{name}", args=[child.pk])
        response = client.get(page)
        assert response.status_code == 200 and "not looked after" in response.content.decode()
        assert client.post(page, {}).status_code == 403


def test_a_child_already_in_care_cannot_be_started_again_from_the_page(client, social_worker, in_care):
    client.force_login(social_worker)
    page = reverse("lac:start", args=[in_care.child_id])
    assert "already looked after" in client.get(page).content.decode()
    assert client.post(page, _start_data()).status_code == 403


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.ANALYST, Role.SENIOR_LEADER])
def test_roles_that_may_read_but_not_record(client, in_care, role):
    user = UserFactory(role=role)
    client.force_login(user)
    assert client.get(reverse("lac:child", args=[in_care.child_id])).status_code == 200
    body = client.get(reverse("lac:placement_change", args=[in_care.child_id])).content.decode()
    assert "Your role cannot record a change of placement" in body
    assert client.post(reverse("lac:end", args=[in_care.child_id]), {}).status_code == 403
    assert in_care.placements.count() == 1


def test_a_manager_may_record(client, manager, in_care):
    client.force_login(manager)
    body = client.get(reverse("lac:end", args=[in_care.child_id])).content.decode()
    assert "End care" in body and "Your role cannot" not in body
