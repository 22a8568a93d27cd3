"""Child protection: strategy discussion → section 47 enquiry → ICPC → plan (core groups, visits, reviews, end).

Every write is keyword-only, atomic, validated before anything is saved, and recorded in the chronology.
Deadlines are derived from the rule table (never typed in) and stored on the record; `deadlines.py` registers
them so a change to a rule or the calendar re-derives them.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safeguard.casework.models import CINEpisode
from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.codelists import CategoryOfAbuse
from safeguard.concurrency import lock_current
from safeguard.people.models import Person
from safeguard.workdays.deadlines import apply_rule, due_date, get_rule

from .models import (
    ChildProtectionPlan,
    CoreGroupMeeting,
    InitialChildProtectionConference,
    ProtectionVisit,
    ProtectiveOrder,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)

CP = Category.CHILD_PROTECTION


def _today() -> dt.date:
    return timezone.localdate()


def _check(user, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _event(child, *, kind: str, summary: str, actor, source, detail: str = "") -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=CP,
        kind=kind,
        summary=summary,
        detail=detail,
        actor=actor,
        source=source,
    )


# --- Derived deadlines ----------------------------------------------------------------------------


def last_strategy_discussion_date(episode_id: int) -> dt.date | None:
    return StrategyDiscussion.objects.filter(episode_id=episode_id).aggregate(last=Max("held_on"))["last"]


def open_section47s(episode_id: int):
    """Enquiries in the episode still waiting for their conference (no conference, not concluded 'no ICPC')."""
    return Section47Enquiry.objects.filter(episode_id=episode_id, conference__isnull=True).exclude(
        outcome=Section47Enquiry.Outcome.NO_ICPC
    )


def visit_due(plan: ChildProtectionPlan, anchor: dt.date) -> dt.date:
    return apply_rule(get_rule("cp-visit"), anchor, amount=plan.visit_interval_working_days)


def rederive_plan(plan: ChildProtectionPlan) -> ChildProtectionPlan:
    """Set the plan's next visit and review from its visits and reviews (None once the plan has ended)."""
    if plan.end_date:
        plan.next_visit_due = None
        plan.next_review_due = None
        return plan
    latest_visit = plan.visits.aggregate(last=Max("visit_date"))["last"]
    plan.next_visit_due = visit_due(plan, latest_visit or plan.start_date)
    latest_review = plan.reviews.aggregate(last=Max("held_on"))["last"]
    if latest_review:
        plan.next_review_due = due_date("cp-later-review", latest_review)
    else:
        icpc_date = plan.conference.conference_date if plan.conference_id else plan.start_date
        plan.next_review_due = due_date("cp-first-review", icpc_date)
    return plan


# --- Strategy discussions -------------------------------------------------------------------------


@transaction.atomic
def strategy_discussion_record(
    *, episode: CINEpisode, held_on: dt.date, agencies, summary: str = "", recorded_by
) -> StrategyDiscussion:
    _check(recorded_by, "protection.record", "Your role cannot record strategy discussions")
    episode = CINEpisode.objects.select_for_update(of=("self",)).select_related("child").get(pk=episode.pk)
    if not episode.is_open:
        raise ValidationError({"held_on": "The episode is closed: reopen it before recording a strategy discussion"})
    if held_on < episode.referral_date:
        raise ValidationError(
            {"held_on": f"The strategy discussion cannot be before the referral ({episode.referral_date:%d %b %Y})"}
        )
    _not_future("held_on", held_on, "strategy discussion date")
    codes = list(dict.fromkeys(agencies or []))
    if not codes:
        raise ValidationError({"agencies": "Choose the agencies present"})
    unknown = [c for c in codes if c not in StrategyDiscussion.Agency.values]
    if unknown:
        raise ValidationError({"agencies": f"Unknown agency {', '.join(unknown)}"})
    discussion = StrategyDiscussion.objects.create(
        episode=episode,
        child=episode.child,
        held_on=held_on,
        agencies_present=",".join(codes),
        summary=(summary or "").strip(),
        recorded_by=recorded_by,
    )
    # The ICPC is due 15 working days from the LAST strategy discussion: move the target of every open enquiry.
    last = last_strategy_discussion_date(episode.pk)
    moved = []
    for enquiry in open_section47s(episode.pk).select_for_update(of=("self",)):
        target = due_date("icpc", last)
        if enquiry.icpc_target_date != target:
            enquiry.icpc_target_date = target
            enquiry.version += 1
            enquiry.save(update_fields=["icpc_target_date", "version"])
            moved.append(enquiry)
    summary_text = f"Strategy discussion held {held_on:%d %b %Y} with " + ", ".join(discussion.agency_labels())
    if moved:
        summary_text += f"; ICPC now due {moved[0].icpc_target_date:%d %b %Y}"
    _event(
        episode.child,
        kind="strategy_discussion.recorded",
        summary=summary_text,
        detail=discussion.summary,
        actor=recorded_by,
        source=discussion,
    )
    return discussion


