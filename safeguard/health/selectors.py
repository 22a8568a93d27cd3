"""Reads for the health of children looked after: what is due, and the SSDA903 OC2 flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, QuerySet, Subquery

from safeguard.lac.models import CarePeriod

from .models import Conviction, DentalCheck, HealthAssessment, ImmunisationStatus, SDQScore, SubstanceMisuse
from .schedule import age_on, annual_due, iha_due, review_due, sdq_applies, twelve_months_in_care

IHA = "Initial health assessment"
REVIEW = "Review health assessment"
DENTAL = "Dental check"
SDQ = "SDQ"


@dataclass(frozen=True)
class Due:
    kind: str
    due_date: dt.date
    last_done: dt.date | None = None


def _latest(model, date_field: str, **filters) -> Subquery:
    rows = model.objects.filter(child=OuterRef("child_id"), **filters).order_by(f"-{date_field}")
    return Subquery(rows.values(date_field)[:1])


def open_periods_with_health() -> QuerySet[CarePeriod]:
    """Open care periods annotated with the latest health records they are scheduled from (one query)."""
    in_period = {"assessment_date__gte": OuterRef("start_date")}
    return CarePeriod.objects.filter(end_date__isnull=True).annotate(
        last_iha=_latest(HealthAssessment, "assessment_date", kind=HealthAssessment.Kind.INITIAL, **in_period),
        last_assessment=_latest(HealthAssessment, "assessment_date", **in_period),
        last_dental=_latest(DentalCheck, "check_date"),
        last_sdq=_latest(SDQScore, "completed_date"),
    )


def due_for_period(period: CarePeriod, today: dt.date) -> list[Due]:
    """What is next due for a period annotated by `open_periods_with_health` (its child loaded)."""
    dob = period.child.date_of_birth
    if period.last_iha is None:
        items = [Due(IHA, iha_due(period.start_date))]
    else:
        items = [Due(REVIEW, review_due(period.last_assessment, dob), period.last_assessment)]
    # Dental checks and SDQs count (SSDA903) once a child has been looked after for 12 months.
    if today >= twelve_months_in_care(period.start_date):
        items.append(
            Due(DENTAL, annual_due("health-dental", period.start_date, period.last_dental), period.last_dental)
        )
        if sdq_applies(dob, today):
            items.append(Due(SDQ, annual_due("health-sdq", period.start_date, period.last_sdq), period.last_sdq))
    return items


def health_due(child, today: dt.date) -> tuple[CarePeriod | None, list[Due]]:
    """The child's open care period and what is due in it; (None, []) when not looked after."""
    period = open_periods_with_health().filter(child=child).select_related("child").first()
    if period is None:
        return None, []
    return period, due_for_period(period, today)


def health_records(child) -> dict[str, list]:
    return {
        "assessments": list(HealthAssessment.objects.filter(child=child)),
        "dental_checks": list(DentalCheck.objects.filter(child=child)),
        "immunisations": list(ImmunisationStatus.objects.filter(child=child)),
        "sdqs": list(SDQScore.objects.filter(child=child)),
        "substance_misuse": list(SubstanceMisuse.objects.filter(child=child)),
        "convictions": list(Conviction.objects.filter(child=child)),
    }


# --- SSDA903 OC2 ----------------------------------------------------------------------------------


def oc2_period(child, year_end: dt.date) -> CarePeriod | None:
    """The period in which the child had been looked after continuously for 12 months or more at `year_end`."""
    return (
        CarePeriod.objects.filter(child=child, start_date__lte=year_end - relativedelta(months=12))
        .exclude(end_date__lte=year_end)
        .order_by("-start_date")
        .first()
    )


def _flag(value: bool) -> int:
    return 1 if value else 0


def oc2_status(child, year_end: dt.date) -> dict | None:
    """The SSDA903 OC2 fields for a child looked after 12 months or more at `year_end` (31 March), else None.

    HEALTH_CHECK (health surveillance, reported for under-5s) is taken as "health assessments up to date at the
    year end" (the 6-monthly reviews); HEALTH_ASSESSMENT as "a health assessment in the year". INTERVENTION_*
    and SDQ fields are None where they do not apply.
    """
    period = oc2_period(child, year_end)
    if period is None:
        return None
    year_start = year_end - relativedelta(years=1) + dt.timedelta(days=1)
    in_year = {"child": child}
    assessments = HealthAssessment.objects.filter(**in_year, assessment_date__lte=year_end)
    latest_assessment = (
        assessments.filter(assessment_date__gte=period.start_date).values_list("assessment_date", flat=True).first()
    )
    age = age_on(child.date_of_birth, year_end)
    misuse = list(SubstanceMisuse.objects.filter(**in_year, identified_date__range=(year_start, year_end)))
    immunisation = ImmunisationStatus.objects.filter(**in_year, status_date__lte=year_end).first()
    sdq = SDQScore.objects.filter(**in_year, completed_date__range=(year_start, year_end)).first()
    under_five = age is not None and age < 5
    up_to_date = latest_assessment is not None and review_due(latest_assessment, child.date_of_birth) >= year_end
    return {
        "CONVICTED": _flag(
            Conviction.objects.filter(**in_year, conviction_date__range=(year_start, year_end)).exists()
        ),
        "HEALTH_CHECK": _flag(up_to_date) if under_five else None,
        "IMMUNISATIONS": _flag(immunisation is not None and immunisation.up_to_date),
        "TEETH_CHECK": _flag(DentalCheck.objects.filter(**in_year, check_date__range=(year_start, year_end)).exists()),
        "HEALTH_ASSESSMENT": _flag(assessments.filter(assessment_date__gte=year_start).exists()),
        "SUBSTANCE_MISUSE": _flag(bool(misuse)),
        "INTERVENTION_RECEIVED": _flag(any(m.intervention_received for m in misuse)) if misuse else None,
        "INTERVENTION_OFFERED": _flag(any(m.intervention_offered for m in misuse)) if misuse else None,
        "SDQ_SCORE": sdq.score if sdq and sdq_applies(child.date_of_birth, year_end) else None,
        "SDQ_REASON": (sdq.reason or None) if sdq and sdq_applies(child.date_of_birth, year_end) else None,
    }
