# ruff: noqa: F811 (the shared fixtures are imported, then named as test arguments)
"""Running return builds: queued after commit, progress in the row, results saved together, failures recorded,
builds left behind by a stopped server recovered, old builds pruned, and the background thread really running."""

import dataclasses
import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.returns import registry, services
from safeguard.returns.models import ReturnBuild, ReturnBuildPerson, ReturnFinding
from safeguard.returns.registry import Finding
from safeguard.returns.years import CollectionYear
from tests.factories import PersonFactory, UserFactory
from tests.returns.test_build_jobs_support import STEPS, _builds_run_inline, fake_returns  # noqa: F401

YEAR = CollectionYear(2025)


@pytest.fixture
def analyst(db):
    return UserFactory(role=Role.ANALYST)


def request_build(analyst, capture, **kwargs):
    with capture(execute=True):
        build = services.return_build_request(requested_by=analyst, **kwargs)
    build.refresh_from_db()
    return build


def test_a_build_waits_for_the_commit_then_runs_to_done_with_its_results(
    analyst, fake_returns, django_capture_on_commit_callbacks
):
    children = PersonFactory.create_batch(2)
    fake_returns.person_ids = {child.pk for child in children}
    fake_returns.findings = [
        Finding(children[0].pk, "Header", "UPN", "UPN fails its check digit", "error"),
        Finding(None, "Header", "", "File-level note"),
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        build = services.return_build_request(kind_key="test-yearly", requested_by=analyst, year=YEAR)
    assert ReturnBuild.objects.get(pk=build.pk).status == ReturnBuild.Status.QUEUED  # nothing runs before commit
    assert len(callbacks) == 1
    callbacks[0]()

    build.refresh_from_db()
    assert (build.status, build.steps_done, build.steps_total, build.person_count) == ("done", 3, 3, 2)
    assert build.started_at <= build.finished_at and build.error == ""
    assert {f.name: f.data() for f in build.files.all()} == {
        "header.csv": b"CHILD,SEX\n1,M\n",
        "episodes.csv": b"CHILD,DECOM\n1,01/04/2025\n",
    }
    assert set(ReturnBuildPerson.objects.filter(build=build).values_list("person_id", flat=True)) == {
        c.pk for c in children
    }
    assert list(ReturnFinding.objects.filter(build=build).values_list("child_id", "severity")) == [
        (children[0].pk, "error"),
        (None, "warning"),
    ]
    assert fake_returns.calls == [{"year": YEAR, "with_previous": False, "sample": 10}]


def test_each_progress_report_is_in_the_row_while_the_build_runs(
    analyst, fake_returns, django_capture_on_commit_callbacks
):
    request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-now")
    assert fake_returns.seen_rows == [("running", step, done, 3) for done, step in enumerate(STEPS)]


def test_a_failing_build_records_why_and_keeps_no_partial_results(
    analyst, fake_returns, django_capture_on_commit_callbacks
):
    fake_returns.fail_with = RuntimeError("the record could not be read")
    build = request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-now")
    assert build.status == ReturnBuild.Status.FAILED
    assert build.error == "RuntimeError: the record could not be read"
    assert (build.step, build.steps_done) == ("Reading the record", 0)  # where it stopped
    assert build.finished_at is not None and not build.files.exists()


def test_a_build_that_names_an_unknown_person_fails_rather_than_half_saving(
    analyst, fake_returns, django_capture_on_commit_callbacks
):
    fake_returns.person_ids = {987654321}
    build = request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-now")
    assert build.status == ReturnBuild.Status.FAILED
    assert not build.files.exists() and not ReturnBuildPerson.objects.filter(build=build).exists()


def test_the_period_and_options_are_checked_and_passed_to_the_builder(
    analyst, fake_returns, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        services.return_build_request(kind_key="test-yearly", requested_by=analyst)
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.return_build_request(
            kind_key="test-as-of", requested_by=analyst, as_of=timezone.localdate() + dt.timedelta(days=1)
        )
    assert error.value.message_dict == {"as_of": ["The date must be today or in the past"]}
    with pytest.raises(ValidationError) as error:
        services.return_build_request(
            kind_key="test-yearly", requested_by=analyst, year=YEAR, options={"sample": "ten"}
        )
    assert "sample" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.return_build_request(
            kind_key="test-yearly", requested_by=analyst, year=YEAR, options={"colour": "red"}
        )
    with pytest.raises(ValidationError):
        services.return_build_request(kind_key="no-such-return", requested_by=analyst)

    request_build(
        analyst,
        django_capture_on_commit_callbacks,
        kind_key="test-yearly",
        year=YEAR,
        options={"with_previous": True, "sample": "25"},
    )
    assert fake_returns.calls[-1] == {"year": YEAR, "with_previous": True, "sample": 25}
    request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-as-of", as_of=dt.date(2026, 3, 31))
    assert fake_returns.calls[-1] == {"as_of": dt.date(2026, 3, 31)}


def test_asking_again_while_the_same_build_is_running_returns_that_build(analyst, fake_returns):
    first = services.return_build_request(kind_key="test-yearly", requested_by=analyst, year=YEAR)
    again = services.return_build_request(kind_key="test-yearly", requested_by=analyst, year=YEAR)
    other_year = services.return_build_request(kind_key="test-yearly", requested_by=analyst, year=CollectionYear(2024))
    assert again.pk == first.pk and other_year.pk != first.pk


def test_a_build_is_run_once_even_if_started_twice(analyst, fake_returns, django_capture_on_commit_callbacks):
    build = request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-now")
    services.return_build_run(build_id=build.pk)
    assert len(fake_returns.calls) == 1


def test_builds_a_stopped_server_left_behind_are_marked_failed(analyst):
    now = timezone.now()
    stale = ReturnBuild.objects.create(
        kind="test-now", title="T", requested_by=analyst, status="running", heartbeat_at=now - dt.timedelta(minutes=5)
    )
    alive = ReturnBuild.objects.create(
        kind="test-now", title="T", requested_by=analyst, status="running", heartbeat_at=now - dt.timedelta(seconds=20)
    )
    finished = ReturnBuild.objects.create(
        kind="test-now", title="T", requested_by=analyst, status="done", heartbeat_at=now - dt.timedelta(days=1)
    )
    assert services.return_builds_abandon_stale(now=now) == 1
    stale.refresh_from_db()
    assert stale.status == "failed" and stale.error.startswith("The server stopped while this build was running")
    assert ReturnBuild.objects.get(pk=alive.pk).status == "running"
    assert ReturnBuild.objects.get(pk=finished.pk).status == "done"

    call_command("return_builds", "recover", "--stale-minutes", "0")
    assert ReturnBuild.objects.get(pk=alive.pk).status == "failed"


def test_a_build_abandoned_while_still_working_does_not_come_back_to_life(
    analyst, fake_returns, monkeypatch, django_capture_on_commit_callbacks
):
    build_the_files = fake_returns.builder({"x.csv": b"x"})

    def paused_too_long(*, progress, **arguments):
        services.return_builds_abandon_stale(stale_after=dt.timedelta(0))  # as a page would after a long pause
        return build_the_files(progress=progress, **arguments)

    kind = registry._kinds["test-now"]
    monkeypatch.setitem(registry._kinds, "test-now", dataclasses.replace(kind, build=paused_too_long))
    build = request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-now")
    assert build.status == "failed" and build.error.startswith("The server stopped while this build was running")
    assert not build.files.exists()


def test_old_finished_builds_are_pruned_with_their_files(analyst, fake_returns, django_capture_on_commit_callbacks):
    old = request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-now")
    ReturnBuild.objects.filter(pk=old.pk).update(requested_at=timezone.now() - dt.timedelta(days=100))
    recent = request_build(
        analyst, django_capture_on_commit_callbacks, kind_key="test-as-of", as_of=dt.date(2026, 1, 5)
    )
    call_command("return_builds", "prune", "--older-than-days", "90")
    assert list(ReturnBuild.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_the_background_the_build_runs_in_its_own_thread_after_commit(settings, fake_returns):
    settings.RETURN_BUILDS_IN_BACKGROUND = True
    analyst = UserFactory(role=Role.ANALYST)
    build = services.return_build_request(kind_key="test-now", requested_by=analyst)
    deadline = time.monotonic() + 20
    while ReturnBuild.objects.get(pk=build.pk).status in services.ACTIVE and time.monotonic() < deadline:
        time.sleep(0.05)
    build.refresh_from_db()
    assert build.status == "done", build.error
    assert build.runner.endswith(str(__import__("os").getpid()))  # this process, not "(inline)"
