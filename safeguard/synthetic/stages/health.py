"""Health and education of children looked after, and children missing education.

Runs after the "looked after" stage and reads its periods back from the database (CarePeriod with the child's
date of birth); nothing is shared in memory. For every period of care, in date order up to its end (or as-of):
- the initial health assessment: ≈ 75% within `health-iha` (20 working days), the rest 1-40 working days late;
- review health assessments at the reg 7 cadence (schedule.review_due: 6-monthly while the next one falls before
  the 5th birthday, then 12-monthly), ≈ 95% on time; ≈ 15% of open periods lapse in the last year (the reviews
  stop), so ≈ 90% are up to date at as-of and the work trays show overdue ones;
- an immunisation status at each assessment (≈ 85% of children up to date; some catch up);
- annual dental checks for ≈ 87% of children (≈ 85% checked in any year), SDQs from 12 months in care, one in
  each SSDA903 year (April to March) a few weeks before the anniversary of care, for ages 4-16: ≈ 80% scored
  (mean 14, sd 6, clipped 0-40), the rest with an SDQ_REASON (refused, disability, other: the return needs one
  for every child 4-16 looked after all year); SDQ1 (age) for a child under 4 or 17 on the day in a year the
  return asks for one (4 by 31 March, under 17 on 1 April);
- substance misuse identified for ≈ 6% of children aged 10+ (≈ 3.5% overall; intervention offered ≈ 85%,
  received ≈ 60% of those), a conviction for ≈ 2.5% of children aged 10+;
- PEPs for children of school age: the initial one ≈ 85% within `education-pep-initial` (10 working days), then
  one in each school term (SchoolTerm table) ≈ 90% of terms;
- children missing education: ≈ 300 reports a year per big city (scaled), any child aged 5-16 on the day;
  most are found within weeks (lognormal, median 20 days), a few are still open at as-of.
Records dated more than a year before the history window are not written (they only set the schedule).
Every record has its chronology event.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from safeguard.codelists import SDQReason
from safeguard.education.models import ChildMissingEducation, PersonalEducationPlan, SchoolTerm
from safeguard.education.schedule import is_school_age, pep_anchor
from safeguard.health.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQScore,
    SubstanceMisuse,
)
from safeguard.health.schedule import review_due, sdq_applies
from safeguard.lac.models import CarePeriod
from safeguard.people.ages import age_on
from safeguard.people.models import Person

from ..context import GenerationContext
from ..sampling import Weighted, lognormal_days
from ..writer import EventLog, Table

IHA_ON_TIME = 0.75
REVIEW_ON_TIME = 0.95
LAPSED_OPEN_PERIOD = 0.15
IMMUNISED = 0.85
DENTAL_ATTENDER = 0.87
SDQ_SCORED = 0.80  # the rest have the reason recorded (the return needs a score or a reason: rules 186, 197B)
SDQ_EARLY_DAYS = 45  # an SDQ is done up to this many days before the anniversary of care
SDQ_MEAN, SDQ_SD = 14, 6
SUBSTANCE_MISUSE_10_PLUS = 0.06
INTERVENTION_OFFERED, INTERVENTION_RECEIVED = 0.85, 0.60
CONVICTED_10_PLUS = 0.025
PEP_ON_TIME = 0.85
PEP_EACH_TERM = 0.90
CME_PER_YEAR_BIG_CITY = 300
CME_FOUND_MEDIAN_DAYS = 20

SDQ_REASONS = Weighted({SDQReason.CARER_REFUSED: 3, SDQReason.CHILD_REFUSED: 4, SDQReason.DISABILITY: 1,
                        SDQReason.OTHER: 12})  # fmt: skip
CME_REASONS = Weighted({"removed": 30, "moved": 25, "absence": 20, "not_started": 10, "home_education": 8,
                        "excluded": 3, "other": 4})  # fmt: skip
CME_OUTCOMES = Weighted({ChildMissingEducation.Status.FOUND_EDUCATION: 80, ChildMissingEducation.Status.FOUND_OTHER: 12,
                         ChildMissingEducation.Status.CLOSED: 8})  # fmt: skip
ASSESSORS = ("Community paediatrician", "Looked-after children's nurse", "Designated doctor for looked-after children")
SCHOOLS = ("Northbridge Primary School", "St Anne's CE Primary", "Riverside Academy", "Hillcrest High School",
           "Northbridge College", "Meadow Lane Primary", "Castle View Academy")  # fmt: skip
OFFENCES = ("Theft", "Criminal damage", "Common assault", "Possession of a controlled drug", "Public order offence")


@dataclass
class _Period:
    pk: int
    child_id: int
    start: dt.date
    end: dt.date | None
    dob: dt.date | None


class _Writes:
    """Rows per table and the chronology event for each, written in bulk at the end."""

    def __init__(self, ctx: GenerationContext, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.user = ctx.import_user.pk
        self.rows: dict[type, list[tuple]] = {}
        self.events: dict[type, list[tuple[int, dt.date, str, str]]] = {}

    def add(self, model, row: tuple, *, child_id: int, day: dt.date, kind: str, summary: str) -> None:
        self.rows.setdefault(model, []).append(row)
        self.events.setdefault(model, []).append((child_id, day, kind, summary))

    def write(self, model, columns: list[str], category: str) -> int:
        rows = self.rows.get(model, [])
        pks = Table(model, columns).insert_returning_keys(rows)
        log = EventLog(self.ctx.import_user)
        source = f"{model._meta.app_label}.{model._meta.model_name}"
        for pk, (child_id, day, kind, summary) in zip(pks, self.events.get(model, []), strict=True):
            at = self.ctx.at(day, self.rng.randint(9, 16), self.rng.randint(0, 59))
            log.add(child_pk=child_id, at=at, category=category, kind=kind, summary=summary, source=source,
                    source_pk=pk)  # fmt: skip
        log.flush()
        return len(rows)


def _load(ctx: GenerationContext) -> list[_Period]:
    periods = (
        CarePeriod.objects.exclude(end_date__lt=ctx.start)
        .filter(start_date__lt=ctx.as_of)
        .order_by("child_id", "start_date", "pk")
        .values_list("pk", "child_id", "start_date", "end_date", "child__date_of_birth")
    )
    return [_Period(*row) for row in periods]


def _last_day(period: _Period, as_of: dt.date) -> dt.date:
    """The last day anything can happen in the period: its end, or the day before as-of."""
    yesterday = as_of - dt.timedelta(days=1)
    return min(period.end, yesterday) if period.end else yesterday


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _on_time_or_late(rng, ctx, anchor: dt.date, due: dt.date, on_time: float, late_working_days: int) -> dt.date:
    if rng.random() < on_time:
        return _between(rng, anchor + dt.timedelta(days=1), due) if due > anchor else due
    return ctx.add_working_days(due, rng.randint(1, late_working_days))


def _health(ctx: GenerationContext, rng: random.Random, w: _Writes, p: _Period, keep: Callable[[dt.date], bool]):
    last = _last_day(p, ctx.as_of)
    immunised = rng.random() < IMMUNISED
    lapse = None
    if p.end is None and rng.random() < LAPSED_OPEN_PERIOD:
        lapse = ctx.as_of - dt.timedelta(days=rng.randint(30, 330))
    day = _on_time_or_late(rng, ctx, p.start, ctx.due("health-iha", p.start), IHA_ON_TIME, 40)
    kind = HealthAssessment.Kind.INITIAL
    while day <= last and (lapse is None or day < lapse):
        # The initial assessment is always written, however old: the schedule of the period depends on it.
        if keep(day) or kind == HealthAssessment.Kind.INITIAL:
            label = "Initial health assessment" if kind == HealthAssessment.Kind.INITIAL else "Review health assessment"
            w.add(HealthAssessment, (p.child_id, kind, day, rng.choice(ASSESSORS), "", w.user), child_id=p.child_id,
                  day=day, kind=f"health.{kind}_assessment", summary=f"{label} on {day:%d %b %Y}")  # fmt: skip
            w.add(ImmunisationStatus, (p.child_id, day, immunised, "", w.user), child_id=p.child_id, day=day,
                  kind="health.immunisations", summary=f"Immunisations {'' if immunised else 'not '}up to date on "
                  f"{day:%d %b %Y}")  # fmt: skip
        immunised = immunised or rng.random() < 0.3
        due = review_due(day, p.dob)
        day, kind = _on_time_or_late(rng, ctx, day, due, REVIEW_ON_TIME, 30), HealthAssessment.Kind.REVIEW


def _annual(ctx, rng, w: _Writes, p: _Period, keep):
    last = _last_day(p, ctx.as_of)
    if rng.random() < DENTAL_ATTENDER:
        day = p.start + dt.timedelta(days=rng.randint(30, 340))
        while day <= last:
            if keep(day):
                w.add(DentalCheck, (p.child_id, day, "", w.user), child_id=p.child_id, day=day,
                      kind="health.dental_check", summary=f"Dental check on {day:%d %b %Y}")  # fmt: skip
            day += dt.timedelta(days=rng.randint(280, 365))
    for day in sdq_days(p.start, last, rng):
        if not keep(day):
            continue
        draw = rng.random()
        if sdq_applies(p.dob, day):
            score = max(0, min(40, round(rng.gauss(SDQ_MEAN, SDQ_SD)))) if draw < SDQ_SCORED else None
            reason = "" if score is not None else SDQ_REASONS(rng)
        elif _sdq_reported(p.dob, day):
            score, reason = None, SDQReason.AGE  # under 4 or 17 on the day, in a year the return asks for one
        else:
            continue
        said = f"score {score}" if score is not None else "no score"
        w.add(SDQScore, (p.child_id, day, score, reason, w.user), child_id=p.child_id, day=day, kind="health.sdq",
              summary=f"SDQ on {day:%d %b %Y}, {said}")  # fmt: skip


def _collection_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The SSDA903 year (1 April to 31 March) `day` falls in."""
    first = dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return first, dt.date(first.year + 1, 3, 31)


