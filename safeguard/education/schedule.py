"""When a looked-after child's personal education plan is due (DfE 2018, "Promoting the education of
looked-after children"): started within 10 working days of entering care (rule education-pep-initial), then
reviewed every school term. A review "counts for" a term when it is held after the previous term ended and by the
end of this one (so a PEP held in the holiday before a term counts for that term).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from safeguard.workdays.deadlines import apply_rule, get_rule

from .models import SchoolTerm

# Reception (the September after the 4th birthday) to Year 13 (the school year the child turns 18).
FIRST_SCHOOL_AGE = 4
LAST_SCHOOL_AGE = 17


def pep_initial_due(period_start: dt.date) -> dt.date:
    return apply_rule(get_rule("education-pep-initial"), period_start)


def age_at_31_august_before(date_of_birth: dt.date, day: dt.date) -> int:
    year = day.year if (day.month, day.day) > (8, 31) else day.year - 1
    return relativedelta(dt.date(year, 8, 31), date_of_birth).years


def is_school_age(date_of_birth: dt.date | None, day: dt.date) -> bool:
    """In a school year from reception to Year 13 on `day` (age on the previous 31 August 4 to 17)."""
    if date_of_birth is None:
        return False
    return FIRST_SCHOOL_AGE <= age_at_31_august_before(date_of_birth, day) <= LAST_SCHOOL_AGE


def school_age_from(date_of_birth: dt.date) -> dt.date:
    """1 September of the child's reception year (the first 31 August on which they are 4 has passed)."""
    fourth = date_of_birth + relativedelta(years=4)
    year = fourth.year if (fourth.month, fourth.day) <= (8, 31) else fourth.year + 1
    return dt.date(year, 9, 1)


def pep_anchor(period_start: dt.date, date_of_birth: dt.date) -> dt.date:
    """The initial PEP counts from entering care, or from starting school for a child who entered care younger."""
    return max(period_start, school_age_from(date_of_birth))


def terms_around(day: dt.date) -> list[SchoolTerm]:
    """The term before `day`, the term running on it (or the next one in the holidays) and the one after."""
    following = list(SchoolTerm.objects.filter(end_date__gte=day).order_by("start_date")[:2])
    earlier = list(SchoolTerm.objects.filter(end_date__lt=day).order_by("-end_date")[:1])
    return earlier + following


def review_window(day: dt.date, terms: list[SchoolTerm] | None = None) -> tuple[SchoolTerm, dt.date] | None:
    """The term a PEP review is due in on `day` and the earliest date a review counts for it; None past the table."""
    terms = terms_around(day) if terms is None else terms
    current = next((t for t in terms if t.end_date >= day), None)
    if current is None:
        return None
    previous = next((t for t in terms if t.end_date < current.start_date), None)
    counts_from = previous.end_date + dt.timedelta(days=1) if previous else current.start_date
    return current, counts_from


def term_after(term: SchoolTerm, terms: list[SchoolTerm]) -> SchoolTerm | None:
    return next((t for t in terms if t.start_date > term.end_date), None)
