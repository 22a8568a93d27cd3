import datetime as dt

import pytest
from django.urls import reverse

from safeguard.access.models import AccessEvent
from safeguard.accounts.models import Role
from safeguard.disabledchildren.models import DisabledChildrenService
from safeguard.workforce.models import Service, Worker
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory, WorkerFactory, worker_user

from .factories import DisabledChildrenServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(disabled_child, team):
    AllocationFactory(child=disabled_child, worker=WorkerFactory(team=team))
    return disabled_child


@pytest.fixture
def signed_in(client, social_worker):
    client.force_login(social_worker)
    return client


def test_child_page(signed_in, child):
    DisabledChildrenServiceFactory(child=child, kind="equipment")
    body = signed_in.get(reverse("disabledchildren:child", args=[child.pk])).content.decode()
    assert "Autism or Asperger syndrome" in body and "Equipment or adaptations" in body
    assert reverse("people:add_disability", args=[child.pk]) in body


def test_request_valid(signed_in, child):
    response = signed_in.post(
        reverse("disabledchildren:child", args=[child.pk]), {"kind": "short_breaks", "referral_date": "2026-09-07"}
    )
    service = DisabledChildrenService.objects.get(child=child)
    assert response.status_code == 302 and response.url == reverse(
        "disabledchildren:service", args=[child.pk, service.pk]
    )
    assert service.first_service_due == dt.date(2026, 11, 30)


def test_request_invalid(signed_in, child):
    response = signed_in.post(reverse("disabledchildren:child", args=[child.pk]), {"kind": "short_breaks"})
    assert response.status_code == 200
    assert "Enter the date the service was requested" in response.content.decode()
    assert not DisabledChildrenService.objects.exists()


def test_service_page_actions(signed_in, child):
    service = DisabledChildrenServiceFactory(child=child)
    url = reverse("disabledchildren:service", args=[child.pk, service.pk])
    body = signed_in.get(url).content.decode()
    assert "Record the decision" in body and "Record the first service" in body
    response = signed_in.post(url, {"action": "start", "start-version": 1, "start-start_date": "2026-07-27"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.first_service_start == dt.date(2026, 7, 27)
    assert "56 days (8 weeks)" in signed_in.get(url).content.decode()


def test_service_page_invalid_action(signed_in, child):
    service = DisabledChildrenServiceFactory(child=child)
    url = reverse("disabledchildren:service", args=[child.pk, service.pk])
    response = signed_in.post(url, {"action": "decide", "decide-version": 1, "decide-decision_date": "2026-07-01"})
    assert response.status_code == 200 and "Choose the decision" in response.content.decode()
    response = signed_in.post(url, {"action": "start", "start-version": 1, "start-start_date": "2026-01-01"})
    assert "cannot start before the referral" in response.content.decode()


def test_unknown_action_is_forbidden(signed_in, child):
    service = DisabledChildrenServiceFactory(child=child, first_service_start=dt.date(2026, 7, 1))
    url = reverse("disabledchildren:service", args=[child.pk, service.pk])
    assert signed_in.post(url, {"action": "start"}).status_code == 403


def test_another_childs_service_is_not_found(signed_in, child):
    other = DisabledChildrenServiceFactory(child=PersonFactory())
    assert signed_in.get(reverse("disabledchildren:service", args=[child.pk, other.pk])).status_code == 404


def test_panel_on_the_child_page(signed_in, child):
    DisabledChildrenServiceFactory(child=child, referral_date=dt.date(2026, 6, 1))
    body = signed_in.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="disabled-children-panel"' in body and "Past 24 Aug 2026" in body


# --- The waiting list -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SENIOR_LEADER, Role.ANALYST])
def test_waiting_list_for_leaders_and_analysts(client, role):
    waiting = DisabledChildrenServiceFactory(referral_date=dt.date(2026, 5, 1))
    DisabledChildrenServiceFactory(referral_date=dt.date(2026, 4, 1), first_service_start=dt.date(2026, 11, 2))
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(reverse("disabledchildren:waiting"))
    body = response.content.decode()
    assert response.status_code == 200
    assert waiting.child.full_name in body and "Disabled children waiting for a service" in body
    assert 'id="median-chart"' in body and "30.7 weeks" in body
    event = AccessEvent.objects.filter(user=user, action=AccessEvent.Action.LIST).get()
    assert list(event.children.values_list("child_id", flat=True)) == [waiting.child_id]


def test_waiting_list_for_a_disabled_childrens_manager(client, dc_manager, dc_team):
    episode_child = PersonFactory()
    from tests.factories import EpisodeFactory

    EpisodeFactory(child=episode_child, team=dc_team, referral_date=dt.date(2026, 5, 1))
    client.force_login(dc_manager)
    response = client.get(reverse("disabledchildren:waiting"), {"team": dc_team.pk})
    assert response.status_code == 200
    assert episode_child.full_name in response.content.decode()
    assert "No service requested yet" in response.content.decode()


@pytest.mark.parametrize("service", [Service.SAFEGUARDING, Service.ASSESSMENT])
def test_other_managers_are_refused(client, service):
    manager = worker_user(Role.TEAM_MANAGER, team=TeamFactory(service=service), worker_role=Worker.Role.TEAM_MANAGER)
    client.force_login(manager)
    assert client.get(reverse("disabledchildren:waiting")).status_code == 403


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.INSPECTOR])
def test_practitioners_and_inspectors_outside_a_window_are_refused(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("disabledchildren:waiting")).status_code == 403


def test_waiting_list_empty(client, analyst):
    client.force_login(analyst)
    body = client.get(reverse("disabledchildren:waiting")).content.decode()
    assert "No children waiting longer than the threshold" in body and "No first services started" in body


def test_navigation_link_for_those_who_may_see_the_list(client, analyst, social_worker):
    client.force_login(analyst)
    assert "Disabled children waiting" in client.get(reverse("people:search")).content.decode()
    client.force_login(social_worker)
    assert "Disabled children waiting" not in client.get(reverse("people:search")).content.decode()
