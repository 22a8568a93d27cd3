"""Requesting and running return builds.

There is no task queue: a requested build starts in a background thread once the request's transaction has
committed, so the page that asked for it can show its progress straight away. Each progress report is one short
UPDATE (its own transaction), and the files, people and findings are written together at the end, so a build is
either done with all its results or has none. Setting `RETURN_BUILDS_IN_BACKGROUND = False` runs the build
inline instead (tests, and anywhere threads are unwelcome).

At most `RETURN_BUILDS_MAX_CONCURRENT` builds (default 2) run at once, across every process sharing the database:
a build is claimed (queued → running) only while fewer are running, under a row lock on the active builds. One
asked for beyond that stays queued, its step saying why; each runner thread, when its build finishes, claims the
oldest queued build and runs it too, until none is waiting.

A return registered with `writes_to_directory` streams its files into a private temporary folder
(`RETURN_BUILDS_WORK_DIR`, default the system's temporary folder); the files are then gzip-compressed one at a
time into the database and the folder is removed, so no build holds a whole return in memory.

A server that stops mid-build leaves its row "running" with a heartbeat that no longer moves;
`return_builds_abandon_stale` marks such builds failed (the pages call it, and so does
`safeguard return_builds recover`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import socket
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.utils import timezone

from safeguard.people.models import Person

from .models import ReturnBuild, ReturnBuildFile, ReturnBuildPerson, ReturnFinding
from .registry import ReturnKind, ReturnOutput, return_kind, return_kinds
from .years import CollectionYear

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15
STALE_AFTER = dt.timedelta(minutes=2)  # eight missed heartbeats: the thread (or its server) is gone
PROGRESS_INTERVAL_SECONDS = 0.5  # a builder may report per child; the row is written at most this often
ACTIVE = (ReturnBuild.Status.QUEUED, ReturnBuild.Status.RUNNING)
DEFAULT_MAX_CONCURRENT = 2
COMPRESS_CHUNK = 1 << 20
COMPRESS_LEVEL = 6  # ≈ 50 MB/s of CSV on one core here; the SSD's files shrink about elevenfold


def runs_in_background() -> bool:
    return getattr(settings, "RETURN_BUILDS_IN_BACKGROUND", True)


def max_concurrent() -> int:
    """How many builds may run at once (setting RETURN_BUILDS_MAX_CONCURRENT, at least 1)."""
    return max(1, int(getattr(settings, "RETURN_BUILDS_MAX_CONCURRENT", DEFAULT_MAX_CONCURRENT)))


def waiting_message(running: int, limit: int) -> str:
    builds = "build is" if running == 1 else "builds are"
    return f"Waiting: {running} {builds} running (at most {limit} at a time); this one starts when one finishes"


@transaction.atomic
def return_build_request(
    *,
    kind_key: str,
    requested_by,
    year: CollectionYear | None = None,
    as_of: dt.date | None = None,
    options: dict | None = None,
) -> ReturnBuild:
    """Queue a build of `kind_key` for its period; it starts once this transaction commits.

    If the same return for the same period is already queued or running, that build is returned instead of a
    second one (a double-clicked button should not build the census twice)."""
    kinds = {kind.key: kind for kind in return_kinds()}
    kind = kinds.get(kind_key)
    if kind is None:
        raise ValidationError({"kind": f"There is no return called '{kind_key}'"})
    year_start, as_of = _period(kind, year=year, as_of=as_of)
    options = _checked_options(kind, options or {})
    running = ReturnBuild.objects.filter(
        kind=kind.key, year_start=year_start, as_of=as_of, options=options, status__in=ACTIVE
    ).first()
    if running is not None:
        return running
    now = timezone.now()
    build = ReturnBuild.objects.create(
        kind=kind.key,
        title=kind.title,
        year_start=year_start,
        as_of=as_of,
        options=options,
        requested_by=requested_by,
        requested_at=now,
        heartbeat_at=now,
    )
    transaction.on_commit(lambda: _start(build.pk))
    return build


def _period(
    kind: ReturnKind, *, year: CollectionYear | None, as_of: dt.date | None
) -> tuple[int | None, dt.date | None]:
    if kind.period == "year":
        if year is None:
            raise ValidationError({"year": "Choose the collection year"})
        return year.first_year, None
    if kind.period == "as_of":
        if as_of is None:
            raise ValidationError({"as_of": "Enter the date the return is for"})
        if as_of > timezone.localdate():
            raise ValidationError({"as_of": "The date must be today or in the past"})
        return None, as_of
    return None, None


def _checked_options(kind: ReturnKind, options: dict) -> dict:
    """Keep only the kind's own extra arguments, each converted now so a bad value is refused on the form."""
    known = {argument_dest(flag): keywords for flag, keywords in kind.arguments}
    unknown = set(options) - set(known)
    if unknown:
        raise ValidationError({"options": f"{kind.title} has no option {', '.join(sorted(unknown))}"})
    for dest, value in options.items():
        try:
            _convert(known[dest], value)
        except argparse.ArgumentTypeError as error:  # written for people, as the command line shows it
            raise ValidationError({dest: str(error)}) from None
        except (ValueError, TypeError):
            raise ValidationError({dest: f"'{value}' is not a valid {dest.replace('_', ' ')}"}) from None
    return dict(options)


