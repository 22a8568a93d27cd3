"""Health services: happy paths, each validation error writes nothing, permissions, concurrency."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.health import services
from safeguard.health.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQScore,
    SubstanceMisuse,
)
from tests.factories import AdultFactory, PersonFactory
from tests.lac.factories import looked_after_child

from .factories import SubstanceMisuseFactory

pytestmark = pytest.mark.django_db
START = dt.date(2026, 9, 1)


@pytest.fixture
def child(team):
    return looked_after_child(start_date=START, team=team).child


def _events(child, kind):
    return Event.objects.filter(child=child, category="health", kind=kind)


def test_health_assessment_recorded_with_an_event(child, social_worker):
    assessment = services.health_assessment_record(
        child=child,
        kind="initial",
        assessment_date=dt.date(2026, 9, 20),
        assessed_by=" Dr A ",
        recorded_by=social_worker,
    )
    assert assessment.assessed_by == "Dr A"
    assert _events(child, "health.initial_assessment").get().summary.startswith("Initial health assessment on 20 Sep")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "annual"}, "kind"),
        ({"assessment_date": dt.date(2099, 1, 1)}, "assessment_date"),
        ({"assessed_by": "  "}, "assessed_by"),
        # Before the period of care began: not a looked-after child's statutory assessment.
        ({"assessment_date": dt.date(2026, 8, 31)}, "assessment_date"),
    ],
)
def test_health_assessment_validation_writes_nothing(child, social_worker, changes, field):
    values = {"kind": "review", "assessment_date": dt.date(2026, 10, 1), "assessed_by": "Nurse B"} | changes
    with pytest.raises(ValidationError) as error:
        services.health_assessment_record(child=child, recorded_by=social_worker, **values)
    assert field in error.value.error_dict
    assert not HealthAssessment.objects.exists() and not Event.objects.filter(category="health").exists()


def test_an_adult_has_no_health_assessment_here(social_worker):
    with pytest.raises(ValidationError):
        services.health_assessment_record(
            child=AdultFactory(), kind="initial", assessment_date=dt.date(2026, 1, 1), assessed_by="X",
            recorded_by=social_worker,
        )  # fmt: skip


def test_front_door_and_analysts_cannot_record_health(child, front_door_user, analyst):
    for user in (front_door_user, analyst):
        with pytest.raises(PermissionDenied):
            services.dental_check_record(child=child, check_date=dt.date(2026, 10, 1), recorded_by=user)
    assert not DentalCheck.objects.exists()


def test_dental_check_and_immunisations(child, social_worker):
    services.dental_check_record(child=child, check_date=dt.date(2026, 10, 1), recorded_by=social_worker)
    services.immunisation_status_record(
        child=child, status_date=dt.date(2026, 10, 2), up_to_date=False, recorded_by=social_worker
    )
    assert DentalCheck.objects.get().check_date == dt.date(2026, 10, 1)
    assert ImmunisationStatus.objects.get().up_to_date is False
    assert _events(child, "health.immunisations").get().summary == "Immunisations not up to date on 02 Oct 2026"


def test_dates_before_birth_or_in_the_future_are_refused(child, social_worker, today):
    today(dt.date(2026, 11, 23))
    with pytest.raises(ValidationError) as error:
        services.dental_check_record(child=child, check_date=dt.date(2026, 11, 24), recorded_by=social_worker)
    assert "future" in error.value.error_dict["check_date"][0].message
    with pytest.raises(ValidationError):
        services.immunisation_status_record(
            child=child, status_date=dt.date(2010, 1, 1), up_to_date=True, recorded_by=social_worker
        )
    assert not DentalCheck.objects.exists() and not ImmunisationStatus.objects.exists()


def test_sdq_score_or_reason(child, social_worker):
    services.sdq_score_record(child=child, completed_date=dt.date(2026, 10, 1), score=0, recorded_by=social_worker)
    services.sdq_score_record(child=child, completed_date=dt.date(2026, 10, 2), score=40, recorded_by=social_worker)
    services.sdq_score_record(
        child=child, completed_date=dt.date(2026, 10, 3), score=None, reason="SDQ2", recorded_by=social_worker
    )
    assert set(SDQScore.objects.values_list("score", "reason")) == {(0, ""), (40, ""), (None, "SDQ2")}


@pytest.mark.parametrize(
    ("score", "reason", "field"),
    [(41, "", "score"), (-1, "", "score"), (None, "", "score"), (12, "SDQ2", "reason"), (None, "SDQ9", "reason")],
)
def test_sdq_validation_writes_nothing(child, social_worker, score, reason, field):
    with pytest.raises(ValidationError) as error:
        services.sdq_score_record(
            child=child, completed_date=dt.date(2026, 10, 1), score=score, reason=reason, recorded_by=social_worker
        )
    assert field in error.value.error_dict
    assert not SDQScore.objects.exists()


def test_sdq_score_refused_for_a_three_year_old(social_worker):
    toddler = PersonFactory(date_of_birth=dt.date(2023, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.sdq_score_record(
            child=toddler, completed_date=dt.date(2026, 10, 1), score=10, recorded_by=social_worker
        )
    assert "aged 4 to 16" in error.value.error_dict["score"][0].message


def test_substance_misuse_record_and_update(child, social_worker):
    misuse = services.substance_misuse_record(
        child=child, identified_date=dt.date(2026, 10, 1), substance="Alcohol", intervention_offered=True,
        intervention_received=False, recorded_by=social_worker,
    )  # fmt: skip
    updated = services.substance_misuse_update(
        misuse_id=misuse.pk, expected_version=misuse.version, intervention_offered=True, intervention_received=True,
        updated_by=social_worker,
    )  # fmt: skip
    assert updated.intervention_received and updated.version == 2
    assert _events(child, "health.substance_misuse_updated").exists()


def test_received_without_offered_is_refused(child, social_worker):
    with pytest.raises(ValidationError) as error:
        services.substance_misuse_record(
            child=child, identified_date=dt.date(2026, 10, 1), intervention_offered=False, intervention_received=True,
            recorded_by=social_worker,
        )  # fmt: skip
    assert "intervention_offered" in error.value.error_dict
    assert not SubstanceMisuse.objects.exists()


def test_stale_substance_misuse_update_is_refused(child, social_worker):
    misuse = SubstanceMisuseFactory(child=child, identified_date=dt.date(2026, 10, 1))
    services.substance_misuse_update(
        misuse_id=misuse.pk, expected_version=1, intervention_offered=True, intervention_received=False,
        updated_by=social_worker,
    )  # fmt: skip
    with pytest.raises(ConcurrentEditError):
        services.substance_misuse_update(
            misuse_id=misuse.pk, expected_version=1, intervention_offered=False, intervention_received=False,
            updated_by=social_worker,
        )  # fmt: skip
    misuse.refresh_from_db()
    assert misuse.intervention_offered is True and misuse.version == 2


def test_conviction_recorded_and_under_10_refused(child, social_worker):
    services.conviction_record(
        child=child, conviction_date=dt.date(2026, 10, 1), offence="Criminal damage", recorded_by=social_worker
    )
    assert _events(child, "health.conviction").get().detail == "Criminal damage"
    with pytest.raises(ValidationError) as error:
        services.conviction_record(
            child=child, conviction_date=dt.date(2025, 5, 31), offence="Theft", recorded_by=social_worker
        )
    assert "under 10" in error.value.error_dict["conviction_date"][0].message
    with pytest.raises(ValidationError):
        services.conviction_record(
            child=child, conviction_date=dt.date(2026, 10, 1), offence=" ", recorded_by=social_worker
        )
    assert Conviction.objects.count() == 1
