"""The stored first-service due date, re-derived when the rule (disabled-first-service) or calendar changes."""

from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import DisabledChildrenService
from .selectors import waiting_qs

register(
    DerivedDeadline(
        model=DisabledChildrenService,
        field="first_service_due",
        rule_code="disabled-first-service",
        anchor=lambda service: service.referral_date,
        open_rows=waiting_qs,
    )
)