@transaction.atomic
def strategy_discussion_decide(
    *, discussion_id: int, expected_version: int, decision: str, decided_on: dt.date, decided_by
) -> StrategyDiscussion:
    _check(decided_by, "protection.record", "Your role cannot record strategy discussion decisions")
    discussion = lock_current(StrategyDiscussion, pk=discussion_id, expected_version=expected_version)
    if discussion.decision:
        raise ValidationError({"decision": "The decision has already been recorded"})
    if decision not in StrategyDiscussion.Decision.values:
        raise ValidationError({"decision": "Choose the decision"})
    if decided_on < discussion.held_on:
        raise ValidationError({"decided_on": "The decision cannot be before the strategy discussion"})
    _not_future("decided_on", decided_on, "decision date")
    discussion.decision = decision
    discussion.decided_on = decided_on
    discussion.save()
    _event(
        discussion.child,
        kind="strategy_discussion.decided",
        summary=f"Strategy discussion decision: {discussion.get_decision_display().lower()}",
        actor=decided_by,
        source=discussion,
    )
    return discussion


# --- Section 47 enquiries -------------------------------------------------------------------------


@transaction.atomic
def section47_start(*, discussion_id: int, start_date: dt.date, started_by) -> Section47Enquiry:
    _check(started_by, "protection.record", "Your role cannot start section 47 enquiries")
    discussion = (
        StrategyDiscussion.objects.select_for_update(of=("self",))
        .select_related("episode", "child")
        .get(pk=discussion_id)
    )
    if discussion.decision != StrategyDiscussion.Decision.SECTION_47:
        raise ValidationError(
            {"start_date": "A section 47 enquiry starts only after a strategy discussion decides on one"}
        )
    if not discussion.episode.is_open:
        raise ValidationError({"start_date": "The episode is closed"})
    if discussion.section47s.exists():
        raise ValidationError({"start_date": "A section 47 enquiry has already started from this strategy discussion"})
    if start_date < discussion.held_on:
        raise ValidationError({"start_date": "The enquiry cannot start before the strategy discussion"})
    _not_future("start_date", start_date, "start date")
    target = due_date("icpc", last_strategy_discussion_date(discussion.episode_id))
    enquiry = Section47Enquiry.objects.create(
        episode=discussion.episode,
        child=discussion.child,
        strategy_discussion=discussion,
        start_date=start_date,
        icpc_target_date=target,
        recorded_by=started_by,
    )
    _event(
        discussion.child,
        kind="section47.started",
        summary=f"Section 47 enquiry started {start_date:%d %b %Y}: ICPC due by {target:%d %b %Y}",
        actor=started_by,
        source=enquiry,
    )
    return enquiry


