"""A statutory return built from the analyst pages: the request, its progress, the files and the findings.

The files are kept in the database (gzip-compressed), not under MEDIA_ROOT: they are personal data about thousands
of children, so they live under the same access control, backup and retention as the record itself; a build's row
and its files are written in one transaction, so a build is never "done" without its files; and several app
servers need no shared disk. A CIN census for a big city is a few megabytes of XML and compresses about tenfold;
the SSD export (≈ 370 MB of CSV for a big city) compresses about elevenfold, to ≈ 34 MB.
Files are compressed from disk in chunks (services.py) and downloads decompress as they stream (`chunks()`), so
neither ever holds a whole uncompressed file in memory.
"""

from __future__ import annotations

import datetime as dt
import gzip
import mimetypes
import zlib
from collections.abc import Iterator

from django.db import models
from django.utils import timezone

from .years import CollectionYear


class ReturnBuild(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50)  # the registry key: "cin-census"
    title = models.CharField(max_length=200)  # the kind's title when requested (kinds may be renamed later)
    year_start = models.PositiveSmallIntegerField(null=True, blank=True)  # 2025 for the collection year 2025-26
    as_of = models.DateField(null=True, blank=True)
    options = models.JSONField(default=dict, blank=True)  # the kind's extra arguments, as typed on the form
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="return_builds")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=200, blank=True)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Touched by every progress call and, while a background build runs, every few seconds: a build whose
    # heartbeat has stopped was left behind by a server that stopped (services.return_builds_abandon_stale).
    heartbeat_at = models.DateTimeField(default=timezone.now)
    runner = models.CharField(max_length=200, blank=True)  # host and process that ran it, for diagnosis
    error = models.TextField(blank=True)
    person_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "requested_at"]), models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.title} {self.period_label}".strip()

    @property
    def year(self) -> CollectionYear | None:
        return CollectionYear(self.year_start) if self.year_start is not None else None

    @property
    def period_label(self) -> str:
        if self.year_start is not None:
            return self.year.label
        if self.as_of is not None:
            return f"as at {self.as_of.day} {self.as_of:%b %Y}"
        return ""

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.steps_total:
            return 0
        return min(100, round(100 * self.steps_done / self.steps_total))

    @property
    def duration(self) -> dt.timedelta | None:
        if self.started_at is None:
            return None
        return (self.finished_at or timezone.now()) - self.started_at


class ReturnBuildFile(models.Model):
    build = models.ForeignKey(ReturnBuild, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()  # uncompressed bytes
    content = models.BinaryField()  # gzip-compressed

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["build", "name"], name="return_file_name_unique_per_build")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def of(cls, *, build: ReturnBuild, name: str, data: bytes) -> ReturnBuildFile:
        return cls(build=build, name=name, size=len(data), content=gzip.compress(data, compresslevel=6))

    def data(self) -> bytes:
        return gzip.decompress(bytes(self.content))

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The uncompressed file in pieces of at most about `size` bytes, decompressed as they are read."""
        content = memoryview(self.content)
        unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip framing
        for start in range(0, len(content), size):
            data = content[start : start + size]
            while data:
                piece = unpacker.decompress(data, size)
                if piece:
                    yield piece
                data = unpacker.unconsumed_tail
        tail = unpacker.flush()
        if tail:
            yield tail

    @property
    def content_type(self) -> str:
        guessed, _ = mimetypes.guess_type(self.name)
        return guessed or "application/octet-stream"


class ReturnBuildPerson(models.Model):
    """The people a build's files are about: a download is an export of exactly these people."""

    build = models.ForeignKey(ReturnBuild, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["build", "person"], name="return_person_unique_per_build")]


class ReturnFinding(models.Model):
    """Something the builder noticed while reading the record: a child's data it left out or had to question."""

    class Severity(models.TextChoices):
        ERROR = "error", "Error"
        WARNING = "warning", "Warning"

    build = models.ForeignKey(ReturnBuild, on_delete=models.CASCADE, related_name="findings")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    table = models.CharField(max_length=100)
    field = models.CharField(max_length=100, blank=True)
    message = models.TextField()
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.WARNING)

    class Meta:
        ordering = ["severity", "table", "field", "pk"]  # "error" sorts before "warning"
        indexes = [models.Index(fields=["build", "severity"])]

    def __str__(self) -> str:
        return f"{self.table}.{self.field}: {self.message}"
