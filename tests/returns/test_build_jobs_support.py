"""Returns made up for the build-job and page tests (no tests here): one per kind of period, whose builders
report progress, look at their own build row while running, and can be told to fail or to name people.

They are registered in the real registry for one test at a time (`fake_returns` fixture), so the pages under test
are the generic ones every real return uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from safeguard.returns import registry
from safeguard.returns.models import ReturnBuild
from safeguard.returns.registry import Finding, ReturnKind, ReturnOutput

STEPS = ("Reading the record", "Checking", "Writing the files")


@dataclass
class FakeBehaviour:
    person_ids: set[int] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    fail_with: Exception | None = None
    fail_at_step: int = 1
    calls: list[dict] = field(default_factory=list)  # the keyword arguments each build received
    seen_rows: list[tuple] = field(default_factory=list)  # (status, step, done, total) read back while running

    def builder(self, files: dict[str, bytes]):
        def build(*, progress, **arguments) -> ReturnOutput:
            self.calls.append(arguments)
            for done, step in enumerate(STEPS):
                if self.fail_with is not None and done == self.fail_at_step:
                    raise self.fail_with
                progress(step, done, len(STEPS))
                row = ReturnBuild.objects.order_by("-pk").values_list("status", "step", "steps_done", "steps_total")
                self.seen_rows.append(row[0])
            progress("Done", len(STEPS), len(STEPS))
            return ReturnOutput(files=dict(files), person_ids=set(self.person_ids), findings=list(self.findings))

        return build


@pytest.fixture
def fake_returns(monkeypatch) -> FakeBehaviour:
    behaviour = FakeBehaviour()
    kinds = [
        ReturnKind(
            key="test-yearly",
            title="Yearly test return",
            period="year",
            output="directory",
            suffix="",
            build=behaviour.builder(
                {"header.csv": b"CHILD,SEX\n1,M\n", "episodes.csv": b"CHILD,DECOM\n1,01/04/2025\n"}
            ),
            description="A yearly return made of two tables.",
            arguments=(
                ("--with-previous", {"action": "store_true", "help": "Include last year's tables"}),
                ("--sample", {"type": int, "help": "Sample size", "default": 10}),
            ),
        ),
        ReturnKind(
            key="test-as-of",
            title="Dated test return",
            period="as_of",
            output="file",
            suffix=".xlsx",
            build=behaviour.builder({"lists.xlsx": b"PK-not-really-a-workbook"}),
        ),
        ReturnKind(
            key="test-now",
            title="Current test return",
            period="none",
            output="file",
            suffix=".csv",
            build=behaviour.builder({"now.csv": b"a,b\n"}),
        ),
    ]
    for kind in kinds:
        monkeypatch.setitem(registry._kinds, kind.key, kind)
    return behaviour


@pytest.fixture(autouse=True)
def _builds_run_inline(settings):
    settings.RETURN_BUILDS_IN_BACKGROUND = False