@transaction.atomic
def section47_conclude(
    *, section47_id: int, expected_version: int, outcome: str, outcome_date: dt.date, reason: str = "", concluded_by
) -> Section47Enquiry:
    _check(concluded_by, "protection.record", "Your role cannot conclude section 47 enquiries")
    enquiry = lock_current(Section47Enquiry, pk=section47_id, expected_version=expected_version)
    if enquiry.outcome:
        raise ValidationError({"outcome": "The enquiry's outcome has already been recorded"})
    if outcome not in Section47Enquiry.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the enquiry"})
    if outcome_date < enquiry.start_date:
        raise ValidationError({"outcome_date": "The outcome cannot be before the enquiry started"})
    _not_future("outcome_date", outcome_date, "outcome date")
    reason = (reason or "").strip()
    if outcome == Section47Enquiry.Outcome.NO_ICPC and not reason:
        raise ValidationError({"reason": "Explain why no conference is needed"})
    enquiry.outcome = outcome
    enquiry.outcome_date = outcome_date
    enquiry.no_icpc_reason = reason if outcome == Section47Enquiry.Outcome.NO_ICPC else ""
    enquiry.save()
    _event(
        enquiry.child,
        kind="section47.concluded",
        summary=f"Section 47 enquiry concluded: {enquiry.get_outcome_display().lower()}",
        detail=enquiry.no_icpc_reason,
        actor=concluded_by,
        source=enquiry,
    )
    return enquiry


# --- Conferences and plans ------------------------------------------------------------------------


def _check_category(field: str, category, *, required: bool) -> None:
    if not category:
        if required:
            raise ValidationError({field: "Choose the category of abuse"})
        return
    if category not in CategoryOfAbuse.values:
        raise ValidationError({field: "Choose a category of abuse from the list"})


def _check_interval(value) -> None:
    if value is not None and not (1 <= value <= 130):
        raise ValidationError({"visit_interval_working_days": "Visits must be every 1 to 130 working days"})


@transaction.atomic
def icpc_record(
    *,
    section47_id: int,
    conference_date: dt.date,
    outcome: str,
    chair=None,
    recorded_by,
    initial_category=None,
    visit_interval_working_days=None,
) -> InitialChildProtectionConference:
    _check(recorded_by, "protection.record_conference", "Only conference chairs and managers record conferences")
    enquiry = (
        Section47Enquiry.objects.select_for_update(of=("self",)).select_related("child", "episode").get(pk=section47_id)
    )
    if InitialChildProtectionConference.objects.filter(section47=enquiry).exists():
        raise ValidationError({"conference_date": "The conference for this enquiry has already been recorded"})
    if enquiry.outcome == Section47Enquiry.Outcome.NO_ICPC:
        raise ValidationError({"conference_date": "The enquiry concluded that no conference was needed"})
    if conference_date < enquiry.start_date:
        raise ValidationError(
            {"conference_date": f"The conference cannot be before the enquiry started ({enquiry.start_date:%d %b %Y})"}
        )
    _not_future("conference_date", conference_date, "conference date")
    if outcome not in InitialChildProtectionConference.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the conference"})
    starts_plan = outcome == InitialChildProtectionConference.Outcome.PLAN
    _check_category("initial_category", initial_category, required=starts_plan)
    _check_interval(visit_interval_working_days)
    if starts_plan and ChildProtectionPlan.objects.filter(child=enquiry.child, end_date__isnull=True).exists():
        raise ValidationError({"outcome": "The child already has an open child protection plan"})
    conference = InitialChildProtectionConference.objects.create(
        section47=enquiry,
        child=enquiry.child,
        conference_date=conference_date,
        outcome=outcome,
        chair=chair,
        recorded_by=recorded_by,
    )
    if not enquiry.outcome:
        # Holding the conference concludes the enquiry with "conference needed".
        enquiry.outcome = Section47Enquiry.Outcome.ICPC
        enquiry.outcome_date = enquiry.outcome_date or conference_date
        enquiry.version += 1
        enquiry.save()
    late = " (after the target date)" if conference_date > enquiry.icpc_target_date else ""
    _event(
        enquiry.child,
        kind="icpc.held",
        summary=f"Initial child protection conference {conference_date:%d %b %Y}{late}: "
        f"{conference.get_outcome_display().lower()}",
        actor=recorded_by,
        source=conference,
    )
    if starts_plan:
        cp_plan_start(
            conference=conference,
            category=initial_category,
            visit_interval_working_days=visit_interval_working_days,
            started_by=recorded_by,
        )
    return conference


