"""Children looked after: indicators 22 to 30 (DfE "Children looked after" statistics)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from safeguard.asylum.models import UASCRecord
from safeguard.carereviews import schedule
from safeguard.carereviews.models import IROContact, LookedAfterReview, StatutoryVisit
from safeguard.codelists import ReasonEpisodeCeased, ReviewParticipation
from safeguard.health.models import DentalCheck, HealthAssessment, ImmunisationStatus, SDQScore
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement
from safeguard.missing.models import MissingEpisode
from safeguard.people.ages import age_on
from safeguard.workdays.calendar import add_working_days
from safeguard.workdays.deadlines import due_date

from ..engine import Context, Direction, Unit, count, in_period, open_on, percentage, rate, share
from ..registry import indicator

SECTION = "Children looked after"
PERMANENCE_REASONS = {
    ReasonEpisodeCeased.ADOPTED_UNOPPOSED,
    ReasonEpisodeCeased.ADOPTED_CONSENT_DISPENSED,
    ReasonEpisodeCeased.CHILD_ARRANGEMENTS,
    ReasonEpisodeCeased.SGO_FOSTER_KIN,
    ReasonEpisodeCeased.SGO_FOSTER_OTHER,
    ReasonEpisodeCeased.SGO_CARER_KIN,
    ReasonEpisodeCeased.SGO_CARER_OTHER,
}
SHORT_BREAKS = {"V3", "V4"}
TEMPORARY_PLACEMENTS = {"T0", "T1", "T2", "T3", "T4"}
ADOPTION_PLACEMENTS = {"A3", "A4", "A5", "A6"}
# Review codes for a child who took part (PN0, under 4, is left out of the denominator; PN7 did not take part).
PARTICIPATED = {code for code in ReviewParticipation.values if code not in {"PN0", "PN7"}}


def care_periods():
    """Periods of care less those made only of short breaks (legal status V3 or V4), which the DfE's statistics
    leave out."""
    short_breaks = CareLegalStatus.objects.filter(legal_status__in=SHORT_BREAKS).values("period_id")
    other = CareLegalStatus.objects.exclude(legal_status__in=SHORT_BREAKS).values("period_id")
    return CarePeriod.objects.exclude(Q(pk__in=short_breaks) & ~Q(pk__in=other))


def _looked_after(ctx: Context):
    """Periods of care open on the as-of date, less a child on a short break (V3 or V4) on that day."""
    on_short_break = CareLegalStatus.objects.filter(open_on(ctx.as_of), legal_status__in=SHORT_BREAKS)
    return ctx.restrict(care_periods().filter(open_on(ctx.as_of)).exclude(pk__in=on_short_break.values("period_id")))


@indicator(
    key="cla-rate",
    number="22a",
    title="Children looked after per 10,000 children",
    unit=Unit.RATE,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Children in a period of care on the as-of date (started on or before it and not ceased by it),
        per 10,000 children aged 0-17 in the authority. As in the DfE's statistics, a child accommodated under a
        series of short breaks (legal status V3 or V4) on the as-of date is not counted; the same holds for every
        "looked after on the as-of date" below.""",
    period="A snapshot on the as-of date.",
    counted_label="Looked after",
)
def cla_rate(ctx: Context):
    return rate(ctx, _looked_after(ctx).order_by().values_list("child_id", flat=True).distinct())


@indicator(
    key="cla-starts",
    number="22b",
    title="Children starting to be looked after",
    unit=Unit.COUNT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Periods of care that started in the period (periods made only of short breaks, legal status V3
        or V4, are left out here and in every count of periods below).""",
    period="Periods started in the 12 months ending on the as-of date.",
    counted_label="Started to be looked after",
)
def cla_starts(ctx: Context):
    return count(
        ctx.restrict(care_periods().filter(in_period(ctx.period, "start_date"))).values_list("child_id", flat=True)
    )


def _ceased(ctx: Context):
    return ctx.restrict(care_periods().filter(in_period(ctx.period, "end_date")))


@indicator(
    key="cla-ceases",
    number="22c",
    title="Children ceasing to be looked after",
    unit=Unit.COUNT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Periods of care that ceased in the period. (A team or worker scope counts the children allocated
        on the as-of date, which is after many of them left care.)""",
    period="Periods ceased in the 12 months ending on the as-of date.",
    counted_label="Ceased to be looked after",
)
def cla_ceases(ctx: Context):
    return count(_ceased(ctx).values_list("child_id", flat=True))


@indicator(
    key="cla-uasc",
    number="22d",
    title="Looked-after children who are unaccompanied asylum-seeking children",
    unit=Unit.PERCENT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Children looked after on the as-of date who were unaccompanied asylum-seeking children on it
        (became UASC on or before it and had not ceased to be one by it), as a percentage of children looked after
        on the as-of date.""",
    period="A snapshot on the as-of date.",
    counted_label="UASC",
    other_label="Not UASC",
)
def cla_uasc(ctx: Context):
    children = set(_looked_after(ctx).values_list("child_id", flat=True))
    uasc = set(
        UASCRecord.objects.filter(child__in=_looked_after(ctx).values("child_id"), became_uasc_on__lte=ctx.as_of)
        .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gt=ctx.as_of))
        .values_list("child_id", flat=True)
    )
    return percentage((child, child in uasc) for child in children)


@indicator(
    key="cla-second-period-12-months",
    number="22e",
    title="Starting a second period of care within 12 months",
    unit=Unit.PERCENT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Periods of care started in the period for a child whose previous period of care ceased on or
        after the date 12 months before this start, as a percentage of periods started in the period.""",
    period="Periods started in the 12 months ending on the as-of date.",
    counted_label="Returned to care within 12 months",
    other_label="First period, or more than 12 months since the last",
)
def cla_second_period(ctx: Context):
    started = ctx.restrict(care_periods().filter(in_period(ctx.period, "start_date")))
    ended: dict[int, list[dt.date]] = defaultdict(list)
    for child, end in CarePeriod.objects.filter(
        child__in=started.values("child_id"), end_date__isnull=False, end_date__lte=ctx.as_of
    ).values_list("child_id", "end_date"):
        ended[child].append(end)
    rows = [
        (child, any(start - relativedelta(months=12) <= end <= start for end in ended[child]))
        for child, start in started.values_list("child_id", "start_date")
    ]
    return percentage(rows)


@indicator(
    key="cla-three-placements",
    number="23",
    title="Three or more placements in 12 months",
    unit=Unit.PERCENT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Children looked after on the as-of date who had 3 or more placements during the 12 months ending
        on it (placements in force on any day of those months; a move with the same carers is not a new
        placement, and temporary placements T0 to T4 are not counted), as a percentage of children looked after on the as-of date (DfE short-term stability).""",
    period="A snapshot on the as-of date, over the 12 months ending on it.",
    counted_label="3 or more placements",
    other_label="Fewer than 3",
)
def cla_three_placements(ctx: Context):
    children = set(_looked_after(ctx).values_list("child_id", flat=True))
    placements = Counter(
        Placement.objects.filter(child__in=_looked_after(ctx).values("child_id"), start_date__lte=ctx.as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=ctx.period.start))
        .exclude(same_carer_as_previous=True)
        .exclude(placement_type__in=TEMPORARY_PLACEMENTS)
        .values_list("child_id", flat=True)
    )
    return percentage((child, placements[child] >= 3) for child in children)


def stable_since(placements: list[tuple[dt.date, str, bool]]) -> dt.date | None:
    """When the child's current placement began, for long-term stability: placements (start, type, same carer as
    the previous one) in date order. Moves with the same carers continue the placement; a placement for adoption
    counts the time in the placement before it (DfE)."""
    if not placements:
        return None
    index = len(placements) - 1
    while index > 0 and placements[index][2]:
        index -= 1
    if placements[-1][1] in ADOPTION_PLACEMENTS and index > 0:
        index -= 1
        while index > 0 and placements[index][2]:
            index -= 1
    return placements[index][0]


@indicator(
    key="cla-long-term-stability",
    number="24",
    title="Long-term stability: in the same placement for 2 years",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Children under 16 on the as-of date, looked after continuously for at least 2 years and 6
        months by then, who had been in the same placement for at least 2 years on it (moves with the same carers
        do not break it; for a child placed for adoption the time in the placement before counts too; temporary
        placements T0 to T4 are ignored), as a percentage of those children (DfE long-term stability).""",
    period="A snapshot on the as-of date.",
    counted_label="Same placement 2 years or more",
    other_label="Moved in the last 2 years",
)
def cla_long_term_stability(ctx: Context):
    periods = [
        (pk, child)
        for pk, child, born in _looked_after(ctx)
        .filter(start_date__lte=ctx.as_of - relativedelta(months=30))
        .values_list("pk", "child_id", "child__date_of_birth")
        if (age := age_on(born, ctx.as_of)) is not None and age < 16
    ]
    placements: dict[int, list[tuple[dt.date, str, bool]]] = defaultdict(list)
    for period, start, kind, same in (
        Placement.objects.filter(period__in=[pk for pk, _ in periods], start_date__lte=ctx.as_of)
        .exclude(placement_type__in=TEMPORARY_PLACEMENTS)
        .order_by("start_date", "pk")
        .values_list("period_id", "start_date", "placement_type", "same_carer_as_previous")
    ):
        placements[period].append((start, kind, same))
    rows = []
    for pk, child in periods:
        since = stable_since(placements[pk])
        rows.append((child, since is not None and since + relativedelta(years=2) <= ctx.as_of))
    return percentage(rows)


@indicator(
    key="cla-distance-out-of-area",
    number="25",
    title="Placed more than 20 miles from home or outside the authority",
    unit=Unit.PERCENT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Children looked after on the as-of date whose placement in force on it is more than 20 miles from
        their home postcode and/or outside the authority, as a percentage of children looked after with a
        placement on the as-of date. A placement whose distance or area is not known counts as neither. Also
        shown: each part, and how many distances are not known.""",
    period="A snapshot on the as-of date.",
    counted_label="Far from home or out of area",
    other_label="Within 20 miles and in the authority (or not known)",
)
def cla_distance(ctx: Context):
    rows = list(
        Placement.objects.filter(open_on(ctx.as_of), period__in=_looked_after(ctx).values("pk")).values_list(
            "child_id", "distance_miles", "out_of_area"
        )
    )
    far = [child for child, miles, _ in rows if miles is not None and miles > 20]
    out = [child for child, _, out_of_area in rows if out_of_area]
    details = [
        ("More than 20 miles", share(len(far), len(rows))),
        ("Outside the authority", share(len(out), len(rows))),
        ("Distance not known", str(sum(1 for _, miles, _ in rows if miles is None))),
    ]
    far_or_out = set(far) | set(out)
    return percentage(((child, child in far_or_out) for child, _, _ in rows), details=details)


def reviews_in_time(start: dt.date, reviews: list[dt.date], as_of: dt.date, since: dt.date) -> bool:
    """CPPCR reg 33: the first review within 20 working days of the start, the second within 3 months of the
    first, then at most 6 months apart. In time when no review due between `since` and `as_of` was held late
    and the next is not overdue on `as_of` (a review on its due day is in time)."""
    due = add_working_days(start, 20)
    for number, held in enumerate(sorted(reviews), start=1):
        if held > due and due >= since:
            return False
        due = held + relativedelta(months=3 if number == 1 else 6)
    return as_of <= due


@indicator(
    key="cla-reviews-in-time",
    number="26a",
    title="Looked-after reviews in timescale",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Children looked after on the as-of date whose first review was due by then (20 working days
        after the period of care started), none of whose reviews due in the period was held late, and whose next
        review was not overdue on the as-of date, as a percentage of those children. Reviews are due: the first
        within 20 working days of the start of the period of care, the second within 3 months of the first, each
        later one within 6 months of the one before (CPPCR 2010 reg 33; as the former NI 66, reviews due in the
        year).""",
    period="A snapshot on the as-of date; reviews due in the 12 months ending on it.",
    counted_label="Reviewed in timescale",
    other_label="A review late or overdue",
)
def cla_reviews_in_time(ctx: Context):
    periods = [
        (pk, child, start)
        for pk, child, start in _looked_after(ctx).values_list("pk", "child_id", "start_date")
        if add_working_days(start, 20) <= ctx.as_of
    ]
    reviews: dict[int, list[dt.date]] = defaultdict(list)
    for period, held in LookedAfterReview.objects.filter(
        period__in=_looked_after(ctx).values("pk"), review_date__lte=ctx.as_of
    ).values_list("period_id", "review_date"):
        reviews[period].append(held)
    return percentage(
        (child, reviews_in_time(start, reviews[pk], ctx.as_of, ctx.period.start)) for pk, child, start in periods
    )


