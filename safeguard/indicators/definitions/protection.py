"""Child protection and children in need: indicators 11-21 (DfE "Children in need" tables D1-D7)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from safeguard.casework.models import CINEpisode, CINPlan, CINPlanVisit
from safeguard.codelists import CategoryOfAbuse
from safeguard.protection.models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ProtectionVisit,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.workdays.calendar import working_days_between
from safeguard.workforce.models import Allocation

from ..engine import (
    Context,
    Direction,
    Unit,
    count,
    in_period,
    median,
    open_on,
    percentage,
    rate,
    share,
    tally,
)
from ..registry import indicator

SECTION = "Child protection and children in need"
ICPC_WORKING_DAYS = 15
# DfE bands of working days from the strategy discussion to the ICPC (upper bounds, inclusive).
ICPC_BANDS = [("0 to 10", 10), ("11 to 15", 15), ("16 to 20", 20), ("21 or more", None)]
# DfE bands of the length of ended plans: (label, upper bound in months, inclusive; None for open-ended).
PLAN_LENGTH_BANDS = [
    ("3 months or less", 3),
    ("over 3 up to 6 months", 6),
    ("over 6 up to 12 months", 12),
    ("over 1 year, under 2 years", None),
    ("2 years or more", None),
]


def _s47s_started(ctx: Context):
    return ctx.restrict(Section47Enquiry.objects.filter(in_period(ctx.period, "start_date")))


@indicator(
    key="s47-rate",
    number="11a",
    title="Section 47 enquiries per 10,000 children",
    unit=Unit.RATE,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Section 47 enquiries started in the period, per 10,000 children aged 0-17 in the authority.""",
    period="Enquiries started in the 12 months ending on the as-of date.",
    counted_label="Children with an enquiry",
)
def s47_rate(ctx: Context):
    return rate(ctx, _s47s_started(ctx).values_list("child_id", flat=True))


@indicator(
    key="s47-to-icpc",
    number="11b",
    title="Section 47 enquiries leading to an initial conference",
    unit=Unit.PERCENT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Section 47 enquiries started in the period whose initial child protection conference was held
        on or before the as-of date, as a percentage of enquiries started in the period.""",
    period="Enquiries started in the 12 months ending on the as-of date.",
    counted_label="Led to an ICPC",
    other_label="No ICPC (or not yet)",
)
def s47_to_icpc(ctx: Context):
    rows = _s47s_started(ctx).values_list("child_id", "conference__conference_date")
    return percentage((child, held is not None and held <= ctx.as_of) for child, held in rows)


def _icpcs_held(ctx: Context):
    return ctx.restrict(InitialChildProtectionConference.objects.filter(in_period(ctx.period, "conference_date")))


@indicator(
    key="icpc-within-15-wd",
    number="12",
    title="Initial conferences within 15 working days of the strategy discussion",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Initial child protection conferences held in the period no more than 15 working days after the
        strategy discussion (the episode's last strategy discussion held on or before the conference; day 0 is
        the discussion), as a percentage of initial conferences held in the period. Conferences dated before the
        start of their section 47 enquiry are excluded (DfE). Also shown: the DfE bands of working days (0-10,
        11-15, 16-20, 21 or more) and the median.""",
    period="Conferences held in the 12 months ending on the as-of date.",
    counted_label="Within 15 working days",
    other_label="Over 15 working days",
)
def icpc_within_15(ctx: Context):
    icpcs = list(
        _icpcs_held(ctx).values_list(
            "child_id",
            "conference_date",
            "section47__start_date",
            "section47__episode_id",
            "section47__strategy_discussion__held_on",
        )
    )
    discussions: dict[int, list[dt.date]] = defaultdict(list)
    for episode, held in StrategyDiscussion.objects.filter(
        episode_id__in=_icpcs_held(ctx).values("section47__episode_id"), held_on__lte=ctx.as_of
    ).values_list("episode_id", "held_on"):
        discussions[episode].append(held)
    rows, gaps, excluded = [], [], 0
    for child, held, s47_start, episode, own_discussion in icpcs:
        if held < s47_start:
            excluded += 1
            continue
        anchor = max([d for d in discussions[episode] if d <= held] or [own_discussion])
        gap = working_days_between(anchor, held)
        gaps.append(gap)
        rows.append((child, gap <= ICPC_WORKING_DAYS))
    details = []
    lower = 0
    for label, upper in ICPC_BANDS:
        within = sum(1 for g in gaps if g >= lower and (upper is None or g <= upper))
        details.append((f"{label} working days", share(within, len(gaps))))
        lower = (upper or 0) + 1
    middle = median(gaps)
    details.append(("Median working days", "–" if middle is None else f"{middle:g}"))
    details.append(("Excluded (conference before the section 47)", str(excluded)))
    return percentage(rows, details=details)