def argument_dest(flag: str) -> str:
    """argparse's name for a flag: "--with-previous" arrives as with_previous."""
    return flag.lstrip("-").replace("-", "_")


def option_default(keywords: dict):
    """The value argparse gives an option that is not passed."""
    action = keywords.get("action")
    if action in ("store_true", "store_false"):
        return keywords.get("default", action == "store_false")
    return keywords.get("default")


def _convert(keywords: dict, value):
    """A stored option as `build` expects it: argparse's `type` applied to typed text, as the command line does."""
    if value is None or isinstance(value, bool):
        return value
    converter = keywords.get("type")
    return converter(value) if converter is not None else value


def build_arguments(build: ReturnBuild, kind: ReturnKind) -> dict:
    """The keyword arguments for `kind.build`, apart from progress."""
    arguments = {}
    if kind.period == "year":
        arguments["year"] = build.year
    elif kind.period == "as_of":
        arguments["as_of"] = build.as_of
    keywords = {argument_dest(flag): spec for flag, spec in kind.arguments}
    for dest, spec in keywords.items():
        arguments[dest] = _convert(spec, build.options[dest]) if dest in build.options else option_default(spec)
    return arguments


# --- Running ------------------------------------------------------------------------------------------------


def _start(build_id: int) -> None:
    if not runs_in_background():
        return_build_run(build_id=build_id)
        return
    thread = threading.Thread(target=_run_in_thread, args=(build_id,), name=f"return-build-{build_id}", daemon=True)
    thread.start()


def _run_in_thread(build_id: int) -> None:
    """Run this build if a slot is free, then every build still waiting, oldest first, while slots stay free."""
    try:
        claimed = _claim(build_id)
        while claimed is not None:
            heartbeat = _Heartbeat(claimed)
            heartbeat.start()
            try:
                _run_claimed(claimed)
            finally:
                heartbeat.stop()
            claimed = _claim(None)
    except Exception:
        logger.exception("Return build runner stopped")
    finally:
        connections.close_all()  # this thread's own connections


@transaction.atomic
def _claim(build_id: int | None) -> int | None:
    """Mark `build_id` (or, given None, the oldest queued build) running if fewer than the limit are running;
    returns the id claimed. Locking every active row first makes two claims (two threads, two servers) take turns,
    so the limit holds across processes on PostgreSQL (SQLite takes one writer at a time anyway)."""
    active = list(ReturnBuild.objects.select_for_update().filter(status__in=ACTIVE).order_by("pk"))
    running = sum(build.status == ReturnBuild.Status.RUNNING for build in active)
    queued = [build for build in active if build.status == ReturnBuild.Status.QUEUED]
    if build_id is not None:
        queued = [build for build in queued if build.pk == build_id]
    if not queued:
        return None
    build, limit = queued[0], max_concurrent()
    now = timezone.now()
    if running >= limit:
        # Stay queued and say why; the heartbeat shows someone is alive to start it later.
        ReturnBuild.objects.filter(pk__in=[b.pk for b in queued]).update(step=waiting_message(running, limit))
        return None
    ReturnBuild.objects.filter(pk=build.pk).update(
        status=ReturnBuild.Status.RUNNING, started_at=now, heartbeat_at=now, runner=_runner_name(), step=""
    )
    return build.pk


