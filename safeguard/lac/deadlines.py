"""Stored looked-after deadlines, re-derived when a rule or the calendar changes."""

from django.db.models import Min

from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import CarePeriod
from .selectors import open_periods_without_care_plan

register(
    DerivedDeadline(
        model=CarePeriod,
        field="care_plan_due",
        rule_code="cla-care-plan",
        # CPPCR reg 4: within 10 working days of the start of the FIRST placement of the period.
        anchor=lambda period: period.first_placement or period.start_date,
        open_rows=lambda: open_periods_without_care_plan().annotate(first_placement=Min("placements__start_date")),
    )
)