@transaction.atomic
def cp_plan_start(
    *, conference: InitialChildProtectionConference, category: str, visit_interval_working_days=None, started_by
) -> ChildProtectionPlan:
    """Start the plan an ICPC decided on (called inside icpc_record's transaction)."""
    _check_category("initial_category", category, required=True)
    _check_interval(visit_interval_working_days)
    start = conference.conference_date
    child = conference.child
    Person.objects.select_for_update().filter(pk=child.pk).first()
    previous = ChildProtectionPlan.objects.filter(child=child, start_date__lt=start).count()
    interval = visit_interval_working_days or get_rule("cp-visit").amount
    plan = ChildProtectionPlan(
        episode=conference.section47.episode,
        child=child,
        conference=conference,
        start_date=start,
        initial_category=category,
        latest_category=category,
        number_of_previous_plans=previous,
        visit_interval_working_days=interval,
        first_core_group_due=due_date("first-core-group", start),
    )
    plan.next_visit_due = visit_due(plan, start)
    plan.next_review_due = due_date("cp-first-review", start)
    plan.save()
    _event(
        child,
        kind="cp_plan.started",
        summary=f"Child protection plan started {start:%d %b %Y}: {plan.get_initial_category_display().lower()}"
        + (f" ({previous} previous plan{'s' if previous != 1 else ''})" if previous else ""),
        actor=started_by,
        source=plan,
    )
    return plan


def _open_plan_for_update(plan_id: int) -> ChildProtectionPlan:
    plan = (
        ChildProtectionPlan.objects.select_for_update(of=("self",))
        .select_related("child", "conference")
        .get(pk=plan_id)
    )
    if plan.end_date:
        raise ValidationError({"__all__": f"This plan ended on {plan.end_date:%d %b %Y}"})
    return plan


def _check_on_plan(field: str, when: dt.date, plan: ChildProtectionPlan, what: str) -> None:
    if when < plan.start_date:
        raise ValidationError({field: f"The {what} cannot be before the plan started ({plan.start_date:%d %b %Y})"})
    _not_future(field, when, what)


@transaction.atomic
def core_group_record(*, plan_id: int, held_on: dt.date, recorded_by) -> CoreGroupMeeting:
    _check(recorded_by, "protection.record", "Your role cannot record core group meetings")
    plan = _open_plan_for_update(plan_id)
    _check_on_plan("held_on", held_on, plan, "core group date")
    first = not plan.core_groups.exists()
    meeting = CoreGroupMeeting.objects.create(plan=plan, held_on=held_on, recorded_by=recorded_by)
    late = first and held_on > plan.first_core_group_due
    _event(
        plan.child,
        kind="core_group.held",
        summary=f"{'First c' if first else 'C'}ore group meeting {held_on:%d %b %Y}"
        + (f" (due {plan.first_core_group_due:%d %b %Y})" if late else ""),
        actor=recorded_by,
        source=meeting,
    )
    return meeting


@transaction.atomic
def cp_visit_record(
    *, plan_id: int, visit_date: dt.date, child_seen: bool, seen_alone: bool, recorded_by
) -> ProtectionVisit:
    _check(recorded_by, "protection.record", "Your role cannot record child protection visits")
    plan = _open_plan_for_update(plan_id)
    _check_on_plan("visit_date", visit_date, plan, "visit date")
    if seen_alone and not child_seen:
        raise ValidationError({"seen_alone": "The child cannot be seen alone without being seen"})
    visit = ProtectionVisit.objects.create(
        plan=plan, visit_date=visit_date, child_seen=child_seen, seen_alone=seen_alone, recorded_by=recorded_by
    )
    rederive_plan(plan)
    plan.version += 1
    plan.save()
    seen = "child seen alone" if seen_alone else "child seen" if child_seen else "child not seen"
    _event(
        plan.child,
        kind="cp_visit.recorded",
        summary=f"Child protection visit {visit_date:%d %b %Y}: {seen}; next due {plan.next_visit_due:%d %b %Y}",
        actor=recorded_by,
        source=visit,
    )
    return visit


