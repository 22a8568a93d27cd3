"""`safeguard nightly`: one summary line per job, idempotent, and a failing job makes the command fail."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.careleavers import services as careleaver_services
from safeguard.careleavers.eligibility import Category
from safeguard.careleavers.models import CareLeaver
from safeguard.carereviews.models import ReviewSchedule
from safeguard.chronology.models import Event
from tests.careleavers.factories import care_leaver
from tests.lac.factories import looked_after_child

pytestmark = pytest.mark.django_db

D = dt.date


def _nightly(*args):
    out, err = StringIO(), StringIO()
    call_command("nightly", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def turning_18():
    """Left care at 17 (relevant); 18 on 25 Nov 2026, when they become former relevant."""
    return care_leaver(date_of_birth=D(2008, 11, 25), start=D(2023, 1, 9), end=D(2026, 6, 1), as_of=D(2026, 11, 24))


def test_a_birthday_moves_a_care_leaver_and_each_job_prints_a_line(turning_18):
    assert turning_18.category == Category.RELEVANT
    out, err = _nightly("--as-of", "2026-11-25")
    lines = out.splitlines()
    assert lines[0].startswith("care leavers: 1 young people checked, 1 changed status (")
    assert lines[1].startswith("looked-after schedules: 0 periods of care checked, 0 review schedules corrected (")
    assert lines[2].startswith("stored deadlines: ") and "rows corrected" in lines[2]
    assert lines[3] == "nightly 2026-11-25: 3 jobs, 0 failed"
    assert err == ""
    refreshed = CareLeaver.objects.get(pk=turning_18.pk)
    assert (refreshed.category, refreshed.category_since) == (Category.FORMER_RELEVANT, D(2026, 11, 25))


def test_the_day_before_the_birthday_nothing_changes(turning_18):
    out, _ = _nightly("--as-of", "2026-11-24", "--job", "care leavers")
    assert "1 young people checked, 0 changed status" in out
    assert CareLeaver.objects.get(pk=turning_18.pk).category == Category.RELEVANT


def test_a_second_run_the_same_day_writes_nothing(turning_18):
    _nightly("--as-of", "2026-11-25")
    history, events = turning_18.history.count(), Event.objects.count()
    version = CareLeaver.objects.get(pk=turning_18.pk).version
    out, _ = _nightly("--as-of", "2026-11-25")
    assert "0 changed status" in out and "0 review schedules corrected" in out and "0 rows corrected" in out
    assert (turning_18.history.count(), Event.objects.count()) == (history, events)
    assert CareLeaver.objects.get(pk=turning_18.pk).version == version


def test_stored_deadlines_that_drifted_are_corrected(db):
    period = looked_after_child(start_date=D(2026, 11, 6))
    ReviewSchedule.objects.filter(period=period).update(next_review_due=D(2027, 1, 1))  # bypassing the services
    out, _ = _nightly("--job", "stored deadlines")
    assert "1 rows corrected" in out and "care leavers" not in out
    assert ReviewSchedule.objects.get(period=period).next_review_due == D(2026, 12, 4)  # 20 working days


def test_schedules_written_without_the_services_are_re_derived(db):
    """Bulk writes (the generator, an import) send no signals; the nightly run derives what they left out."""
    period = looked_after_child(start_date=D(2026, 11, 6))
    ReviewSchedule.objects.filter(period=period).update(
        next_iro_contact_due=None, iro_contact_rule="", iro_contact_anchor=None
    )
    out, _ = _nightly("--job", "looked-after schedules")
    assert "1 periods of care checked, 1 review schedules corrected" in out
    row = ReviewSchedule.objects.get(period=period)
    assert (row.iro_contact_rule, row.next_iro_contact_due) == ("lac-review-first", D(2026, 12, 4))
    out, _ = _nightly("--job", "looked-after schedules")
    assert "0 review schedules corrected" in out and "nightly" in out and ": 1 job, 0 failed" in out


def test_a_failing_job_is_reported_the_others_still_run_and_the_command_fails(turning_18, monkeypatch):
    other = care_leaver(date_of_birth=D(2008, 12, 1), start=D(2023, 1, 9), end=D(2026, 6, 1), as_of=D(2026, 11, 24))
    real = careleaver_services.care_leaver_refresh

    def broken_for_one(*, child, **kwargs):
        if child.pk == turning_18.child_id:
            raise RuntimeError("synthetic failure")
        return real(child=child, **kwargs)

    monkeypatch.setattr(careleaver_services, "care_leaver_refresh", broken_for_one)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="nightly jobs failed: care leavers"):
        call_command("nightly", "--as-of", "2026-12-01", stdout=out, stderr=err)
    assert (
        f"care leavers: FAILED: JobFailed: 2 young people checked, 1 changed status; 1 failed (person ids "
        f"[{turning_18.child_id}])" in err.getvalue()
    )
    assert "stored deadlines: " in out.getvalue()  # the next job still ran
    assert "nightly 2026-12-01: 3 jobs, 1 failed" in out.getvalue()
    assert CareLeaver.objects.get(pk=other.pk).category == Category.FORMER_RELEVANT


def test_an_unknown_job_is_refused():
    with pytest.raises(CommandError):
        call_command("nightly", "--job", "everything", stdout=StringIO(), stderr=StringIO())
