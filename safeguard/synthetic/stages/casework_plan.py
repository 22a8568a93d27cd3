"""The casework plan (in memory): assessments, strategy discussions, section 47s, conferences and plans.

Runs after the front-door timeline and before anything is written, so the episodes a child protection plan
needs can be kept open long enough (an episode with an open plan stays open), and later stages (workforce,
allocations) see the final close dates. The assessment is authorised on the completion date the timeline
already planned (median ≈ 33 WD from referral, ≈ 86% within 45). Every deadline comes from the rule table.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

from safeguard.codelists import ReasonForClosure
from safeguard.frontdoor.models import ContactDecision, PresentingReason
from safeguard.people.ages import age_on
from safeguard.protection.models import InitialChildProtectionConference, Section47Enquiry, StrategyDiscussion
from safeguard.workforce.models import Service

from .. import calibration as cal
from ..context import GenerationContext
from ..records import (
    AssessmentRecord,
    CINPlanRecord,
    CPPlanRecord,
    EpisodeRecord,
    Section47Record,
    StrategyRecord,
)
from ..sampling import Weighted, add_years

_START_DELAY = Weighted(cal.ASSESSMENT_START_DELAY_WD)
_SUBMIT_LAG = Weighted(cal.SUBMISSION_BEFORE_AUTHORISATION_WD)
_FACTOR_COUNT = Weighted(cal.FACTOR_COUNT_WEIGHTS)
_OTHER_FACTOR = Weighted(cal.OTHER_FACTOR_WEIGHTS)
_ICPC_WD = Weighted(cal.ICPC_WORKING_DAYS)
_CATEGORY = Weighted(cal.CATEGORY_WEIGHTS)
_END_REASON = Weighted(cal.CP_END_REASON_WEIGHTS)
_DA_REASONS = {PresentingReason.DOMESTIC_ABUSE, PresentingReason.DOMESTIC_ABUSE_NOTIFICATION}
Decision = StrategyDiscussion.Decision
ONE_DAY = dt.timedelta(days=1)
FAR = dt.date.max


def plan_casework(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("casework plan")
    limits = _episode_limits(ctx)
    for episode in ctx.plan.episodes:
        if episode.referral_nfa:
            continue
        episode.assessment = _assessment(ctx, episode, rng)
        if episode.assessment is None:
            continue
        _protection(ctx, episode, limits[episode], rng)
        _cin_plans(ctx, episode, rng)
        episode.primary_need = _primary_need(episode, rng)
        _closure_after_assessment(episode)
    _number_previous_plans(ctx)
    _ensure_breaches(ctx, rng)
    episodes = ctx.plan.episodes
    plans = [e.cp_plan for e in episodes if e.cp_plan]
    return {
        "planned assessments": sum(e.assessment is not None for e in episodes),
        "planned s47s": sum(e.section47 is not None for e in episodes),
        "planned cp plans": len(plans),
        "planned open cp plans": sum(p.end is None for p in plans),
    }


def _episode_limits(ctx: GenerationContext) -> dict[EpisodeRecord, dt.date]:
    """The last day an episode could be kept open: before the child's next referral and 18th birthday."""
    limits = {}
    for child in ctx.plan.children:
        adult = add_years(child.dob, 18) - ONE_DAY if child.dob else FAR
        for episode, following in itertools.zip_longest(child.episodes, child.episodes[1:]):
            limits[episode] = min(adult, following.referral_date - ONE_DAY if following else FAR)
    return limits


def _end_of(ctx: GenerationContext, episode: EpisodeRecord) -> dt.date:
    """The last day things can happen in the episode: its close date, or the day before as-of."""
    return episode.close_date if episode.close_date is not None else ctx.as_of - ONE_DAY


# --- Assessment ------------------------------------------------------------------------------------


