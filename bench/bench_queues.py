"""Benchmark the work queues (my work, team work, children at risk) on a big city's generated data.

    .venv/bin/python bench/bench_queues.py --database-url postgres://postgres@127.0.0.1:5432/sg_bench \
        [--population 280000 --years 6] [--reuse] [--runs 30]

Unless --reuse is given and the database already holds people, the scratch database named in the URL is dropped
and created again, migrated, and filled by `safeguard generate` (as of --as-of, seed --seed). Then it picks
realistic users — the social workers with the largest current caseloads, the manager of the biggest team among
them, a senior leader — creating sign-in accounts for them in the scratch database if they have none, and
times each queue page through Django's test Client (force_login, full middleware, templates and the access
log writes) --runs times after two warm-up requests. "Today" for the queues is pinned to --as-of, the date the
data was generated for. Prints a markdown table of the median and 95th-percentile page times in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    args = _arguments()
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "safeguard.settings"}
    os.environ.update({"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "safeguard.settings"})
    if args.reuse and _has_data(args.database_url):
        # The schema may have moved on since the data was generated; new tables stay empty.
        subprocess.run([str(ROOT / ".venv" / "bin" / "safeguard"), "migrate", "--verbosity", "0"], env=env, check=True)
    else:
        _generate(args, env)
    import django

    django.setup()
    _benchmark(args)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="postgres://.../scratch_db (dropped unless --reuse)")
    parser.add_argument("--population", type=int, default=280_000)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 3, 31))
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already has people")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page and user")
    parser.add_argument("--workers", type=int, default=3, help="how many of the largest caseloads to time")
    return parser.parse_args()


def _has_data(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT EXISTS (SELECT 1 FROM people_person)").fetchone()[0]
    except psycopg.Error:
        return False


def _generate(args, env) -> None:
    parts = urlsplit(args.database_url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres") or name in {"", "postgres", "template0", "template1"}:
        raise SystemExit("Name a scratch PostgreSQL database in the URL, e.g. postgres://.../sg_bench")
    import psycopg

    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    safeguard = str(ROOT / ".venv" / "bin" / "safeguard")
    started = time.monotonic()
    subprocess.run([safeguard, "migrate", "--verbosity", "0"], env=env, check=True)
    command = [
        safeguard,
        "generate",
        f"--population={args.population}",
        f"--years={args.years}",
        f"--seed={args.seed}",
        f"--as-of={args.as_of.isoformat()}",
    ]
    print("$", " ".join(command), flush=True)
    subprocess.run(command, env=env, check=True)
    print(f"Generated in {time.monotonic() - started:.0f} s", flush=True)


def _users(args):
    """The largest caseloads' social workers, their team's manager, and a senior leader (accounts made if needed)."""
    from django.db.models import Count, Q

    from safeguard.accounts.models import Role, User
    from safeguard.workforce.models import Allocation, Worker

    current = Q(allocations__end_date__isnull=True, allocations__kind=Allocation.Kind.KEY_WORKER)
    busiest = list(
        Worker.objects.filter(end_date__isnull=True)
        .exclude(role=Worker.Role.TEAM_MANAGER)
        .annotate(caseload=Count("allocations", filter=current))
        .select_related("team")
        .order_by("-caseload", "id")[: args.workers]
    )
    if not busiest:
        raise SystemExit("No current workers with caseloads: generate data first")
    users = [(f"social worker ({w.caseload} children)", _account(w, Role.SOCIAL_WORKER)) for w in busiest]
    team_sizes = (
        Allocation.objects.filter(end_date__isnull=True, team__in=[w.team_id for w in busiest])
        .values("team_id")
        .annotate(children=Count("child_id", distinct=True))
        .order_by("-children")
    )
    for row in team_sizes:
        manager = Worker.objects.filter(team_id=row["team_id"], role=Worker.Role.TEAM_MANAGER, end_date__isnull=True)
        manager = manager.select_related("team").first()
        if manager is not None:
            users.append((f"team manager ({manager.team.name})", _account(manager, Role.TEAM_MANAGER)))
            break
    in_care = (
        Worker.objects.filter(end_date__isnull=True, role=Worker.Role.SOCIAL_WORKER, team__service="children_in_care")
        .annotate(caseload=Count("allocations", filter=current))
        .select_related("team")
        .order_by("-caseload", "id")
        .first()
    )
    if in_care is not None:
        users.append(
            (f"children in care social worker ({in_care.caseload} children)", _account(in_care, Role.SOCIAL_WORKER))
        )
    iro_current = Q(allocations__end_date__isnull=True, allocations__kind=Allocation.Kind.IRO)
    iro = (
        Worker.objects.filter(end_date__isnull=True, role=Worker.Role.IRO)
        .annotate(caseload=Count("allocations", filter=iro_current))
        .select_related("team")
        .order_by("-caseload", "id")
        .first()
    )
    if iro is not None:
        users.append((f"IRO ({iro.caseload} children)", _account(iro, Role.CONFERENCE_CHAIR)))
    leader, _ = User.objects.get_or_create(
        username="bench-senior-leader",
        defaults={"role": Role.SENIOR_LEADER, "first_name": "Bench", "last_name": "Leader"},
    )
    users.append(("senior leader", leader))
    return users


def _account(worker, role):
    from safeguard.accounts.models import User

    if worker.user_id is None:
        user, _ = User.objects.get_or_create(
            username=f"bench-{worker.staff_id}",
            defaults={"role": role, "first_name": worker.first_name, "last_name": worker.last_name},
        )
        worker.user = user
        worker.save(update_fields=["user"])
    worker.user.role = role
    worker.user.save(update_fields=["role"])
    return worker.user


def _pages(label: str, user) -> list[tuple[str, str]]:
    from django.urls import reverse

    from safeguard.accounts.models import Role

    worker = getattr(user, "worker", None)
    if user.role == Role.SOCIAL_WORKER:
        return [("my work", reverse("queues:my_work"))]
    if user.role == Role.CONFERENCE_CHAIR:
        return [("IRO reviews", reverse("carereviews:iro_list")), ("my work", reverse("queues:my_work"))]
    if user.role == Role.TEAM_MANAGER:
        return [
            ("team work", reverse("queues:team_work", args=[worker.team_id])),
            ("at risk (service)", reverse("queues:at_risk")),
            ("at risk (one team)", reverse("queues:at_risk") + f"?team={worker.team_id}"),
        ]
    return [
        ("at risk (authority)", reverse("queues:at_risk")),
        ("disabled children waiting", reverse("disabledchildren:waiting")),
        ("care leavers", reverse("careleavers:list")),
        ("adoption scorecard", reverse("adoption:scorecard")),
        ("adopters", reverse("adoption:adopters")),
        ("missing education", reverse("education:missing_education")),
    ]


def _pin_today(day) -> None:
    from django.utils import timezone

    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    timezone.localdate = localdate


def _count_queries(client, path: str) -> int:
    from django.db import connection

    seen = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    return len(seen)


def _benchmark(args) -> None:
    from django.test import Client

    from safeguard.queues import views

    views._today = lambda: args.as_of  # the queues as they stood on the day the data was generated for
    _pin_today(args.as_of)  # ...and every other page's idea of today
    rows = []
    for label, user in _users(args):
        client = Client()
        client.force_login(user)
        for page, path in _pages(label, user):
            for _ in range(2):
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
            queries = _count_queries(client, path)
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append((page, label, queries, statistics.median(times), p95, len(response.content)))
            print(f"{page:22} {label:40} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms", flush=True)
    print()
    print(f"As of {args.as_of:%d %b %Y}; {args.runs} timed requests per row after two warm-ups.")
    print()
    print("| page | user | queries | median ms | p95 ms | page KB |")
    print("|---|---|---:|---:|---:|---:|")
    for page, label, queries, median, p95, size in rows:
        print(f"| {page} | {label} | {queries} | {median:.1f} | {p95:.1f} | {size / 1024:.0f} |")


if __name__ == "__main__":
    main()
