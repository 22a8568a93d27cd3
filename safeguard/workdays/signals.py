"""Keep the per-process calendar and rule caches honest when an administrator edits them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import calendar, deadlines
from .models import CalendarOverride, DeadlineRule


@receiver([post_save, post_delete], sender=CalendarOverride)
def _calendar_changed(**kwargs) -> None:
    calendar.invalidate()


@receiver([post_save, post_delete], sender=DeadlineRule)
def _rules_changed(**kwargs) -> None:
    deadlines.invalidate_rules()
