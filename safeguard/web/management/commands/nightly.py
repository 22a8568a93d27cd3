"""`safeguard nightly`: every job that keeps stored, date-driven records right, run once a day by cron or a timer.

Each job is idempotent (a second run the same day changes nothing), prints one summary line, and a failing job
does not stop the others: the command reports it and exits non-zero, so the scheduler's alerting sees it.
How to schedule it: docs/how-to/run-nightly-jobs.md.

The jobs:
- care leavers: the leaving-care status (eligible, relevant, former relevant, qualifying) depends on the young
  person's age, so birthdays move people between categories overnight; with it the derived due dates.
- looked-after schedules: re-derive each open period's review, visit and IRO contact due dates from its records.
  Services and signals do this as records are written; the nightly run catches bulk writes that send no signals
  (the generator, imports) and schedules stored before a column existed (the IRO contact due date).
- stored deadlines: re-derive every registered deadline column from its rule and anchor. Services and the
  administrator's rule and calendar edits already do this as they happen; the nightly run repairs anything that
  bypassed them (a data migration that changes a rule's amount, a restored backup, a bulk import).

Health due dates are not stored (docs/domains/health-and-education.md says why), so they need no job.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[dt.date], str]  # returns the summary line; raises JobFailed (or anything) on failure


class JobFailed(Exception):
    """A job that finished but could not do all of its work (its message says what)."""


def _care_leavers(as_of: dt.date) -> str:
    from safeguard.careleavers.services import care_leavers_refresh_all

    summary = care_leavers_refresh_all(as_of=as_of)
    line = f"{summary.checked} young people checked, {summary.changed} changed status"
    if summary.failed:
        raise JobFailed(f"{line}; {len(summary.failed)} failed (person ids {summary.failed[:10]})")
    return line


def _looked_after_schedules(as_of: dt.date) -> str:
    from safeguard.carereviews.services import schedules_refresh_all

    checked, changed = schedules_refresh_all()
    return f"{checked} periods of care checked, {changed} review schedules corrected"


def _stored_deadlines(as_of: dt.date) -> str:
    from safeguard.workdays.deadlines import rederive_all, registered

    changed = rederive_all()
    return f"{len(registered())} registered deadlines re-applied, {changed} rows corrected"


JOBS = [
    Job("care leavers", _care_leavers),
    Job("looked-after schedules", _looked_after_schedules),
    Job("stored deadlines", _stored_deadlines),
]


class Command(BaseCommand):
    help = "Run every nightly job (care leavers, looked-after schedules, stored deadlines); non-zero exit on failure"

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="The day to derive for (YYYY-MM-DD; default today). For a synthetic authority, its as-of date.",
        )
        parser.add_argument(
            "--job",
            action="append",
            choices=[job.name for job in JOBS],
            help="Run only this job (repeatable). Default: every job.",
        )

    def handle(self, *args, as_of=None, job=None, **options):
        as_of = as_of or timezone.localdate()
        chosen = [j for j in JOBS if not job or j.name in job]
        failed = []
        for each in chosen:
            started = time.monotonic()
            try:
                line = each.run(as_of)
            except Exception as error:  # one job's failure must not stop the others
                failed.append(each.name)
                self.stderr.write(f"{each.name}: FAILED: {type(error).__name__}: {error}")
                continue
            self.stdout.write(f"{each.name}: {line} ({time.monotonic() - started:.1f}s)")
        jobs = f"{len(chosen)} job" + ("" if len(chosen) == 1 else "s")
        self.stdout.write(f"nightly {as_of:%Y-%m-%d}: {jobs}, {len(failed)} failed")
        if failed:
            raise CommandError(f"nightly jobs failed: {', '.join(failed)}")
