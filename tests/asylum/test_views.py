import datetime as dt

import pytest
from django.urls import reverse

from safeguard.accounts.models import Role
from safeguard.asylum.models import AgeAssessment, ImmigrationStatus, UASCRecord
from safeguard.people.models import PersonFlag
from tests.factories import AllocationFactory, PersonFactory, WorkerFactory

from .factories import AgeAssessmentFactory, ImmigrationStatusFactory, UASCRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(team):
    child = PersonFactory(date_of_birth=dt.date(2010, 5, 10))
    AllocationFactory(child=child, worker=WorkerFactory(team=team))
    return child


@pytest.fixture
def signed_in(client, social_worker):
    client.force_login(social_worker)
    return client


def test_child_page_lists_the_records(signed_in, child):
    UASCRecordFactory(child=child, arrival_route="nts_in", nts_from_authority="Kent",
                      nts_transfer_date=dt.date(2026, 3, 10))  # fmt: skip
    ImmigrationStatusFactory(child=child, home_office_reference="HO-77")
    AgeAssessmentFactory(child=child, merton_compliant=False, assessed_by="Agency X")
    response = signed_in.get(reverse("asylum:child", args=[child.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "National Transfer Scheme transfer in" in body and "From Kent" in body
    assert "HO-77" in body and "Agency X" in body
    assert "10 May 2028" in body  # the 18th birthday, suggested for the date ceased


def test_child_page_without_a_record_offers_to_record_one(signed_in, child):
    body = signed_in.get(reverse("asylum:child", args=[child.pk])).content.decode()
    assert reverse("asylum:record_new", args=[child.pk]) in body


def test_record_new_valid_post(signed_in, child):
    response = signed_in.post(
        reverse("asylum:record_new", args=[child.pk]),
        {"became_uasc_on": "2026-06-01", "arrival_route": "port"},
    )
    assert response.status_code == 302
    assert UASCRecord.objects.get(child=child).arrival_route == "port"


def test_record_new_invalid_post_shows_errors(signed_in, child):
    response = signed_in.post(
        reverse("asylum:record_new", args=[child.pk]),
        {"became_uasc_on": "2026-06-01", "arrival_route": "nts_in"},
    )
    assert response.status_code == 200
    assert "Enter the authority the child was transferred from" in response.content.decode()
    assert not UASCRecord.objects.exists()


def test_record_new_refused_for_the_front_door(client, child, front_door_user):
    client.force_login(front_door_user)
    url = reverse("asylum:record_new", args=[child.pk])
    # The front door cannot see an allocated child outside its queue, or cannot record: either way nothing saved.
    response = client.post(url, {"became_uasc_on": "2026-06-01", "arrival_route": "port"})
    assert response.status_code in (403, 404)
    assert not UASCRecord.objects.exists()


def test_cease_through_the_child_page(signed_in, child):
    record = UASCRecordFactory(child=child)
    response = signed_in.post(
        reverse("asylum:child", args=[child.pk]),
        {"cease-version": 1, "cease-ceased_on": "2026-10-01", "cease-ceased_reason": "status"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.ceased_on == dt.date(2026, 10, 1)


def test_cease_invalid_shows_error(signed_in, child):
    UASCRecordFactory(child=child)
    response = signed_in.post(
        reverse("asylum:child", args=[child.pk]),
        {"cease-version": 1, "cease-ceased_on": "2025-01-01", "cease-ceased_reason": "18"},
    )
    assert response.status_code == 200
    assert "cannot be before the child became UASC" in response.content.decode()


def test_age_assessment_changes_the_date_of_birth(signed_in, child):
    response = signed_in.post(
        reverse("asylum:age_assessment_new", args=[child.pk]),
        {
            "version": child.version,
            "assessed_on": "2026-07-01",
            "outcome": "older",
            "assessed_date_of_birth": "2008-01-01",
            "merton_compliant": "yes",
            "assessed_by": "Two social workers",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.date_of_birth == dt.date(2008, 1, 1)
    assert AgeAssessment.objects.get(child=child).merton_compliant is True


def test_age_assessment_invalid(signed_in, child):
    response = signed_in.post(
        reverse("asylum:age_assessment_new", args=[child.pk]),
        {"version": child.version, "assessed_on": "2026-07-01", "outcome": "older", "merton_compliant": "no",
         "assessed_by": "Two social workers"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Enter the assessed date of birth" in response.content.decode()
    assert not AgeAssessment.objects.exists()


def test_immigration_status_new_closes_the_current_one(signed_in, child):
    current = ImmigrationStatusFactory(child=child)
    response = signed_in.post(
        reverse("asylum:immigration_status_new", args=[child.pk]),
        {"current_version": current.version, "status": "refugee", "start_date": "2026-09-01"},
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.end_date == dt.date(2026, 8, 31)
    assert ImmigrationStatus.objects.get(child=child, end_date__isnull=True).status == "refugee"


def test_immigration_status_new_invalid(signed_in, child):
    response = signed_in.post(
        reverse("asylum:immigration_status_new", args=[child.pk]), {"status": "", "start_date": "2026-09-01"}
    )
    assert response.status_code == 200
    assert "Choose the immigration status" in response.content.decode()


def test_end_status(signed_in, child):
    status = ImmigrationStatusFactory(child=child)
    url = reverse("asylum:immigration_status_end", args=[child.pk, status.pk])
    assert signed_in.get(url).status_code == 200
    assert signed_in.post(url, {"version": 1, "end_date": "2026-09-01"}).status_code == 302
    status.refresh_from_db()
    assert status.end_date == dt.date(2026, 9, 1)


def test_end_status_invalid(signed_in, child):
    status = ImmigrationStatusFactory(child=child)
    url = reverse("asylum:immigration_status_end", args=[child.pk, status.pk])
    response = signed_in.post(url, {"version": 1, "end_date": "2020-01-01"})
    assert response.status_code == 200 and "cannot be before the start" in response.content.decode()


def test_another_childs_status_is_not_found(signed_in, child):
    other = ImmigrationStatusFactory()
    url = reverse("asylum:immigration_status_end", args=[child.pk, other.pk])
    assert signed_in.get(url).status_code == 404


def test_analyst_sees_but_cannot_record(client, analyst, child):
    UASCRecordFactory(child=child)
    client.force_login(analyst)
    response = client.get(reverse("asylum:child", args=[child.pk]))
    assert response.status_code == 200
    assert reverse("asylum:age_assessment_new", args=[child.pk]) not in response.content.decode()
    post = client.post(reverse("asylum:age_assessment_new", args=[child.pk]), {})
    assert post.status_code == 403


def test_child_page_panel(signed_in, child):
    UASCRecordFactory(child=child)
    ImmigrationStatusFactory(child=child, status="refugee")
    body = signed_in.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="asylum-panel"' in body and "Refugee status" in body


def test_panel_for_a_flagged_child_without_a_record(signed_in, child):
    PersonFlag.objects.create(
        person=child, type=PersonFlag.Type.UASC, start_date=dt.date(2026, 1, 1), review_date=dt.date(2027, 1, 1)
    )
    body = signed_in.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Flagged as UASC: details not yet recorded" in body


def test_no_panel_for_other_children(signed_in, child):
    body = signed_in.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="asylum-panel"' not in body


def test_role_fixture_sanity(social_worker):
    assert social_worker.role == Role.SOCIAL_WORKER
