"""Reads for care leavers. Callers pass children already filtered by the visibility selector."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from safeguard.lac.models import CareLegalStatus, CarePeriod
from safeguard.people.models import Person
from safeguard.workforce.models import Allocation

from .eligibility import CareSpan, Category, Eligibility, birthday, derive
from .models import AdviserContact, BirthdayContact, CareLeaver, PathwayPlan

CARE_LEAVER_CATEGORIES = [c for c in Category.values if c != Category.NONE]
# Categories the SSDA903 OC3 birthday records cover: those who left care after being eligible.
BIRTHDAY_RECORD_CATEGORIES = [Category.RELEVANT, Category.FORMER_RELEVANT]
FIRST_BIRTHDAY_RECORD_AGE = 17
LAST_BIRTHDAY_RECORD_AGE = 21
LAST_EXTENDED_BIRTHDAY_RECORD_AGE = 24


def care_spans(child: Person) -> list[CareSpan]:
    """The child's care history as spans of one legal status; a period with no statuses is one span."""
    periods = list(CarePeriod.objects.filter(child=child).order_by("start_date", "pk"))
    statuses = list(CareLegalStatus.objects.filter(child=child).order_by("start_date", "pk"))
    by_period: dict[int, list[CareLegalStatus]] = {}
    for status in statuses:
        by_period.setdefault(status.period_id, []).append(status)
    spans = []
    for period in periods:
        rows = by_period.get(period.pk) or []
        if not rows:
            spans.append(CareSpan(period.start_date, period.end_date, "", period.end_reason))
            continue
        for index, row in enumerate(rows):
            last = index == len(rows) - 1
            end = period.end_date if last else row.end_date or rows[index + 1].start_date
            spans.append(CareSpan(row.start_date, end, row.legal_status, period.end_reason if last else ""))
    return spans


def eligibility_for(child: Person, as_of: dt.date, *, extended_to_25: bool | None = None) -> Eligibility | None:
    """The child's leaving-care category today, derived from their care history (None without a birth date)."""
    if child.date_of_birth is None:
        return None
    if extended_to_25 is None:
        extended_to_25 = CareLeaver.objects.filter(child=child, extended_to_25=True).exists()
    return derive(care_spans(child), child.date_of_birth, as_of=as_of, extended_to_25=extended_to_25)


def care_leaver_for(child: Person) -> CareLeaver | None:
    return CareLeaver.objects.filter(child=child).first()


def personal_adviser(child: Person) -> Allocation | None:
    return (
        Allocation.objects.filter(child=child, kind=Allocation.Kind.PERSONAL_ADVISER, end_date__isnull=True)
        .select_related("worker", "team")
        .first()
    )


def open_pathway_plan(child: Person) -> PathwayPlan | None:
    return PathwayPlan.objects.filter(child=child, end_date__isnull=True).order_by("-start_date", "-id").first()


def recent_contacts(child: Person, limit: int = 20) -> list[AdviserContact]:
    return list(AdviserContact.objects.filter(child=child).select_related("recorded_by")[:limit])


def birthday_records(child: Person) -> list[BirthdayContact]:
    return list(BirthdayContact.objects.filter(child=child).select_related("recorded_by").order_by("age"))


def last_birthday_record_age(care_leaver: CareLeaver) -> int:
    return LAST_EXTENDED_BIRTHDAY_RECORD_AGE if care_leaver.extended_to_25 else LAST_BIRTHDAY_RECORD_AGE


def birthday_record_ages(care_leaver: CareLeaver, date_of_birth: dt.date) -> list[int]:
    """Ages at which an OC3 record is due: 17 up to 21 (24 where support continues), not looked after that day."""
    if care_leaver.category not in BIRTHDAY_RECORD_CATEGORIES or care_leaver.left_care_on is None:
        return []
    ages = range(FIRST_BIRTHDAY_RECORD_AGE, last_birthday_record_age(care_leaver) + 1)
    # SSDA903 rule 1016: no care leaver record for a birthday on which the young person was still looked after.
    return [age for age in ages if birthday(date_of_birth, age) >= care_leaver.left_care_on]


def next_birthday_due(care_leaver: CareLeaver, date_of_birth: dt.date, recorded_ages: set[int]) -> dt.date | None:
    for age in birthday_record_ages(care_leaver, date_of_birth):
        if age not in recorded_ages:
            return birthday(date_of_birth, age)
    return None


def care_leavers_for_listing(children: QuerySet[Person], *, category: str = "") -> QuerySet[CareLeaver]:
    """Current care leavers among these (visible) children, with what the leaving care team list shows."""
    leavers = CareLeaver.objects.filter(child__in=children, category__in=CARE_LEAVER_CATEGORIES)
    if category:
        leavers = leavers.filter(category=category)
    return leavers.select_related("child").order_by("child__last_name", "child__first_name", "pk")


def overdue_q(today: dt.date) -> Q:
    return (
        Q(needs_assessment_completed_on__isnull=True, needs_assessment_due__lt=today)
        | Q(next_pa_contact_due__lt=today)
        | Q(next_birthday_contact_due__lt=today)
    )


def overdue_reviews(care_leaver_ids, today: dt.date) -> set[int]:
    return set(
        PathwayPlan.objects.filter(
            care_leaver_id__in=care_leaver_ids, end_date__isnull=True, next_review_due__lt=today
        ).values_list("care_leaver_id", flat=True)
    )
