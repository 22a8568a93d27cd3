"""Batched writes of plain tuples: COPY on PostgreSQL, bulk_create elsewhere.

Stages describe rows as tuples in a fixed column order, so the plan (not millions of ORM instances) holds
the data. On PostgreSQL rows are streamed with COPY, and where later stages need primary keys they are taken
from the table's own identity sequence first (so interactive inserts afterwards carry on from there). On other
databases (SQLite) the tuples become model instances and go through bulk_create, which returns keys on
SQLite ≥ 3.35. Either way simple-history and signals are bypassed: generated rows have no history.
Columns a stage does not give are filled with the field's default, so a field added later with a default
does not break generation; one without a default makes the writer fail loudly.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

from django.db import connection, models

from safeguard.chronology.models import Event

BATCH_SIZE = 4000
COPY_BATCH_SIZE = 50_000


def batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Table:
    """One model's rows as tuples in `columns` order (attnames, e.g. "child_id")."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{model._meta.label} has no columns {sorted(unknown)}")
        rest = [fields[name] for name in fields if name not in columns]
        missing = [f.attname for f in rest if not f.has_default() and not f.null and not _automatic(f)]
        if missing:
            raise ValueError(f"The generator gives no value for {model._meta.label} {missing}")
        self.columns = list(columns) + [f.attname for f in rest]
        self.filler = tuple(_default(f) for f in rest)

    def insert(self, rows: Iterable[tuple]) -> int:
        """Write rows whose primary keys nobody needs later."""
        written = 0
        for batch in batches(rows, COPY_BATCH_SIZE if _copying() else BATCH_SIZE):
            self._write(batch, with_keys=False)
            written += len(batch)
        return written

    def insert_returning_keys(self, rows: Iterable[tuple]) -> list[int]:
        keys: list[int] = []
        for batch in batches(rows, COPY_BATCH_SIZE if _copying() else BATCH_SIZE):
            keys += self._write(batch, with_keys=True)
        return keys

    def _write(self, batch: list[tuple], *, with_keys: bool) -> list[int]:
        if self.filler:
            batch = [row + self.filler for row in batch]
        if connection.vendor == "postgresql":
            return self._copy(batch, with_keys)
        if connection.vendor == "sqlite":
            return self._executemany(batch)
        objects = [self.model(**dict(zip(self.columns, row, strict=True))) for row in batch]
        with _given_timestamps(self.model):
            self.model.objects.bulk_create(objects)
        return [obj.pk for obj in objects] if with_keys else []

    def _copy(self, batch: list[tuple], with_keys: bool) -> list[int]:
        """COPY the batch; keys come from the table's own identity sequence, so later inserts carry on."""
        table = self.model._meta.db_table
        quote = connection.ops.quote_name
        columns = [quote(c) for c in self.columns]
        keys: list[int] = []
        with connection.cursor() as cursor:
            if with_keys:
                pk = self.model._meta.pk.column
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, pk, len(batch)],
                )
                keys = [row[0] for row in cursor.fetchall()]
                columns.insert(0, quote(pk))
                batch = [(key, *row) for key, row in zip(keys, batch, strict=True)]
            with cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
        return keys

    def _executemany(self, batch: list[tuple]) -> list[int]:
        """SQLite: explicit keys after the highest used (the write transaction holds the database's lock)."""
        table = self.model._meta.db_table
        quote = connection.ops.quote_name
        pk = self.model._meta.pk.column
        adapters = self._sqlite_adapters()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")
            first = (cursor.fetchone()[0] or 0) + 1
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            used = cursor.fetchone()
            first = max(first, (used[0] if used else 0) + 1)
            keys = list(range(first, first + len(batch)))
            rows = [
                (key, *(adapt(value) if adapt else value for adapt, value in zip(adapters, row, strict=True)))
                for key, row in zip(keys, batch, strict=True)
            ]
            columns = ", ".join(quote(c) for c in [pk, *self.columns])
            placeholders = ", ".join(["%s"] * (len(self.columns) + 1))
            cursor.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})", rows)
        return keys

    def _sqlite_adapters(self) -> list:
        """Django's own conversion for the column types sqlite3 cannot take as they are."""
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        adapters = []
        for name in self.columns:
            field = fields[name]
            needs = field.get_internal_type() in {"DateField", "DateTimeField", "DecimalField", "TimeField"}
            adapters.append(partial(field.get_db_prep_save, connection=connection) if needs else None)
        return adapters


def _copying() -> bool:
    return connection.vendor == "postgresql"


def _automatic(field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _default(field):
    if _automatic(field):
        from django.utils import timezone

        return timezone.now()
    return field.get_default()


@contextmanager
def _given_timestamps(model: type[models.Model]) -> Iterator[None]:
    """bulk_create keeps the timestamps we give (e.g. recorded_at = when received), not auto_now's "now"."""
    fields = [f for f in model._meta.concrete_fields if _automatic(f)]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


EVENT_TABLE_COLUMNS = [
    "child_id",
    "occurred_at",
    "recorded_at",
    "category",
    "kind",
    "summary",
    "detail",
    "actor_id",
    "source_model",
    "source_id",
]


class EventLog:
    """Chronology events, buffered and written in batches; `recorded_at` is when the event happened."""

    def __init__(self, actor) -> None:
        self.actor_id = actor.pk
        self.table = Table(Event, EVENT_TABLE_COLUMNS)
        self.buffer: list[tuple] = []
        self.written = 0

    def add(self, *, child_pk: int, at: dt.datetime, category: str, kind: str, summary: str, source: str,
            source_pk: int, detail: str = "") -> None:  # fmt: skip
        self.buffer.append((child_pk, at, at, category, kind, summary[:300], detail, self.actor_id, source, source_pk))
        if len(self.buffer) >= COPY_BATCH_SIZE:
            self.flush()

    def flush(self) -> int:
        if self.buffer:
            self.written += self.table.insert(self.buffer)
            self.buffer = []
        return self.written