class _Heartbeat(threading.Thread):
    """Touches the build's heartbeat while it runs, so a long step without progress calls is not taken for dead."""

    def __init__(self, build_id: int):
        super().__init__(name=f"return-build-{build_id}-heartbeat", daemon=True)
        self.build_id = build_id
        self._stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self._stopped.wait(HEARTBEAT_SECONDS):
                ReturnBuild.objects.filter(pk=self.build_id, status__in=ACTIVE).update(heartbeat_at=timezone.now())
        except Exception:
            logger.exception("Heartbeat of return build %s stopped", self.build_id)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stopped.set()


def return_build_run(*, build_id: int) -> ReturnBuild:
    """Run a queued build to the end, recording progress as it goes; a failure is recorded, never raised.

    Not one transaction on purpose: each progress report commits on its own so other requests can read it;
    the results are written in one transaction at the end. A build that cannot start because
    `max_concurrent()` builds are running stays queued (its step says so)."""
    if _claim(build_id) is None:
        return ReturnBuild.objects.get(pk=build_id)  # already taken, finished, abandoned, or waiting for a slot
    _run_claimed(build_id)
    return ReturnBuild.objects.get(pk=build_id)


def _run_claimed(build_id: int) -> None:
    build = ReturnBuild.objects.get(pk=build_id)
    work_dir: Path | None = None
    try:
        kind = return_kind(build.kind)
        arguments = build_arguments(build, kind)
        if kind.writes_to_directory:
            work_dir = Path(tempfile.mkdtemp(prefix=f"safeguard-return-{build_id}-", dir=_work_root()))
            arguments["directory"] = work_dir
        output = kind.build(**arguments, progress=_progress_recorder(build_id))
        _save_results(build_id, output, _compressed(output, work_dir))
    except Exception as error:
        logger.exception("Return build %s (%s) failed", build_id, build.kind)
        # Only a build still marked running: one already marked abandoned keeps that reason.
        ReturnBuild.objects.filter(pk=build_id, status=ReturnBuild.Status.RUNNING).update(
            status=ReturnBuild.Status.FAILED, finished_at=timezone.now(), error=_describe(error)
        )
    finally:
        if work_dir is not None:
            shutil.rmtree(work_dir, ignore_errors=True)


def _work_root() -> str | None:
    root = getattr(settings, "RETURN_BUILDS_WORK_DIR", None)
    if root:
        Path(root).mkdir(parents=True, exist_ok=True)
    return str(root) if root else None


def _compressed(output: ReturnOutput, work_dir: Path | None) -> dict[str, tuple[int, bytes | Path]]:
    """Each file gzip-compressed, read in chunks: name → (uncompressed size, the gzip bytes or a .gz file in the
    build's folder). Done before the results' transaction, which then only inserts."""
    compressed: dict[str, tuple[int, bytes | Path]] = {}
    for name in output.files:
        packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip framing
        target = (work_dir / f"{len(compressed)}.gz").open("wb") if work_dir else None
        parts: list[bytes] = []
        write = target.write if target else parts.append
        try:
            with output.open(name) as source:
                while chunk := source.read(COMPRESS_CHUNK):
                    write(packer.compress(chunk))
            write(packer.flush())
        finally:
            if target:
                target.close()
        content = work_dir / f"{len(compressed)}.gz" if work_dir else b"".join(parts)
        compressed[name] = (output.size(name), content)
    return compressed


def _runner_name() -> str:
    where = f"{socket.gethostname()}:{os.getpid()}"
    return where if runs_in_background() else f"{where} (inline)"


def _describe(error: Exception) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _progress_recorder(build_id: int) -> Callable[[str, int, int], None]:
    last = {"at": 0.0, "step": None}

    def progress(step: str, done: int, total: int) -> None:
        moment = time.monotonic()
        # Always write a new step and the last one; within a step, at most every PROGRESS_INTERVAL_SECONDS.
        if step == last["step"] and done < total and moment - last["at"] < PROGRESS_INTERVAL_SECONDS:
            return
        last.update(at=moment, step=step)
        ReturnBuild.objects.filter(pk=build_id, status=ReturnBuild.Status.RUNNING).update(
            step=str(step)[:200],
            steps_done=max(0, int(done)),
            steps_total=max(0, int(total)),
            heartbeat_at=timezone.now(),
        )

    return progress


