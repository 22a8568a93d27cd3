# ruff: noqa: F811 (the shared fixtures are imported, then named as test arguments)
"""Running return builds: queued after commit, progress in the row, results saved together, failures recorded,
builds left behind by a stopped server recovered, old builds pruned, and the background thread really running."""

import dataclasses
import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.returns import registry, services
from safeguard.returns.models import ReturnBuild, ReturnBuildPerson, ReturnFinding
from safeguard.returns.registry import Finding, ReturnOutput
from safeguard.returns.years import CollectionYear
from tests.factories import PersonFactory, UserFactory
from tests.returns.test_build_jobs_support import STEPS, _builds_run_inline, fake_returns  # noqa: F401

# The background runner is a second thread with its own connection. On SQLite the test database is in memory with a
# shared cache, where one thread's write makes the other's read fail at once with "table is locked" (SQLITE_LOCKED
# is never retried); a file database, as the demo and any SQLite install use, waits out its busy timeout instead.
# So these run on PostgreSQL (CI's database) only.
THREADS_NEED_A_FILE_DATABASE = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="threads and SQLite's shared-cache in-memory test database: see above"
)

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


@THREADS_NEED_A_FILE_DATABASE
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


# --- at most RETURN_BUILDS_MAX_CONCURRENT at once -------------------------------------------------------------------


def running_build(analyst, **fields) -> ReturnBuild:
    fields = {"status": "running", "heartbeat_at": timezone.now(), **fields}
    return ReturnBuild.objects.create(kind="test-yearly", title="T", requested_by=analyst, **fields)


def test_a_build_beyond_the_limit_waits_saying_why_then_runs_when_a_slot_frees(
    settings, analyst, fake_returns, django_capture_on_commit_callbacks
):
    settings.RETURN_BUILDS_MAX_CONCURRENT = 1
    busy = running_build(analyst)

    build = request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-now")

    assert build.status == "queued" and fake_returns.calls == []
    assert build.step == "Waiting: 1 build is running (at most 1 at a time); this one starts when one finishes"
    # Waiting is not being abandoned: someone alive (the running build's thread) will start it.
    ReturnBuild.objects.filter(pk=build.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    assert services.return_builds_abandon_stale() == 0
    assert ReturnBuild.objects.get(pk=build.pk).status == "queued"

    ReturnBuild.objects.filter(pk=busy.pk).update(status="done")
    assert services.return_build_run(build_id=build.pk).status == "done"
    assert len(fake_returns.calls) == 1


def test_the_limit_counts_every_running_build_and_defaults_to_two(analyst, fake_returns):
    assert services.max_concurrent() == 2
    running_build(analyst)
    first = services.return_build_request(kind_key="test-now", requested_by=analyst)
    assert services._claim(first.pk) == first.pk  # one running before: a second may start
    second = services.return_build_request(kind_key="test-as-of", requested_by=analyst, as_of=dt.date(2026, 1, 5))
    assert services._claim(second.pk) is None  # two running: it waits
    assert ReturnBuild.objects.get(pk=second.pk).step.startswith("Waiting: 2 builds are running (at most 2")


def test_a_waiting_build_with_nobody_left_to_start_it_is_marked_failed(analyst):
    stale = timezone.now() - dt.timedelta(minutes=5)
    waiting = ReturnBuild.objects.create(kind="test-now", title="T", requested_by=analyst, heartbeat_at=stale)
    running_build(analyst, heartbeat_at=stale)  # its server stopped too
    assert services.return_builds_abandon_stale() == 2
    assert ReturnBuild.objects.get(pk=waiting.pk).error.startswith("The server stopped while this build was queued")


@THREADS_NEED_A_FILE_DATABASE
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_the_background_a_runner_goes_on_to_the_build_that_was_waiting(settings, fake_returns, monkeypatch):
    settings.RETURN_BUILDS_IN_BACKGROUND = True
    settings.RETURN_BUILDS_MAX_CONCURRENT = 1
    release = threading.Event()
    slow = registry._kinds["test-now"]

    def held(**arguments):
        release.wait(20)
        return slow.build(**arguments)

    monkeypatch.setitem(registry._kinds, "test-now", dataclasses.replace(slow, build=held))
    analyst = UserFactory(role=Role.ANALYST)
    first = services.return_build_request(kind_key="test-now", requested_by=analyst)
    wait_until(lambda: ReturnBuild.objects.get(pk=first.pk).status == "running")
    second = services.return_build_request(kind_key="test-as-of", requested_by=analyst, as_of=dt.date(2026, 1, 5))
    wait_until(lambda: ReturnBuild.objects.get(pk=second.pk).step.startswith("Waiting: 1 build is running"))
    assert ReturnBuild.objects.get(pk=second.pk).status == "queued"

    release.set()

    wait_until(lambda: ReturnBuild.objects.get(pk=second.pk).status not in services.ACTIVE)
    assert list(ReturnBuild.objects.order_by("pk").values_list("status", flat=True)) == ["done", "done"]
    assert ReturnBuild.objects.get(pk=second.pk).started_at >= ReturnBuild.objects.get(pk=first.pk).finished_at


def wait_until(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# --- returns that stream their files to disk --------------------------------------------------------------------------


def test_a_return_written_to_a_folder_is_stored_compressed_and_its_folder_removed(
    analyst, fake_returns, monkeypatch, django_capture_on_commit_callbacks
):
    big = b"".join(b"%d,child-%d,2026-03-31\n" % (n, n) for n in range(200_000))  # about 5 MB
    folders = []

    def streams(*, progress, directory, **arguments):
        folders.append(directory)
        (directory / "big.csv").write_bytes(big)
        (directory / "small.csv").write_bytes(b"a,b\n")
        return ReturnOutput(files={"big.csv": directory / "big.csv", "small.csv": directory / "small.csv"})

    kind = dataclasses.replace(registry._kinds["test-now"], build=streams, writes_to_directory=True)
    monkeypatch.setitem(registry._kinds, "test-now", kind)

    build = request_build(analyst, django_capture_on_commit_callbacks, kind_key="test-now")

    assert build.status == "done", build.error
    stored = {file.name: file for file in build.files.all()}
    assert stored["big.csv"].size == len(big) and len(stored["big.csv"].content) < len(big) / 4
    assert stored["big.csv"].data() == big and stored["small.csv"].data() == b"a,b\n"
    pieces = list(stored["big.csv"].chunks(size=64 * 1024))
    assert b"".join(pieces) == big and len(pieces) > 10 and max(map(len, pieces)) <= 64 * 1024
    assert len(folders) == 1 and not folders[0].exists()  # the scratch folder is gone


def test_the_output_reads_files_in_memory_and_on_disk_alike(tmp_path):
    (tmp_path / "b.csv").write_bytes(b"on disk")
    output = ReturnOutput(files={"a.csv": b"in memory", "b.csv": tmp_path / "b.csv"})
    assert [output.read(name) for name in ("a.csv", "b.csv")] == [b"in memory", b"on disk"]
    assert [output.size(name) for name in ("a.csv", "b.csv")] == [9, 7]
    with output.open("b.csv") as handle:
        assert handle.read() == b"on disk"
    out = tmp_path / "out"
    out.mkdir()
    output.write_to(out)
    assert sorted(path.name for path in out.iterdir()) == ["a.csv", "b.csv"]
