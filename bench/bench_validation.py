"""Benchmark the native CIN census validator against the DfE's reference validator, side by side in one run.

    .venv/bin/python bench/bench_validation.py --database-url postgres://postgres@127.0.0.1:5432/sg_bench \
        [--children 10000] [--national 700000] [--skip-reference] [--work DIR]

1. Builds the 2025-26 CIN census from the database (a generated big city: bench/bench_queues.py makes one) and cuts
   it to exactly --children children (repeating children under new LAchildIDs if the census has fewer).
2. Validates that file with the reference (`scripts/reference/run_cin_validator.py` in its own Python 3.11
   environment, `.venv-ref`, set up by `scripts/reference/setup.sh cin`) and with Safeguard
   (`safeguard returns validate cin-census --format json`), each in its own process, timing the whole process and
   reading its peak memory; then compares the (child, rule) pairs each reported, rule by rule. Rules in
   `REFERENCE_DIFFERS` (the reference's known bugs, docs/validation.md) are listed apart.
3. With --national N, writes an N-child file the same way and validates it with Safeguard only (the reference's
   ingest is quadratic: hours at that size), reporting time and peak memory against the issue's goal (60 s, 4 GB).

Repeated children keep their UPNs, so a repeated file also carries duplicate-UPN findings: real work for both
engines, and the same for both.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LETTERS = "ABDEFGHJKLMNPQRSTUVWXYZ"  # new first letters for repeated children's LAchildIDs (C is the original's)


def main() -> None:
    args = _arguments()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-validation-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "cin-source.xml"
    _build_source(args.database_url, source)
    sample = work / f"cin-{args.children}.xml"
    _resize(source, sample, args.children)
    print(f"{sample}: {args.children:,} children, {sample.stat().st_size / 1e6:.1f} MB", flush=True)

    native_seconds, native_mb, native = _native(sample)
    rows = [("Safeguard (native)", args.children, native_seconds, native["engine_seconds"], native_mb)]
    if not args.skip_reference:
        reference_seconds, reference_mb, reference = _reference(sample, work / "reference.json")
        rows.insert(0, ("reference (csc-validator-be-cin)", args.children, reference_seconds, reference["seconds"],
                        reference_mb))  # fmt: skip
        _agreement(native, reference)
        print(f"\nSpeed-up on {args.children:,} children: {reference_seconds / native_seconds:.0f}x process to "
              f"process, {reference['seconds'] / native['engine_seconds']:.0f}x reading and checking", flush=True)  # fmt: skip
    if args.national:
        national = work / f"cin-{args.national}.xml"
        _resize(source, national, args.national)
        print(f"{national}: {args.national:,} children, {national.stat().st_size / 1e6:.0f} MB", flush=True)
        seconds, peak, report = _native(national)
        rows.append(("Safeguard (native), national scale", args.national, seconds, report["engine_seconds"], peak))
        national.unlink()
    print("\n| validator | children | process s | reading and checking s | peak memory MB |\n|---|---:|---:|---:|---:|")
    for name, children, seconds, engine, peak in rows:
        print(f"| {name} | {children:,} | {seconds:.2f} | {engine:.2f} | {peak:,.0f} |")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a generated authority (e.g. bench_queues.py's)")
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--national", type=int, default=0, help="also validate an N-child file (Safeguard only)")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--work", help="folder for the files (default: a new temporary folder)")
    return parser.parse_args()


def _build_source(database_url: str, out: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [str(ROOT / ".venv/bin/safeguard"), "returns", "build", "cin-census", "--year", "2025-26", "--out"]
    subprocess.run([*command, str(out)], env=env, check=True, stderr=subprocess.DEVNULL)


def _resize(source: Path, out: Path, children: int) -> None:
    """The source's header and its first `children` children, repeated under new LAchildIDs when it has fewer."""
    from lxml import etree

    root = etree.parse(str(source)).getroot()
    header = root.find("Header")
    originals = root.find("Children").findall("Child")
    with out.open("wb") as handle:
        handle.write(b"<?xml version='1.0' encoding='utf-8'?>\n<Message>")
        handle.write(etree.tostring(header))
        handle.write(b"<Children>")
        for number in range(children):
            child = originals[number % len(originals)]
            round_ = number // len(originals)
            if round_:
                child = copy.deepcopy(child)
                identifier = child.find("ChildIdentifiers/LAchildID")
                identifier.text = (
                    LETTERS[(round_ - 1) % len(LETTERS)]
                    + identifier.text[1:]
                    + (str((round_ - 1) // len(LETTERS)) if round_ > len(LETTERS) else "")
                )
            handle.write(etree.tostring(child))
        handle.write(b"</Children></Message>")


def _timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a process under GNU time: its wall time and its own peak resident memory (MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name, *command], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        peak_kb = int(rss.read().split()[-1])
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    return seconds, peak_kb / 1024, result


def _native(path: Path) -> tuple[float, float, dict]:
    command = [str(ROOT / ".venv/bin/safeguard"), "returns", "validate", "cin-census", str(path), "--year", "2025-26"]
    seconds, peak, result = _timed([*command, "--format", "json"])
    report = json.loads(result.stdout)
    # The command says how long reading and checking took, without starting Python, Django and Polars.
    report["engine_seconds"] = float(result.stderr.rsplit("validated in ", 1)[1].split(" s")[0])
    print(f"Safeguard: {seconds:.2f} s in all, {report['engine_seconds']:.2f} s reading and checking; "
          f"{report['rules_run']} rules, {len(report['findings']):,} findings", flush=True)  # fmt: skip
    return seconds, peak, report


def _reference(path: Path, out: Path) -> tuple[float, float, dict]:
    runner = ROOT / "scripts/reference/run_cin_validator.py"
    seconds, peak, _ = _timed([str(ROOT / ".venv-ref/bin/python"), str(runner), str(path), "--json", str(out)])
    report = json.loads(out.read_text())
    print(f"reference: {seconds:.2f} s in all, {report['seconds']:.2f} s reading and checking; "
          f"{len(report['pairs']):,} (child, rule) pairs", flush=True)  # fmt: skip
    return seconds, peak, report


def _agreement(native: dict, reference: dict) -> None:
    from safeguard.validation.cin.rules_2025_26 import REFERENCE_DIFFERS, RULES

    ours, theirs = defaultdict(set), defaultdict(set)
    for finding in native["findings"]:
        ours[finding["code"]].add(finding["child"] or "(return)")
    for child, code in reference["pairs"]:
        theirs[code].add(child)
    for code in reference["authority"]:
        theirs[code].add("(return)")
    compared = [code for code in RULES.rules if code not in REFERENCE_DIFFERS]
    differing = [code for code in compared if ours[code] != theirs[code]]
    fired = [code for code in compared if ours[code] or theirs[code]]
    print(f"\nAgreement: {len(compared) - len(differing)} of {len(compared)} rules report the same children "
          f"({len(fired)} of them fired on this file); {len(REFERENCE_DIFFERS)} rules where the reference is known "
          "to differ are not compared")  # fmt: skip
    for code in differing:
        print(f"  {code}: Safeguard {len(ours[code])} children, reference {len(theirs[code])}; "
              f"only Safeguard {sorted(ours[code] - theirs[code])[:5]}, only reference "
              f"{sorted(theirs[code] - ours[code])[:5]}")  # fmt: skip
    for code in sorted(REFERENCE_DIFFERS):
        print(f"  (known) {code}: Safeguard {len(ours[code])} children, reference {len(theirs[code])}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    main()
