"""What an import found and did: every problem (where, which child, which field, why) and the counts.

An import reads the whole file first and collects every problem; if there is any, it writes nothing and the
report lists them all. Otherwise it writes everything in one transaction and the report says what it created
and updated, table by table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Problem:
    where: str  # file and line ("Episodes.csv line 14") or XML element path ("/Message/Children/Child[3]/...")
    child: str  # the LAchildID / CHILD the row is about ("" for file-level problems)
    field: str  # the element or column
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        about = f" child {self.child}" if self.child else ""
        label = "warning" if self.severity == "warning" else "error"
        return f"{label}: {self.where}{about} {self.field}: {self.message}"


@dataclass
class ImportReport:
    kind: str  # "CIN census", "SSDA903"
    source: str  # the file or folder imported
    problems: list[Problem] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)  # table label → rows created
    updated: Counter = field(default_factory=Counter)  # table label → rows changed
    seen: Counter = field(default_factory=Counter)  # table label → rows in the file

    def problem(self, where: str, child: str, field_name: str, message: str, *, warning: bool = False) -> None:
        self.problems.append(Problem(where, child, field_name, message, "warning" if warning else "error"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def summary_line(self) -> str:
        """One line: why the import was refused, or what it did."""
        if not self.ok:
            count = len(self.errors)
            first = self.errors[0]
            return (
                f"{self.kind} import of {self.source} refused: {count} problem{'s' if count != 1 else ''}, "
                f"nothing was written (first: {first.where} {first.field}: {first.message})"
            )
        if not self.changed:
            return f"{self.kind} import of {self.source}: nothing to change (already imported)"
        created = sum(self.created.values())
        updated = sum(self.updated.values())
        return f"{self.kind} import of {self.source}: {created:,} records created, {updated:,} updated"

    def lines(self) -> list[str]:
        """The full report, one line per problem and one per table."""
        lines = [self.summary_line()]
        lines += [f"  {problem}" for problem in self.problems]
        for label in self.seen:
            lines.append(
                f"  {label}: {self.seen[label]:,} in the file, {self.created[label]:,} created, "
                f"{self.updated[label]:,} updated"
            )
        return lines

    def text(self) -> str:
        return "\n".join(self.lines()) + "\n"


class ImportRefused(Exception):
    """Raised inside the import's transaction so that a file with problems writes nothing."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.summary_line())
        self.report = report