def _assessment(ctx: GenerationContext, e: EpisodeRecord, rng: random.Random) -> AssessmentRecord | None:
    end = _end_of(ctx, e)
    start = min(ctx.add_working_days(e.referral_date, _START_DELAY(rng)), end)
    authorised = e.assessment_completed
    if authorised is None:
        return None
    authorised = max(start, min(authorised, e.close_date or authorised))
    submitted = max(start, ctx.add_working_days(authorised, -_SUBMIT_LAG(rng)))
    if authorised >= ctx.as_of:
        authorised = None
    if submitted >= ctx.as_of:
        submitted = None
    returned = None
    if submitted and rng.random() < cal.ASSESSMENT_RETURNED_SHARE:
        candidate = ctx.add_working_days(submitted, -rng.randint(2, 6))
        returned = candidate if candidate > start else None
    last = submitted or ctx.as_of - ONE_DAY
    seen = _seen(ctx, e, start, last, rng)
    factors = _factors(e, rng) if submitted or rng.random() < 0.5 else ()
    record = AssessmentRecord(start, submitted, authorised, returned, seen, factors, "")
    if submitted and submitted > e.assessment_due_date:
        record.late_reason = rng.choice(_LATE_REASONS)
    return record


_LATE_REASONS = [
    "Family did not engage with the first visits; child seen at school.",
    "Waiting for health and police information needed for the analysis.",
    "Worker absence; reallocated within the team.",
    "New information mid-assessment led to a strategy discussion.",
    "Interpreter needed for the parents; visits rearranged.",
]


def _seen(ctx, e: EpisodeRecord, start: dt.date, last: dt.date, rng: random.Random) -> list[tuple[dt.date, bool]]:
    if rng.random() >= cal.CHILD_SEEN_SHARE or last < start:
        return []
    first = min(ctx.add_working_days(start, rng.randint(0, 5)), last)
    days = [first]
    if rng.random() < 0.45:
        second = ctx.add_working_days(first, rng.randint(5, 20))
        if second <= last:
            days.append(second)
    dob = e.child.dob
    can_be_alone = dob is not None and age_on(dob, first) >= 2
    alone = can_be_alone and rng.random() < cal.SEEN_ALONE_SHARE
    return [(day, alone and i == len(days) - 1) for i, day in enumerate(days)]


def _factors(e: EpisodeRecord, rng: random.Random) -> tuple[str, ...]:
    wanted = _FACTOR_COUNT(rng)
    chosen: list[str] = []
    da = cal.DOMESTIC_ABUSE_FACTOR[0 if _DA_REASONS & set(e.contact.notification.reasons) else 1]
    if rng.random() < da:
        chosen.append("3B" if rng.random() < 0.75 else "3A")
    if rng.random() < cal.MENTAL_HEALTH_FACTOR:
        chosen.append("4B")
    if rng.random() < cal.NEGLECT_FACTOR:
        chosen.append("16A")
    for _ in range(8):
        if len(chosen) >= wanted:
            break
        code = _OTHER_FACTOR(rng)
        if code not in chosen:
            chosen.append(code)
    return tuple(chosen[:4])


def _primary_need(e: EpisodeRecord, rng: random.Random) -> str:
    a = e.assessment
    if a is None or a.authorised is None:
        return "N0"
    if e.section47 is not None or a.outcome == "strategy":
        return "N1"
    if e.close_reason == ReasonForClosure.NFA_AFTER_ASSESSMENT and rng.random() < 0.6:
        return "N9"
    for code in a.factors:
        if code in cal.PRIMARY_NEED_BY_FACTOR:
            return cal.PRIMARY_NEED_BY_FACTOR[code]
    return rng.choice(("N4", "N5", "N1", "N8", "N7"))


def _closure_after_assessment(e: EpisodeRecord) -> None:
    """RC8/RC9 only for episodes closed straight after the assessment (DfE rule 2990): one with a section 47 or
    a plan closes "services ceased" (RC7); one the assessment referred to early help closes RC9."""
    if e.close_reason != ReasonForClosure.NFA_AFTER_ASSESSMENT:
        return
    if e.section47 is not None or e.cp_plan is not None or e.cin_plans:
        e.close_reason = ReasonForClosure.CEASED
    elif e.assessment is not None and e.assessment.outcome == "early_help":
        e.close_reason = ReasonForClosure.EARLY_HELP_AFTER_ASSESSMENT


