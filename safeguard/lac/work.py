"""Looked-after work items, from the stored derived deadlines (a branch of the one work-item query)."""

from safeguard.workforce.work import WorkSource, register_source

from .selectors import open_periods_without_care_plan

register_source(
    WorkSource(
        key="care-plans",
        records=lambda children: open_periods_without_care_plan().filter(
            child__in=children, care_plan_due__isnull=False
        ),
        due="care_plan_due",
        kind="Care plan",
        url_name="lac:child",
        with_record=False,
    )
)
