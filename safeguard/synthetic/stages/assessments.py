"""Assessments (with the days the child was seen and the factors identified), their manager decisions,
and children in need plans with their visits, reviews and visit case notes; all with chronology events.

Everything was decided in memory by the casework-plan stage; this stage only writes it. The plan's
next visit and review are derived exactly as the casework services derive them: the latest visit (or the
start) plus the plan's own interval in working days (rule cin-visit), and cin-review from the latest review
(or the start); both None once the plan has ended.
"""

from __future__ import annotations

import datetime as dt

from safeguard.casework.models import (
    Assessment,
    AssessmentChildSeen,
    AssessmentFactorIdentified,
    CINPlan,
    CINPlanReview,
    CINPlanVisit,
)
from safeguard.oversight.models import CaseNote, ManagerDecision

from .. import texts
from ..context import GenerationContext
from ..writer import EventLog, Table

_ASSESSMENT_COLUMNS = ["episode_id", "child_id", "start_date", "status", "analysis", "outcome", "late_reason",
                       "submitted_at", "submitted_by_id", "authorised_date", "authorised_by_id", "started_by_id"]  # fmt: skip
_OUTCOME_LABELS = dict(Assessment.Outcome.choices)


def write_assessments(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("assessments")
    user = ctx.import_user.pk
    episodes = [e for e in ctx.plan.episodes if e.assessment is not None]
    rows = []
    for e in episodes:
        a = e.assessment
        status = "authorised" if a.authorised else "submitted" if a.submitted else "in_progress"
        analysis = texts.assessment_analysis(a.outcome, rng) if a.submitted else ""
        submitted_at = ctx.at(a.submitted, 16, rng.randint(0, 59)) if a.submitted else None
        rows.append((e.pk, e.child.pk, a.start, status, analysis, a.outcome, a.late_reason, submitted_at,
                     user if a.submitted else None, a.authorised, user if a.authorised else None, user))  # fmt: skip
    pks = Table(Assessment, _ASSESSMENT_COLUMNS).insert_returning_keys(rows)
    for e, pk in zip(episodes, pks, strict=True):
        e.assessment.pk = pk
    seen = Table(AssessmentChildSeen, ["assessment_id", "seen_on", "seen_alone", "recorded_by_id"]).insert(
        (e.assessment.pk, day, alone, user) for e in episodes for day, alone in e.assessment.seen
    )
    factors = Table(AssessmentFactorIdentified, ["assessment_id", "code"]).insert(
        (e.assessment.pk, code) for e in episodes for code in e.assessment.factors
    )
    decisions, decision_rows = [], []
    for e in episodes:
        a = e.assessment
        if a.returned:
            decisions.append((e, "returned", ctx.at(a.returned, 11, rng.randint(0, 59))))
        if a.authorised:
            decisions.append((e, "approved", ctx.at(a.authorised, 14, rng.randint(0, 59))))
    for e, decision, at in decisions:
        comment = texts.RETURN_COMMENT if decision == "returned" else texts.approval_comment(e.assessment.outcome, rng)
        decision_rows.append((e.child.pk, "assessment", decision, comment, "casework.assessment", e.assessment.pk,
                              user, at))  # fmt: skip
    decision_pks = Table(ManagerDecision, _DECISION_COLUMNS).insert_returning_keys(decision_rows)
    events = EventLog(ctx.import_user)
    for e in episodes:
        _assessment_events(ctx, events, e, rng)
    for (e, decision, at), pk in zip(decisions, decision_pks, strict=True):
        label = "approved" if decision == "approved" else "returned for more work"
        events.add(child_pk=e.child.pk, at=at, category="management", kind=f"manager_decision.{decision}",
                   summary=f"Assessment authorisation: {label}", source="oversight.managerdecision",
                   source_pk=pk)  # fmt: skip
    counts = {"assessments": len(episodes), "child seen": seen, "factors": factors, "manager decisions": len(decisions)}
    counts |= _cin_plans(ctx, events, rng)
    counts["events"] = events.flush()
    return counts


_DECISION_COLUMNS = ["child_id", "kind", "decision", "comment", "subject_model", "subject_id", "decided_by_id",
                     "decided_at"]  # fmt: skip


def _assessment_events(ctx: GenerationContext, events: EventLog, e, rng) -> None:
    a = e.assessment
    child, pk, source = e.child.pk, a.pk, "casework.assessment"
    events.add(child_pk=child, at=ctx.at(a.start, 9, rng.randint(0, 59)), category="assessment",
               kind="assessment.started", source=source, source_pk=pk,
               summary=f"Child and family assessment started {a.start:%d %b %Y} (due {e.assessment_due_date:%d %b %Y})")  # fmt: skip
    for day, alone in a.seen:
        events.add(child_pk=child, at=ctx.at(day, 13, rng.randint(0, 59)), category="assessment",
                   kind="assessment.child_seen", source=source, source_pk=pk,
                   summary=f"Child seen{' alone' if alone else ''} for the assessment on {day:%d %b %Y}")  # fmt: skip
    if a.returned:
        events.add(child_pk=child, at=ctx.at(a.returned, 11, 30), category="assessment", kind="assessment.returned",
                   summary="Assessment returned to the worker for more work", source=source, source_pk=pk)  # fmt: skip
    if a.submitted:
        late = f" (late: due {e.assessment_due_date:%d %b %Y})" if a.late_reason else ""
        events.add(child_pk=child, at=ctx.at(a.submitted, 16, 30), category="assessment", kind="assessment.submitted",
                   summary=f"Assessment submitted for authorisation{late}", source=source, source_pk=pk)  # fmt: skip
    if a.authorised:
        late = ctx.calendar.working_days_between(e.assessment_due_date, a.authorised)
        events.add(child_pk=child, at=ctx.at(a.authorised, 15, 30), category="assessment",
                   kind="assessment.authorised", source=source, source_pk=pk,
                   summary=f"Assessment authorised: outcome {_OUTCOME_LABELS.get(a.outcome, 'recorded').lower()}"
                   + (f" ({late} working days late)" if late > 0 else ""))  # fmt: skip


_PLAN_COLUMNS = ["episode_id", "child_id", "start_date", "end_date", "visit_interval_working_days",
                 "next_visit_due", "next_review_due", "created_by_id"]  # fmt: skip
_VISIT_COLUMNS = ["plan_id", "visit_date", "child_seen", "seen_alone", "recorded_by_id"]
_NOTE_COLUMNS = ["child_id", "kind", "occurred_at", "text", "author_id", "created_at"]


def cin_next_visit_due(ctx: GenerationContext, plan) -> dt.date | None:
    if plan.end is not None:
        return None
    anchor = plan.visits[-1][0] if plan.visits else plan.start
    return ctx.due("cin-visit", anchor, amount=plan.interval)


def cin_next_review_due(ctx: GenerationContext, plan) -> dt.date | None:
    if plan.end is not None:
        return None
    return ctx.due("cin-review", plan.reviews[-1] if plan.reviews else plan.start)


def _cin_plans(ctx: GenerationContext, events: EventLog, rng) -> dict[str, int]:
    user = ctx.import_user.pk
    plans = [(e, p) for e in ctx.plan.episodes for p in e.cin_plans]
    pks = Table(CINPlan, _PLAN_COLUMNS).insert_returning_keys(
        (e.pk, e.child.pk, p.start, p.end, p.interval, cin_next_visit_due(ctx, p), cin_next_review_due(ctx, p), user)
        for e, p in plans
    )
    for (_, plan), pk in zip(plans, pks, strict=True):
        plan.pk = pk
    visits = [(e, p, v) for e, p in plans for v in p.visits]
    visit_pks = Table(CINPlanVisit, _VISIT_COLUMNS).insert_returning_keys(
        (p.pk, day, seen, alone, user) for _, p, (day, seen, alone) in visits
    )
    reviews = [(e, p, day) for e, p in plans for day in p.reviews]
    review_pks = Table(CINPlanReview, ["plan_id", "review_date", "notes", "recorded_by_id"]).insert_returning_keys(
        (p.pk, day, texts.CIN_REVIEW_NOTE, user) for _, p, day in reviews
    )
    notes = []
    for (e, _, (day, seen, alone)), pk in zip(visits, visit_pks, strict=True):
        at = ctx.at(day, rng.randint(9, 16), rng.randint(0, 59))
        notes.append(
            (e.child.pk, CaseNote.Kind.VISIT, at, texts.visit_note("child in need", seen, alone, rng), user, at)
        )
        what = "seen alone" if alone else "seen" if seen else "not seen"
        events.add(child_pk=e.child.pk, at=at, category="child_in_need", kind="cin_plan.visit",
                   summary=f"Child in need visit on {day:%d %b %Y} ({what})", source="casework.cinplanvisit",
                   source_pk=pk)  # fmt: skip
    for (e, _, day), pk in zip(reviews, review_pks, strict=True):
        events.add(child_pk=e.child.pk, at=ctx.at(day, 11, 0), category="child_in_need", kind="cin_plan.review",
                   summary=f"Child in need plan reviewed {day:%d %b %Y}", source="casework.cinplanreview",
                   source_pk=pk)  # fmt: skip
    for e, p in plans:
        events.add(child_pk=e.child.pk, at=ctx.at(p.start, 12, 0), category="child_in_need", kind="cin_plan.started",
                   summary=f"Child in need plan started {p.start:%d %b %Y}: visits every {p.interval} working days",
                   source="casework.cinplan", source_pk=p.pk)  # fmt: skip
        if p.end is not None:
            events.add(child_pk=e.child.pk, at=ctx.at(p.end, 14, 0), category="child_in_need", kind="cin_plan.ended",
                       summary=f"Child in need plan ended {p.end:%d %b %Y}", source="casework.cinplan",
                       source_pk=p.pk)  # fmt: skip
    written = Table(CaseNote, _NOTE_COLUMNS).insert(notes)
    return {"cin plans": len(plans), "cin visits": len(visits), "cin reviews": len(reviews), "case notes": written}