def sdq_days(start: dt.date, last: dt.date, rng: random.Random) -> list[dt.date]:
    """The SDQ days of a period of care: one in each SSDA903 year (April to March) from the first anniversary of
    care, a few weeks before the anniversary, never before 1 April of that year or after `last`, so a child looked
    after for a whole year always has one in it (SSDA903 rules 186, 197B) and they stay about a year apart."""
    days, anniversary = [], start + relativedelta(months=12)
    while True:
        first_of_year, _ = _collection_year(anniversary)
        day = max(anniversary - dt.timedelta(days=rng.randint(0, SDQ_EARLY_DAYS)), first_of_year)
        if day > last:
            return days
        days.append(day)
        anniversary += relativedelta(years=1)


def _sdq_reported(dob: dt.date | None, day: dt.date) -> bool:
    """The return reports an SDQ, or the reason for none, for the year of `day` (4 by its 31 March and not yet 17
    on its 1 April: rules 186, 197B)."""
    if dob is None:
        return False
    first, last = _collection_year(day)
    return dob + relativedelta(years=4) <= last and dob + relativedelta(years=17) >= first


def _behaviour(ctx, rng, w: _Writes, p: _Period, keep):
    if p.dob is None:
        return
    first = max(p.start, p.dob + relativedelta(years=10))
    last = _last_day(p, ctx.as_of)
    if first > last:
        return
    if rng.random() < SUBSTANCE_MISUSE_10_PLUS:
        day = _between(rng, first, last)
        offered = rng.random() < INTERVENTION_OFFERED
        received = offered and rng.random() < INTERVENTION_RECEIVED
        if keep(day):
            w.add(SubstanceMisuse, (p.child_id, day, "", offered, received, "", w.user, 1), child_id=p.child_id,
                  day=day, kind="health.substance_misuse", summary=f"Substance misuse identified {day:%d %b %Y}")  # fmt: skip
    if rng.random() < CONVICTED_10_PLUS:
        day = _between(rng, first, last)
        if keep(day):
            w.add(Conviction, (p.child_id, day, rng.choice(OFFENCES), w.user), child_id=p.child_id, day=day,
                  kind="health.conviction", summary=f"Conviction on {day:%d %b %Y}")  # fmt: skip


