"""Health pages: GET, POST valid and invalid, another child's record 404s, roles that cannot record."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.health.models import DentalCheck, HealthAssessment, SDQScore, SubstanceMisuse
from tests.factories import AllocationFactory, PersonFactory, WorkerFactory
from tests.lac.factories import looked_after_child

from .factories import HealthAssessmentFactory, SubstanceMisuseFactory

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


def test_child_page_shows_what_is_due_and_the_records(signed_in, child):
    HealthAssessmentFactory(child=child, assessment_date=dt.date(2026, 9, 10), assessed_by="Nurse Synthetic")
    body = signed_in.get(reverse("health:child", args=[child.pk])).content.decode()
    # Aged 11: twelve months after the initial assessment.
    assert "Review health assessment" in body and "Due by 10 Sep 2027" in body
    assert "Nurse Synthetic" in body and "Record a dental check" in body


def test_child_page_for_a_child_not_in_care(client, manager, team):
    other = PersonFactory()
    AllocationFactory(child=other, worker=WorkerFactory(team=team))
    client.force_login(manager)
    body = client.get(reverse("health:child", args=[other.pk])).content.decode()
    assert "is not looked after now" in body


def test_record_an_assessment(signed_in, child):
    url = reverse("health:assessment_new", args=[child.pk])
    assert signed_in.get(url).status_code == 200
    response = signed_in.post(url, {"kind": "initial", "assessment_date": "2026-09-15", "assessed_by": "Dr Synthetic"})
    assert response.status_code == 302 and response["Location"] == reverse("health:child", args=[child.pk])
    assert HealthAssessment.objects.get(child=child).assessment_date == dt.date(2026, 9, 15)


def test_invalid_assessment_shows_errors(signed_in, child):
    url = reverse("health:assessment_new", args=[child.pk])
    response = signed_in.post(url, {"kind": "initial", "assessment_date": "2026-08-01", "assessed_by": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Enter who carried out the assessment" in body or "This field is required" in body
    assert not HealthAssessment.objects.exists()


def test_sdq_service_error_on_the_form(signed_in, child):
    response = signed_in.post(
        reverse("health:sdq_new", args=[child.pk]), {"completed_date": "2026-10-01", "score": "41"}
    )
    assert "between 0 and 40" in response.content.decode()
    signed_in.post(reverse("health:sdq_new", args=[child.pk]), {"completed_date": "2026-10-01", "reason": "SDQ2"})
    assert SDQScore.objects.get().reason == "SDQ2"


def test_dental_immunisation_conviction_substance_pages(signed_in, child):
    assert (
        signed_in.post(reverse("health:dental_check_new", args=[child.pk]), {"check_date": "2026-10-01"}).status_code
        == 302
    )
    assert DentalCheck.objects.filter(child=child).exists()
    response = signed_in.post(
        reverse("health:immunisation_new", args=[child.pk]), {"status_date": "2026-10-01", "up_to_date": "no"}
    )
    assert response.status_code == 302 and child.immunisation_statuses.get().up_to_date is False
    response = signed_in.post(
        reverse("health:conviction_new", args=[child.pk]), {"conviction_date": "2026-10-01", "offence": "Theft"}
    )
    assert response.status_code == 302 and child.convictions.count() == 1
    response = signed_in.post(
        reverse("health:substance_misuse_new", args=[child.pk]),
        {"identified_date": "2026-10-01", "substance": "Alcohol", "intervention_offered": "on"},
    )
    assert response.status_code == 302 and child.substance_misuse.get().intervention_offered


def test_update_substance_misuse_intervention(signed_in, child):
    misuse = SubstanceMisuseFactory(child=child, identified_date=dt.date(2026, 10, 1), intervention_offered=True)
    url = reverse("health:substance_misuse", args=[child.pk, misuse.pk])
    assert signed_in.get(url).status_code == 200
    signed_in.post(url, {"version": "1", "intervention_offered": "on", "intervention_received": "on"})
    misuse.refresh_from_db()
    assert misuse.intervention_received and misuse.version == 2
    stale = signed_in.post(url, {"version": "1", "intervention_offered": "on"})
    assert "changed by someone else" in stale.content.decode()


def test_another_childs_record_is_not_found(signed_in, child):
    other = SubstanceMisuseFactory(child=PersonFactory(), identified_date=dt.date(2026, 10, 1))
    assert signed_in.get(reverse("health:substance_misuse", args=[child.pk, other.pk])).status_code == 404
    assert SubstanceMisuse.objects.get(pk=other.pk).version == 1


def test_analyst_cannot_post(client, analyst, child):
    client.force_login(analyst)
    response = client.post(reverse("health:dental_check_new", args=[child.pk]), {"check_date": "2026-10-01"})
    assert response.status_code in {403, 404}
    assert not DentalCheck.objects.exists()


def test_the_child_page_panel_shows_what_is_due(signed_in, child):
    body = signed_in.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="health-panel"' in body and 'id="education-panel"' in body
    # Looked after since 1 September 2026 with no assessment: the IHA was due 20 working days in.
    assert "Initial health assessment" in body and "Due by 29 Sep 2026" in body and "Overdue" in body
