"""The at-risk list: looked-after children not visited within the regulation 28 interval."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse_lazy

from safeguard.queues.at_risk import AtRiskRow, AtRiskSource, late_working_days, register

from . import selectors


def _candidates(today: dt.date):
    return selectors.open_schedules_qs().filter(next_visit_due__lt=today).values_list("child_id", flat=True)


def _detail(row) -> str:
    if row.last_seen_on:
        return f"Last seen {row.last_seen_on:%-d %b %Y}"
    return "Not seen since the placement started"


def overdue_visits(children, today: dt.date) -> list[AtRiskRow]:
    return [
        AtRiskRow(
            child=row.child,
            late_date=row.next_visit_due,
            working_days_late=late_working_days(row.next_visit_due, today),
            detail=_detail(row),
            url=reverse_lazy("carereviews:child", args=[row.child_id]),
        )
        for row in selectors.visits_overdue(children, today)
    ]


register(
    AtRiskSource(
        key="lac-visits-overdue",
        title="Looked-after children not visited within the regulation 28 interval",
        date_label="Visit was due",
        order=55,
        candidates=_candidates,
        rows=overdue_visits,
    )
)
