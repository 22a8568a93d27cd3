"""Every return Safeguard builds, described once: the command line and the analyst pages both read this table.

A return module registers a `ReturnKind` whose `build` takes keyword arguments (`year=` a CollectionYear for
annual returns, `as_of=` a date for Annex A, nothing else for the SSD export) and `progress=`, and gives back a
`ReturnOutput`: the files (name → bytes), the people it is about (for the export audit) and any findings the
builder made while reading the record (a child's data it had to leave out, say), each naming the child.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Progress = Callable[[str, int, int], None]

# The modules that register a return; importing one registers its kinds.
RETURN_MODULES = (
    "safeguard.returns.cin_census",
    "safeguard.returns.annex_a",
    "safeguard.returns.ssd",
    "safeguard.returns.ssda903",
)


@dataclass(frozen=True)
class Finding:
    child_id: int | None  # Person pk; None for file-level findings
    table: str  # the CSV table, the XML block or the Annex A list
    field: str
    message: str
    severity: Literal["error", "warning"] = "warning"


@dataclass
class ReturnOutput:
    files: dict[str, bytes]  # file name → content; one entry for a single-file return
    person_ids: set[int] = field(default_factory=set)  # the people the files are about
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class ReturnKind:
    key: str  # the command line's name: "cin-census"
    title: str
    period: Literal["year", "as_of", "none"]  # what a build is for: a collection year, a date, or now
    output: Literal["file", "directory"]
    suffix: str  # the single file's suffix (".xml", ".xlsx"); "" for a directory of files
    build: Callable[..., ReturnOutput]
    description: str = ""
    # Extra command-line options passed to `build` as keyword arguments: (flag, argparse keywords), e.g.
    # ("--with-previous", {"action": "store_true", "help": "..."}) arrives as with_previous=True.
    arguments: tuple[tuple[str, dict], ...] = ()


_kinds: dict[str, ReturnKind] = {}


def register(kind: ReturnKind) -> ReturnKind:
    _kinds[kind.key] = kind
    return kind


def return_kinds() -> list[ReturnKind]:
    for module in RETURN_MODULES:
        importlib.import_module(module)
    return list(_kinds.values())


def return_kind(key: str) -> ReturnKind:
    kinds = {kind.key: kind for kind in return_kinds()}
    if key not in kinds:
        raise KeyError(f"There is no return called '{key}': choose from {', '.join(sorted(kinds))}")
    return kinds[key]


def default_file_name(kind: ReturnKind, *, year=None, as_of: dt.date | None = None) -> str:
    stem = kind.key
    if year is not None:
        stem += f"-{year.label}"
    if as_of is not None:
        stem += f"-{as_of.isoformat()}"
    return stem + kind.suffix
