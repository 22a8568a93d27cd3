"""What both imports share: reading coded values and dates, and writing rows that say who imported them.

Imported rows are written in bulk (a 10,000-child census would otherwise take a query per record), each with
its change-history row naming the importing user and the file ("Imported from cin-2025-26.xml"), and a
chronology event on the day the thing happened, in the same kinds the services write, so the child's
chronology reads as if the record had been kept here all along.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from safeguard.chronology.models import Event
from safeguard.people.models import Person
from safeguard.people.search import phonetic_key

BATCH_SIZE = 2000
# Neither return carries names: a child the record does not know yet is created under this name, with the
# LAchildID as the surname, so they can be found and renamed from the child's page.
NAME_NOT_RECORDED = "Name not recorded"


def new_child(la_id: str, **fields) -> Person:
    """An unsaved Person for a child first met in an imported file."""
    return Person(kind=Person.Kind.CHILD, la_person_id=la_id, first_name=NAME_NOT_RECORDED, last_name=la_id,
                  first_name_key=phonetic_key(NAME_NOT_RECORDED), last_name_key=phonetic_key(la_id), **fields)  # fmt: skip


def has_history(model: type[models.Model]) -> bool:
    return hasattr(model, "history")


class ImportWriter:
    """Creates and updates rows on behalf of one import: the user, the file, one change reason."""

    def __init__(self, *, imported_by, source_name: str) -> None:
        self.user = imported_by
        self.source_name = source_name
        self.reason = f"Imported from {source_name}"
        self.events: list[Event] = []

    def create(self, model: type[models.Model], objs: list) -> list:
        """Insert `objs` (primary keys filled in), with a history row each where the model keeps history."""
        if not objs:
            return objs
        if has_history(model):
            return bulk_create_with_history(
                objs, model, batch_size=BATCH_SIZE, default_user=self.user, default_change_reason=self.reason
            )
        return model.objects.bulk_create(objs, batch_size=BATCH_SIZE)

    def update(self, obj: models.Model, changes: dict) -> bool:
        """Apply `changes` to an existing row and save it (with history) if anything differs."""
        changed = {name: value for name, value in changes.items() if getattr(obj, name) != value}
        if not changed:
            return False
        for name, value in changed.items():
            setattr(obj, name, value)
        if hasattr(obj, "version"):
            obj.version += 1
        obj._change_reason = self.reason
        obj._history_user = self.user
        obj.save()
        return True

    def event(self, *, child_id: int, day: dt.date | None, category: str, kind: str, summary: str, source=None):
        """A chronology event on the day it happened (now for the import itself), by the importing user."""
        at = timezone.now() if day is None else timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        self.events.append(
            Event(
                child_id=child_id,
                occurred_at=at,
                category=category,
                kind=kind,
                summary=summary[:300],
                detail=f"{self.reason} by {self.user_label}",
                actor=self.user,
                source_model=source._meta.label_lower if source is not None else "",
                source_id=source.pk if source is not None else None,
            )
        )

    @property
    def user_label(self) -> str:
        if self.user is None:
            return "the command line"
        return self.user.get_full_name() or self.user.get_username()

    def flush_events(self) -> int:
        Event.objects.bulk_create(self.events, batch_size=BATCH_SIZE)
        written = len(self.events)
        self.events = []
        return written


@functools.cache
def codes(choices: type[models.TextChoices]) -> frozenset[str]:
    """The codes of a code list (`TextChoices.values` builds a new list on every call: too slow per cell)."""
    return frozenset(choices.values)


def pks(rows) -> list[int]:
    """Primary keys to filter on (a list of model instances makes Django build a much slower lookup)."""
    return [row.pk for row in rows if row.pk is not None]


def group_by(rows, key) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped
