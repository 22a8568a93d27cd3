"""The Standard Safeguarding Dataset (SSD) export: one CSV per SSD table, headed by the SSD's own field names.

The SSD (Data to Insight, funded by the DfE; data-to-insight/ssd-data-model) is the sector's child-level model of
children's social care. Exporting Safeguard's record in its shape means any analyst who knows the SSD can read
Safeguard's data, and the SSD's tools (CIN census, SSDA903, Annex A builders) can run on it.

    safeguard returns build ssd --out ssd-export/

Each table is streamed to its own file as it is read (never the whole export in memory). On PostgreSQL the tables
that are straight column mappings are written by the database itself, `COPY (SELECT ...) TO STDOUT WITH (FORMAT
csv)` with the values formatted in SQL (`copy.py`); every other table, and every table on SQLite, is read
set-based and written row by row with the csv module (see `core.py`; the mapping is `tables.py`). Both paths write
the same bytes for the same data (tests compare them). `ssd_export_manifest.csv` lists every file with its row
count, the fields Safeguard does not hold and how it was written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import BinaryIO

from django.db import connection
from django.utils import timezone

from ..registry import Finding, Progress, ReturnKind, ReturnOutput, register
from .copy import COPY_SQL, copy_rows, without_jit
from .core import Context, Table
from .tables import ssd_tables

MANIFEST = "ssd_export_manifest.csv"
MANIFEST_FIELDS = ["table", "file", "rows", "fields", "fields_not_held", "note", "written_by", "seconds",
                   "generated_at"]  # fmt: skip
LINE_END = "\n"  # one line ending for both paths: PostgreSQL's CSV writes "\n"


def csv_line(values: list[str]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=LINE_END).writerow(values)
    return buffer.getvalue().encode("utf-8")


def write_rows(table: Table, context: Context, out: BinaryIO) -> int:
    """The table's rows (no header) as UTF-8 CSV into `out`, through the csv module; returns the row count."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    count = 0

    def counted() -> Iterator[list[str]]:
        nonlocal count
        values = table.values
        for row in table.rows(context):
            count += 1
            yield values(row)

    csv.writer(text, lineterminator=LINE_END).writerows(counted())
    text.flush()
    text.detach()  # leave `out` open for the caller
    return count


def write_table(table: Table, context: Context) -> tuple[bytes, int]:
    """The table as UTF-8 CSV bytes (header first), and its row count, by the portable path."""
    out = io.BytesIO()
    out.write(csv_line(table.header))
    count = write_rows(table, context, out)
    return out.getvalue(), count


def copies() -> bool:
    """Whether this database can write tables itself (PostgreSQL's COPY)."""
    return connection.vendor == "postgresql"


def ssd_build(
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    directory: Path | None = None,
    use_copy: bool | None = None,
    parallel: bool | None = None,
) -> ReturnOutput:
    """Every SSD table from the live record, plus the manifest.

    With `directory` each file is streamed into it and the output names the paths; without, the files are bytes in
    memory (small authorities, tests). `use_copy` forces (True) or forbids (False) PostgreSQL's COPY for the tables
    that have it; by default it is used whenever the database is PostgreSQL.

    `parallel`: the COPY tables are written by a second thread on its own connection while this one writes the
    Python tables, so the database server and Python work at the same time (two cores: about the longer of the two
    instead of their sum). By default whenever COPY is used outside a transaction: inside one (a test) the second
    connection could not see uncommitted rows. Each query reads its own snapshot either way, as before."""
    report = progress or (lambda step, done, total: None)
    context = Context(today)
    copying = copies() if use_copy is None else use_copy
    context.generated_at = timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    tables = ssd_tables(context)
    files: dict[str, bytes | Path] = {}
    manifest = io.StringIO(newline="")
    writer = csv.DictWriter(manifest, MANIFEST_FIELDS, lineterminator=LINE_END)
    writer.writeheader()
    if parallel is None:
        parallel = copying and not connection.in_atomic_block
    by_database = [table for table in tables if copying and table.name in COPY_SQL] if parallel else []
    rows: dict[str, dict] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ssd-copy") as pool:
        copied = pool.submit(_write_in_own_connection, by_database, context, directory, files) if by_database else None
        with without_jit() if copying else nullcontext():
            elsewhere = {table.name for table in by_database}
            for done, table in enumerate(table for table in tables if table.name not in elsewhere):
                report(f"Writing {table.name}", done, len(tables))
                rows[table.name] = _write(table, context, directory, files, copying)
        if copied is not None:
            report("Waiting for the tables PostgreSQL writes", len(rows), len(tables))
            rows |= copied.result()
    for table in tables:
        writer.writerow(rows[table.name])
    files = {name: files[name] for name in (f"{table.name}.csv" for table in tables)}  # in the SSD's order
    content = manifest.getvalue().encode("utf-8")
    if directory:
        (directory / MANIFEST).write_bytes(content)
        files[MANIFEST] = directory / MANIFEST
    else:
        files[MANIFEST] = content
    report("Done", len(tables), len(tables))
    return ReturnOutput(files=files, person_ids=_people(), findings=_findings(context))


def _write_in_own_connection(tables: list[Table], context: Context, directory: Path | None, files: dict) -> dict:
    """In the second thread: the COPY tables, one after another, on this thread's own connection (closed after)."""
    try:
        with without_jit():
            return {table.name: _write(table, context, directory, files, True) for table in tables}
    finally:
        connection.close()


def _write(table: Table, context: Context, directory: Path | None, files: dict, copying: bool) -> dict:
    """Write one table (into `directory`, or into memory) and return its manifest row."""
    started = time.perf_counter()
    name = f"{table.name}.csv"
    copy_sql = COPY_SQL.get(table.name) if copying else None
    out: BinaryIO = (directory / name).open("wb", buffering=1 << 20) if directory else io.BytesIO()
    try:
        out.write(csv_line(table.header))
        rows = copy_rows(copy_sql(context), out) if copy_sql else write_rows(table, context, out)
        files[name] = directory / name if directory else out.getvalue()
    finally:
        out.close()
    return {
        "table": table.name, "file": name, "rows": rows, "fields": len(table.header),
        "fields_not_held": " ".join(table.not_held), "note": table.note, "written_by": "copy" if copy_sql else "python",
        "seconds": f"{time.perf_counter() - started:.2f}", "generated_at": context.generated_at,
    }  # fmt: skip


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


def _build_return(*, progress: Progress | None = None, directory: Path | None = None) -> ReturnOutput:
    return ssd_build(progress=progress, directory=directory)


register(
    ReturnKind(
        key="ssd",
        title="Standard Safeguarding Dataset",
        period="none",
        output="directory",
        suffix="",
        build=_build_return,
        description="The Standard Safeguarding Dataset: one CSV per SSD table with the SSD's field names.",
        writes_to_directory=True,
    )
)
