"""Every return Safeguard builds, described once: the command line and the analyst pages both read this table.

A return module registers a `ReturnKind` whose `build` takes keyword arguments (`year=` a CollectionYear for
annual returns, `as_of=` a date for Annex A, nothing else for the SSD export) and `progress=`, and gives back a
`ReturnOutput`: the files, the people it is about (for the export audit) and any findings the builder made while
reading the record (a child's data it had to leave out, say), each naming the child.

Files are bytes in memory (name → bytes) for the small returns. A kind registered with `writes_to_directory=True`
also takes `directory=` (an existing, empty folder) and streams its files there as it builds, handing back their
paths (name → Path) instead: the SSD export is hundreds of megabytes, which should never sit in memory. Whoever
calls `build` reads either through `ReturnOutput.open`, `.size` and `.read`, so both shapes work everywhere.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

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
    # file name → its content in memory, or the path of the file the build wrote; one entry for a single-file return
    files: dict[str, bytes | Path]
    person_ids: set[int] = field(default_factory=set)  # the people the files are about
    findings: list[Finding] = field(default_factory=list)

    def open(self, name: str) -> BinaryIO:
        """The file for reading, wherever it is (close it after use)."""
        content = self.files[name]
        return content.open("rb") if isinstance(content, Path) else io.BytesIO(content)

    def size(self, name: str) -> int:
        content = self.files[name]
        return content.stat().st_size if isinstance(content, Path) else len(content)

    def read(self, name: str) -> bytes:
        """The whole file in memory: for tests and small files only."""
        content = self.files[name]
        return content.read_bytes() if isinstance(content, Path) else content

    def write_to(self, directory: Path) -> None:
        """Put every file in `directory` (files already there, written by the build, stay where they are)."""
        for name, content in self.files.items():
            target = directory / name
            if isinstance(content, Path):
                if content.resolve() != target.resolve():
                    shutil.copyfile(content, target)
            else:
                target.write_bytes(content)


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
    # True: `build` also takes `directory=` (an existing empty folder) and writes its files there as it goes.
    writes_to_directory: bool = False


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
