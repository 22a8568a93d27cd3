"""Benchmark building every statutory return for a big city's generated data.

    .venv/bin/python bench/bench_returns.py --database-url postgres://postgres@127.0.0.1:5432/sg_bench \
        [--population 280000 --years 6] [--reuse] [--runs 3] [--only cin-census,annex-a]

Unless --reuse is given and the database already holds people, the scratch database named in the URL is dropped,
created, migrated and filled by `safeguard generate` (the same as bench/bench_queues.py, so the two can share it).
Then every return in the registry (`safeguard/returns/registry.py`) is built --runs times in-process: the annual
returns for the collection year that ends on the data's as-of date, Annex A as of that date, the SSD export as it
stands. A return that streams its files (`writes_to_directory`, the SSD export) writes them into a scratch folder
that is emptied after each run, as the command line and the analyst pages do. Prints a markdown table of the best
and median build time, the files' total size, the children in them and the process's peak memory so far.
The goal (issue "Statutory returns and inspection data straight from the record") is under 10 s per return.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    args = _arguments()
    import bench_queues

    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "safeguard.settings"}
    os.environ.update({"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "safeguard.settings"})
    if args.reuse and bench_queues._has_data(args.database_url):
        import subprocess

        subprocess.run([str(ROOT / ".venv" / "bin" / "safeguard"), "migrate", "--verbosity", "0"], env=env, check=True)
    else:
        bench_queues._generate(args, env)
    import django

    django.setup()
    bench_queues._pin_today(args.as_of)
    _benchmark(args)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="postgres://.../scratch_db (dropped unless --reuse)")
    parser.add_argument("--population", type=int, default=280_000)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 3, 31))
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already has people")
    parser.add_argument("--runs", type=int, default=3, help="builds per return")
    parser.add_argument("--only", default="", help="comma-separated return keys (default: every return)")
    parser.add_argument("--keep", type=Path, help="copy the streamed files (the SSD's) into this folder")
    return parser.parse_args()


def _period(kind, as_of: dt.date) -> dict:
    from safeguard.returns.years import CollectionYear

    if kind.period == "year":
        first = as_of.year if as_of.month >= 4 else as_of.year - 1
        return {"year": CollectionYear(first)}
    if kind.period == "as_of":
        return {"as_of": as_of}
    return {}


def _benchmark(args) -> None:
    from safeguard.returns.registry import return_kinds

    wanted = {key for key in args.only.split(",") if key}
    rows = []
    for kind in return_kinds():
        if wanted and kind.key not in wanted:
            continue
        period = _period(kind, args.as_of)
        times, cpu = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="bench-returns-") as scratch:
                directory = {"directory": Path(scratch)} if kind.writes_to_directory else {}
                started, started_cpu = time.perf_counter(), time.process_time()
                result = kind.build(**period, **directory)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)  # this process's threads, not the database server's
                size = sum(result.size(name) for name in result.files)
                if args.keep and kind.writes_to_directory:
                    shutil.copytree(scratch, args.keep / kind.key, dirs_exist_ok=True)
        label = ", ".join(f"{key}={value}" for key, value in period.items()) or "now"
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
        best_cpu = min(cpu)
        rows.append(
            (kind.key, label, min(times), statistics.median(times), best_cpu, size, len(result.person_ids), peak)
        )
        print(
            f"{kind.key:12} {label:24} best {min(times):6.2f} s  median {statistics.median(times):6.2f} s"
            f"  Python CPU {best_cpu:6.2f} s  peak memory so far {peak:,.0f} MB",
            flush=True,
        )
    print()
    print(f"Data as of {args.as_of:%d %b %Y}; {args.runs} builds per return, in-process, PostgreSQL.")
    print(f"Load average at the end: {' / '.join(f'{load:.1f}' for load in os.getloadavg())} (1 / 5 / 15 min).")
    print()
    print("| return | period | best s | median s | Python CPU s | files MB | people | peak MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for key, label, best, median, best_cpu, size, people, peak in rows:
        print(
            f"| {key} | {label} | {best:.2f} | {median:.2f} | {best_cpu:.2f} | {size / 1e6:.1f} | {people:,} "
            f"| {peak:,.0f} |"
        )


if __name__ == "__main__":
    main()