@indicator(
    key="icpc-to-plan",
    number="13",
    title="Initial conferences resulting in a plan",
    unit=Unit.PERCENT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Initial child protection conferences held in the period whose outcome was a child protection
        plan, as a percentage of initial conferences held in the period.""",
    period="Conferences held in the 12 months ending on the as-of date.",
    counted_label="Plan",
    other_label="No plan",
)
def icpc_to_plan(ctx: Context):
    rows = _icpcs_held(ctx).values_list("child_id", "outcome")
    return percentage((child, outcome == InitialChildProtectionConference.Outcome.PLAN) for child, outcome in rows)


def _plans_open(ctx: Context):
    return ctx.restrict(ChildProtectionPlan.objects.filter(open_on(ctx.as_of)))


def _plans_started(ctx: Context):
    return ctx.restrict(ChildProtectionPlan.objects.filter(in_period(ctx.period, "start_date")))


@indicator(
    key="cp-plan-rate",
    number="14a",
    title="Child protection plans per 10,000 children",
    unit=Unit.RATE,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Children on a child protection plan on the as-of date (started on or before it and not ended by
        it: a plan ending on the as-of date is not counted), per 10,000 children aged 0-17 in the authority.""",
    period="A snapshot on the as-of date.",
    counted_label="On a plan",
)
def cp_plan_rate(ctx: Context):
    return rate(ctx, _plans_open(ctx).order_by().values_list("child_id", flat=True).distinct())


@indicator(
    key="cp-plans-started",
    number="14b",
    title="Child protection plans started",
    unit=Unit.COUNT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Child protection plans that started in the period.""",
    period="Plans started in the 12 months ending on the as-of date.",
    counted_label="Started a plan",
)
def cp_plans_started(ctx: Context):
    return count(_plans_started(ctx).values_list("child_id", flat=True))


def _earlier_plans(ctx: Context) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """(start, end) of every plan, by child, for the children who started a plan in the period."""
    plans: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    children = _plans_started(ctx).values("child_id")
    for child, start, end in ChildProtectionPlan.objects.filter(
        child__in=children, start_date__lte=ctx.as_of
    ).values_list("child_id", "start_date", "end_date"):
        plans[child].append((start, end))
    return plans


@indicator(
    key="cp-second-plans",
    number="15",
    title="Second or subsequent child protection plans",
    unit=Unit.PERCENT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Plans started in the period for a child who had been on a plan before (an earlier plan in the
        record, or a number of previous plans recorded when the plan started), as a percentage of plans started
        in the period.""",
    period="Plans started in the 12 months ending on the as-of date; earlier plans at any time.",
    counted_label="Second or subsequent plan",
    other_label="First plan",
)
def cp_second_plans(ctx: Context):
    earlier = _earlier_plans(ctx)
    rows = [
        (child, previous > 0 or any(s < start for s, _ in earlier[child]))
        for child, start, previous in _plans_started(ctx).values_list(
            "child_id", "start_date", "number_of_previous_plans"
        )
    ]
    return percentage(rows)