def _outcome(e: EpisodeRecord, rng: random.Random) -> str:
    if e.cp_plan is not None or (e.section47 and e.section47.outcome == Section47Enquiry.Outcome.ICPC):
        return "strategy"
    if e.close_reason == ReasonForClosure.NFA_AFTER_ASSESSMENT:
        return "early_help" if rng.random() < 0.3 else "nfa"
    if e.close_reason == ReasonForClosure.TRANSFERRED_LA:
        return "other"
    if e.long_term_service == Service.CHILDREN_IN_CARE and e.transfer_date:
        return "looked_after"
    return "cin_plan"


# --- Strategy discussion, section 47, conference, plan ---------------------------------------------


def _protection(ctx: GenerationContext, e: EpisodeRecord, limit: dt.date, rng: random.Random) -> None:
    a = e.assessment
    strategy_contact = e.contact.notification.outcome == ContactDecision.Outcome.STRATEGY_DISCUSSION
    repeat = _had_plan(e)
    chance = cal.REPEAT_STRATEGY if repeat else cal.STRATEGY_DURING_ASSESSMENT
    if not strategy_contact and rng.random() >= chance:
        a.outcome = _outcome(e, rng) if a.submitted else ""
        return
    end = _end_of(ctx, e)
    if strategy_contact:
        held = ctx.add_working_days(e.referral_date, rng.randint(0, 1))
    else:
        last = min(a.authorised or end, end)
        span = max(0, ctx.calendar.working_days_between(a.start, last))
        held = ctx.add_working_days(a.start, rng.randint(0, span)) if span else a.start
    if held > end:
        a.outcome = _outcome(e, rng) if a.submitted else ""
        return
    first = StrategyRecord(held, _agencies(rng), Decision.SECTION_47, held)
    e.strategies.append(first)
    if ctx.calendar.working_days_between(held, ctx.as_of) <= 1 and rng.random() < cal.UNDECIDED_STRATEGY_SHARE:
        first.decision, first.decided_on = "", None
    elif not strategy_contact and not repeat and rng.random() < cal.STRATEGY_NOT_S47:
        first.decision = Decision.CHILD_IN_NEED if rng.random() < 0.7 else Decision.NO_FURTHER_ACTION
    if first.decision == Decision.SECTION_47:
        _section47(ctx, e, first, end, limit, rng)
    a.outcome = _outcome(e, rng) if a.submitted else ""


def _had_plan(e: EpisodeRecord) -> bool:
    """Whether the child had a plan in an earlier episode (episodes are planned in referral order)."""
    return any(earlier.cp_plan is not None for earlier in e.child.episodes if earlier is not e)


def _agencies(rng: random.Random) -> str:
    present = ["social_care"] + [code for code, share in cal.AGENCY_WEIGHTS.items() if rng.random() < share]
    return ",".join(present)


def _section47(ctx, e: EpisodeRecord, sd: StrategyRecord, end: dt.date, limit: dt.date, rng) -> None:
    last_sd = sd.held_on
    if rng.random() < cal.SECOND_STRATEGY_SHARE:
        again = ctx.add_working_days(sd.held_on, rng.randint(2, 8))
        if again <= end:
            e.strategies.append(StrategyRecord(again, _agencies(rng), Decision.SECTION_47, again))
            last_sd = again
    start = sd.held_on
    s47 = Section47Record(sd, start, ctx.due("icpc", last_sd), "", None)
    e.section47 = s47
    if rng.random() < cal.PROTECTIVE_ORDER_SHARE:
        _protective_order(ctx, e, sd.held_on, rng)
    plan_possible = e.close_reason not in (ReasonForClosure.NFA_AFTER_ASSESSMENT, ReasonForClosure.TRANSFERRED_LA)
    share = cal.ICPC_SHARE_OTHERWISE
    if plan_possible:
        share = cal.REPEAT_ICPC if _had_plan(e) else cal.ICPC_SHARE_BY_NEED[e.child.family.need]
    if rng.random() < share:
        wd = _ICPC_WD(rng)
        if s47.icpc_target < ctx.as_of <= ctx.add_working_days(last_sd, 15 + 10) and rng.random() < 0.25:
            wd = max(wd, 16 + rng.randint(0, 8))  # seeded: a conference running late at as-of
        icpc = ctx.add_working_days(last_sd, wd)
        if icpc <= end or e.close_date is None:
            decided = ctx.add_working_days(last_sd, rng.randint(1, max(1, wd - 2)))
            if decided < ctx.as_of:
                s47.outcome, s47.outcome_date = Section47Enquiry.Outcome.ICPC, decided
            if icpc < ctx.as_of:
                s47.icpc_date = icpc
                s47.outcome, s47.outcome_date = Section47Enquiry.Outcome.ICPC, min(decided, icpc)
                _conference(ctx, e, s47, limit, plan_possible, rng)
            return
    decided = min(ctx.add_working_days(start, min(40, max(2, round(rng.lognormvariate(2.3, 0.5))))), end)
    if decided < ctx.as_of:
        s47.outcome, s47.outcome_date = Section47Enquiry.Outcome.NO_ICPC, decided
        s47.no_icpc_reason = rng.choice(cal.NO_ICPC_REASONS)


def _protective_order(ctx, e: EpisodeRecord, day: dt.date, rng: random.Random) -> None:
    if rng.random() < 0.6:
        kind, start, days = "police", day - dt.timedelta(days=rng.randint(0, 1)), 3
    else:
        kind, start, days = "epo", day, rng.randint(3, 8)
    start = max(start, e.referral_date)
    finish = start + dt.timedelta(days=days)
    e.orders.append(("police" if kind == "police" else "epo", start, finish if finish < ctx.as_of else None))


def _conference(ctx, e: EpisodeRecord, s47: Section47Record, limit: dt.date, plan_possible: bool, rng) -> None:
    s47.icpc_outcome = InitialChildProtectionConference.Outcome.NO_PLAN
    share = cal.REPEAT_PLAN if _had_plan(e) else cal.PLAN_SHARE_OF_ICPC
    if not plan_possible or rng.random() >= share:
        return
    start = s47.icpc_date
    for _ in range(3):
        end = start + dt.timedelta(days=_plan_days(rng))
        reason = _END_REASON(rng)
        if e.close_date is not None and end <= e.close_date:
            break
        if e.close_date is None:
            if end >= ctx.as_of:
                end = None
            break
        # Keep the episode open long enough: a plan ends before the episode does.
        new_close = end + dt.timedelta(days=rng.randint(10, 60))
        if new_close <= limit:
            if new_close >= ctx.as_of:
                e.close_date, e.close_reason = None, ""
                end = None if end >= ctx.as_of else end
            else:
                e.close_date = new_close
            break
    else:
        # No drawn length fits before the child's next referral: a shorter plan that ends a few weeks before it
        # (the family referred again soon after a plan ended is how second and subsequent plans come about).
        room = (limit - start).days - 10
        if room < cal.SHORTEST_PLAN_BEFORE_REFERRAL_DAYS or rng.random() >= cal.SHORTER_PLAN_SHARE:
            return
        end = start + dt.timedelta(days=rng.randint(cal.SHORTEST_PLAN_BEFORE_REFERRAL_DAYS, room))
        reason = _END_REASON(rng)
        new_close = end + dt.timedelta(days=rng.randint(10, min(60, (limit - end).days)))
        if new_close >= ctx.as_of:  # the limit was the 18th birthday, after as-of: still open
            e.close_date, e.close_reason = None, ""
            end = None if end >= ctx.as_of else end
        else:
            e.close_date = new_close
    s47.icpc_outcome = InitialChildProtectionConference.Outcome.PLAN
    interval = 5 if rng.random() < cal.CP_WEEKLY_VISIT_SHARE else ctx.rule("cp-visit").amount
    category = _CATEGORY(rng)
    plan = CPPlanRecord(start, end, reason if end else "", category, interval, latest_category=category)
    if plan.end is not None and e.child.dob and plan.end >= add_years(e.child.dob, 18) - ONE_DAY:
        plan.end_reason = "adult"
    e.cp_plan = plan
    _plan_activity(ctx, plan, _old_enough(e, start), rng)


def _plan_days(rng: random.Random) -> int:
    draw = rng.random() * 100
    for share, low, high in cal.CP_PLAN_LENGTHS:
        if draw < share:
            return rng.randint(low, high)
        draw -= share
    return rng.randint(low, high)


def _plan_activity(ctx: GenerationContext, plan: CPPlanRecord, alone: bool, rng: random.Random) -> None:
    stop = plan.end or ctx.as_of  # nothing on or after the end (the end review is added below)
    # Core groups: the first within 10 WD mostly, then every six weeks or so.
    first = ctx.add_working_days(plan.start, rng.randint(5, 10) if rng.random() < cal.CORE_GROUP_ON_TIME
                                 else rng.randint(11, 15))  # fmt: skip
    day = first
    while day < stop:
        plan.core_groups.append(day)
        day = ctx.add_working_days(day, rng.randint(*cal.CORE_GROUP_GAP_WD))
    # Reviews: the first within 3 months of the ICPC, then at most 6-monthly.
    category = plan.initial_category
    due = ctx.due("cp-first-review", plan.start)
    while True:
        held = _held(due, cal.REVIEW_ON_TIME, rng, 25)
        if held >= stop or held <= plan.start:
            break
        if rng.random() < cal.CATEGORY_CHANGE_AT_REVIEW:
            category = _CATEGORY(rng)
        plan.reviews.append((held, "continue", category))
        due = ctx.due("cp-later-review", held)
    if plan.end is not None and plan.end_reason in ("safe", "adult", "other"):
        plan.reviews.append((plan.end, "end", category))
    plan.latest_category = category
    plan.visits = _visits(ctx, plan.start, stop, plan.interval, cal.CP_VISIT_LATE_SHARE, 8, alone=alone, rng=rng)


def _held(due: dt.date, on_time: float, rng: random.Random, late_days: int) -> dt.date:
    if rng.random() < on_time:
        return due - dt.timedelta(days=rng.randint(0, 14))
    return due + dt.timedelta(days=rng.randint(1, late_days))


def _visits(ctx, start: dt.date, stop: dt.date, interval: int, late: float, late_wd: int, *, alone: bool, rng):
    """Visits every `interval` working days, a share of them late, until `stop` (exclusive)."""
    visits = []
    day = start
    while True:
        gap = interval + rng.randint(1, late_wd) if rng.random() < late else max(1, interval - rng.randint(0, 3))
        day = ctx.add_working_days(day, gap)
        if day >= stop:
            break
        seen = rng.random() < 0.96
        visits.append((day, seen, seen and alone and rng.random() < 0.6))
    return visits


# --- Children in need plans ------------------------------------------------------------------------


def _cin_plans(ctx: GenerationContext, e: EpisodeRecord, rng: random.Random) -> None:
    """A CIN plan from the assessment for children who stay open (not looked after), around any CP plan."""
    a = e.assessment
    if a.authorised is None or e.transfer_date is None or e.long_term_service == Service.CHILDREN_IN_CARE:
        return
    start = min(ctx.add_working_days(a.authorised, rng.randint(0, 5)), e.transfer_date)
    end = e.close_date
    periods = []
    plan = e.cp_plan
    if plan is None:
        periods.append((start, end))
    else:
        if start < plan.start:
            periods.append((start, plan.start - ONE_DAY))
        if plan.end is not None and plan.end_reason == "safe":
            after = plan.end + ONE_DAY
            if end is None or after < end:
                periods.append((after, end))
    interval = ctx.rule("cin-visit").amount
    for begin, finish in periods:
        if finish is not None and finish <= begin:
            continue
        record = CINPlanRecord(begin, finish, interval)
        stop = finish or ctx.as_of
        record.visits = _visits(ctx, begin, stop, interval, cal.CIN_VISIT_LATE_SHARE, 15, alone=_old_enough(e, begin),
                                rng=rng)  # fmt: skip
        due = ctx.due("cin-review", begin)
        while (held := _held(due, cal.CIN_REVIEW_ON_TIME, rng, 30)) < stop and held > begin:
            record.reviews.append(held)
            due = ctx.due("cin-review", held)
        e.cin_plans.append(record)


