"""Reads for education: what PEP is due for a looked-after child, and children missing education."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from safeguard.lac.models import CarePeriod

from .models import ChildMissingEducation, PersonalEducationPlan, SchoolTerm, VirtualSchoolNote
from .schedule import is_school_age, pep_anchor, pep_initial_due, review_window, term_after, terms_around

INITIAL_PEP = "Personal education plan"
PEP_REVIEW = "PEP review"


@dataclass(frozen=True)
class PepDue:
    kind: str
    due_date: dt.date
    term: SchoolTerm | None = None
    last_done: dt.date | None = None

    @property
    def label(self) -> str:
        return f"{self.kind} ({self.term.name})" if self.term else self.kind


def _latest_pep(**filters) -> Subquery:
    rows = PersonalEducationPlan.objects.filter(child=OuterRef("child_id"), **filters).order_by("-meeting_date")
    return Subquery(rows.values("meeting_date")[:1])


def open_periods_with_peps() -> QuerySet[CarePeriod]:
    """Open care periods with the date of their initial PEP and of the latest PEP in them (one query)."""
    in_period = {"meeting_date__gte": OuterRef("start_date")}
    return CarePeriod.objects.filter(end_date__isnull=True).annotate(
        initial_pep=_latest_pep(kind=PersonalEducationPlan.Kind.INITIAL, **in_period),
        last_pep=_latest_pep(**in_period),
    )


def pep_due_for_period(period: CarePeriod, today: dt.date, terms: list[SchoolTerm]) -> PepDue | None:
    """The next PEP for a period annotated by `open_periods_with_peps`; None for a child not of school age."""
    if not is_school_age(period.child.date_of_birth, today):
        return None
    if period.initial_pep is None:
        return PepDue(INITIAL_PEP, pep_initial_due(pep_anchor(period.start_date, period.child.date_of_birth)))
    window = review_window(today, terms)
    if window is None:
        return None
    term, counts_from = window
    if period.last_pep >= max(counts_from, period.start_date):
        # Held for this term already: the next one is due by the end of the following term.
        term = term_after(term, terms)
        if term is None:
            return None
    return PepDue(PEP_REVIEW, term.end_date, term, period.last_pep)


def pep_due(child, today: dt.date) -> tuple[CarePeriod | None, PepDue | None]:
    period = open_periods_with_peps().filter(child=child).select_related("child").first()
    if period is None:
        return None, None
    return period, pep_due_for_period(period, today, terms_around(today))


def education_records(child) -> dict[str, list]:
    return {
        "peps": list(PersonalEducationPlan.objects.filter(child=child)),
        "notes": list(VirtualSchoolNote.objects.filter(child=child)),
        "cme": list(ChildMissingEducation.objects.filter(child=child)),
    }


def open_missing_education(children: QuerySet) -> QuerySet[ChildMissingEducation]:
    """Open CME records for these (already visibility-filtered) children, longest open first."""
    return (
        ChildMissingEducation.objects.filter(child__in=children, status__in=ChildMissingEducation.OPEN_STATUSES)
        .select_related("child")
        .order_by("reported_date", "id")
    )
