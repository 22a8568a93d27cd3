"""Writes to the calendar and the rule table. Each change re-derives the stored deadlines it affects."""

import datetime as dt
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import calendar, deadlines
from .models import CalendarOverride, DeadlineRule


def _drop_caches() -> None:
    calendar.invalidate()
    deadlines.invalidate_rules()


def _refreshes_caches(func):
    """Drop the per-process calendar and rule caches once the change's transaction has ended.

    Re-deriving inside the transaction loads both caches from uncommitted rows: if the transaction then rolls
    back, a cache would keep a day or an amount that no longer exists (until the process restarts); and
    another thread may have cached the old rows just before the commit.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        finally:
            _drop_caches()
            transaction.on_commit(_drop_caches)  # runs now, or when an enclosing transaction commits

    return wrapper


@_refreshes_caches
@transaction.atomic
def calendar_override_set(*, date: dt.date, kind: str, description: str) -> CalendarOverride:
    if kind not in CalendarOverride.Kind.values:
        raise ValidationError({"kind": f"Unknown kind of day {kind!r}"})
    if not description.strip():
        raise ValidationError({"description": "Enter a description of the day"})
    override, _ = CalendarOverride.objects.update_or_create(
        date=date, defaults={"kind": kind, "description": description.strip()}
    )
    calendar.invalidate()
    deadlines.rederive_all()
    return override


@_refreshes_caches
@transaction.atomic
def calendar_override_remove(*, date: dt.date) -> None:
    CalendarOverride.objects.filter(date=date).delete()
    calendar.invalidate()
    deadlines.rederive_all()


@_refreshes_caches
@transaction.atomic
def deadline_rule_update(*, code: str, amount: int) -> DeadlineRule:
    rule = DeadlineRule.objects.select_for_update().get(code=code)
    if not rule.locally_configurable:
        raise ValidationError({"amount": f"{rule.name} is set by regulation or guidance and cannot be changed"})
    if amount < 1:
        raise ValidationError({"amount": "Enter a whole number of at least 1"})
    try:
        # An amount the working-day calendar cannot count to would make every later due date fail.
        deadlines.apply_rule(rule, timezone.localdate(), amount=amount)
    except (ValueError, OverflowError):
        raise ValidationError({"amount": "That is too far ahead for the working-day calendar"}) from None
    rule.amount = amount
    rule.save()
    deadlines.invalidate_rules()
    deadlines.rederive_all()
    return rule
