"""The machinery of the SSD export: a table is a set-based read plus a declarative field → source mapping.

A `Table` names its SSD table, a `rows(context)` function that reads the record set-based (a few queries, rows as
dicts, never a query per child) and `fields`, the SSD field names in the SSD's order, each mapped to its source:

- a string: the key in the row dict (usually a Django `values()` lookup such as "child__la_person_id");
- a callable: `source(row)` for a value derived from the row (a label, a JSON outcome, a Y/N flag);
- `NOT_HELD`: Safeguard does not record this field, so the column is present and empty (listed in the docs and the
  manifest).

`cell()` turns every value into the CSV text: dates ISO 8601, date-times local `YYYY-MM-DD HH:MM:SS`, booleans Y/N,
dicts and lists as JSON (UTF-8, not ASCII-escaped), nothing as an empty string. On PostgreSQL most tables are
written by `copy.py` instead, whose SQL formats values exactly as `cell()` does.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import F, TextChoices
from django.utils import timezone


class _NotHeld:
    def __repr__(self) -> str:
        return "NOT_HELD"


NOT_HELD: Any = _NotHeld()

Row = dict[str, Any]
Source = str | Callable[[Row], Any] | _NotHeld


@dataclass(frozen=True)
class Table:
    name: str
    rows: Callable[[Context], Iterable[Row]]
    fields: dict[str, Source]
    note: str = ""  # why the table is empty or how it is derived, for the docs and the manifest

    @property
    def header(self) -> list[str]:
        return list(self.fields)

    @property
    def not_held(self) -> list[str]:
        return [name for name, source in self.fields.items() if source is NOT_HELD]

    def values(self, row: Row) -> list[str]:
        out = []
        for source in self.fields.values():
            if source is NOT_HELD:
                out.append("")
            elif isinstance(source, str):
                out.append(cell(row[source]))
            else:
                out.append(cell(source(row)))
        return out


def cell(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str:  # the common case first: most cells are codes and ids
        return value
    if type(value) is int:
        return str(value)
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict | list):
        # Non-ASCII as itself (not \uXXXX), as PostgreSQL's to_json writes it on the COPY path (copy.py).
        return json.dumps(value, default=cell, ensure_ascii=False)
    return str(value)


# --- source helpers ---------------------------------------------------------------------------------------------


def label(choices: type[TextChoices], key: str) -> Callable[[Row], str]:
    """The human label of a coded value (the SSD's "description" columns and free-text status fields)."""
    labels = dict(choices.choices)
    return lambda row: labels.get(row[key], row[key]) if row[key] else ""


def outcome_json(keys: Iterable[str], flags: Callable[[Row], dict[str, bool] | None], **extra) -> Callable[[Row], dict]:
    """The SSD's outcome JSON: every key present whatever the data ("" where unknown), Y/N where recorded.

    `flags(row)` gives {KEY: bool} for what the record says, or None when there is no outcome yet (all blank)."""
    keys = tuple(keys)

    def build(row: Row) -> dict:
        found = flags(row)
        out: dict[str, Any] = {key: "" for key in keys}
        if found is not None:
            for key, value in found.items():
                out[key] = "Y" if value else "N"
        for key, make in extra.items():
            out[key] = make(row, found)
        return out

    return build


def queryset_rows(queryset, *fields: str, **expressions) -> Iterator[Row]:
    """Stream a queryset as dicts of the named lookups, `name="lookup"` renaming one (server-side chunks on
    PostgreSQL)."""
    renamed = {name: F(lookup) if isinstance(lookup, str) else lookup for name, lookup in expressions.items()}
    return queryset.values(*fields, **renamed).iterator(chunk_size=2000)


# --- in-memory indexes shared by several tables (one query each, built on first use) -----------------------------


@dataclass
class Spans:
    """Date spans per key (e.g. a child's allocations), to ask "which one was running on this day?"."""

    starts: dict[Any, list[dt.date]] = field(default_factory=lambda: defaultdict(list))
    items: dict[Any, list[tuple[dt.date, dt.date | None, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key, start: dt.date, end: dt.date | None, value) -> None:
        # Callers add in start-date order, so the lists stay sorted for bisect.
        self.starts[key].append(start)
        self.items[key].append((start, end, value))

    def on(self, key, day: dt.date | None):
        """The latest-starting span that had started by `day` and not ended before it (None if none)."""
        if day is None or key not in self.items:
            return None
        index = bisect.bisect_right(self.starts[key], day)
        for _start, end, value in reversed(self.items[key][:index]):
            if end is None or end >= day:
                return value
        return None

    def latest_by(self, key, day: dt.date | None):
        """The latest-starting span that had started by `day` (running or not): "the last one so far"."""
        if day is None or key not in self.items:
            return None
        index = bisect.bisect_right(self.starts[key], day)
        return self.items[key][index - 1][2] if index else None

    def current(self, key):
        """The latest-starting span still open."""
        for _start, end, value in reversed(self.items.get(key, [])):
            if end is None:
                return value
        return None


class Context:
    """What the tables share: today's date and the indexes several tables join against."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.generated_at = ""  # when the export was made, for the manifest

    @cached_property
    def allocations(self) -> dict[str, Spans]:
        """Worker allocations per kind → child → spans of (worker id, team id)."""
        from safeguard.workforce.models import Allocation

        spans: dict[str, Spans] = defaultdict(Spans)
        rows = Allocation.objects.order_by("start_date", "pk").values_list(
            "kind", "child_id", "start_date", "end_date", "worker_id", "team_id"
        )
        for kind, child_id, start, end, worker_id, team_id in rows.iterator(chunk_size=5000):
            spans[kind].add(child_id, start, end, (worker_id, team_id))
        return spans

    @cached_property
    def cin_episodes(self) -> Spans:
        """Each child's children in need episodes (referral to closure), for "the referral open then"."""
        from safeguard.casework.models import CINEpisode

        spans = Spans()
        rows = CINEpisode.objects.order_by("referral_date", "pk").values_list(
            "child_id", "referral_date", "close_date", "pk"
        )
        for child_id, start, end, pk in rows.iterator(chunk_size=5000):
            spans.add(child_id, start, end, pk)
        return spans

    @cached_property
    def cla_episodes(self) -> dict[int, list]:
        """The SSDA903 episodes of every period of care (period pk → episodes in date order), in three queries."""
        from safeguard.lac.models import CarePeriod
        from safeguard.lac.selectors import period_episodes, statuses_and_placements

        periods = list(CarePeriod.objects.order_by("start_date", "pk"))
        statuses, placements = statuses_and_placements(None)
        # The same derivation the SSDA903 return and the care history use (lac.selectors), applied to every period.
        return {p.pk: period_episodes(p, statuses[p.pk], placements[p.pk]) for p in periods}

    @cached_property
    def cla_episode_ids(self) -> dict[int, list[tuple[dt.date, str]]]:
        """Period pk → (start, id) of each of its episodes, the ids made once (strftime per row is slow)."""
        return {
            period: [(episode.DECOM, cla_episode_id(episode)) for episode in episodes]
            for period, episodes in self.cla_episodes.items()
        }

    def cla_episode_on(self, period_id: int, day: dt.date | None) -> str:
        """The id of the episode of this period running on `day` (the first episode if `day` is before it)."""
        episodes = self.cla_episode_ids.get(period_id)
        if not episodes:
            return ""
        running = episodes[0][1]
        if day is not None:
            for start, episode_id in episodes:
                if day >= start:
                    running = episode_id
        return running

    @cached_property
    def placement_first_episode(self) -> dict[int, str]:
        """Placement pk → the episode in which it began (a placement spans several episodes when the legal status
        changes)."""
        first: dict[int, str] = {}
        for episodes in self.cla_episodes.values():
            for episode in episodes:
                if episode.placement_id is not None:
                    first.setdefault(episode.placement_id, cla_episode_id(episode))
        return first

    @cached_property
    def iro_contacts(self) -> Spans:
        """IRO contacts per period of care, for "the latest IRO contact by this date"."""
        from safeguard.carereviews.models import IROContact

        spans = Spans()
        rows = IROContact.objects.order_by("contact_date", "pk").values_list("period_id", "contact_date")
        for period_id, day in rows.iterator(chunk_size=5000):
            spans.add(period_id, day, day, day)
        return spans

    @cached_property
    def postcodes(self):
        from safeguard.lac.locations import LocationIndex

        return LocationIndex.everything()


def cla_episode_id(episode) -> str:
    """An episode has no row of its own (it is derived), so its id is its period and start date: stable when
    statuses or placements are added later, unlike a sequence number."""
    return f"{episode.period_id}-{episode.DECOM:%Y%m%d}"
