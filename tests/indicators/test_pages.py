"""The indicator pages: who may open them, which scopes, and the drill-down's visibility and access events."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.access.models import AccessEvent, AccessEventChild
from safeguard.accounts.models import Role
from safeguard.casework.models import Assessment
from safeguard.indicators.registry import indicators
from safeguard.workforce.models import Service
from tests.casework.factories import AssessmentFactory
from tests.factories import (
    AllocationFactory,
    EpisodeFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
)

pytestmark = pytest.mark.django_db
AS_OF = "2026-03-31"


def signed_in(client, user):
    client.force_login(user)
    return client


def authorised_assessment(*, team=None, worker=None, child=None):
    child = child or PersonFactory()
    if worker or team:
        AllocationFactory(child=child, worker=worker or WorkerFactory(team=team), start_date=dt.date(2025, 1, 1))
    episode = EpisodeFactory(child=child, referral_date=dt.date(2026, 1, 5), team=team or TeamFactory())
    return AssessmentFactory(episode=episode, status=Assessment.Status.AUTHORISED, authorised_date=dt.date(2026, 2, 2))


def test_an_analyst_sees_every_indicator_for_the_authority(client, analyst):
    page = signed_in(client, analyst).get(reverse("indicators:index"), {"as_of": AS_OF})
    assert page.status_code == 200
    html = page.content.decode()
    for item in indicators():
        assert f'id="indicator-{item.key}"' in html
    assert "Whole authority" in html


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.ADMINISTRATOR])
def test_other_roles_are_refused(client, role):
    user = UserFactory(role=role)
    assert signed_in(client, user).get(reverse("indicators:index")).status_code == 403


def test_a_social_worker_sees_only_their_own_caseload(client, social_worker):
    signed_in(client, social_worker)
    page = client.get(reverse("indicators:index"), {"as_of": AS_OF})
    assert page.status_code == 200
    assert f"Worker: {social_worker.worker}" in page.content.decode()
    assert client.get(reverse("indicators:index"), {"scope": "authority"}).status_code == 404
    other = WorkerFactory(team=social_worker.worker.team)
    assert client.get(reverse("indicators:index"), {"scope": f"worker-{other.pk}"}).status_code == 404


def test_a_manager_chooses_among_their_service_teams(client, manager):
    signed_in(client, manager)
    elsewhere = TeamFactory(service=Service.CHILDREN_IN_CARE)
    assert client.get(reverse("indicators:index"), {"scope": f"team-{manager.worker.team_id}"}).status_code == 200
    assert client.get(reverse("indicators:index"), {"scope": f"team-{elsewhere.pk}"}).status_code == 404
    assert client.get(reverse("indicators:index"), {"scope": "authority"}).status_code == 200


def test_a_bad_date_is_explained_and_today_used(client, analyst):
    page = signed_in(client, analyst).get(reverse("indicators:index"), {"as_of": "2026-02-30"})
    assert page.status_code == 200
    assert "Enter the as-of date as a real date" in page.content.decode()


def test_the_drill_down_lists_only_children_the_viewer_may_see_and_records_them(client, manager):
    mine = authorised_assessment(team=manager.worker.team)
    hidden = authorised_assessment(team=TeamFactory(service=Service.CHILDREN_IN_CARE))
    signed_in(client, manager)
    before = AccessEvent.objects.count()
    page = client.get(
        reverse("indicators:detail", args=["assessments-within-45-wd"]), {"as_of": AS_OF, "scope": "authority"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.child.full_name in html
    assert hidden.child.full_name not in html
    assert "1 of these 2 children are not listed" in html
    assert reverse("people:detail", args=[mine.child_id]) in html
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.latest("pk")
    assert event.action == AccessEvent.Action.LIST and event.user == manager
    assert set(AccessEventChild.objects.filter(event=event).values_list("child_id", flat=True)) == {mine.child_id}


def test_restricted_children_are_not_listed_even_to_an_analyst(client, analyst):
    restricted = authorised_assessment(child=PersonFactory(is_restricted=True))
    visible = authorised_assessment()
    page = signed_in(client, analyst).get(
        reverse("indicators:detail", args=["assessments-within-45-wd"]), {"as_of": AS_OF}
    )
    html = page.content.decode()
    assert visible.child.full_name in html and restricted.child.full_name not in html


def test_the_other_list_and_an_empty_list_write_no_event(client, analyst):
    authorised_assessment()
    signed_in(client, analyst)
    before = AccessEvent.objects.count()
    page = client.get(
        reverse("indicators:detail", args=["assessments-within-45-wd"]), {"as_of": AS_OF, "list": "other"}
    )
    assert page.status_code == 200 and "No children to show." in page.content.decode()
    assert AccessEvent.objects.count() == before
    assert client.get(reverse("indicators:detail", args=["no-such-indicator"])).status_code == 404


def test_the_navigation_links_to_indicators_for_analysts(client, analyst):
    page = signed_in(client, analyst).get(reverse("indicators:index"))
    assert f'href="{reverse("indicators:index")}"' in page.content.decode()


def test_an_inspector_needs_an_active_grant(client, admin_user):
    from django.utils import timezone

    from safeguard.access.models import InspectorGrant

    inspector = UserFactory(role=Role.INSPECTOR)
    signed_in(client, inspector)
    assert client.get(reverse("indicators:index")).status_code == 403
    now = timezone.now()
    InspectorGrant.objects.create(
        inspector=inspector,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=14),
        reason="Inspection",
        granted_by=admin_user,
    )
    assert client.get(reverse("indicators:index"), {"scope": "authority"}).status_code == 200
