"""Looked-after work items, computed from the stored derived deadlines."""

from django.urls import reverse

from safeguard.workforce.work import WorkItem, register

from .selectors import open_periods_without_care_plan


@register
def care_plans_due(children):
    periods = (
        open_periods_without_care_plan()
        .filter(child__in=children, care_plan_due__isnull=False)
        .select_related("child")
        .only("id", "care_plan_due", "child__id", "child__first_name", "child__last_name")
    )
    for period in periods:
        yield WorkItem(
            child_id=period.child_id,
            child_name=period.child.full_name,
            kind="Care plan",
            due_date=period.care_plan_due,
            url=reverse("lac:child", args=[period.child_id]),
        )