@indicator(
    key="cp-repeat-within-2-years",
    number="16",
    title="Repeat plans within 2 years of the previous plan ending",
    unit=Unit.PERCENT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Plans started in the period where the same child's previous plan ended on or after the date two
        years before this plan started (and on or before its start), as a percentage of plans started in the
        period.""",
    period="Plans started in the 12 months ending on the as-of date.",
    counted_label="Repeat within 2 years",
    other_label="No plan ended in the 2 years before",
)
def cp_repeat_within_2_years(ctx: Context):
    earlier = _earlier_plans(ctx)
    rows = []
    for child, start in _plans_started(ctx).values_list("child_id", "start_date"):
        window_start = start - relativedelta(years=2)
        rows.append(
            (child, any(end is not None and window_start <= end <= start for s, end in earlier[child] if s < start))
        )
    return percentage(rows)


def _length_band(start: dt.date, end: dt.date) -> str:
    if end <= start + relativedelta(months=3):
        return PLAN_LENGTH_BANDS[0][0]
    if end <= start + relativedelta(months=6):
        return PLAN_LENGTH_BANDS[1][0]
    if end <= start + relativedelta(months=12):
        return PLAN_LENGTH_BANDS[2][0]
    if end < start + relativedelta(years=2):
        return PLAN_LENGTH_BANDS[3][0]
    return PLAN_LENGTH_BANDS[4][0]


@indicator(
    key="cp-plans-2-years-plus",
    number="17",
    title="Plans lasting 2 years or more",
    unit=Unit.PERCENT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Plans that ended in the period having lasted 2 years or more (end date on or after the second
        anniversary of the start), as a percentage of plans that ended in the period. Also shown: the DfE length
        bands of ended plans (3 months or less; over 3 up to 6 months; over 6 up to 12 months; over 1 year and
        under 2; 2 years or more) and the plans open on the as-of date that have lasted 18 months or more and 2
        years or more.""",
    period="Plans ended in the 12 months ending on the as-of date; open plans on the as-of date.",
    counted_label="Lasted 2 years or more",
    other_label="Under 2 years",
)
def cp_plans_2_years(ctx: Context):
    ended = list(
        ctx.restrict(ChildProtectionPlan.objects.filter(in_period(ctx.period, "end_date"))).values_list(
            "child_id", "start_date", "end_date"
        )
    )
    bands = [_length_band(start, end) for _, start, end in ended]
    details = [(label, share(bands.count(label), len(bands))) for label, _ in PLAN_LENGTH_BANDS]
    open_starts = list(_plans_open(ctx).values_list("start_date", flat=True))
    details.append(
        (
            "Open plans at 18 months or more",
            str(sum(1 for s in open_starts if s + relativedelta(months=18) <= ctx.as_of)),
        )
    )
    details.append(
        ("Open plans at 2 years or more", str(sum(1 for s in open_starts if s + relativedelta(years=2) <= ctx.as_of)))
    )
    return percentage([(child, end >= start + relativedelta(years=2)) for child, start, end in ended], details=details)


def reviews_in_time(start: dt.date, reviews: list[dt.date], as_of: dt.date) -> bool:
    """A plan's reviews are in time: the first within 3 months of the start, then at most 6 months apart, and
    the review due next not overdue on `as_of` (a review on the due day is in time)."""
    due = start + relativedelta(months=3)
    for held in sorted(reviews):
        if held > due:
            return False
        due = held + relativedelta(months=6)
    return as_of <= due


