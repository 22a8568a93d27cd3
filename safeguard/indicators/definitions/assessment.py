"""Front door and assessment: indicators 1-5, 7-10 (DfE "Children in need" tables C1-C4)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from dateutil.relativedelta import relativedelta
from django.db.models import F, Q
from django.utils import timezone

from safeguard.casework.models import Assessment, AssessmentChildSeen, CINEpisode
from safeguard.codelists import ReasonForClosure, ReferralSource
from safeguard.frontdoor.models import Contact, ContactDecision
from safeguard.workdays.calendar import add_working_days, working_days_between

from ..engine import Context, Direction, Unit, count, in_period, median, percentage, rate, share, tally
from ..registry import indicator

SECTION = "Front door and assessment"
ASSESSMENT_WORKING_DAYS = 45


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


@indicator(
    key="contacts-to-referral",
    number="1",
    title="Contacts that became referrals",
    unit=Unit.PERCENT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Contacts received in the period (date received, UK time) whose front-door decision, made on or
        before the as-of date, was a referral or a strategy discussion (both open a children in need episode), as
        a percentage of all contacts received in the period. Contacts not yet decided count in the denominator
        only. Also shown: contacts per child (contacts divided by the distinct children they were about).""",
    period="Contacts received in the 12 months ending on the as-of date.",
    counted_label="Contacts that became referrals",
    other_label="Contacts that did not (or not yet)",
)
def contacts_to_referral(ctx: Context):
    start = timezone.make_aware(dt.datetime.combine(ctx.period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(ctx.period.end + dt.timedelta(days=1), dt.time.min))
    rows = ctx.restrict(Contact.objects.filter(received_at__gte=start, received_at__lt=end)).values_list(
        "child_id", "decision__outcome", "decision__decided_at"
    )
    counted = []
    for child, outcome, decided_at in rows:
        decided = _local_date(decided_at)
        became = outcome in ContactDecision.OPENS_EPISODE and decided is not None and decided <= ctx.as_of
        counted.append((child, became))
    children = len({child for child, _ in counted})
    per_child = f"{len(counted) / children:.2f}" if children else "–"
    return percentage(counted, details=[("Contacts per child", per_child), ("Children", str(children))])


def _referrals(ctx: Context):
    return ctx.restrict(CINEpisode.objects.filter(in_period(ctx.period, "referral_date")))


@indicator(
    key="referral-rate",
    number="2",
    title="Referrals per 10,000 children",
    unit=Unit.RATE,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Referrals (children in need episodes by referral date, including those ending in no further
        action) in the period, per 10,000 children aged 0-17 in the authority (the child population recorded for
        the latest mid-year up to the as-of year).""",
    period="Referrals dated in the 12 months ending on the as-of date.",
    counted_label="Children referred",
)
def referral_rate(ctx: Context):
    return rate(ctx, _referrals(ctx).values_list("child_id", flat=True))


@indicator(
    key="re-referrals",
    number="3",
    title="Re-referrals within 12 months",
    unit=Unit.PERCENT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Referrals in the period where the same child had an earlier referral (an earlier referral date)
        on or after the date 12 months before this one, as a percentage of referrals in the period (DfE). An
        earlier referral recorded only as the episode's "previous referral date" (history imported from another
        system) counts too.""",
    period="Referrals dated in the 12 months ending on the as-of date; earlier referrals from any date.",
    counted_label="Re-referred",
    other_label="First referral in 12 months",
)
def re_referrals(ctx: Context):
    referrals = list(_referrals(ctx).values_list("child_id", "referral_date", "previous_referral_date"))
    earlier: dict[int, list[dt.date]] = defaultdict(list)
    children = _referrals(ctx).values("child_id")
    for child, day in CINEpisode.objects.filter(child__in=children, referral_date__lte=ctx.as_of).values_list(
        "child_id", "referral_date"
    ):
        earlier[child].append(day)
    rows = []
    for child, day, stored_previous in referrals:
        window_start = day - relativedelta(months=12)
        candidates = [d for d in earlier[child] if d < day]
        if stored_previous is not None and stored_previous < day:
            candidates.append(stored_previous)
        rows.append((child, any(d >= window_start for d in candidates)))
    return percentage(rows)


@indicator(
    key="referrals-nfa",
    number="4",
    title="Referrals ending in no further action",
    unit=Unit.PERCENT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Referrals in the period recorded with "referral: no further action" (CIN census ReferralNFA),
        as a percentage of referrals in the period.""",
    period="Referrals dated in the 12 months ending on the as-of date.",
    counted_label="No further action",
    other_label="Went on",
)
def referrals_nfa(ctx: Context):
    return percentage(_referrals(ctx).values_list("child_id", "referral_nfa"))


@indicator(
    key="referral-sources",
    number="5",
    title="Referral source mix",
    unit=Unit.COUNT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Referrals in the period, with each DfE referral source's share of them (the details list every
        source recorded, largest first).""",
    period="Referrals dated in the 12 months ending on the as-of date.",
    counted_label="Children referred",
)
def referral_sources(ctx: Context):
    rows = list(_referrals(ctx).values_list("child_id", "referral_source"))
    sources = Counter(source for _, source in rows)
    labels = dict(ReferralSource.choices)
    details = [(labels.get(code, code), share(n, len(rows))) for code, n in sources.most_common()]
    return count([child for child, _ in rows], details=details)


def _assessments_authorised(ctx: Context):
    return ctx.restrict(Assessment.objects.filter(in_period(ctx.period, "authorised_date")))


@indicator(
    key="assessments-within-45-wd",
    number="7",
    title="Assessments completed within 45 working days",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Child and family assessments authorised in the period whose authorisation date is no more than
        45 working days after the referral date of their episode (the referral date is day 0; weekends and
        England and Wales bank holidays are not working days), as a percentage of assessments authorised in the
        period (DfE). Also shown: the median and interquartile working days from referral to authorisation, and
        the share over 60 working days.""",
    period="Assessments authorised in the 12 months ending on the as-of date.",
    counted_label="Within 45 working days",
    other_label="Over 45 working days",
)
def assessments_within_45(ctx: Context):
    rows, durations = [], []
    for child, referral, authorised in _assessments_authorised(ctx).values_list(
        "child_id", "episode__referral_date", "authorised_date"
    ):
        days = working_days_between(referral, authorised)
        durations.append(days)
        rows.append((child, days <= ASSESSMENT_WORKING_DAYS))
    durations.sort()
    details = [("Median working days", _fmt(median(durations)))]
    if durations:
        quarter = len(durations) // 4
        details.append(("Interquartile range", f"{durations[quarter]} to {durations[-1 - quarter]} working days"))
        details.append(("Over 60 working days", share(sum(1 for d in durations if d > 60), len(durations))))
    return percentage(rows, details=details)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


@indicator(
    key="open-assessments-overdue",
    number="8",
    title="Open assessments past 45 working days",
    unit=Unit.COUNT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Assessments open on the as-of date (started on or before it, not authorised by it, in an
        episode not closed by it) whose 45-working-day deadline from the referral date has passed (the deadline
        day itself is not overdue). The denominator shown is every open assessment.""",
    period="A snapshot on the as-of date.",
    counted_label="Past 45 working days",
    other_label="Open and within 45 working days",
)
def open_assessments_overdue(ctx: Context):
    open_assessments = ctx.restrict(
        Assessment.objects.filter(start_date__lte=ctx.as_of)
        .filter(Q(authorised_date__isnull=True) | Q(authorised_date__gt=ctx.as_of))
        .filter(Q(episode__close_date__isnull=True) | Q(episode__close_date__gt=ctx.as_of))
    )
    rows = [
        (child, add_working_days(referral, ASSESSMENT_WORKING_DAYS) < ctx.as_of)
        for child, referral in open_assessments.values_list("child_id", "episode__referral_date")
    ]
    return tally(rows)


@indicator(
    key="assessed-not-in-need",
    number="9",
    title="Assessed as not in need",
    unit=Unit.PERCENT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Assessments authorised in the period whose episode was closed, on or before the as-of date,
        with reason RC8 (case closed after assessment, no further action), as a percentage of assessments
        authorised in the period.""",
    period="Assessments authorised in the 12 months ending on the as-of date.",
    counted_label="Closed RC8",
    other_label="Not closed RC8",
)
def assessed_not_in_need(ctx: Context):
    rows = [
        (child, reason == ReasonForClosure.NFA_AFTER_ASSESSMENT and closed is not None and closed <= ctx.as_of)
        for child, reason, closed in _assessments_authorised(ctx).values_list(
            "child_id", "episode__close_reason", "episode__close_date"
        )
    ]
    return percentage(rows)


@indicator(
    key="assessment-child-seen",
    number="10",
    title="Child seen during assessment",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Assessments authorised in the period with at least one recorded day the child was seen on or
        before the authorisation date, as a percentage of assessments authorised in the period. Also shown: the
        share where the child was seen alone.""",
    period="Assessments authorised in the 12 months ending on the as-of date.",
    counted_label="Child seen",
    other_label="Child not recorded as seen",
)
def assessment_child_seen(ctx: Context):
    assessments = _assessments_authorised(ctx)
    seen, alone = set(), set()
    for assessment_id, seen_alone in AssessmentChildSeen.objects.filter(
        assessment__in=assessments.values("pk"), seen_on__lte=F("assessment__authorised_date")
    ).values_list("assessment_id", "seen_alone"):
        seen.add(assessment_id)
        if seen_alone:
            alone.add(assessment_id)
    rows = list(assessments.values_list("pk", "child_id"))
    return percentage(
        [(child, pk in seen) for pk, child in rows], details=[("Seen alone", share(len(alone), len(rows)))]
    )