def _end(plan: ChildProtectionPlan, end_date: dt.date, end_reason: str, field: str = "end_date") -> None:
    if end_reason not in ChildProtectionPlan.EndReason.values:
        raise ValidationError({"end_reason": "Choose why the plan is ending"})
    _check_on_plan(field, end_date, plan, "end date")
    plan.end_date = end_date
    plan.end_reason = end_reason
    rederive_plan(plan)


@transaction.atomic
def review_conference_record(
    *, plan_id: int, held_on: dt.date, outcome: str, category: str = "", recorded_by, end_reason: str = ""
) -> ReviewConference:
    _check(recorded_by, "protection.record_conference", "Only conference chairs and managers record conferences")
    plan = _open_plan_for_update(plan_id)
    _check_on_plan("held_on", held_on, plan, "review conference date")
    if outcome not in ReviewConference.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the review conference"})
    _check_category("category", category, required=False)
    ends = outcome == ReviewConference.Outcome.END
    if ends and not end_reason:
        raise ValidationError({"end_reason": "Choose why the plan is ending"})
    review = ReviewConference.objects.create(
        plan=plan, held_on=held_on, outcome=outcome, category=category or "", recorded_by=recorded_by
    )
    if category:
        plan.latest_category = category
    if ends:
        _end(plan, held_on, end_reason, field="held_on")
    else:
        rederive_plan(plan)
    plan.version += 1
    plan.save()
    summary = f"Child protection review conference {held_on:%d %b %Y}: {review.get_outcome_display().lower()}"
    if category:
        summary += f"; category {plan.get_latest_category_display().lower()}"
    summary += (
        f" ({plan.get_end_reason_display().lower()})" if ends else f"; next review due {plan.next_review_due:%d %b %Y}"
    )
    _event(plan.child, kind="cp_review.held", summary=summary, actor=recorded_by, source=review)
    if ends:
        _event(
            plan.child,
            kind="cp_plan.ended",
            summary=f"Child protection plan ended {held_on:%d %b %Y}: {plan.get_end_reason_display().lower()}",
            actor=recorded_by,
            source=plan,
        )
    return review


@transaction.atomic
def cp_plan_end(
    *, plan_id: int, expected_version: int, end_date: dt.date, end_reason: str, ended_by
) -> ChildProtectionPlan:
    _check(ended_by, "protection.record_conference", "Only conference chairs and managers end plans")
    plan = lock_current(ChildProtectionPlan, pk=plan_id, expected_version=expected_version)
    if plan.end_date:
        raise ValidationError({"end_date": f"This plan already ended on {plan.end_date:%d %b %Y}"})
    _end(plan, end_date, end_reason)
    plan.save()
    _event(
        plan.child,
        kind="cp_plan.ended",
        summary=f"Child protection plan ended {end_date:%d %b %Y}: {plan.get_end_reason_display().lower()}",
        actor=ended_by,
        source=plan,
    )
    return plan


# --- Emergency protection orders and police protection --------------------------------------------


@transaction.atomic
def protective_order_record(
    *, child: Person, kind: str, start_date: dt.date, end_date=None, episode=None, recorded_by
) -> ProtectiveOrder:
    _check(recorded_by, "protection.record", "Your role cannot record protective orders")
    if not child.is_child:
        raise ValidationError({"kind": "Only a child can be the subject of an order"})
    if kind not in ProtectiveOrder.Kind.values:
        raise ValidationError({"kind": "Choose emergency protection order or police protection"})
    _not_future("start_date", start_date, "start date")
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": "The end date cannot be before the start date"})
    if episode is not None and episode.child_id != child.pk:
        raise ValidationError({"kind": "The episode belongs to another child"})
    order = ProtectiveOrder.objects.create(
        child=child, episode=episode, kind=kind, start_date=start_date, end_date=end_date, recorded_by=recorded_by
    )
    _event(
        child,
        kind="protective_order.recorded",
        summary=f"{order.get_kind_display()} from {start_date:%d %b %Y}"
        + (f" to {end_date:%d %b %Y}" if end_date else ""),
        actor=recorded_by,
        source=order,
    )
    return order