@indicator(
    key="cp-reviews-in-time",
    number="18",
    title="Child protection reviews in timescale",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Children on a plan on the as-of date that had lasted at least 3 months by then, every one of
        whose review conferences was in time: the first within 3 months of the initial conference (the plan's
        start), each later one within 6 months of the one before, and the next not yet overdue on the as-of date,
        as a percentage of those plans (Working Together 2023; the former NI 67).""",
    period="A snapshot on the as-of date, looking back over the whole plan.",
    counted_label="Reviewed in timescale",
    other_label="A review late or overdue",
)
def cp_reviews_in_time(ctx: Context):
    plans = _plans_open(ctx).filter(start_date__lte=ctx.as_of - relativedelta(months=3))
    reviews: dict[int, list[dt.date]] = defaultdict(list)
    for plan, held in ReviewConference.objects.filter(plan__in=plans.values("pk"), held_on__lte=ctx.as_of).values_list(
        "plan_id", "held_on"
    ):
        reviews[plan].append(held)
    rows = [
        (child, reviews_in_time(start, reviews[pk], ctx.as_of))
        for pk, child, start in plans.values_list("pk", "child_id", "start_date")
    ]
    return percentage(rows)


def _seen_in_time(plans, visits_model, ctx: Context) -> tuple[list[tuple[int, bool]], int, int]:
    """(child, seen within the plan's visit interval on the as-of date) per plan; seen and seen-alone visits."""
    last_seen: dict[int, dt.date] = {}
    seen = alone = 0
    for plan, visited, seen_alone in visits_model.objects.filter(
        plan__in=plans.values("pk"), child_seen=True, visit_date__lte=ctx.as_of
    ).values_list("plan_id", "visit_date", "seen_alone"):
        if visited > last_seen.get(plan, dt.date.min):
            last_seen[plan] = visited
        if visited in ctx.period:
            seen += 1
            alone += seen_alone
    rows = [
        (child, working_days_between(last_seen.get(pk, start), ctx.as_of) <= interval)
        for pk, child, start, interval in plans.values_list(
            "pk", "child_id", "start_date", "visit_interval_working_days"
        )
    ]
    return rows, seen, alone


@indicator(
    key="cp-visits-in-time",
    number="19",
    title="Children on a plan seen within the visit interval",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Children on a plan on the as-of date who were seen (a statutory visit recorded with the child
        seen) no more than the plan's visit interval in working days before the as-of date (counting from the
        plan's start when there has been no visit), as a percentage of children on a plan. Also shown: the share
        of visits in the period where the child was seen that saw the child alone.""",
    period="A snapshot on the as-of date; seen alone over the 12 months ending on it.",
    counted_label="Seen in timescale",
    other_label="Visit overdue",
)
def cp_visits_in_time(ctx: Context):
    rows, seen, alone = _seen_in_time(_plans_open(ctx), ProtectionVisit, ctx)
    return percentage(rows, details=[("Visits seeing the child alone", share(alone, seen))])


@indicator(
    key="cp-category-mix",
    number="20",
    title="Category of abuse mix, initial and latest",
    unit=Unit.COUNT,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Children on a child protection plan on the as-of date, with each category of abuse's share of
        their plans at the start (initial category) and on the as-of date (the latest category recorded by a
        review conference held on or before it, or the initial one).""",
    period="A snapshot on the as-of date.",
    counted_label="On a plan",
)
def cp_category_mix(ctx: Context):
    plans = list(_plans_open(ctx).values_list("pk", "child_id", "initial_category"))
    latest: dict[int, tuple[dt.date, int, str]] = {}
    for pk, plan, held, category in (
        ReviewConference.objects.filter(plan__in=_plans_open(ctx).values("pk"), held_on__lte=ctx.as_of)
        .exclude(category="")
        .values_list("pk", "plan_id", "held_on", "category")
    ):
        if plan not in latest or (held, pk) > latest[plan][:2]:
            latest[plan] = (held, pk, category)
    initial = Counter(category for _, _, category in plans)
    now = Counter(latest[pk][2] if pk in latest else category for pk, _, category in plans)
    details = [
        (label, f"initial {share(initial[code], len(plans))}; latest {share(now[code], len(plans))}")
        for code, label in CategoryOfAbuse.choices
    ]
    return count([child for _, child, _ in plans], details=details)


def _cin_open(ctx: Context):
    return CINEpisode.objects.filter(
        Q(referral_date__lte=ctx.as_of) & (Q(close_date__isnull=True) | Q(close_date__gt=ctx.as_of))
    )


@indicator(
    key="cin-rate",
    number="21a",
    title="Children in need per 10,000 children",
    unit=Unit.RATE,
    direction=Direction.NEITHER,
    section=SECTION,
    definition="""Children with a children in need episode open on the as-of date (referred on or before it, not
        closed by it; it includes children on a plan and looked after), per 10,000 children aged 0-17.""",
    period="A snapshot on the as-of date.",
    counted_label="Children in need",
)
def cin_rate(ctx: Context):
    return rate(ctx, ctx.restrict(_cin_open(ctx)).order_by().values_list("child_id", flat=True).distinct())


@indicator(
    key="cin-seen-in-time",
    number="21b",
    title="Children on a child in need plan seen within the visit interval",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition="""Children on a child in need plan on the as-of date who were seen no more than the plan's visit
        interval in working days before the as-of date (counting from the plan's start when there has been no
        visit), as a percentage of children on a child in need plan.""",
    period="A snapshot on the as-of date.",
    counted_label="Seen in timescale",
    other_label="Visit overdue",
)
def cin_seen_in_time(ctx: Context):
    plans = ctx.restrict(CINPlan.objects.filter(open_on(ctx.as_of)))
    rows, seen, alone = _seen_in_time(plans, CINPlanVisit, ctx)
    return percentage(rows, details=[("Visits seeing the child alone", share(alone, seen))])


@indicator(
    key="cin-unallocated",
    number="21c",
    title="Open cases with no allocated social worker",
    unit=Unit.COUNT,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""Children with a children in need episode open on the as-of date and no key-worker allocation in
        force on it. For a team the episode's team decides (an unallocated case has no worker); for a worker the
        count is always 0. The denominator shown is every child with an open episode.""",
    period="A snapshot on the as-of date.",
    counted_label="Unallocated",
    other_label="Allocated",
)
def cin_unallocated(ctx: Context):
    episodes = _cin_open(ctx)
    if ctx.scope.kind == "team":
        episodes = episodes.filter(team=ctx.scope.team)
    elif ctx.scope.kind == "worker":
        episodes = ctx.restrict(episodes)
    allocated = set(
        Allocation.objects.filter(
            open_on(ctx.as_of), kind=Allocation.Kind.KEY_WORKER, child__in=episodes.values("child_id")
        ).values_list("child_id", flat=True)
    )
    children = set(episodes.values_list("child_id", flat=True))
    return tally((child, child not in allocated) for child in children)