def _peps(ctx, rng, w: _Writes, p: _Period, keep, terms: list[SchoolTerm]):
    last = _last_day(p, ctx.as_of)
    if p.dob is None:
        return
    first = pep_anchor(p.start, p.dob)
    if first > last or not is_school_age(p.dob, first):
        return
    school = rng.choice(SCHOOLS)
    day = _on_time_or_late(rng, ctx, first, ctx.due("education-pep-initial", first), PEP_ON_TIME, 30)
    if day > last:
        return
    kind = PersonalEducationPlan.Kind.INITIAL
    # Always written, however old: the period's PEP schedule depends on it.
    if day < ctx.as_of:
        w.add(PersonalEducationPlan, (p.child_id, kind, day, school, "", "", "", w.user), child_id=p.child_id,
              day=day, kind="education.pep_initial", summary=f"Initial personal education plan on {day:%d %b %Y}")  # fmt: skip
    for term in terms:
        if term.end_date <= day or term.start_date > last or not is_school_age(p.dob, term.start_date):
            continue
        review = _between(rng, term.start_date, term.end_date)
        if review > last or rng.random() >= PEP_EACH_TERM or not keep(review):
            continue
        w.add(PersonalEducationPlan, (p.child_id, "review", review, school, "", "", "", w.user), child_id=p.child_id,
              day=review, kind="education.pep_review", summary=f"PEP review on {review:%d %b %Y} ({term.name})")  # fmt: skip


