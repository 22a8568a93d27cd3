"""Children in need episodes: opened by a referral, closed with a DfE reason."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safeguard.chronology.services import event_record
from safeguard.codelists import CLOSED_AFTER_ASSESSMENT, AssessmentFactor, PrimaryNeed, ReasonForClosure
from safeguard.concurrency import lock_current
from safeguard.oversight.services import manager_decision_record
from safeguard.people.models import Person
from safeguard.workdays import calendar
from safeguard.workdays.deadlines import apply_rule, due_date, get_rule

from .models import (
    Assessment,
    AssessmentChildSeen,
    AssessmentFactorIdentified,
    CINEpisode,
    CINPlan,
    CINPlanReview,
    CINPlanVisit,
)


def previous_referral_within_12_months(child: Person, referral_date: dt.date) -> dt.date | None:
    """DfE re-referral: the child's latest earlier referral, if it was within 12 months of this one."""
    window_start = referral_date - relativedelta(months=12)
    return (
        CINEpisode.objects.filter(child=child, referral_date__lt=referral_date, referral_date__gte=window_start)
        .order_by("-referral_date")
        .values_list("referral_date", flat=True)
        .first()
    )


@transaction.atomic
def cin_episode_open(*, child: Person, referral_date: dt.date, referral_source: str, team, opened_by) -> CINEpisode:
    if not child.is_child:
        raise ValidationError({"child": "Only a child can be referred"})
    if referral_date > timezone.localdate():
        raise ValidationError({"referral_date": "The referral date cannot be in the future"})
    # Lock the child's row so two referrals at once cannot both open an episode.
    Person.objects.select_for_update().filter(pk=child.pk).first()
    if CINEpisode.objects.filter(child=child, close_date__isnull=True).exists():
        raise ValidationError(
            {"outcome": f"{child.full_name} already has an open episode: pass the contact to the allocated team"}
        )
    previous = previous_referral_within_12_months(child, referral_date)
    episode = CINEpisode.objects.create(
        child=child,
        referral_date=referral_date,
        referral_source=referral_source,
        team=team,
        is_re_referral=previous is not None,
        previous_referral_date=previous,
        assessment_due_date=due_date("assessment-completion", referral_date),
        opened_by=opened_by,
    )
    summary = f"Referral accepted for {team}: assessment due {episode.assessment_due_date:%d %b %Y}"
    if previous:
        summary += f" (re-referral: previous referral {previous:%d %b %Y})"
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category="referral",
        kind="referral.opened",
        summary=summary,
        actor=opened_by,
        source=episode,
    )
    return episode


@transaction.atomic
def cin_episode_close(
    *, episode_id: int, expected_version: int, close_date: dt.date, reason: str, closed_by
) -> CINEpisode:
    if not closed_by.has_perm("casework.close_episode"):
        raise PermissionDenied("Only team managers close episodes")
    episode = lock_current(CINEpisode, pk=episode_id, expected_version=expected_version)
    if episode.close_date:
        raise ValidationError({"close_date": "This episode is already closed"})
    if reason not in ReasonForClosure.values:
        raise ValidationError({"reason": "Choose a reason for closure"})
    if close_date < episode.referral_date:
        raise ValidationError({"close_date": "The closure date cannot be before the referral date"})
    if close_date > timezone.localdate():
        raise ValidationError({"close_date": "The closure date cannot be in the future"})
    blockers = closure_blockers(episode)
    if blockers:
        raise ValidationError({"__all__": blockers})
    if reason in CLOSED_AFTER_ASSESSMENT and (activity := activity_beyond_assessment(episode)):
        raise ValidationError(
            {
                "reason": f"This episode had {activity}, so it did not close straight after the assessment: "
                "choose another reason (RC7 if services ceased)"
            }
        )
    episode.close_date = close_date
    episode.close_reason = reason
    episode.save()
    event_record(
        child=episode.child,
        occurred_at=timezone.now(),
        category="referral",
        kind="episode.closed",
        summary=f"Episode closed: {episode.get_close_reason_display()}",
        actor=closed_by,
        source=episode,
    )
    return episode


# --- Closure checks and reopening -----------------------------------------------------------------


