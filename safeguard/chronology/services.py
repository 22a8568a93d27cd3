import datetime as dt

from django.db import models

from .models import Category, Event


def event_record(
    *,
    child,
    occurred_at: dt.datetime,
    category: str,
    kind: str,
    summary: str,
    detail: str = "",
    actor=None,
    source: models.Model | None = None,
) -> Event:
    """Append an event to the stream. Callers are services already inside their own transaction."""
    if category not in Category.values:
        raise ValueError(f"Unknown chronology category {category!r}")
    return Event.objects.create(
        child=child,
        occurred_at=occurred_at,
        category=category,
        kind=kind,
        summary=summary[:300],
        detail=detail,
        actor=actor,
        source_model=source._meta.label_lower if source is not None else "",
        source_id=source.pk if source is not None else None,
    )
