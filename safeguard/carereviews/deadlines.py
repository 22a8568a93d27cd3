"""Stored looked-after review and visit deadlines, re-derived when a rule or the calendar changes.

`services.schedule_refresh` chooses the rule (which review, which regulation 28 regime) and its anchor from the
records and stores both with the date; a rule or calendar change only moves the date, so each rule is registered
for the open schedules that use it, re-applied to the stored anchor.
"""

from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import ReviewSchedule
from .schedule import REVIEW_RULES, VISIT_RULES


def _open_with(field: str, code: str):
    return lambda: ReviewSchedule.objects.filter(is_open=True, **{field: code})


for code in REVIEW_RULES:
    register(
        DerivedDeadline(
            model=ReviewSchedule,
            field="next_review_due",
            rule_code=code,
            anchor=lambda row: row.review_anchor,
            open_rows=_open_with("review_rule", code),
        )
    )

for code in VISIT_RULES:
    register(
        DerivedDeadline(
            model=ReviewSchedule,
            field="next_visit_due",
            rule_code=code,
            anchor=lambda row: row.visit_anchor,
            open_rows=_open_with("visit_rule", code),
        )
    )