def activity_beyond_assessment(episode: CINEpisode) -> str:
    """What in the episode rules out closing it "after assessment" (RC8/RC9), or "" (DfE rule 2990)."""
    from safeguard.protection.models import ChildProtectionPlan, Section47Enquiry

    if Section47Enquiry.objects.filter(episode=episode).exists():
        return "a section 47 enquiry"
    if ChildProtectionPlan.objects.filter(episode=episode).exists():
        return "a child protection plan"
    if CINPlan.objects.filter(episode=episode).exists():
        return "a child in need plan"
    return ""


def closure_blockers(episode: CINEpisode) -> list[str]:
    from safeguard.protection.models import ChildProtectionPlan

    blockers = []
    if CINPlan.objects.filter(episode=episode, end_date__isnull=True).exists():
        blockers.append("End the child in need plan before closing the episode")
    if ChildProtectionPlan.objects.filter(child=episode.child, end_date__isnull=True).exists():
        blockers.append("End the child protection plan before closing the episode")
    if Assessment.objects.filter(episode=episode).exclude(status=Assessment.Status.AUTHORISED).exists():
        blockers.append("The assessment must be authorised (or completed) before the episode closes")
    return blockers


@transaction.atomic
def cin_episode_reopen(*, episode_id: int, expected_version: int, reason: str, reopened_by) -> CINEpisode:
    if not reopened_by.has_perm("casework.reopen_episode"):
        raise PermissionDenied("Only team managers reopen episodes")
    episode = lock_current(CINEpisode, pk=episode_id, expected_version=expected_version)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the episode is being reopened"})
    if episode.close_date is None:
        raise ValidationError({"reason": "This episode is already open"})
    Person.objects.select_for_update().filter(pk=episode.child_id).first()
    latest = CINEpisode.objects.filter(child_id=episode.child_id).order_by("-referral_date", "-id").first()
    if latest.pk != episode.pk:
        raise ValidationError({"reason": "Only the child's latest episode can be reopened"})
    if CINEpisode.objects.filter(child_id=episode.child_id, close_date__isnull=True).exclude(pk=episode.pk).exists():
        raise ValidationError({"reason": "The child already has an open episode"})
    closed_on, closed_for = episode.close_date, episode.get_close_reason_display()
    episode.close_date = None
    episode.close_reason = ""
    episode.save()
    event_record(
        child=episode.child,
        occurred_at=timezone.now(),
        category="referral",
        kind="episode.reopened",
        summary=f"Episode reopened (it had closed {closed_on:%d %b %Y}: {closed_for})",
        detail=reason.strip(),
        actor=reopened_by,
        source=episode,
    )
    return episode


# --- Child and family assessments -----------------------------------------------------------------


