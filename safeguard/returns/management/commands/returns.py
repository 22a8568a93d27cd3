"""`safeguard returns ...`: statutory returns built from the live record.

safeguard returns build cin-census --year 2025-26 --out cin-2025-26.xml

Bad arguments exit non-zero with a one-line reason, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguard.returns.cin_census import cin_census_build
from safeguard.returns.years import CollectionYear


def collection_year(value: str) -> CollectionYear:
    try:
        return CollectionYear.parse(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = "Build the DfE statutory returns from the record."
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        build = actions.add_parser("build", help="Build a return for a collection year.")
        kinds = build.add_subparsers(dest="kind", required=True, metavar="RETURN")
        cin = kinds.add_parser("cin-census", help="The children in need census (XML).")
        cin.add_argument("--year", type=collection_year, required=True, help="collection year, e.g. 2025-26")
        cin.add_argument("--out", type=Path, required=True, help="the XML file to write ('-' for standard output)")

    def handle(self, *args, action: str, kind: str, **options) -> None:
        if action == "build" and kind == "cin-census":
            self._build_cin_census(options["year"], options["out"])

    def _build_cin_census(self, year: CollectionYear, out: Path) -> None:
        if str(out) != "-" and not out.parent.exists():
            raise CommandError(f"The folder {out.parent} does not exist")

        def progress(step: str, done: int, total: int) -> None:
            self.stderr.write(f"[{done}/{total}] {step}")

        xml = cin_census_build(year=year, progress=progress)
        if str(out) == "-":
            sys.stdout.buffer.write(xml)
            return
        out.write_bytes(xml)
        self.stderr.write(f"CIN census {year} written to {out} ({len(xml):,} bytes)")
