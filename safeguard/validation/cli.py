"""`safeguard returns validate ...`: the validators on the command line.

    safeguard returns validate cin-census FILE.xml --year 2025-26 [--format text|json|csv]

Exit status: 0 when there are no error findings (queries allowed), 1 when there are, 2 with a one-line reason when
the input cannot be read. `safeguard/returns/management/commands/returns.py` adds the subcommand with
`add_parsers` and hands it to `handle`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from django.core.management.base import CommandError

from safeguard.returns.years import CollectionYear

FORMATS = ("text", "json", "csv")


def _year(value: str) -> CollectionYear:
    try:
        return CollectionYear.parse(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_parsers(actions) -> None:
    validate = actions.add_parser("validate", help="Check a return's files against the DfE validation rules.")
    kinds = validate.add_subparsers(dest="kind", required=True, metavar="RETURN")
    cin = kinds.add_parser("cin-census", help="Validate a CIN census XML file.")
    cin.add_argument("path", type=Path, metavar="FILE.xml", help="the census file")
    cin.add_argument("--year", type=_year, required=True, help="collection year of the rules, e.g. 2025-26")
    cin.add_argument("--format", choices=FORMATS, default="text", help="text (default), json or csv")
    cin.add_argument("--rules", help="only these rule codes, comma-separated (e.g. 8520,8606)")


def handle(kind: str, options: dict, stdout, stderr) -> int:
    """Write the report to stdout; the exit status to use is returned (CommandError, status 2, when unreadable)."""
    # Imported here so that `safeguard returns build ...` does not load Polars.
    from .cin.reader import read_census
    from .cin.rulesets import RULE_SETS as CIN_RULE_SETS
    from .engine import run
    from .errors import InputError
    from .report import render, summary

    if kind != "cin-census":
        raise CommandError(f"There is no validator for {kind}", returncode=2)
    year: CollectionYear = options["year"]
    rules = CIN_RULE_SETS.get(year.label)
    if rules is None:
        known = ", ".join(sorted(CIN_RULE_SETS))
        raise CommandError(f"There are no CIN census rules for {year.label} (known: {known})", returncode=2)
    if options.get("rules"):
        codes = [code.strip() for code in options["rules"].split(",") if code.strip()]
        unknown = [code for code in codes if code not in rules.rules]
        if unknown:
            raise CommandError(f"Unknown rule code(s) for {year.label}: {', '.join(unknown)}", returncode=2)
        rules = rules.only(codes)
    started = time.monotonic()
    path: Path = options["path"]
    try:
        frames = read_census(path, period_end=year.end)
    except InputError as error:
        raise CommandError(str(error), returncode=2) from None
    findings = run(rules, frames)
    stdout.write(render(findings, options["format"], source=str(path), rules_run=len(rules)), ending="")
    stderr.write(f"{path}: validated in {time.monotonic() - started:.1f} s")
    return 1 if summary(findings)["errors"] else 0