def _assessment_for_edit(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.IN_PROGRESS:
        raise ValidationError(
            {"__all__": f"This assessment is {assessment.get_status_display().lower()}: it can no longer be changed"}
        )


def _check_practitioner(user) -> None:
    if not user.has_perm("casework.record_assessment"):
        raise PermissionDenied("Your role cannot record assessments")


def _assessment_event(assessment: Assessment, *, kind: str, summary: str, actor, detail: str = "") -> None:
    event_record(
        child=assessment.child,
        occurred_at=timezone.now(),
        category="assessment",
        kind=f"assessment.{kind}",
        summary=summary,
        detail=detail,
        actor=actor,
        source=assessment,
    )


@transaction.atomic
def assessment_start(*, episode: CINEpisode, start_date: dt.date, started_by) -> Assessment:
    _check_practitioner(started_by)
    # Lock the episode so two workers cannot start two assessments at once.
    episode = CINEpisode.objects.select_for_update().get(pk=episode.pk)
    if not episode.is_open:
        raise ValidationError({"start_date": "The episode is closed: reopen it before starting an assessment"})
    if start_date < episode.referral_date:
        raise ValidationError(
            {"start_date": f"The assessment cannot start before the referral ({episode.referral_date:%d %b %Y})"}
        )
    if start_date > timezone.localdate():
        raise ValidationError({"start_date": "The start date cannot be in the future"})
    if episode.assessments.exclude(status=Assessment.Status.AUTHORISED).exists():
        raise ValidationError({"start_date": "This episode already has an assessment that is not yet authorised"})
    assessment = Assessment.objects.create(
        episode=episode, child=episode.child, start_date=start_date, started_by=started_by
    )
    _assessment_event(
        assessment,
        kind="started",
        summary=f"Child and family assessment started {start_date:%d %b %Y} (due {episode.assessment_due_date:%d %b %Y})",
        actor=started_by,
    )
    return assessment


@transaction.atomic
def assessment_child_seen_record(
    *, assessment_id: int, seen_on: dt.date, seen_alone: bool, recorded_by
) -> AssessmentChildSeen:
    _check_practitioner(recorded_by)
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("child").get(pk=assessment_id)
    _assessment_for_edit(assessment)
    if seen_on < assessment.start_date:
        raise ValidationError({"seen_on": "The child cannot be seen for the assessment before it started"})
    if seen_on > timezone.localdate():
        raise ValidationError({"seen_on": "The date seen cannot be in the future"})
    seen = AssessmentChildSeen.objects.create(
        assessment=assessment, seen_on=seen_on, seen_alone=seen_alone, recorded_by=recorded_by
    )
    _assessment_event(
        assessment,
        kind="child_seen",
        summary=f"Child seen{' alone' if seen_alone else ''} for the assessment on {seen_on:%d %b %Y}",
        actor=recorded_by,
    )
    return seen


@transaction.atomic
def assessment_factors_set(*, assessment_id: int, codes, set_by) -> list[str]:
    _check_practitioner(set_by)
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("child").get(pk=assessment_id)
    _assessment_for_edit(assessment)
    codes = list(dict.fromkeys(codes))
    if not codes:
        raise ValidationError({"codes": 'Choose the factors identified, or "No factors identified"'})
    unknown = [code for code in codes if code not in AssessmentFactor.values]
    if unknown:
        raise ValidationError({"codes": f"Unknown factor code {', '.join(unknown)}"})
    if AssessmentFactor.NO_FACTORS in codes and len(codes) > 1:
        raise ValidationError({"codes": '"No factors identified" cannot be chosen with other factors'})
    assessment.factors.all().delete()
    AssessmentFactorIdentified.objects.bulk_create(
        [AssessmentFactorIdentified(assessment=assessment, code=code) for code in codes]
    )
    _assessment_event(
        assessment,
        kind="factors_set",
        summary="Factors identified at assessment: " + ", ".join(AssessmentFactor(c).label for c in codes),
        actor=set_by,
    )
    return codes


@transaction.atomic
def assessment_update(
    *, assessment_id: int, expected_version: int, analysis: str, outcome: str, updated_by
) -> Assessment:
    _check_practitioner(updated_by)
    assessment = lock_current(Assessment, pk=assessment_id, expected_version=expected_version)
    _assessment_for_edit(assessment)
    if outcome and outcome not in Assessment.Outcome.values:
        raise ValidationError({"outcome": "Choose an outcome"})
    assessment.analysis = analysis.strip()
    assessment.outcome = outcome
    assessment.save()
    _assessment_event(
        assessment,
        kind="updated",
        summary="Assessment analysis updated"
        + (f": outcome {assessment.get_outcome_display().lower()}" if outcome else ""),
        actor=updated_by,
    )
    return assessment


def assessment_is_late(assessment: Assessment, *, on: dt.date | None = None) -> bool:
    return (on or timezone.localdate()) > assessment.episode.assessment_due_date


@transaction.atomic
def assessment_submit(*, assessment_id: int, expected_version: int, submitted_by, late_reason: str = "") -> Assessment:
    _check_practitioner(submitted_by)
    assessment = lock_current(Assessment, pk=assessment_id, expected_version=expected_version)
    _assessment_for_edit(assessment)
    missing = {}
    if not assessment.analysis.strip():
        missing["analysis"] = "Write the analysis before submitting"
    if not assessment.outcome:
        missing["outcome"] = "Choose an outcome before submitting"
    if not assessment.factors.exists():
        missing["codes"] = "Record the factors identified (or no factors) before submitting"
    if not assessment.child_seen.exists():
        missing["seen_on"] = "Record when the child was seen before submitting"
    due = assessment.episode.assessment_due_date
    if assessment_is_late(assessment) and not late_reason.strip():
        missing["late_reason"] = f"The assessment was due {due:%d %b %Y}: explain why it is late"
    if missing:
        raise ValidationError(missing)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = submitted_by
    assessment.late_reason = late_reason.strip()
    assessment.save()
    _assessment_event(
        assessment,
        kind="submitted",
        summary="Assessment submitted for authorisation"
        + (f" (late: due {due:%d %b %Y})" if assessment.late_reason else ""),
        detail=assessment.late_reason,
        actor=submitted_by,
    )
    return assessment


def _check_manager_decision(assessment: Assessment, user, comment: str) -> None:
    if not user.has_perm("casework.authorise_assessment"):
        raise PermissionDenied("Only team managers authorise or return assessments")
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError({"__all__": "Only a submitted assessment can be authorised or returned"})
    if not comment.strip():
        raise ValidationError({"comment": "Enter a comment explaining the decision"})


@transaction.atomic
def assessment_authorise(
    *, assessment_id: int, expected_version: int, authorised_by, comment: str, primary_need: str
) -> Assessment:
    if not authorised_by.has_perm("casework.authorise_assessment"):
        raise PermissionDenied("Only team managers authorise assessments")
    assessment = lock_current(Assessment, pk=assessment_id, expected_version=expected_version)
    _check_manager_decision(assessment, authorised_by, comment)
    if primary_need not in PrimaryNeed.values or primary_need == PrimaryNeed.NOT_STATED:
        raise ValidationError({"primary_need": "Choose the child's primary need (N1 to N9)"})
    today = timezone.localdate()
    assessment.status = Assessment.Status.AUTHORISED
    assessment.authorised_date = today
    assessment.authorised_by = authorised_by
    assessment.save()
    episode = CINEpisode.objects.select_for_update().get(pk=assessment.episode_id)
    episode.primary_need = primary_need
    episode.version += 1
    episode.save()
    manager_decision_record(
        child=assessment.child,
        kind="assessment",
        decision="approved",
        comment=comment,
        decided_by=authorised_by,
        subject=assessment,
    )
    late = calendar.working_days_between(episode.assessment_due_date, today)
    _assessment_event(
        assessment,
        kind="authorised",
        summary=f"Assessment authorised: primary need {episode.get_primary_need_display().lower()}"
        + (f" ({late} working days late)" if late > 0 else ""),
        detail=comment.strip(),
        actor=authorised_by,
    )
    return assessment


@transaction.atomic
def assessment_return(*, assessment_id: int, expected_version: int, returned_by, comment: str) -> Assessment:
    if not returned_by.has_perm("casework.authorise_assessment"):
        raise PermissionDenied("Only team managers return assessments")
    assessment = lock_current(Assessment, pk=assessment_id, expected_version=expected_version)
    _check_manager_decision(assessment, returned_by, comment)
    assessment.status = Assessment.Status.IN_PROGRESS
    assessment.submitted_at = None
    assessment.submitted_by = None
    assessment.save()
    manager_decision_record(
        child=assessment.child,
        kind="assessment",
        decision="returned",
        comment=comment,
        decided_by=returned_by,
        subject=assessment,
    )
    _assessment_event(
        assessment,
        kind="returned",
        summary="Assessment returned to the worker for more work",
        detail=comment.strip(),
        actor=returned_by,
    )
    return assessment


# --- Children in need plans -----------------------------------------------------------------------


def cin_plan_next_visit_due(plan: CINPlan, latest_visit: dt.date | None = None) -> dt.date:
    anchor = latest_visit or plan.start_date
    return apply_rule(get_rule("cin-visit"), anchor, amount=plan.visit_interval_working_days)


def cin_plan_next_review_due(plan: CINPlan, latest_review: dt.date | None = None) -> dt.date:
    return due_date("cin-review", latest_review or plan.start_date)


def _check_cin_plan_perm(user) -> None:
    if not user.has_perm("casework.record_cin_plan"):
        raise PermissionDenied("Your role cannot record child in need plans")


def _open_plan(plan_id: int) -> CINPlan:
    plan = CINPlan.objects.select_for_update(of=("self",)).select_related("child").get(pk=plan_id)
    if plan.end_date is not None:
        raise ValidationError({"__all__": "This plan has ended"})
    return plan


def _plan_event(plan: CINPlan, *, kind: str, summary: str, actor, detail: str = "") -> None:
    event_record(
        child=plan.child,
        occurred_at=timezone.now(),
        category="child_in_need",
        kind=f"cin_plan.{kind}",
        summary=summary,
        detail=detail,
        actor=actor,
        source=plan,
    )


@transaction.atomic
def cin_plan_start(
    *, episode: CINEpisode, start_date: dt.date, started_by, visit_interval_working_days: int | None = None
) -> CINPlan:
    _check_cin_plan_perm(started_by)
    episode = CINEpisode.objects.select_for_update(of=("self",)).select_related("child").get(pk=episode.pk)
    if not episode.is_open:
        raise ValidationError({"start_date": "The episode is closed: a plan cannot start"})
    if start_date < episode.referral_date:
        raise ValidationError(
            {"start_date": f"The plan cannot start before the referral ({episode.referral_date:%d %b %Y})"}
        )
    if start_date > timezone.localdate():
        raise ValidationError({"start_date": "The start date cannot be in the future"})
    if visit_interval_working_days is None:
        visit_interval_working_days = get_rule("cin-visit").amount
    if not 1 <= visit_interval_working_days <= 130:
        raise ValidationError({"visit_interval_working_days": "Visits must be between 1 and 130 working days apart"})
    if episode.cin_plans.filter(end_date__isnull=True).exists():
        raise ValidationError({"start_date": "This episode already has an open child in need plan"})
    plan = CINPlan(
        episode=episode,
        child=episode.child,
        start_date=start_date,
        visit_interval_working_days=visit_interval_working_days,
        created_by=started_by,
    )
    plan.next_visit_due = cin_plan_next_visit_due(plan)
    plan.next_review_due = cin_plan_next_review_due(plan)
    plan.save()
    _plan_event(
        plan,
        kind="started",
        summary=f"Child in need plan started {start_date:%d %b %Y}: visits every {visit_interval_working_days} "
        f"working days, first visit due {plan.next_visit_due:%d %b %Y}",
        actor=started_by,
    )
    return plan


@transaction.atomic
def cin_plan_visit_record(
    *, plan_id: int, visit_date: dt.date, child_seen: bool, seen_alone: bool, recorded_by
) -> CINPlanVisit:
    _check_cin_plan_perm(recorded_by)
    plan = _open_plan(plan_id)
    if visit_date < plan.start_date:
        raise ValidationError({"visit_date": "A plan visit cannot be before the plan started"})
    if visit_date > timezone.localdate():
        raise ValidationError({"visit_date": "The visit date cannot be in the future"})
    if seen_alone and not child_seen:
        raise ValidationError({"seen_alone": "The child can only be seen alone if they were seen"})
    visit = CINPlanVisit.objects.create(
        plan=plan, visit_date=visit_date, child_seen=child_seen, seen_alone=seen_alone, recorded_by=recorded_by
    )
    latest = plan.visits.aggregate(latest=Max("visit_date"))["latest"]
    plan.next_visit_due = cin_plan_next_visit_due(plan, latest)
    plan.version += 1
    plan.save()
    seen = "child seen alone" if seen_alone else "child seen" if child_seen else "child not seen"
    _plan_event(
        plan,
        kind="visit",
        summary=f"Child in need visit on {visit_date:%d %b %Y} ({seen}); next visit due {plan.next_visit_due:%d %b %Y}",
        actor=recorded_by,
    )
    return visit


@transaction.atomic
def cin_plan_review_record(*, plan_id: int, review_date: dt.date, notes: str, recorded_by) -> CINPlanReview:
    _check_cin_plan_perm(recorded_by)
    plan = _open_plan(plan_id)
    if review_date < plan.start_date:
        raise ValidationError({"review_date": "A review cannot be before the plan started"})
    if review_date > timezone.localdate():
        raise ValidationError({"review_date": "The review date cannot be in the future"})
    review = CINPlanReview.objects.create(
        plan=plan, review_date=review_date, notes=notes.strip(), recorded_by=recorded_by
    )
    latest = plan.reviews.aggregate(latest=Max("review_date"))["latest"]
    plan.next_review_due = cin_plan_next_review_due(plan, latest)
    plan.version += 1
    plan.save()
    _plan_event(
        plan,
        kind="review",
        summary=f"Child in need plan reviewed {review_date:%d %b %Y}; next review due {plan.next_review_due:%d %b %Y}",
        detail=review.notes,
        actor=recorded_by,
    )
    return review


@transaction.atomic
def cin_plan_end(*, plan_id: int, expected_version: int, end_date: dt.date, ended_by) -> CINPlan:
    _check_cin_plan_perm(ended_by)
    plan = lock_current(CINPlan, pk=plan_id, expected_version=expected_version)
    if plan.end_date is not None:
        raise ValidationError({"end_date": "This plan has already ended"})
    if end_date < plan.start_date:
        raise ValidationError({"end_date": "The plan cannot end before it started"})
    if end_date > timezone.localdate():
        raise ValidationError({"end_date": "The end date cannot be in the future"})
    plan.end_date = end_date
    plan.save()
    _plan_event(plan, kind="ended", summary=f"Child in need plan ended {end_date:%d %b %Y}", actor=ended_by)
    return plan
