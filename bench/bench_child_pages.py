"""Benchmark a child's pages (the record page with every domain's panel, the chronology, and every page a
domain adds under /<domain>/children/<person_id>/) on a big city's generated data.

    .venv/bin/python bench/bench_child_pages.py --database-url postgres://postgres@127.0.0.1:5432/sg_bench [--runs 20]

Uses the database bench_queues.py generated (run that first, or pass the same URL with its --reuse). Picks the
children with the heaviest records — the most chronology events, and the most events among children on a child
protection plan and (when the looked-after app has data) in care — and times each page they have through
Django's test Client as a senior leader (full middleware, templates and the access-log write) after two
warm-ups. Pages are discovered from the URLconf: every route whose only argument is person_id, so a new domain's
page is benchmarked without editing this file. Prints a markdown table of median and 95th-percentile times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 3, 31))
    args = parser.parse_args()
    os.environ.update({"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "safeguard.settings"})
    import django

    django.setup()
    from django.utils import timezone

    real = timezone.localdate
    timezone.localdate = lambda value=None, timezone=None: args.as_of if value is None else real(value, timezone)
    _benchmark(args)


def child_page_routes() -> list[str]:
    """URL names of every page that takes only a person_id (the child's pages, one per domain)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and set(pattern.pattern.converters) == {"person_id"}:
                found.append(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return found


def _children() -> list[tuple[str, int]]:
    from django.apps import apps
    from django.db.models import Count

    from safeguard.chronology.models import Event
    from safeguard.protection.models import ChildProtectionPlan

    def busiest(child_ids=None) -> int | None:
        events = Event.objects.all()
        if child_ids is not None:
            events = events.filter(child_id__in=child_ids)
        row = events.values("child_id").annotate(n=Count("id")).order_by("-n", "child_id").first()
        return row["child_id"] if row else None

    picks = [("most events", busiest())]
    picks.append(
        ("on a CP plan", busiest(ChildProtectionPlan.objects.filter(end_date__isnull=True).values("child_id")))
    )
    if apps.is_installed("safeguard.lac") and apps.all_models.get("lac", {}).get("careperiod"):
        CarePeriod = apps.get_model("lac", "CarePeriod")
        picks.append(("looked after", busiest(CarePeriod.objects.filter(end_date__isnull=True).values("child_id"))))
    return [(label, pk) for label, pk in picks if pk is not None]


def _benchmark(args) -> None:
    from django.test import Client
    from django.urls import reverse

    from safeguard.accounts.models import Role, User

    leader, _ = User.objects.get_or_create(
        username="bench-senior-leader",
        defaults={"role": Role.SENIOR_LEADER, "first_name": "Bench", "last_name": "Leader"},
    )
    client = Client()
    client.force_login(leader)
    rows = []
    for label, child_id in _children():
        for name in child_page_routes():
            path = reverse(name, kwargs={"person_id": child_id})
            if client.get(path).status_code != 200:
                continue  # e.g. a page for adults only
            client.get(path)
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append((name, label, statistics.median(times), p95, len(response.content)))
            print(f"{name:36} {label:14} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms", flush=True)
    print()
    print(f"{args.runs} timed requests per row after two warm-ups, as a senior leader.")
    print()
    print("| page | child | median ms | p95 ms | page KB |")
    print("|---|---|---:|---:|---:|")
    for name, label, median, p95, size in rows:
        print(f"| {name} | {label} | {median:.1f} | {p95:.1f} | {size / 1024:.0f} |")


if __name__ == "__main__":
    main()
