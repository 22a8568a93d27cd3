"""`safeguard return_builds ...`: housekeeping for the builds started from the analyst pages.

    safeguard return_builds recover [--stale-minutes 2]   # mark builds a stopped server left running as failed
    safeguard return_builds prune --older-than-days 90    # delete old finished builds and their files

Run `recover --stale-minutes 0` when the (only) app server starts: every build still queued or running then was
left behind by the previous process. The pages also recover builds whose heartbeat stopped 2 minutes ago.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from safeguard.returns.services import STALE_AFTER, return_builds_abandon_stale, return_builds_prune


class Command(BaseCommand):
    help = "Recover builds left running by a stopped server, or delete old builds."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        recover = actions.add_parser("recover", help="Mark builds whose heartbeat stopped as failed.")
        recover.add_argument(
            "--stale-minutes",
            type=float,
            default=STALE_AFTER.total_seconds() / 60,
            help="how long without a heartbeat counts as stopped (0: every queued or running build)",
        )
        prune = actions.add_parser("prune", help="Delete finished builds older than a number of days.")
        prune.add_argument("--older-than-days", type=int, required=True)

    def handle(self, *args, action: str, **options) -> None:
        if action == "recover":
            if options["stale_minutes"] < 0:
                raise CommandError("--stale-minutes must not be negative")
            count = return_builds_abandon_stale(stale_after=dt.timedelta(minutes=options["stale_minutes"]))
            self.stdout.write(f"{count} build{'' if count == 1 else 's'} marked as failed")
        elif action == "prune":
            if options["older_than_days"] < 0:
                raise CommandError("--older-than-days must not be negative")
            count = return_builds_prune(older_than=dt.timedelta(days=options["older_than_days"]))
            self.stdout.write(f"{count} build{'' if count == 1 else 's'} deleted")