@indicator(
    key="cla-review-participation",
    number="26b",
    title="Children taking part in their looked-after reviews",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Looked-after reviews held in the period where the child took part (participation codes PN1 to
        PN6), as a percentage of reviews held in the period for children aged 4 or over (code PN0, under 4, is
        left out).""",
    period="Reviews held in the 12 months ending on the as-of date.",
    counted_label="Took part",
    other_label="Did not take part (PN7)",
)
def cla_review_participation(ctx: Context):
    rows = ctx.restrict(
        LookedAfterReview.objects.filter(in_period(ctx.period, "review_date")).exclude(participation="PN0")
    ).values_list("child_id", "participation")
    return percentage((child, code in PARTICIPATED) for child, code in rows)


def _by_period(queryset, date_field: str, ctx: Context, *fields: str) -> dict[int, list]:
    """Rows of `queryset` dated on or before the as-of date, grouped by the period of care they belong to."""
    grouped: dict[int, list] = defaultdict(list)
    for period, *values in queryset.filter(
        period__in=_looked_after(ctx).values("pk"), **{f"{date_field}__lte": ctx.as_of}
    ).values_list("period_id", date_field, *fields):
        grouped[period].append(values)
    return grouped


@indicator(
    key="cla-visits-in-time",
    number="27a",
    title="Statutory visits in timescale",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Children looked after on the as-of date whose next regulation 28 visit was not overdue on it: the
        schedule (carereviews.schedule.next_visit, from the rule table) worked out from the placements started,
        the visits at which the child was seen and the first review, all on or before the as-of date; a visit is
        due within 1 week of any placement starting, then every 6 weeks in its first year, then by the placement's
        regime (CPPCR 2010 reg 28). As a percentage of children looked after on the as-of date.""",
    period="A snapshot on the as-of date.",
    counted_label="Visits in timescale",
    other_label="Visit overdue",
)
def cla_visits_in_time(ctx: Context):
    periods = list(_looked_after(ctx).values_list("pk", "child_id", "child__date_of_birth"))
    placements = _by_period(Placement.objects, "start_date", ctx, "placement_type", "intended_until_18", "end_date")
    visits = _by_period(StatutoryVisit.objects, "visit_date", ctx, "child_seen", "child_agrees_six_monthly")
    reviews = _by_period(LookedAfterReview.objects, "review_date", ctx)
    rows = []
    for pk, child, born in periods:
        deadline = schedule.next_visit(
            placements=[
                schedule.PlacementFacts(start, kind, until_18, end if end is not None and end <= ctx.as_of else None)
                for start, kind, until_18, end in placements[pk]
            ],
            visits=[schedule.VisitFacts(day, seen, agrees) for day, seen, agrees in visits[pk]],
            first_review=min((day for (day,) in reviews[pk]), default=None),
            due=due_date,
            date_of_birth=born,
        )
        rows.append((child, deadline is None or ctx.as_of <= deadline.due))
    return percentage(rows)


