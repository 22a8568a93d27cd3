"""`safeguard returns ...`: statutory returns built from the live record.

    safeguard returns build cin-census --year 2025-26 --out cin-2025-26.xml
    safeguard returns build <return> [--year YYYY-YY | --as-of YYYY-MM-DD] --out FILE|DIR
    safeguard returns import cin-census FILE.xml --user NAME [--team TEAM]   # history from another system
    safeguard returns import ssda903 DIR --user NAME [--team TEAM]

The returns and what each needs (a collection year, a date, nothing) come from `safeguard/returns/registry.py`.
Bad arguments exit non-zero with a one-line reason, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.models import User
from safeguard.returns.imports import IMPORT_KINDS, import_return
from safeguard.returns.imports.cin_census import DEFAULT_TEAM
from safeguard.returns.registry import ReturnKind, return_kind, return_kinds
from safeguard.returns.years import CollectionYear
from safeguard.validation import cli as validation_cli
from safeguard.workforce.models import Team


def collection_year(value: str) -> CollectionYear:
    try:
        return CollectionYear.parse(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def calendar_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date: write it as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Build the DfE statutory returns and inspection data from the record."
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        build = actions.add_parser("build", help="Build a return from the record.")
        kinds = build.add_subparsers(dest="kind", required=True, metavar="RETURN")
        for kind in return_kinds():
            self._add_build_parser(kinds, kind)
        validation_cli.add_parsers(actions)  # safeguard returns validate ... (safeguard/validation/cli.py)
        imports = actions.add_parser("import", help="Import a return's files from another system into the record.")
        import_kinds = imports.add_subparsers(dest="kind", required=True, metavar="RETURN")
        for key, (shape, what) in IMPORT_KINDS.items():
            parser = import_kinds.add_parser(key, help=f"Import {what}.")
            parser.add_argument("path", type=Path, metavar="FILE" if shape == "file" else "DIR", help=what)
            parser.add_argument("--user", required=True, help="the username of the person importing (recorded)")
            parser.add_argument("--team", help=f"the team that holds imported episodes (default: {DEFAULT_TEAM})")
            if key == "ssda903":
                parser.add_argument("--year", type=collection_year, help="the collection year, e.g. 2025-26 "
                                    "(default: the year of the latest date in the folder)")  # fmt: skip

    def _add_build_parser(self, kinds, kind: ReturnKind) -> None:
        parser = kinds.add_parser(kind.key, help=kind.description or kind.title)
        if kind.period == "year":
            parser.add_argument("--year", type=collection_year, required=True, help="collection year, e.g. 2025-26")
        elif kind.period == "as_of":
            parser.add_argument("--as-of", type=calendar_date, required=True, help="the date, e.g. 2026-03-31")
        for flag, keywords in kind.arguments:
            parser.add_argument(flag, **keywords)
        if kind.output == "file":
            parser.add_argument("--out", type=Path, required=True, help="the file to write ('-' for standard output)")
        else:
            parser.add_argument("--out", type=Path, required=True, help="the folder to write the files into")

    def handle(self, *args, action: str, kind: str, **options) -> None:
        if action == "build":
            self._build(return_kind(kind), options)
        elif action == "import":
            self._import(kind, options)
        elif action == "validate":
            status = validation_cli.handle(kind, options, self.stdout, self.stderr)
            if status:
                raise SystemExit(status)

    def _import(self, key: str, options: dict) -> None:
        """Print the full report; a refused import exits non-zero with its one-line reason."""
        path: Path = options["path"]
        shape, what = IMPORT_KINDS[key]
        if not (path.is_file() if shape == "file" else path.is_dir()):
            raise CommandError(f"{path} is not {what}")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user called '{options['user']}'")
        team = None
        if options["team"]:
            team = Team.objects.filter(name=options["team"]).first()
            if team is None:
                raise CommandError(f"There is no team called '{options['team']}'")
        report = import_return(key, path, imported_by=user, team=team, year=options.get("year"))
        self.stdout.write(report.text(), ending="")
        if not report.ok:
            raise CommandError(report.summary_line())

    def _build(self, kind: ReturnKind, options: dict) -> None:
        out: Path = options["out"]
        if kind.output == "file" and str(out) != "-" and not out.parent.exists():
            raise CommandError(f"The folder {out.parent} does not exist")
        if kind.output == "directory" and out.exists() and not out.is_dir():
            raise CommandError(f"{out} is a file, not a folder")

        def progress(step: str, done: int, total: int) -> None:
            self.stderr.write(f"[{done}/{total}] {step}")

        period = {"year": {"year": options.get("year")}, "as_of": {"as_of": options.get("as_of")}}.get(kind.period, {})
        extra = {
            flag.lstrip("-").replace("-", "_"): options[flag.lstrip("-").replace("-", "_")]
            for flag, _ in kind.arguments
        }
        with tempfile.TemporaryDirectory(prefix="safeguard-return-") as scratch:
            if kind.writes_to_directory:
                # Streamed straight into the folder asked for (a single-file return: into a scratch folder first).
                if kind.output == "directory":
                    out.mkdir(parents=True, exist_ok=True)
                extra["directory"] = out if kind.output == "directory" else Path(scratch)
            result = kind.build(**period, **extra, progress=progress)
            if kind.output == "file":
                (name,) = result.files
                with result.open(name) as content:
                    if str(out) == "-":
                        shutil.copyfileobj(content, sys.stdout.buffer)
                        return
                    with out.open("wb") as target:
                        shutil.copyfileobj(content, target)
                self.stderr.write(f"{kind.title} written to {out} ({result.size(name):,} bytes)")
                return
            out.mkdir(parents=True, exist_ok=True)
            result.write_to(out)
        self.stderr.write(f"{kind.title}: {len(result.files)} files written to {out}")
