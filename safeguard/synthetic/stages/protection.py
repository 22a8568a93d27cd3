"""Child protection: strategy discussions, section 47 enquiries, ICPCs, plans with core groups, review
conferences and statutory visits (each visit with a case note), and protective orders; chronology events.

Decided in memory by the casework-plan stage; written here. Derived dates follow the protection rules:
icpc_target_date = rule "icpc" from the episode's last strategy discussion; first_core_group_due =
"first-core-group" from the ICPC; next_review_due = "cp-first-review" from the ICPC until the first review,
then "cp-later-review" from the latest one; next_visit_due = the latest visit (or the start) plus the plan's
own interval in working days (rule cp-visit); both None once the plan has ended.
"""

from __future__ import annotations

import datetime as dt
import random

from safeguard.oversight.models import CaseNote
from safeguard.protection.models import (
    ChildProtectionPlan,
    CoreGroupMeeting,
    InitialChildProtectionConference,
    ProtectionVisit,
    ProtectiveOrder,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.workforce.models import Worker

from .. import texts
from ..context import GenerationContext
from ..records import CPPlanRecord
from ..writer import EventLog, Table
from .assessments import _NOTE_COLUMNS

_DECISIONS = dict(StrategyDiscussion.Decision.choices)
_CATEGORIES = dict(ChildProtectionPlan._meta.get_field("initial_category").choices)
_END_REASONS = dict(ChildProtectionPlan.EndReason.choices)
_ORDER_KINDS = dict(ProtectiveOrder.Kind.choices)


def cp_next_visit_due(ctx: GenerationContext, plan: CPPlanRecord) -> dt.date | None:
    if plan.end is not None:
        return None
    anchor = plan.visits[-1][0] if plan.visits else plan.start
    return ctx.due("cp-visit", anchor, amount=plan.interval)


def cp_next_review_due(ctx: GenerationContext, plan: CPPlanRecord) -> dt.date | None:
    if plan.end is not None:
        return None
    if not plan.reviews:
        return ctx.due("cp-first-review", plan.start)
    return ctx.due("cp-later-review", plan.reviews[-1][0])


def write_protection(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("protection")
    user = ctx.import_user.pk
    events = EventLog(ctx.import_user)
    episodes = ctx.plan.episodes
    counts = {}
    strategies = [(e, s) for e in episodes for s in e.strategies]
    pks = Table(StrategyDiscussion, ["episode_id", "child_id", "held_on", "agencies_present", "summary", "decision",
                                     "decided_on", "recorded_by_id"]).insert_returning_keys(
        (e.pk, e.child.pk, s.held_on, s.agencies, "Strategy discussion: information shared by the agencies present.",
         s.decision, s.decided_on, user) for e, s in strategies
    )  # fmt: skip
    for (e, s), pk in zip(strategies, pks, strict=True):
        s.pk = pk
        held_at = ctx.at(s.held_on, 10, rng.randint(0, 29))
        events.add(child_pk=e.child.pk, at=held_at, category="child_protection", kind="strategy_discussion.recorded",
                   summary=f"Strategy discussion held {s.held_on:%d %b %Y}", source="protection.strategydiscussion",
                   source_pk=pk)  # fmt: skip
        if s.decision:
            events.add(child_pk=e.child.pk, at=held_at + dt.timedelta(minutes=30), category="child_protection",
                       kind="strategy_discussion.decided", summary=f"Strategy discussion decision: {_DECISIONS[s.decision]}",
                       source="protection.strategydiscussion", source_pk=pk)  # fmt: skip
    counts["strategy discussions"] = len(strategies)

    enquiries = [e for e in episodes if e.section47 is not None]
    pks = Table(Section47Enquiry, ["episode_id", "child_id", "strategy_discussion_id", "start_date",
                                   "icpc_target_date", "outcome", "outcome_date", "no_icpc_reason",
                                   "recorded_by_id"]).insert_returning_keys(
        (e.pk, e.child.pk, e.section47.strategy.pk, e.section47.start, e.section47.icpc_target, e.section47.outcome,
         e.section47.outcome_date, e.section47.no_icpc_reason, user) for e in enquiries
    )  # fmt: skip
    for e, pk in zip(enquiries, pks, strict=True):
        s = e.section47
        s.pk = pk
        events.add(child_pk=e.child.pk, at=ctx.at(s.start, 11, rng.randint(0, 59)), category="child_protection",
                   kind="section47.started", source="protection.section47enquiry", source_pk=pk,
                   summary=f"Section 47 enquiry started; ICPC target {s.icpc_target:%d %b %Y}")  # fmt: skip
        if s.outcome:
            label = dict(Section47Enquiry.Outcome.choices)[s.outcome]
            events.add(child_pk=e.child.pk, at=ctx.at(s.outcome_date, 12, rng.randint(0, 59)),
                       category="child_protection", kind="section47.concluded", summary=f"Section 47 outcome: {label}",
                       detail=s.no_icpc_reason, source="protection.section47enquiry", source_pk=pk)  # fmt: skip
    counts["section 47 enquiries"] = len(enquiries)

    conferences = [e for e in enquiries if e.section47.icpc_date is not None]
    chairs = _Chairs(ctx)
    pks = Table(InitialChildProtectionConference, ["section47_id", "child_id", "conference_date", "outcome",
                                                   "chair_id", "recorded_by_id"]).insert_returning_keys(
        (e.section47.pk, e.child.pk, e.section47.icpc_date, e.section47.icpc_outcome,
         chairs.on(e.section47.icpc_date, rng), user) for e in conferences
    )  # fmt: skip
    for e, pk in zip(conferences, pks, strict=True):
        s = e.section47
        s.icpc_pk = pk
        label = dict(InitialChildProtectionConference.Outcome.choices)[s.icpc_outcome]
        late = ctx.calendar.working_days_between(s.icpc_target, s.icpc_date)
        events.add(child_pk=e.child.pk, at=ctx.at(s.icpc_date, 10, 0), category="child_protection",
                   kind="icpc.held", source="protection.initialchildprotectionconference", source_pk=pk,
                   summary=f"Initial child protection conference: {label.lower()}"
                   + (f" ({late} working days after the target)" if late > 0 else ""))  # fmt: skip
    counts["icpcs"] = len(conferences)
    counts |= _plans(ctx, events, [e for e in conferences if e.cp_plan is not None], rng)
    counts |= _orders(ctx, events, episodes)
    counts["events"] = events.flush()
    return counts


class _Chairs:
    """Conference chairs in post on the day (any chair if none is)."""

    def __init__(self, ctx: GenerationContext) -> None:
        self.chairs = [w for w in ctx.workers if w.role == Worker.Role.CONFERENCE_CHAIR]

    def on(self, day: dt.date, rng: random.Random) -> int | None:
        in_post = [w for w in self.chairs if w.start_date <= day and (w.end_date is None or w.end_date > day)]
        pool = in_post or self.chairs
        return rng.choice(pool).pk if pool else None


_PLAN_COLUMNS = ["episode_id", "child_id", "conference_id", "start_date", "initial_category", "latest_category",
                 "number_of_previous_plans", "visit_interval_working_days", "first_core_group_due",
                 "next_review_due", "next_visit_due", "end_date", "end_reason"]  # fmt: skip


def _plans(ctx: GenerationContext, events: EventLog, episodes: list, rng: random.Random) -> dict[str, int]:
    user = ctx.import_user.pk
    pks = Table(ChildProtectionPlan, _PLAN_COLUMNS).insert_returning_keys(
        (e.pk, e.child.pk, e.section47.icpc_pk, p.start, p.initial_category, p.latest_category, p.previous_plans,
         p.interval, ctx.due("first-core-group", e.section47.icpc_date), cp_next_review_due(ctx, p),
         cp_next_visit_due(ctx, p), p.end, p.end_reason)
        for e in episodes for p in (e.cp_plan,)
    )  # fmt: skip
    for e, pk in zip(episodes, pks, strict=True):
        p = e.cp_plan
        p.pk = pk
        summary = f"Child protection plan started: {_CATEGORIES[p.initial_category].lower()}"
        if p.previous_plans:
            summary += f" (previous plans: {p.previous_plans})"
        events.add(
            child_pk=e.child.pk,
            at=ctx.at(p.start, 12, 30),
            category="child_protection",
            kind="cp_plan.started",
            summary=summary,
            source="protection.childprotectionplan",
            source_pk=pk,
        )
        if p.end is not None:
            events.add(child_pk=e.child.pk, at=ctx.at(p.end, 14, 30), category="child_protection",
                       kind="cp_plan.ended", summary=f"Child protection plan ended: {_END_REASONS[p.end_reason]}",
                       source="protection.childprotectionplan", source_pk=pk)  # fmt: skip
    core = [(e, day) for e in episodes for day in e.cp_plan.core_groups]
    core_pks = Table(CoreGroupMeeting, ["plan_id", "held_on", "recorded_by_id"]).insert_returning_keys(
        (e.cp_plan.pk, day, user) for e, day in core
    )
    for (e, day), pk in zip(core, core_pks, strict=True):
        events.add(child_pk=e.child.pk, at=ctx.at(day, 14, 0), category="child_protection", kind="core_group.held",
                   summary=f"Core group meeting held {day:%d %b %Y}", source="protection.coregroupmeeting",
                   source_pk=pk)  # fmt: skip
    reviews = [(e, r) for e in episodes for r in e.cp_plan.reviews]
    review_pks = Table(ReviewConference, ["plan_id", "held_on", "outcome", "category", "recorded_by_id"]).insert_returning_keys(
        (e.cp_plan.pk, held, outcome, category, user) for e, (held, outcome, category) in reviews
    )  # fmt: skip
    for (e, (held, outcome, _)), pk in zip(reviews, review_pks, strict=True):
        label = "plan continues" if outcome == "continue" else "plan ends"
        events.add(child_pk=e.child.pk, at=ctx.at(held, 10, 0), category="child_protection", kind="cp_review.held",
                   summary=f"Review child protection conference: {label}", source="protection.reviewconference",
                   source_pk=pk)  # fmt: skip
    visits = [(e, v) for e in episodes for v in e.cp_plan.visits]
    visit_pks = Table(ProtectionVisit, ["plan_id", "visit_date", "child_seen", "seen_alone", "recorded_by_id"]).insert_returning_keys(
        (e.cp_plan.pk, day, seen, alone, user) for e, (day, seen, alone) in visits
    )  # fmt: skip
    notes = []
    for (e, (day, seen, alone)), pk in zip(visits, visit_pks, strict=True):
        at = ctx.at(day, rng.randint(9, 16), rng.randint(0, 59))
        notes.append((e.child.pk, CaseNote.Kind.VISIT, at, texts.visit_note("child protection", seen, alone, rng),
                      user, at))  # fmt: skip
        what = "seen alone" if alone else "seen" if seen else "not seen"
        events.add(child_pk=e.child.pk, at=at, category="child_protection", kind="cp_visit.recorded",
                   summary=f"Child protection visit on {day:%d %b %Y} ({what})", source="protection.protectionvisit",
                   source_pk=pk)  # fmt: skip
    written = Table(CaseNote, _NOTE_COLUMNS).insert(notes)
    return {"cp plans": len(episodes), "open cp plans": sum(e.cp_plan.end is None for e in episodes),
            "core groups": len(core), "review conferences": len(reviews), "cp visits": len(visits),
            "case notes": written}  # fmt: skip


def _orders(ctx: GenerationContext, events: EventLog, episodes: list) -> dict[str, int]:
    orders = [(e, order) for e in episodes for order in e.orders]
    pks = Table(ProtectiveOrder, ["child_id", "episode_id", "kind", "start_date", "end_date", "recorded_by_id"]).insert_returning_keys(
        (e.child.pk, e.pk, kind, start, end, ctx.import_user.pk) for e, (kind, start, end) in orders
    )  # fmt: skip
    for (e, (kind, start, _)), pk in zip(orders, pks, strict=True):
        events.add(child_pk=e.child.pk, at=ctx.at(start, 18, 0), category="child_protection",
                   kind="protective_order.recorded", summary=f"{_ORDER_KINDS[kind]} from {start:%d %b %Y}",
                   source="protection.protectiveorder", source_pk=pk)  # fmt: skip
    return {"protective orders": len(orders)}