@transaction.atomic
def _save_results(build_id: int, output: ReturnOutput, compressed: dict[str, tuple[int, bytes | Path]]) -> None:
    build = ReturnBuild.objects.select_for_update().get(pk=build_id)
    if build.status != ReturnBuild.Status.RUNNING:
        # Marked abandoned while it was still working (a very long pause); keep the record of that decision.
        raise RuntimeError("The build was marked as failed before it finished; start it again")
    if not output.files:
        raise ValueError("The return produced no files")
    for name, (size, content) in compressed.items():  # one at a time: a big return's files never all in memory
        data = content.read_bytes() if isinstance(content, Path) else content
        ReturnBuildFile.objects.create(build=build, name=name, size=size, content=data)
    person_ids = set(output.person_ids)
    named = person_ids | {finding.child_id for finding in output.findings if finding.child_id is not None}
    unknown = named - _existing_people(named)
    if unknown:
        raise ValueError(
            f"The return names {len(unknown)} people who are not in the record (ids {sorted(unknown)[:5]})"
        )
    ReturnBuildPerson.objects.bulk_create(
        [ReturnBuildPerson(build=build, person_id=pk) for pk in sorted(person_ids)], batch_size=2000
    )
    ReturnFinding.objects.bulk_create(
        [
            ReturnFinding(
                build=build,
                child_id=finding.child_id,
                table=finding.table[:100],
                field=finding.field[:100],
                message=finding.message,
                severity=finding.severity,
            )
            for finding in output.findings
        ],
        batch_size=2000,
    )
    build.status = ReturnBuild.Status.DONE
    build.finished_at = timezone.now()
    build.person_count = len(person_ids)
    if build.steps_total and build.steps_done < build.steps_total:
        build.steps_done = build.steps_total
    build.step = build.step or "Done"
    build.save(update_fields=["status", "finished_at", "person_count", "steps_done", "step"])


def _existing_people(ids: set[int]) -> set[int]:
    # In chunks: SQLite refuses statements with more than 32,766 parameters, and a city's return names more.
    ordered, found = sorted(ids), set()
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        found.update(Person.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def return_builds_abandon_stale(*, stale_after: dt.timedelta = STALE_AFTER, now: dt.datetime | None = None) -> int:
    """Mark failed every queued or running build whose heartbeat stopped `stale_after` ago; returns how many.

    A queued build waiting for a free slot has no heartbeat of its own: it counts as stale only when no running
    build's heartbeat is fresh either (nobody is left to start it).

    The pages call this on every load and status poll, so the usual case (nothing stale) is one read and no
    transaction: on SQLite every transaction here takes the database's write lock."""
    now = now or timezone.now()
    cutoff = now - stale_after
    stale = ReturnBuild.objects.filter(status__in=ACTIVE, heartbeat_at__lt=cutoff)
    if not stale.exists():
        return 0
    if ReturnBuild.objects.filter(status=ReturnBuild.Status.RUNNING, heartbeat_at__gte=cutoff).exists():
        stale = stale.filter(status=ReturnBuild.Status.RUNNING)  # the waiting ones will be started
        if not stale.exists():
            return 0
    return _abandon(stale, now)


@transaction.atomic
def _abandon(stale, now: dt.datetime) -> int:
    count = 0
    for build in stale.select_for_update():
        last = timezone.localtime(build.heartbeat_at)
        build.error = (
            f"The server stopped while this build was {build.get_status_display().lower()} "
            f"(no progress since {last:%d %b %Y %H:%M}). Start the build again."
        )
        build.status = ReturnBuild.Status.FAILED
        build.finished_at = now
        build.save(update_fields=["status", "finished_at", "error"])
        count += 1
    return count


@transaction.atomic
def return_builds_prune(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete finished builds (their files, people and findings) requested more than `older_than` ago."""
    if older_than < dt.timedelta(0):
        raise ValidationError({"older_than": "The age must not be negative"})
    cutoff = (now or timezone.now()) - older_than
    old = ReturnBuild.objects.filter(requested_at__lt=cutoff).exclude(status__in=ACTIVE)
    count = old.count()
    old.delete()
    return count