@indicator(
    key="cla-iro-contact-in-time",
    number="27b",
    title="IRO contact in timescale",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Children looked after on the as-of date whose independent reviewing officer's next contact was
        not overdue on it: due by the local interval (rule lac-iro-contact) after the latest contact in the period
        of care, or after the child became looked after, and no later than the next review
        (carereviews.schedule.next_iro_contact; CPPCR 2010 reg 36). As a percentage of children looked after on
        the as-of date.""",
    period="A snapshot on the as-of date.",
    counted_label="IRO contact in timescale",
    other_label="IRO contact overdue",
)
def cla_iro_contact_in_time(ctx: Context):
    periods = list(_looked_after(ctx).values_list("pk", "child_id", "start_date", "child__date_of_birth"))
    contacts = _by_period(IROContact.objects, "contact_date", ctx)
    reviews = _by_period(LookedAfterReview.objects, "review_date", ctx)
    rows = []
    for pk, child, start, born in periods:
        review = schedule.next_review(
            became_looked_after=start, reviews_held=[d for (d,) in reviews[pk]], due=due_date, date_of_birth=born
        )
        deadline = schedule.next_iro_contact(
            became_looked_after=start,
            contacts=[d for (d,) in contacts[pk]],
            next_review_due=review,
            due=due_date,
            date_of_birth=born,
        )
        rows.append((child, deadline is None or ctx.as_of <= deadline.due))
    return percentage(rows)


def _in_care_12_months(ctx: Context):
    """Children looked after on the as-of date continuously for at least 12 months (SSDA903 OC2 cohort)."""
    return _looked_after(ctx).filter(start_date__lte=ctx.as_of - relativedelta(months=12))


def _cohort(ctx: Context) -> dict[int, dt.date | None]:
    return dict(_in_care_12_months(ctx).values_list("child_id", "child__date_of_birth"))


HEALTH_DEFINITION_TAIL = """as a percentage of children looked after on the as-of date who had been looked after
    continuously for at least 12 months by then (the SSDA903 OC2 cohort)."""


@indicator(
    key="cla-health-assessment",
    number="28a",
    title="Health assessment up to date",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition=f"""Children whose latest health assessment (initial or review) on or before the as-of date was
        within 6 months of it for a child under 5 on the as-of date, or within 12 months for a child of 5 or over
        (CPPCR 2010 reg 7), {HEALTH_DEFINITION_TAIL}""",
    period="A snapshot on the as-of date.",
    counted_label="Up to date",
    other_label="Not up to date",
)
def cla_health_assessment(ctx: Context):
    cohort = _cohort(ctx)
    latest: dict[int, dt.date] = {}
    for child, day in HealthAssessment.objects.filter(
        child__in=_in_care_12_months(ctx).values("child_id"), assessment_date__lte=ctx.as_of
    ).values_list("child_id", "assessment_date"):
        latest[child] = max(day, latest.get(child, dt.date.min))

    def up_to_date(child: int, born: dt.date | None) -> bool:
        age = age_on(born, ctx.as_of)
        months = 6 if age is not None and age < 5 else 12
        return child in latest and latest[child] + relativedelta(months=months) >= ctx.as_of

    return percentage((child, up_to_date(child, born)) for child, born in cohort.items())


def _within_12_months(ctx: Context, model, date_field: str, **filters) -> set[int]:
    return set(
        model.objects.filter(
            child__in=_in_care_12_months(ctx).values("child_id"),
            **{f"{date_field}__lte": ctx.as_of, f"{date_field}__gte": ctx.period.start},
            **filters,
        ).values_list("child_id", flat=True)
    )


@indicator(
    key="cla-dental-check",
    number="28b",
    title="Dental check in the last 12 months",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition=f"""Children with a dental check in the 12 months ending on the as-of date, {HEALTH_DEFINITION_TAIL}""",
    period="A snapshot on the as-of date, over the 12 months ending on it.",
    counted_label="Dental check",
    other_label="No dental check",
)
def cla_dental(ctx: Context):
    checked = _within_12_months(ctx, DentalCheck, "check_date")
    return percentage((child, child in checked) for child in _cohort(ctx))


@indicator(
    key="cla-immunisations",
    number="28c",
    title="Immunisations up to date",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition=f"""Children whose latest immunisation status recorded on or before the as-of date says up to date,
        {HEALTH_DEFINITION_TAIL}""",
    period="A snapshot on the as-of date.",
    counted_label="Up to date",
    other_label="Not up to date or not recorded",
)
def cla_immunisations(ctx: Context):
    latest: dict[int, tuple[dt.date, int, bool]] = {}
    for pk, child, day, ok in ImmunisationStatus.objects.filter(
        child__in=_in_care_12_months(ctx).values("child_id"), status_date__lte=ctx.as_of
    ).values_list("pk", "child_id", "status_date", "up_to_date"):
        if child not in latest or (day, pk) > latest[child][:2]:
            latest[child] = (day, pk, ok)
    return percentage((child, child in latest and latest[child][2]) for child in _cohort(ctx))


@indicator(
    key="cla-sdq",
    number="28d",
    title="SDQ score in the last 12 months (ages 4 to 16)",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Children aged 4 to 16 on the as-of date with a Strengths and Difficulties Questionnaire score
        (not a reason for no score) completed in the 12 months ending on the as-of date, as a percentage of
        children aged 4 to 16 looked after on the as-of date continuously for at least 12 months.""",
    period="A snapshot on the as-of date, over the 12 months ending on it.",
    counted_label="SDQ scored",
    other_label="No SDQ score",
)
def cla_sdq(ctx: Context):
    scored = _within_12_months(ctx, SDQScore, "completed_date", score__isnull=False)
    cohort = [
        child for child, born in _cohort(ctx).items() if (age := age_on(born, ctx.as_of)) is not None and 4 <= age <= 16
    ]
    return percentage((child, child in scored) for child in cohort)


