"""Education pages and the children missing education list."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.access.models import AccessEvent
from safeguard.accounts.models import Role
from safeguard.education.models import ChildMissingEducation, PersonalEducationPlan
from tests.factories import AllocationFactory, PersonFactory, UserFactory
from tests.lac.factories import looked_after_child

from .factories import CMEFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(team, social_worker):
    period = looked_after_child(start_date=dt.date(2026, 9, 1), team=team)
    AllocationFactory(child=period.child, worker=social_worker.worker)
    return period.child


@pytest.fixture
def signed_in(client, social_worker):
    client.force_login(social_worker)
    return client


def test_child_page(signed_in, child):
    body = signed_in.get(reverse("education:child", args=[child.pk])).content.decode()
    assert "Personal education plan" in body and "Report a child missing education" in body


def test_record_a_pep(signed_in, child):
    url = reverse("education:pep_new", args=[child.pk])
    assert signed_in.get(url).status_code == 200
    response = signed_in.post(url, {"kind": "initial", "meeting_date": "2026-09-10", "school": "Synthetic School"})
    assert response.status_code == 302
    assert PersonalEducationPlan.objects.get(child=child).school == "Synthetic School"


def test_invalid_pep_shows_the_service_error(signed_in, child):
    url = reverse("education:pep_new", args=[child.pk])
    response = signed_in.post(url, {"kind": "initial", "meeting_date": "2026-09-10", "school": "S", "school_urn": "1"})
    assert "A school URN is 6 digits" in response.content.decode()
    assert not PersonalEducationPlan.objects.exists()


def test_virtual_school_note_page(signed_in, child):
    url = reverse("education:note_new", args=[child.pk])
    assert signed_in.post(url, {"note_date": "2026-10-01", "note": "Tutoring agreed"}).status_code == 302
    assert child.virtual_school_notes.get().note == "Tutoring agreed"


def test_report_and_update_missing_education(signed_in, child):
    response = signed_in.post(
        reverse("education:cme_new", args=[child.pk]), {"reported_date": "2026-10-05", "reason": "absence"}
    )
    assert response.status_code == 302
    record = ChildMissingEducation.objects.get(child=child)
    url = reverse("education:cme", args=[child.pk, record.pk])
    assert signed_in.get(url).status_code == 200
    invalid = signed_in.post(url, {"version": "1", "status": "found_other"})
    assert "Enter the date the child was found" in invalid.content.decode()
    signed_in.post(url, {"version": "1", "status": "found_other", "resolved_date": "2026-10-09"})
    record.refresh_from_db()
    assert record.status == "found_other"
    # Closed: the update form is gone and posting is refused.
    assert signed_in.post(url, {"version": "2", "status": "tracing"}).status_code == 403


def test_another_childs_cme_is_not_found(signed_in, child):
    other = CMEFactory()
    assert signed_in.get(reverse("education:cme", args=[child.pk, other.pk])).status_code == 404


def test_missing_education_list_for_managers(client, manager, team):
    mine = PersonFactory()
    AllocationFactory(child=mine, worker=manager.worker)
    shown = CMEFactory(child=mine)
    hidden = CMEFactory()
    client.force_login(manager)
    before = AccessEvent.objects.count()
    body = client.get(reverse("education:missing_education")).content.decode()
    assert shown.child.full_name in body and hidden.child.full_name not in body
    assert AccessEvent.objects.count() == before + 1
    assert list(AccessEvent.objects.latest("id").children.values_list("child_id", flat=True)) == [mine.pk]


def test_missing_education_list_refused_to_social_workers(signed_in):
    assert signed_in.get(reverse("education:missing_education")).status_code == 403


def test_analyst_sees_the_list(client):
    client.force_login(UserFactory(role=Role.ANALYST))
    assert client.get(reverse("education:missing_education")).status_code == 200
