"""England and Wales working-day arithmetic.

Conventions (docs/timescales): weekends and England and Wales bank holidays are not working days; local closure
days are not working days; "N working days after X" counts X as day 0 and moves forward N working days.
The bank-holiday list comes from the pinned `holidays` package; administrators add one-off days and
local closures as CalendarOverride rows. Nothing is fetched at run time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import time
from functools import cached_property

import holidays

FIRST_YEAR = 1990
LAST_YEAR = 2060


class WorkingDayCalendar:
    """Immutable view of non-working days, built once and shared until an override changes."""

    def __init__(self, *, extra_closed: dict[dt.date, str], forced_open: set[dt.date]) -> None:
        self.extra_closed = dict(extra_closed)
        self.forced_open = set(forced_open)

    @cached_property
    def closed_days(self) -> dict[dt.date, str]:
        listed = holidays.UK(subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
        closed = {day: name for day, name in listed.items() if day not in self.forced_open}
        closed.update(self.extra_closed)
        return closed

    @cached_property
    def _working_ordinals(self) -> list[int]:
        # Ordinals of every working day in range; bisect on it makes both operations O(log n).
        start = dt.date(FIRST_YEAR, 1, 1).toordinal()
        end = dt.date(LAST_YEAR, 12, 31).toordinal()
        closed = {day.toordinal() for day in self.closed_days}
        return [o for o in range(start, end + 1) if (o + 6) % 7 < 5 and o not in closed]

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.closed_days

    def holiday_name(self, day: dt.date) -> str | None:
        return self.closed_days.get(day)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (day 0); negative counts go backwards."""
        self._check_range(start)
        ordinals = self._working_ordinals
        ordinal = start.toordinal()
        if days >= 0:
            # Index of the last working day on or before start; day 0 is start itself.
            index = bisect.bisect_right(ordinals, ordinal) - 1 + days
        else:
            index = bisect.bisect_left(ordinals, ordinal) + days
        if days == 0:
            return start
        if not 0 <= index < len(ordinals):
            raise ValueError(f"{start} {days:+d} working days is outside the supported calendar")
        return dt.date.fromordinal(ordinals[index])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative when end is before start).

        It is the inverse of add_working_days: working_days_between(d, add_working_days(d, n)) == n.
        """
        self._check_range(start)
        self._check_range(end)
        ordinals = self._working_ordinals
        if end >= start:
            return bisect.bisect_right(ordinals, end.toordinal()) - bisect.bisect_right(ordinals, start.toordinal())
        return -(bisect.bisect_left(ordinals, start.toordinal()) - bisect.bisect_left(ordinals, end.toordinal()))

    @staticmethod
    def _check_range(day: dt.date) -> None:
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(f"{day} is outside the supported calendar ({FIRST_YEAR}–{LAST_YEAR})")


_lock = threading.Lock()
_current: WorkingDayCalendar | None = None
_stamp = None
_checked_at = 0.0
# Another process (a second web worker, a generator run) may change the overrides: every so often one cheap
# query compares the newest history row with the one this cache was built from.
RECHECK_SECONDS = 30.0


def get_calendar() -> WorkingDayCalendar:
    """The calendar with the database's overrides applied, cached per process and re-checked periodically."""
    global _current, _stamp, _checked_at
    with _lock:
        now = time.monotonic()
        if _current is not None and now - _checked_at > RECHECK_SECONDS:
            _checked_at = now
            if _override_stamp() != _stamp:
                _current = None
        if _current is None:
            _stamp, _checked_at = _override_stamp(), now
            _current = _load()
        return _current


def invalidate() -> None:
    global _current
    with _lock:
        _current = None


def _override_stamp():
    from django.db.models import Max

    from .models import CalendarOverride

    return CalendarOverride.history.aggregate(latest=Max("history_id"))["latest"]


def _load() -> WorkingDayCalendar:
    from .models import CalendarOverride

    extra_closed: dict[dt.date, str] = {}
    forced_open: set[dt.date] = set()
    for override in CalendarOverride.objects.all():
        if override.kind == CalendarOverride.Kind.WORKING_DAY:
            forced_open.add(override.date)
        else:
            extra_closed[override.date] = override.description
    return WorkingDayCalendar(extra_closed=extra_closed, forced_open=forced_open)


def add_working_days(start: dt.date, days: int) -> dt.date:
    return get_calendar().add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return get_calendar().working_days_between(start, end)


def is_working_day(day: dt.date) -> bool:
    return get_calendar().is_working_day(day)
