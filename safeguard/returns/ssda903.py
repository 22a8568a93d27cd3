"""The SSDA903 return (children looked after): every table for a collection year, as a folder of CSV files.

    safeguard returns build ssda903 --year 2025-26 --out ssda903-2025-26/ [--with-previous]

`--with-previous` also writes the previous year's tables (`header_last.csv`, ...), built the same way from the
same record, so the reference validator's rules comparing this year with last year can run. What each table
includes and how each column is derived: `ssda903_core.py`, `ssda903_tables.py` and docs/returns/ssda903.md.
"""

from __future__ import annotations

from . import ssda903_tables as tables
from .registry import Progress, ReturnKind, ReturnOutput, register
from .ssda903_core import (
    FILE_NAMES,
    PREVIOUS_SUFFIX,
    Return,
    build_header,
    collect_episodes,
    read_children,
    tables_for,
    to_csv,
    uasc_children,
)
from .years import CollectionYear

STEPS = 12  # progress steps per year built


def ssda903_build(*, year: CollectionYear, progress: Progress | None = None) -> Return:
    """Every SSDA903 table for `year`, from the live record."""
    report = progress or (lambda step, done, total: None)
    ret = Return(year)
    report("Episodes", 0, STEPS)
    uasc = uasc_children(year)
    episodes = collect_episodes(ret, uasc)
    report("Care leavers (OC3)", 1, STEPS)
    oc3 = tables.oc3_records(year)
    read_children(ret, ret.looked_after | {child_id for child_id, *_ in oc3})
    for child_id, row in sorted(episodes, key=lambda item: (ret.children[item[0]].la_id, item[1]["DECOM"])):
        ret.add("Episodes", child_id, **row)
    report("Header", 2, STEPS)
    build_header(ret)
    steps = [
        ("Reviews", tables.build_reviews),
        ("UASC", lambda r: tables.build_uasc(r, uasc)),
        ("OC2", tables.build_oc2),
        ("OC3", lambda r: tables.build_oc3(r, oc3)),
        ("AD1", tables.build_ad1),
        ("PlacedAdoption", tables.build_placed_adoption),
        ("PrevPerm", tables.build_previous_permanence),
        ("Missing", tables.build_missing),
        ("SWEpisodes", tables.build_sw_episodes),
    ]
    if "DoLo" in tables_for(year):
        steps.append(("DoLo", tables.build_dolo))
    for done, (name, build) in enumerate(steps, start=3):
        report(name, done, STEPS)
        build(ret)
    report("Done", STEPS, STEPS)
    return ret


def ssda903_files(ret: Return, *, suffix: str = "") -> dict[str, bytes]:
    """{file name: CSV bytes} for every table collected in the return's year, empty ones included."""
    return {
        FILE_NAMES[table].replace(".csv", f"{suffix}.csv"): to_csv(table, ret.rows.get(table, []))
        for table in tables_for(ret.year)
    }


def _build_return(*, year: CollectionYear, with_previous: bool = False, progress: Progress | None = None):
    report = progress or (lambda step, done, total: None)
    years = [year, CollectionYear(year.first_year - 1)] if with_previous else [year]
    files: dict[str, bytes] = {}
    people: set[int] = set()
    findings = []
    for index, built_year in enumerate(years):
        label = "" if index == 0 else f" ({built_year.label})"

        def step(name: str, done: int, total: int, *, offset=index * STEPS, label=label) -> None:
            report(name + label, offset + done, total * len(years))

        ret = ssda903_build(year=built_year, progress=step)
        files.update(ssda903_files(ret, suffix="" if index == 0 else PREVIOUS_SUFFIX))
        people |= set(ret.children)
        if index == 0:
            findings = ret.findings
    return ReturnOutput(files=files, person_ids=people, findings=findings)


register(
    ReturnKind(
        key="ssda903",
        title="SSDA903 children looked after",
        period="year",
        output="directory",
        suffix="",
        build=_build_return,
        description="The DfE's annual SSDA903 return (children looked after), one CSV per table, for a collection year.",
        arguments=(
            (
                "--with-previous",
                {
                    "action": "store_true",
                    "help": "also write the previous year's tables (*_last.csv) for the validator's year-on-year rules",
                },
            ),
        ),
    )
)