def _day_bounds(ctx: Context) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(ctx.period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(ctx.period.end + dt.timedelta(days=1), dt.time.min))
    return start, end


@indicator(
    key="missing-children",
    number="29a",
    title="Children who went missing",
    unit=Unit.COUNT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Children with at least one missing or away episode starting in the period (UK time), whether
        missing from home, care or elsewhere. Also shown: the number of episodes and episodes per child.""",
    period="Episodes started in the 12 months ending on the as-of date.",
    counted_label="Went missing",
)
def missing_children(ctx: Context):
    start, end = _day_bounds(ctx)
    episodes = list(
        ctx.restrict(MissingEpisode.objects.filter(start_at__gte=start, start_at__lt=end)).values_list(
            "child_id", flat=True
        )
    )
    children = set(episodes)
    per_child = f"{len(episodes) / len(children):.1f}" if children else "–"
    return count(children, details=[("Episodes", str(len(episodes))), ("Episodes per child", per_child)])


def _returns(ctx: Context):
    start, end = _day_bounds(ctx)
    return ctx.restrict(MissingEpisode.objects.filter(end_at__gte=start, end_at__lt=end))


@indicator(
    key="missing-rhi-offered",
    number="29b",
    title="Return-home interviews offered",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Missing or away episodes ending (the child's return) in the period where a return-home interview
        was offered on or before the as-of date, as a percentage of episodes ending in the period.""",
    period="Returns in the 12 months ending on the as-of date.",
    counted_label="Interview offered",
    other_label="Not offered",
)
def missing_rhi_offered(ctx: Context):
    rows = _returns(ctx).values_list("child_id", "return_interview__offered_at")
    as_of_end = _day_bounds(ctx)[1]
    return percentage((child, offered is not None and offered < as_of_end) for child, offered in rows)


@indicator(
    key="missing-rhi-72-hours",
    number="29c",
    title="Return-home interviews within 72 hours",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Missing or away episodes ending in the period whose return-home interview was completed no more
        than 72 hours after the return (and on or before the as-of date), as a percentage of episodes ending in
        the period (DfE 2014 statutory guidance on children who go missing).""",
    period="Returns in the 12 months ending on the as-of date.",
    counted_label="Within 72 hours",
    other_label="Later or not done",
)
def missing_rhi_72_hours(ctx: Context):
    as_of_end = _day_bounds(ctx)[1]
    rows = _returns(ctx).values_list("child_id", "end_at", "return_interview__completed_at")
    return percentage(
        (child, done is not None and done < as_of_end and done <= returned + dt.timedelta(hours=72))
        for child, returned, done in rows
    )


@indicator(
    key="exits-to-permanence",
    number="30",
    title="Leaving care to adoption, special guardianship or a child arrangements order",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Periods of care that ceased in the period with reason E11 or E12 (adopted), E41 (child
        arrangements order) or E45 to E48 (special guardianship order), as a percentage of periods of care that
        ceased in the period. Also shown: each route's share.""",
    period="Periods ceased in the 12 months ending on the as-of date.",
    counted_label="Left to permanence",
    other_label="Left care otherwise",
)
def exits_to_permanence(ctx: Context):
    rows = list(_ceased(ctx).values_list("child_id", "end_reason"))
    routes = {
        "Adoption": {"E11", "E12"},
        "Special guardianship order": {"E45", "E46", "E47", "E48"},
        "Child arrangements order": {"E41"},
    }
    details = [(label, share(sum(1 for _, r in rows if r in codes), len(rows))) for label, codes in routes.items()]
    return percentage(((child, reason in PERMANENCE_REASONS) for child, reason in rows), details=details)
