"""Rule disabled-first-service: 12 calendar weeks from the referral (local practice), and re-derivation."""

import datetime as dt

import pytest

from safeguard.disabledchildren.models import DisabledChildrenService
from safeguard.workdays.deadlines import due_date, get_rule, invalidate_rules, rederive_all
from safeguard.workdays.models import DeadlineRule

from .factories import DisabledChildrenServiceFactory

pytestmark = pytest.mark.django_db


def test_the_rule_is_local_practice_in_weeks():
    rule = get_rule("disabled-first-service")
    assert (rule.amount, rule.unit, rule.status) == (12, "weeks", "L") and rule.locally_configurable


@pytest.mark.parametrize(
    ("referral", "due"),
    [
        # Calendar weeks: a due date may fall on a bank holiday or weekend; the wait is measured in days.
        (dt.date(2026, 10, 2), dt.date(2026, 12, 25)),  # Christmas Day
        (dt.date(2026, 10, 5), dt.date(2026, 12, 28)),  # Boxing Day substitute
        (dt.date(2026, 10, 9), dt.date(2027, 1, 1)),  # New Year's Day
        (dt.date(2027, 1, 1), dt.date(2027, 3, 26)),  # Good Friday 2027
        (dt.date(2027, 1, 4), dt.date(2027, 3, 29)),  # Easter Monday 2027
        (dt.date(2026, 11, 28), dt.date(2027, 2, 20)),  # a Saturday referral, due on a Saturday
    ],
)
def test_due_twelve_weeks_after_referral(referral, due):
    assert due_date("disabled-first-service", referral) == due


def test_a_rule_change_rederives_waiting_requests_only():
    waiting = DisabledChildrenServiceFactory(referral_date=dt.date(2026, 6, 1))
    started = DisabledChildrenServiceFactory(referral_date=dt.date(2026, 6, 1), first_service_start=dt.date(2026, 7, 1))
    DeadlineRule.objects.filter(code="disabled-first-service").update(amount=8)
    invalidate_rules()
    rederive_all()
    assert DisabledChildrenService.objects.get(pk=waiting.pk).first_service_due == dt.date(2026, 7, 27)
    assert DisabledChildrenService.objects.get(pk=started.pk).first_service_due == dt.date(2026, 8, 24)
