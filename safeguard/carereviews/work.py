"""Looked-after review and statutory visit work items, from the stored schedule (branches of the one work-item
query)."""

from safeguard.workforce.work import WorkSource, register_source

from .selectors import open_schedules_qs


def _schedules(field: str):
    return lambda children: open_schedules_qs().filter(child__in=children, **{f"{field}__isnull": False})


register_source(
    WorkSource(
        key="looked-after-reviews",
        records=_schedules("next_review_due"),
        due="next_review_due",
        kind="Looked-after review",
        url_name="carereviews:child",
        with_record=False,
    )
)
register_source(
    WorkSource(
        key="looked-after-visits",
        records=_schedules("next_visit_due"),
        due="next_visit_due",
        kind="Statutory visit (looked after)",
        url_name="carereviews:child",
        with_record=False,
    )
)
