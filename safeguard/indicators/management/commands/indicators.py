"""`safeguard indicators`: every indicator as of a date, for the authority, a team or a worker.

    safeguard indicators --as-of 2026-03-31
    safeguard indicators --as-of 2026-03-31 --team "Assessment team 1" --format json
    safeguard indicators --as-of 2026-03-31 --worker SW000123     # a worker's staff id (or database id)
    safeguard indicators --definitions                             # every definition, as Markdown (docs/indicators.md)

Numbers only: the command names no child (the drill-down pages do, through the visibility selector).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from safeguard.indicators.engine import Scope
from safeguard.indicators.registry import compute_all, indicators
from safeguard.workforce.models import Team, Worker


def calendar_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date: write it as YYYY-MM-DD") from None


DIRECTIONS = {"higher": "higher is better", "lower": "lower is better", "neither": "no direction (a volume)"}


def definitions_markdown() -> str:
    """Every registered indicator's definition, by section, as docs/indicators.md lists them."""
    lines, section = [], None
    for item in indicators():
        if item.section != section:
            section = item.section
            lines += ["", f"### {section}", ""]
        lists = f"“{item.counted_label}”"
        if item.unit in ("percent",) or item.key in ("open-assessments-overdue", "cin-unallocated"):
            lists += f" / “{item.other_label}”"
        lines.append(f"**{item.number}. {item.title}** (`{item.key}`) — {item.unit}, {DIRECTIONS[item.direction]}.")
        lines.append(f"{item.definition} *Period:* {item.period} *Lists:* {lists}.")
        lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Every indicator as of a date, for the whole authority, a team or a worker."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=calendar_date, help="YYYY-MM-DD (required unless --definitions)")
        parser.add_argument("--definitions", action="store_true", help="Print every definition as Markdown")
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--team", help="A team's name")
        who.add_argument("--worker", help="A worker's staff id (or database id)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, as_of, team, worker, format, definitions, **options):
        if definitions:
            self.stdout.write(definitions_markdown())
            return
        if as_of is None:
            raise CommandError("--as-of YYYY-MM-DD is required")
        scope = self._scope(team, worker)
        try:
            results = compute_all(scope=scope, as_of=as_of)
        except ValueError as error:  # a date outside the working-day calendar
            raise CommandError(str(error)) from None
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {"as_of": as_of.isoformat(), "scope": scope.label, "indicators": [r.as_dict() for r in results]},
                    indent=2,
                )
            )
            return
        period = results[0].context.period if results else None
        self.stdout.write(f"Indicators as of {as_of:%d %b %Y} — {scope.label}")
        if period:
            self.stdout.write(f"Period (unless stated): {period.label}")
        for result in results:
            ind = result.indicator
            fraction = ""
            if result.denominator is not None:
                fraction = f"  ({result.numerator:,} / {result.denominator:,})"
            elif result.value is None and result.numerator is not None:
                fraction = f"  (count {result.numerator:,}: {result.note})"
            self.stdout.write(f"{ind.number:>4}  {ind.title:<75} {result.display:>10}{fraction}")

    def _scope(self, team: str | None, worker: str | None) -> Scope:
        if team:
            found = Team.objects.filter(name=team).first()
            if found is None:
                raise CommandError(f"No team called {team!r}")
            return Scope.for_team(found)
        if worker:
            found = Worker.objects.filter(staff_id=worker).first()
            if found is None and worker.isdigit():
                found = Worker.objects.filter(pk=int(worker)).first()
            if found is None:
                raise CommandError(f"No worker with staff id or id {worker!r}")
            return Scope.for_worker(found)
        return Scope.authority()
