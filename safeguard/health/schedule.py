"""When a looked-after child's health checks fall due, derived from the rule table (never typed in).

- Initial health assessment: `health-iha` from the start of the care period (CPPCR 2010 reg 7: before the
  first placement or, if not practicable, before the first review, which is 20 working days in).
- Review health assessment: `health-review-under5` (6 months) from the latest assessment while that date
  falls before the 5th birthday, else `health-review-5plus` (12 months). Reg 7 asks for one "in every period
  of six months before the fifth birthday" and one "in every period of 12 months after": an assessment at
  4y9m leaves no six-month period before the birthday uncovered, so the next one is 12 months on (5y9m).
- Dental check and SDQ: `health-dental` / `health-sdq` (12 months) from the latest one, but never before the
  child's first 12 months in care are up (SSDA903 counts them for children looked after 12 months or more).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from safeguard.people.ages import age_on
from safeguard.workdays.deadlines import apply_rule, get_rule

SDQ_MIN_AGE = 4
SDQ_MAX_AGE = 16


def iha_due(period_start: dt.date) -> dt.date:
    return apply_rule(get_rule("health-iha"), period_start)


def review_due(latest_assessment: dt.date, date_of_birth: dt.date | None) -> dt.date:
    six_monthly = apply_rule(get_rule("health-review-under5"), latest_assessment)
    # Unknown date of birth: keep the stricter under-5 cadence rather than guess an age.
    if date_of_birth is None or six_monthly < date_of_birth + relativedelta(years=5):
        return six_monthly
    return apply_rule(get_rule("health-review-5plus"), latest_assessment)


def twelve_months_in_care(period_start: dt.date) -> dt.date:
    """The day a child in care since `period_start` has been looked after for 12 months."""
    return period_start + relativedelta(months=12)


def annual_due(rule_code: str, period_start: dt.date, latest: dt.date | None) -> dt.date:
    """An annual check: 12 months (by the rule) from the latest one, not before the first year in care ends."""
    first_year = twelve_months_in_care(period_start)
    if latest is None:
        return first_year
    return max(first_year, apply_rule(get_rule(rule_code), latest))


def sdq_applies(date_of_birth: dt.date | None, day: dt.date) -> bool:
    age = age_on(date_of_birth, day)
    return age is not None and SDQ_MIN_AGE <= age <= SDQ_MAX_AGE