def _old_enough(e: EpisodeRecord, day: dt.date) -> bool:
    return e.child.dob is not None and age_on(e.child.dob, day) >= 4


def _number_previous_plans(ctx: GenerationContext) -> None:
    for child in ctx.plan.children:
        count = 0
        for episode in child.episodes:
            if episode.cp_plan is not None:
                episode.cp_plan.previous_plans = count
                count += 1


def _ensure_late_conference(ctx: GenerationContext) -> None:
    """At least one enquiry past its ICPC target with no conference yet: an open one decided "no ICPC"
    becomes "ICPC needed" (an enquiry already heading late to its conference is left as it is)."""
    enquiries = [e.section47 for e in ctx.plan.episodes if e.section47 and e.close_date is None]
    late = [s for s in enquiries if s.icpc_date is None and s.outcome != "no_icpc" and s.icpc_target < ctx.as_of]
    candidates = [s for s in enquiries if s.outcome == "no_icpc" and s.icpc_target < ctx.as_of]
    if not late and candidates:
        chosen = max(candidates, key=lambda s: s.start)
        chosen.outcome, chosen.no_icpc_reason = Section47Enquiry.Outcome.ICPC, ""


def _ensure_undecided_discussion(ctx: GenerationContext) -> None:
    """At least one strategy discussion with no outcome recorded: the latest in an open episode that did not lead
    to an enquiry loses its decision (one that started a section 47 keeps it, or the enquiry would have no cause)."""
    open_episodes = [e for e in ctx.plan.episodes if e.close_date is None]
    if any(s.decision == "" for e in open_episodes for s in e.strategies):
        return
    candidates = [
        s for e in open_episodes for s in e.strategies if s.decision != Decision.SECTION_47 and s.held_on < ctx.as_of
    ]
    if candidates:
        chosen = max(candidates, key=lambda s: s.held_on)
        chosen.decision, chosen.decided_on = "", None
        return
    # None to take: a new concern in an open episode with no enquiry, discussed yesterday, not yet decided.
    yesterday = ctx.add_working_days(ctx.as_of, -1)
    quiet = [e for e in open_episodes if e.section47 is None and e.referral_date < yesterday]
    if quiet:
        quiet[-1].strategies.append(StrategyRecord(yesterday, _agencies(ctx.rng("undecided discussion")), "", None))


def _ensure_breaches(ctx: GenerationContext, rng: random.Random) -> None:
    """Seed what the queues show however small the authority: open plans with an overdue visit (a share, at
    least one), an assessment waiting for authorisation and a strategy discussion with no outcome."""
    _ensure_late_conference(ctx)
    _ensure_undecided_discussion(ctx)
    open_assessments = [e.assessment for e in ctx.plan.episodes if e.assessment and e.close_date is None]
    if not any(a.submitted and not a.authorised for a in open_assessments):
        yesterday = ctx.add_working_days(ctx.as_of, -1)
        waiting = [a for a in open_assessments if a.submitted is None and a.start < yesterday and a.seen]
        if waiting:
            chosen = next(e for e in reversed(ctx.plan.episodes) if e.assessment is waiting[-1])
            a = chosen.assessment
            a.submitted, a.factors = yesterday, a.factors or ("20",)
            a.seen = [s for s in a.seen if s[0] <= yesterday]
            a.outcome = _outcome(chosen, rng)
            if yesterday > chosen.assessment_due_date:
                a.late_reason = rng.choice(_LATE_REASONS)
    open_plans = [e.cp_plan for e in ctx.plan.episodes if e.cp_plan and e.cp_plan.end is None]
    overdue_from = ctx.as_of - dt.timedelta(days=21)
    chosen = [p for p in open_plans if rng.random() < cal.CP_OPEN_VISIT_OVERDUE_SHARE]
    if open_plans and not chosen:
        chosen = [open_plans[-1]]
    for plan in chosen:
        kept = [v for v in plan.visits if v[0] < overdue_from]
        if kept or plan.start < overdue_from:
            plan.visits = kept
