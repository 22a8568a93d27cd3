"""The care leaver page, its forms, the leaving care list and the child-page panel."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.access.models import AccessEvent, AccessEventChild
from safeguard.accounts.models import Role
from safeguard.careleavers.models import AdviserContact, BirthdayContact, PathwayPlan
from safeguard.workforce.models import Allocation, Service
from tests.factories import TeamFactory, UserFactory, worker_user

from .conftest import TODAY
from .factories import adviser, care_leaver

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned(today):
    today(TODAY)


@pytest.fixture
def leaver(team):
    """19 on 10 Dec 2026; left care on the 18th birthday; allocated to a PA in the leaving care team."""
    return care_leaver(
        date_of_birth=D(2007, 12, 10), start=D(2021, 1, 1), end=D(2025, 12, 10), end_reason="E17", team=team
    )


def page(cl):
    return reverse("careleavers:child", args=[cl.child_id])


def test_page_shows_status_derivation_adviser_and_the_birthday_due(client, pa_user, leaver):
    client.force_login(pa_user)
    body = client.get(page(leaver)).content.decode()
    assert "Former relevant since 23 Nov 2026" in body
    assert "Eligible or relevant at 18" in body
    assert "Leaving Care Team" in body
    assert "The 18th birthday record is due on 10 Dec 2025" in body
    assert AccessEvent.objects.filter(user=pa_user, what="care leaver record").count() == 1


def test_record_birthday_through_the_page(client, pa_user, leaver):
    BirthdayContact.objects.create(
        care_leaver=leaver,
        child=leaver.child,
        age=18,
        birthday=D(2025, 12, 10),
        in_touch="NO",
        accommodation="0",
        activity="0",
        recorded_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
    )
    client.force_login(pa_user)
    data = {
        "action": "birthday",
        "birthday-age": "19",
        "birthday-in_touch": "YES",
        "birthday-contact_date": "2026-11-20",
        "birthday-accommodation_kind": "U",
        "birthday-accommodation_suitable": "",
        "birthday-activity": "G5",
    }
    response = client.post(page(leaver), data)
    assert response.status_code == 200
    assert "Choose whether the accommodation is suitable" in response.content.decode()
    assert not BirthdayContact.objects.filter(age=19).exists()
    response = client.post(page(leaver), {**data, "birthday-accommodation_suitable": "2"})
    assert response.status_code == 302
    record = BirthdayContact.objects.get(age=19)
    assert (record.accommodation, record.activity, record.recorded_by) == ("U2", "G5", pa_user)
    body = client.get(page(leaver)).content.decode()
    assert "Independent living (flat or tenancy) – not suitable (U2)" in body


def test_service_errors_show_on_the_form(client, pa_user, leaver):
    client.force_login(pa_user)
    response = client.post(
        page(leaver),
        {
            "action": "birthday",
            "birthday-age": "18",
            "birthday-in_touch": "YES",
            "birthday-contact_date": "2025-01-01",
            "birthday-accommodation_kind": "Z",
            "birthday-accommodation_suitable": "1",
            "birthday-activity": "F2",
        },
    )
    assert response.status_code == 200
    assert "3 months before to 1 month after the birthday" in response.content.decode()


def test_contact_and_pathway_plan_through_the_page(client, pa_user, leaver):
    client.force_login(pa_user)
    response = client.post(
        page(leaver),
        {"action": "contact", "contact-contact_date": "2026-11-20", "contact-kind": "visit", "contact-in_touch": "yes"},
    )
    assert response.status_code == 302
    assert AdviserContact.objects.get().in_touch
    response = client.post(page(leaver), {"action": "plan_start", "plan-start_date": "2026-11-01"})
    assert response.status_code == 302
    assert PathwayPlan.objects.get().next_review_due == D(2027, 5, 1)
    response = client.post(page(leaver), {"action": "plan_review", "review-review_date": ""})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_manager_allocates_an_adviser_and_others_cannot(client, pa_user, manager, leaver, team):
    pa = adviser(team)
    data = {"action": "adviser", "pa-worker": pa.pk, "pa-start_date": "2026-11-20"}
    client.force_login(pa_user)
    assert client.post(page(leaver), data).status_code == 403
    client.force_login(manager)
    assert client.post(page(leaver), data).status_code == 302
    assert Allocation.objects.get(child=leaver.child, kind="personal_adviser", end_date__isnull=True).worker == pa


def test_unknown_or_forbidden_actions_are_refused(client, leaver, team):
    analyst = UserFactory(role=Role.ANALYST)
    client.force_login(analyst)
    assert client.get(page(leaver)).status_code == 200
    assert client.post(page(leaver), {"action": "contact"}).status_code == 403
    assert client.post(page(leaver), {"action": "bogus"}).status_code == 403


def test_refresh_through_the_page(client, pa_user, leaver):
    leaver.category = "eligible"
    leaver.save()
    client.force_login(pa_user)
    assert client.post(page(leaver), {"action": "refresh"}).status_code == 302
    leaver.refresh_from_db()
    assert leaver.category == "former_relevant"


def test_other_teams_cannot_see_the_care_leaver(client, leaver):
    outsider = worker_user(Role.SOCIAL_WORKER, team=TeamFactory(service=Service.ASSESSMENT))
    client.force_login(outsider)
    assert client.get(page(leaver)).status_code == 404
    assert client.get(reverse("careleavers:list")).content.decode().count(leaver.child.full_name) == 0


def test_leaving_care_list(client, pa_user, leaver, team):
    other = care_leaver(date_of_birth=D(2010, 5, 10), start=D(2024, 1, 1), end=D(2026, 11, 2), team=team)
    client.force_login(pa_user)
    body = client.get(reverse("careleavers:list")).content.decode()
    assert leaver.child.full_name in body and other.child.full_name in body
    assert "Birthday record" in body  # the 18th birthday record is overdue
    assert "2 care leavers" in body
    event = AccessEvent.objects.get(user=pa_user, what="care leavers list")
    assert AccessEventChild.objects.filter(event=event).count() == 2
    body = client.get(reverse("careleavers:list"), {"category": "relevant"}).content.decode()
    assert other.child.full_name in body and leaver.child.full_name not in body


def test_child_page_panel(client, pa_user, leaver):
    client.force_login(pa_user)
    body = client.get(reverse("people:detail", args=[leaver.child_id])).content.decode()
    assert 'id="care-leaver-panel"' in body
    assert "Former relevant care leaver" in body


def test_page_for_a_child_who_is_not_a_care_leaver(client, pa_user, team):
    from tests.factories import AllocationFactory, PersonFactory

    child = PersonFactory(date_of_birth=D(2015, 6, 1))
    AllocationFactory(child=child, worker=adviser(team))
    client.force_login(pa_user)
    body = client.get(reverse("careleavers:child", args=[child.pk])).content.decode()
    assert "Not recorded as a care leaver" in body
    assert "Under 16" in body
