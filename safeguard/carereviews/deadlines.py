"""Stored looked-after review, visit and IRO contact deadlines, re-derived when a rule or the calendar changes.

`services.schedule_refresh` chooses the rule (which review, which regulation 28 regime, the IRO's own interval or
the next review) and its anchor from the records and stores both with the date; a rule or calendar change only
moves the date, so each rule is registered for the open schedules that use it, re-applied to the stored anchor.

Nothing is due on or after the child's 18th birthday (schedule.py), and a longer interval must not push a due date
past it: the anchor given to the re-derivation is withheld (so the date becomes None) when the rule would land on
or after the birthday.
"""

from safeguard.workdays.deadlines import DerivedDeadline, due_date, register

from .models import ReviewSchedule
from .schedule import IRO_CONTACT_RULES, REVIEW_RULES, VISIT_RULES, due_before_18


def _open_with(field: str, code: str):
    return lambda: ReviewSchedule.objects.filter(is_open=True, **{field: code}).select_related("child")


def _anchor_before_18(code: str, anchor_field: str):
    def anchor(row: ReviewSchedule):
        day = getattr(row, anchor_field)
        if day is None or not due_before_18(due_date(code, day), row.child.date_of_birth):
            return None
        return day

    return anchor


# (stored date, stored rule, stored anchor, the rules that can set it)
COLUMNS = [
    ("next_review_due", "review_rule", "review_anchor", REVIEW_RULES),
    ("next_visit_due", "visit_rule", "visit_anchor", VISIT_RULES),
    ("next_iro_contact_due", "iro_contact_rule", "iro_contact_anchor", IRO_CONTACT_RULES),
]

for field, rule_field, anchor_field, codes in COLUMNS:
    for code in codes:
        register(
            DerivedDeadline(
                model=ReviewSchedule,
                field=field,
                rule_code=code,
                anchor=_anchor_before_18(code, anchor_field),
                open_rows=_open_with(rule_field, code),
            )
        )