def _missing_education(ctx: GenerationContext, rng: random.Random, w: _Writes) -> None:
    days = (ctx.as_of - ctx.start).days
    wanted = round(CME_PER_YEAR_BIG_CITY * ctx.scale * days / 365)
    children = list(
        Person.objects.filter(kind=Person.Kind.CHILD, date_of_birth__isnull=False)
        .order_by("pk")
        .values_list("pk", "date_of_birth")
    )
    reported: set[int] = set()
    attempts = 0
    while len(reported) < wanted and children and attempts < wanted * 20:
        attempts += 1
        child_id, dob = rng.choice(children)
        day = ctx.start + dt.timedelta(days=rng.randrange(days))
        if child_id in reported or not 5 <= age_on(dob, day) <= 16:
            continue
        reported.add(child_id)
        found = day + dt.timedelta(days=lognormal_days(rng, CME_FOUND_MEDIAN_DAYS, 0.9))
        status, resolved = (CME_OUTCOMES(rng), found) if found < ctx.as_of else (None, None)
        if status is None:
            status = "tracing" if (ctx.as_of - day).days > 5 else "reported"
        reason = CME_REASONS(rng)
        w.add(ChildMissingEducation, (child_id, status, day, rng.choice(SCHOOLS), reason, resolved, "", w.user, 1),
              child_id=child_id, day=day, kind="education.cme_reported",
              summary=f"Reported missing education: {ChildMissingEducation.Reason(reason).label}")  # fmt: skip


def write_health(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("health and education")
    w = _Writes(ctx, rng)
    window = ctx.start - relativedelta(years=1)

    def keep(day: dt.date) -> bool:
        return window <= day < ctx.as_of

    terms = list(SchoolTerm.objects.order_by("start_date"))
    for period in _load(ctx):
        _health(ctx, rng, w, period, keep)
        _annual(ctx, rng, w, period, keep)
        _behaviour(ctx, rng, w, period, keep)
        _peps(ctx, rng, w, period, keep, terms)
    _missing_education(ctx, rng, w)
    health, education = "health", "education"
    return {
        "health assessments": w.write(HealthAssessment, ["child_id", "kind", "assessment_date", "assessed_by", "notes",
                                                         "recorded_by_id"], health),
        "immunisation statuses": w.write(ImmunisationStatus, ["child_id", "status_date", "up_to_date", "notes",
                                                              "recorded_by_id"], health),
        "dental checks": w.write(DentalCheck, ["child_id", "check_date", "notes", "recorded_by_id"], health),
        "SDQs": w.write(SDQScore, ["child_id", "completed_date", "score", "reason", "recorded_by_id"], health),
        "substance misuse": w.write(SubstanceMisuse, ["child_id", "identified_date", "substance", "intervention_offered",
                                                      "intervention_received", "notes", "recorded_by_id", "version"],
                                    health),
        "convictions": w.write(Conviction, ["child_id", "conviction_date", "offence", "recorded_by_id"], health),
        "personal education plans": w.write(PersonalEducationPlan, ["child_id", "kind", "meeting_date", "school",
                                                                    "school_urn", "designated_teacher", "targets",
                                                                    "recorded_by_id"], education),
        "children missing education": w.write(ChildMissingEducation, ["child_id", "status", "reported_date", "school",
                                                                      "reason", "resolved_date", "notes",
                                                                      "recorded_by_id", "version"], education),
    }  # fmt: skip
