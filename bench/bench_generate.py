"""Benchmark `safeguard generate` on a scratch database: drop and create it, migrate, generate, report.

    .venv/bin/python bench/bench_generate.py --population 280000 --years 6 \
        --database-url postgres://postgres@127.0.0.1:5432/sg_bench

The database named in the URL is dropped and created again (PostgreSQL), or the file deleted (SQLite), so
point it at a scratch database only. Prints a markdown table of stage timings and one of row counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    args = _arguments()
    _recreate(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    migrated = time.monotonic() - started
    from safeguard.synthetic.generator import generate_authority

    summary = generate_authority(
        population=args.population,
        years=args.years,
        seed=args.seed,
        as_of=args.as_of,
        progress=lambda report: print(report.describe(), flush=True),
    )
    _report(args, migrated, summary)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--population", type=int, default=280_000)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 3, 31))
    parser.add_argument("--database-url", required=True, help="postgres://.../scratch_db or sqlite:////path")
    return parser.parse_args()


def _recreate(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"Unsupported database URL {url!r}")
    import psycopg

    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit("Name a scratch database in the URL, e.g. .../sg_bench")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _report(args, migrated: float, summary) -> None:
    from django.apps import apps
    from django.db import connection

    print(f"\n## Generate: {args.population:,} children, {args.years} years, seed {args.seed} ({connection.vendor})\n")
    print("| stage | seconds | rows and figures |")
    print("|---|---:|---|")
    print(f"| migrate | {migrated:.1f} | |")
    for stage in summary.stages:
        figures = ", ".join(f"{value:,} {key}" for key, value in stage.counts.items())
        print(f"| {stage.name} | {stage.seconds:.1f} | {figures} |")
    print(f"| **total (generate)** | **{summary.seconds:.1f}** | |")
    print("\n| table | rows |")
    print("|---|---:|")
    total = 0
    for label in _TABLES:
        rows = apps.get_model(label).objects.count()
        total += rows
        print(f"| {label} | {rows:,} |")
    print(f"| **total** | **{total:,}** |")


_TABLES = [
    "workforce.Team",
    "workforce.Worker",
    "people.Person",
    "people.Address",
    "people.Relationship",
    "people.ProfessionalInvolvement",
    "people.PersonFlag",
    "people.PersonDisability",
    "frontdoor.Contact",
    "frontdoor.ContactReason",
    "frontdoor.ContactAdult",
    "frontdoor.ContactDecision",
    "casework.CINEpisode",
    "workforce.Allocation",
    "casework.Assessment",
    "casework.AssessmentChildSeen",
    "casework.AssessmentFactorIdentified",
    "casework.CINPlan",
    "casework.CINPlanVisit",
    "casework.CINPlanReview",
    "protection.StrategyDiscussion",
    "protection.Section47Enquiry",
    "protection.InitialChildProtectionConference",
    "protection.ChildProtectionPlan",
    "protection.CoreGroupMeeting",
    "protection.ReviewConference",
    "protection.ProtectionVisit",
    "protection.ProtectiveOrder",
    "oversight.CaseNote",
    "oversight.ManagerDecision",
    "oversight.SupervisionRecord",
    "oversight.SupervisionChild",
    "chronology.Event",
]


if __name__ == "__main__":
    main()
