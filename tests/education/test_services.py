"""Education services: PEPs, virtual school notes, children missing education."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.education import services
from safeguard.education.models import ChildMissingEducation, PersonalEducationPlan, VirtualSchoolNote
from tests.factories import AdultFactory, PersonFactory
from tests.lac.factories import looked_after_child

from .factories import CMEFactory, PEPFactory

pytestmark = pytest.mark.django_db
START = dt.date(2026, 9, 1)
CME = ChildMissingEducation


@pytest.fixture
def child(team):
    return looked_after_child(start_date=START, team=team).child


def _pep(child, user, **changes):
    values = {"kind": "initial", "meeting_date": dt.date(2026, 9, 10), "school": "Synthetic School"} | changes
    return services.pep_record(child=child, recorded_by=user, **values)


def test_pep_recorded_with_an_event(child, social_worker):
    pep = _pep(child, social_worker, school_urn="123456", designated_teacher="Ms T")
    assert pep.school_urn == "123456"
    event = Event.objects.get(child=child, category="education", kind="education.pep_initial")
    assert "10 Sep 2026" in event.summary


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "annual"}, "kind"),
        ({"meeting_date": dt.date(2099, 1, 1)}, "meeting_date"),
        ({"school": " "}, "school"),
        ({"school_urn": "12AB"}, "school_urn"),
        ({"meeting_date": dt.date(2026, 8, 1)}, "meeting_date"),
    ],
)
def test_pep_validation_writes_nothing(child, social_worker, changes, field):
    with pytest.raises(ValidationError) as error:
        _pep(child, social_worker, **changes)
    assert field in error.value.error_dict
    assert not PersonalEducationPlan.objects.exists() and not Event.objects.filter(category="education").exists()


def test_one_initial_pep_per_period(child, social_worker):
    PEPFactory(child=child, meeting_date=dt.date(2026, 9, 5))
    with pytest.raises(ValidationError) as error:
        _pep(child, social_worker)
    assert "already has an initial PEP" in error.value.error_dict["kind"][0].message
    _pep(child, social_worker, kind="review")
    assert PersonalEducationPlan.objects.count() == 2


def test_front_door_cannot_record_a_pep(child, front_door_user):
    with pytest.raises(PermissionDenied):
        _pep(child, front_door_user)


def test_virtual_school_note(child, social_worker):
    services.virtual_school_note_record(
        child=child, note_date=dt.date(2026, 10, 1), note=" Tutor ", recorded_by=social_worker
    )
    assert VirtualSchoolNote.objects.get().note == "Tutor"
    with pytest.raises(ValidationError):
        services.virtual_school_note_record(
            child=child, note_date=dt.date(2026, 10, 1), note="", recorded_by=social_worker
        )
    with pytest.raises(ValidationError):
        services.virtual_school_note_record(
            child=PersonFactory(), note_date=dt.date(2026, 10, 1), note="x", recorded_by=social_worker
        )
    assert VirtualSchoolNote.objects.count() == 1


# --- Children missing education ---------------------------------------------------------------------


def test_any_child_can_be_reported_missing_education_by_the_front_door(front_door_user):
    child = PersonFactory()
    record = services.cme_report(
        child=child,
        reported_date=dt.date(2026, 10, 5),
        reason="moved",
        school=" Old School ",
        recorded_by=front_door_user,
    )
    assert record.status == CME.Status.REPORTED and record.school == "Old School"
    assert Event.objects.get(child=child, kind="education.cme_reported").category == "education"


def test_cme_report_validation(social_worker, analyst, today):
    today(dt.date(2026, 11, 23))
    child = PersonFactory()
    cases = [
        ({"reported_date": dt.date(2026, 11, 24)}, "reported_date"),
        ({"reason": "bored"}, "reason"),
        ({"reported_date": dt.date(2010, 1, 1)}, "reported_date"),
    ]
    for changes, field in cases:
        values = {"reported_date": dt.date(2026, 10, 5), "reason": "absence"} | changes
        with pytest.raises(ValidationError) as error:
            services.cme_report(child=child, recorded_by=social_worker, **values)
        assert field in error.value.error_dict
    with pytest.raises(ValidationError):
        services.cme_report(child=AdultFactory(), reported_date=dt.date(2026, 10, 5), reason="absence",
                            recorded_by=social_worker)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.cme_report(child=child, reported_date=dt.date(2026, 10, 5), reason="absence", recorded_by=analyst)
    assert not CME.objects.exists()


def test_only_one_open_report_per_child(social_worker):
    record = CMEFactory()
    with pytest.raises(ValidationError):
        services.cme_report(child=record.child, reported_date=dt.date(2026, 10, 6), reason="absence",
                            recorded_by=social_worker)  # fmt: skip
    assert CME.objects.count() == 1


def test_trace_then_find(social_worker):
    record = CMEFactory()
    record = services.cme_update(
        cme_id=record.pk, expected_version=1, status="tracing", notes="Called", updated_by=social_worker
    )
    record = services.cme_update(
        cme_id=record.pk, expected_version=2, status="found_education", resolved_date=dt.date(2026, 10, 20),
        updated_by=social_worker,
    )  # fmt: skip
    assert not record.is_open and record.resolved_date == dt.date(2026, 10, 20) and record.notes == "Called"
    kinds = list(Event.objects.filter(child=record.child).values_list("summary", flat=True))
    assert "Missing education: found: back in education on 20 Oct 2026" in kinds
    # Once found, a new report may be made.
    services.cme_report(
        child=record.child, reported_date=dt.date(2026, 11, 2), reason="absence", recorded_by=social_worker
    )


@pytest.mark.parametrize(
    ("status", "resolved", "field"),
    [
        ("reported", None, "status"),
        ("found_other", None, "resolved_date"),
        ("tracing", dt.date(2026, 10, 9), "resolved_date"),
        ("closed", dt.date(2026, 10, 1), "resolved_date"),  # before the report
        ("closed", dt.date(2099, 1, 1), "resolved_date"),
    ],
)
def test_cme_update_validation_writes_nothing(social_worker, status, resolved, field):
    record = CMEFactory()
    with pytest.raises(ValidationError) as error:
        services.cme_update(cme_id=record.pk, expected_version=1, status=status, resolved_date=resolved,
                            updated_by=social_worker)  # fmt: skip
    assert field in error.value.error_dict
    record.refresh_from_db()
    assert record.status == CME.Status.REPORTED and record.version == 1


def test_closed_records_cannot_change_and_stale_edits_are_refused(social_worker):
    record = CMEFactory()
    services.cme_update(cme_id=record.pk, expected_version=1, status="tracing", updated_by=social_worker)
    with pytest.raises(ConcurrentEditError):
        services.cme_update(cme_id=record.pk, expected_version=1, status="closed", resolved_date=dt.date(2026, 10, 9),
                            updated_by=social_worker)  # fmt: skip
    services.cme_update(cme_id=record.pk, expected_version=2, status="closed", resolved_date=dt.date(2026, 10, 9),
                        updated_by=social_worker)  # fmt: skip
    with pytest.raises(ValidationError):
        services.cme_update(cme_id=record.pk, expected_version=3, status="tracing", updated_by=social_worker)
