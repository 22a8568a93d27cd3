"""The Standard Safeguarding Dataset (SSD) export: one CSV per SSD table, headed by the SSD's own field names.

The SSD (Data to Insight, funded by the DfE; data-to-insight/ssd-data-model) is the sector's child-level model of
children's social care. Exporting Safeguard's record in its shape means any analyst who knows the SSD can read
Safeguard's data, and the SSD's tools (CIN census, SSDA903, Annex A builders) can run on it.

    safeguard returns build ssd --out ssd-export/

Each table is read set-based and written row by row with the csv module (see `core.py`; the mapping is
`tables.py`). `ssd_export_manifest.csv` lists every file with its row count and the fields Safeguard does not hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time

from django.utils import timezone

from ..registry import Finding, Progress, ReturnKind, ReturnOutput, register
from .core import Context, Table
from .tables import ssd_tables

MANIFEST = "ssd_export_manifest.csv"
MANIFEST_FIELDS = ["table", "file", "rows", "fields", "fields_not_held", "note", "seconds", "generated_at"]


def write_table(table: Table, context: Context) -> tuple[bytes, int]:
    """The table as UTF-8 CSV bytes (header first), and its row count."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(table.header)
    count = 0
    for row in table.rows(context):
        writer.writerow(table.values(row))
        count += 1
    return buffer.getvalue().encode("utf-8"), count


def ssd_build(*, today: dt.date | None = None, progress: Progress | None = None) -> ReturnOutput:
    """Every SSD table from the live record, plus the manifest."""
    report = progress or (lambda step, done, total: None)
    context = Context(today)
    generated_at = timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    tables = ssd_tables(context)
    files: dict[str, bytes] = {}
    manifest = io.StringIO(newline="")
    writer = csv.DictWriter(manifest, MANIFEST_FIELDS)
    writer.writeheader()
    for done, table in enumerate(tables):
        report(f"Writing {table.name}", done, len(tables))
        started = time.perf_counter()
        content, rows = write_table(table, context)
        name = f"{table.name}.csv"
        files[name] = content
        writer.writerow({
            "table": table.name, "file": name, "rows": rows, "fields": len(table.header),
            "fields_not_held": " ".join(table.not_held), "note": table.note,
            "seconds": f"{time.perf_counter() - started:.2f}", "generated_at": generated_at,
        })  # fmt: skip
    files[MANIFEST] = manifest.getvalue().encode("utf-8")
    report("Done", len(tables), len(tables))
    return ReturnOutput(files=files, person_ids=_people(), findings=_findings(context))


def _people() -> set[int]:
    from safeguard.people.models import Person

    return set(Person.objects.filter(kind=Person.Kind.CHILD).values_list("pk", flat=True))


def _findings(context: Context) -> list[Finding]:
    """Placements that fall outside every derived episode (dated outside their period of care) cannot be linked to
    an episode: say so, naming the child, rather than leave a silent gap."""
    from safeguard.lac.models import Placement

    linked = context.placement_first_episode
    return [
        Finding(child_id, "ssd_cla_placement", "clap_cla_episode_id",
                f"Placement {pk} starting {start:%d/%m/%Y} lies outside its period of care, so no episode links to it")
        for pk, child_id, start in Placement.objects.order_by("pk").values_list("pk", "child_id", "start_date")
        if pk not in linked
    ]  # fmt: skip


def _build_return(*, progress: Progress | None = None) -> ReturnOutput:
    return ssd_build(progress=progress)


register(
    ReturnKind(
        key="ssd",
        title="Standard Safeguarding Dataset",
        period="none",
        output="directory",
        suffix="",
        build=_build_return,
        description="The Standard Safeguarding Dataset: one CSV per SSD table with the SSD's field names.",
    )
)
