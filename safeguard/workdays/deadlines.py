"""Deadlines derived from the rule table and the working-day calendar.

Services call `due_date(rule_code, anchor)` whenever they record the event a deadline follows, and store
the result on the record (so queues sort and filter in SQL). Each stored deadline is registered as a
`DerivedDeadline`, so a change to a rule or to the calendar re-derives every open one (`rederive_all`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.db.models import Max

from . import calendar
from .models import DeadlineRule

_rules_lock = threading.Lock()
_rules: dict[str, DeadlineRule] | None = None


class UnknownDeadlineRule(LookupError):
    pass


_stamp = None
_checked_at = 0.0


def get_rule(code: str) -> DeadlineRule:
    global _rules, _stamp, _checked_at
    with _rules_lock:
        now = time.monotonic()
        if _rules is not None and now - _checked_at > calendar.RECHECK_SECONDS:
            # Another process may have changed a rule: compare the newest history row with ours.
            _checked_at = now
            if _rule_stamp() != _stamp:
                _rules = None
        if _rules is None:
            _stamp, _checked_at = _rule_stamp(), now
            _rules = {rule.code: rule for rule in DeadlineRule.objects.all()}
        rules = _rules
    try:
        return rules[code]
    except KeyError:
        raise UnknownDeadlineRule(f"No deadline rule with code {code!r}") from None


def _rule_stamp():
    return DeadlineRule.history.aggregate(latest=Max("history_id"))["latest"]


def invalidate_rules() -> None:
    global _rules
    with _rules_lock:
        _rules = None


def apply_rule(rule: DeadlineRule, anchor: dt.date, *, amount: int | None = None) -> dt.date:
    """The deadline `amount` (default: the rule's) units after `anchor`, by the rule's unit."""
    count = rule.amount if amount is None else amount
    match rule.unit:
        case DeadlineRule.Unit.WORKING_DAYS:
            return calendar.add_working_days(anchor, count)
        case DeadlineRule.Unit.CALENDAR_DAYS:
            return anchor + dt.timedelta(days=count)
        case DeadlineRule.Unit.WEEKS:
            return anchor + dt.timedelta(weeks=count)
        case DeadlineRule.Unit.MONTHS:
            return anchor + relativedelta(months=count)
        case DeadlineRule.Unit.HOURS:
            # Hour-based rules (e.g. return interviews within 72 hours) give the date the hours run out.
            moment = dt.datetime.combine(anchor, dt.time()) if not isinstance(anchor, dt.datetime) else anchor
            return (moment + dt.timedelta(hours=count)).date()
    raise ValueError(f"Unsupported unit {rule.unit!r} on rule {rule.code}")


def due_date(rule_code: str, anchor: dt.date) -> dt.date:
    return apply_rule(get_rule(rule_code), anchor)


@dataclass(frozen=True)
class DerivedDeadline:
    """A stored deadline column: which rule derives it from which anchor, on which (open) rows."""

    model: type[models.Model]
    field: str
    rule_code: str
    anchor: Callable[[models.Model], dt.date | None]
    open_rows: Callable[[], models.QuerySet]
    # For records that set their own count (a plan's visit interval); None means the rule's amount.
    amount: Callable[[models.Model], int] | None = None


_registry: list[DerivedDeadline] = []


def register(deadline: DerivedDeadline) -> None:
    _registry.append(deadline)


def registered() -> tuple[DerivedDeadline, ...]:
    return tuple(_registry)


def rederive_all() -> int:
    """Recompute every registered deadline on open rows; returns how many rows changed."""
    changed = 0
    with transaction.atomic():
        for deadline in _registry:
            rule = get_rule(deadline.rule_code)
            stale = []
            for row in deadline.open_rows().iterator(chunk_size=2000):
                anchor = deadline.anchor(row)
                amount = deadline.amount(row) if deadline.amount else None
                new = apply_rule(rule, anchor, amount=amount) if anchor else None
                if getattr(row, deadline.field) != new:
                    setattr(row, deadline.field, new)
                    stale.append(row)
            deadline.model.objects.bulk_update(stale, [deadline.field], batch_size=1000)
            changed += len(stale)
    return changed
