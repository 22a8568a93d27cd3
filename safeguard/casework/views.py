"""Casework pages: the episode, its assessment, child in need plans, closure and reopening.

Every page takes the child's id first and loads the child through the visibility selector, then the record
filtered by that child, so another child's record id 404s.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import person_for_viewer
from safeguard.forms_errors import posted_action as _action
from safeguard.forms_errors import save_through_service
from safeguard.workdays import calendar

from . import services
from .forms import (
    AnalysisForm,
    ChildSeenForm,
    CloseEpisodeForm,
    EndPlanForm,
    FactorsForm,
    ManagerDecisionForm,
    ReopenEpisodeForm,
    ReviewForm,
    StartAssessmentForm,
    StartPlanForm,
    SubmitForm,
    VisitForm,
)
from .models import Assessment, CINEpisode, CINPlan


def _bound(request, action: str, names: set[str]):
    return request.POST if request.method == "POST" and action in names else None


def working_days_late(due, done=None) -> int:
    """How many working days past `due` the work was done (or is, today, if not done); 0 when not late."""
    end = done or timezone.localdate()
    return calendar.working_days_between(due, end) if end > due else 0


def episode(request, person_id: int, episode_id: int):
    person = person_for_viewer(request, person_id, what="children in need episode")
    ep = get_object_or_404(CINEpisode.objects.select_related("team"), pk=episode_id, child=person)
    action = _action(request)
    today = timezone.localdate()
    start_assessment = StartAssessmentForm(
        _bound(request, action, {"start_assessment"}), prefix="assessment", initial={"start_date": today}
    )
    start_plan = StartPlanForm(_bound(request, action, {"start_plan"}), prefix="plan", initial={"start_date": today})
    if action == "start_assessment":
        created = {}
        if save_through_service(
            request,
            start_assessment,
            lambda d: created.setdefault(
                "a", services.assessment_start(episode=ep, start_date=d["start_date"], started_by=request.user)
            ),
            "Assessment started",
        ):
            return redirect("casework:assessment", person.pk, created["a"].pk)
    elif action == "start_plan":
        created = {}
        if save_through_service(
            request,
            start_plan,
            lambda d: created.setdefault(
                "p",
                services.cin_plan_start(
                    episode=ep,
                    start_date=d["start_date"],
                    started_by=request.user,
                    visit_interval_working_days=d["visit_interval_working_days"],
                ),
            ),
            "Child in need plan started",
        ):
            return redirect("casework:cin_plan", person.pk, created["p"].pk)
    elif action is not None:
        raise PermissionDenied("Unknown action")
    assessments = list(ep.assessments.order_by("-start_date", "-id"))
    plans = list(ep.cin_plans.order_by("-start_date", "-id"))
    user = request.user
    return render(
        request,
        "casework/episode.html",
        {
            "person": person,
            "episode": ep,
            "assessments": assessments,
            "plans": plans,
            "start_assessment": start_assessment
            if ep.is_open
            and user.has_perm("casework.record_assessment")
            and all(a.status == Assessment.Status.AUTHORISED for a in assessments)
            else None,
            "start_plan": start_plan
            if ep.is_open and user.has_perm("casework.record_cin_plan") and all(p.end_date for p in plans)
            else None,
            "can_close": ep.is_open and user.has_perm("casework.close_episode"),
            "can_reopen": not ep.is_open and user.has_perm("casework.reopen_episode"),
            "days_late": working_days_late(
                ep.assessment_due_date,
                next((a.authorised_date for a in assessments if a.authorised_date), None) or ep.close_date,
            ),
            "today": today,
        },
    )


ASSESSMENT_ACTIONS = {"seen", "factors", "analysis", "submit", "authorise", "return"}


def assessment(request, person_id: int, assessment_id: int):
    person = person_for_viewer(request, person_id, what="child and family assessment")
    a = get_object_or_404(
        Assessment.objects.select_related("episode", "submitted_by", "authorised_by"), pk=assessment_id, child=person
    )
    action = _action(request)
    if action is not None and action not in ASSESSMENT_ACTIONS:
        raise PermissionDenied("Unknown action")
    today = timezone.localdate()
    version = {"version": a.version}
    seen_form = ChildSeenForm(_bound(request, action, {"seen"}), prefix="seen", initial={"seen_on": today})
    factors_form = FactorsForm(
        _bound(request, action, {"factors"}), prefix="factors", initial={"codes": [f.code for f in a.factors.all()]}
    )
    analysis_form = AnalysisForm(
        _bound(request, action, {"analysis"}),
        prefix="analysis",
        initial={**version, "analysis": a.analysis, "outcome": a.outcome},
    )
    submit_form = SubmitForm(_bound(request, action, {"submit"}), prefix="submit", initial=version)
    decision_form = ManagerDecisionForm(
        _bound(request, action, {"authorise", "return"}), prefix="decision", initial=version
    )
    user = request.user
    calls = {
        "seen": (
            seen_form,
            lambda d: services.assessment_child_seen_record(
                assessment_id=a.pk, seen_on=d["seen_on"], seen_alone=d["seen_alone"], recorded_by=user
            ),
            "Child seen recorded",
        ),
        "factors": (
            factors_form,
            lambda d: services.assessment_factors_set(assessment_id=a.pk, codes=d["codes"], set_by=user),
            "Factors saved",
        ),
        "analysis": (
            analysis_form,
            lambda d: services.assessment_update(
                assessment_id=a.pk,
                expected_version=d["version"],
                analysis=d["analysis"],
                outcome=d["outcome"],
                updated_by=user,
            ),
            "Analysis and outcome saved",
        ),
        "submit": (
            submit_form,
            lambda d: services.assessment_submit(
                assessment_id=a.pk, expected_version=d["version"], submitted_by=user, late_reason=d["late_reason"]
            ),
            "Assessment submitted for authorisation",
        ),
        "authorise": (
            decision_form,
            lambda d: services.assessment_authorise(
                assessment_id=a.pk,
                expected_version=d["version"],
                authorised_by=user,
                comment=d["comment"],
                primary_need=d["primary_need"],
            ),
            "Assessment authorised",
        ),
        "return": (
            decision_form,
            lambda d: services.assessment_return(
                assessment_id=a.pk, expected_version=d["version"], returned_by=user, comment=d["comment"]
            ),
            "Assessment returned to the worker",
        ),
    }
    if action is not None and save_through_service(request, *calls[action]):
        return redirect("casework:assessment", person.pk, a.pk)
    editable = a.status == Assessment.Status.IN_PROGRESS and user.has_perm("casework.record_assessment")
    due = a.episode.assessment_due_date
    return render(
        request,
        "casework/assessment.html",
        {
            "person": person,
            "assessment": a,
            "episode": a.episode,
            "seen": list(a.child_seen.all()),
            "factors": [f.get_code_display() for f in a.factors.all()],
            "editable": editable,
            "seen_form": seen_form,
            "factors_form": factors_form,
            "analysis_form": analysis_form,
            "submit_form": submit_form,
            "decision_form": decision_form
            if a.status == Assessment.Status.SUBMITTED and user.has_perm("casework.authorise_assessment")
            else None,
            "due": due,
            "is_late": (a.authorised_date or today) > due,
            "days_late": working_days_late(due, a.authorised_date),
            "forms": [seen_form, factors_form, analysis_form, submit_form, decision_form],
        },
    )


PLAN_ACTIONS = {"visit", "review", "end"}


def cin_plan(request, person_id: int, plan_id: int):
    person = person_for_viewer(request, person_id, what="child in need plan")
    plan = get_object_or_404(CINPlan.objects.select_related("episode"), pk=plan_id, child=person)
    action = _action(request)
    if action is not None and action not in PLAN_ACTIONS:
        raise PermissionDenied("Unknown action")
    today = timezone.localdate()
    user = request.user
    visit_form = VisitForm(_bound(request, action, {"visit"}), prefix="visit", initial={"visit_date": today})
    review_form = ReviewForm(_bound(request, action, {"review"}), prefix="review", initial={"review_date": today})
    end_form = EndPlanForm(
        _bound(request, action, {"end"}), prefix="end", initial={"version": plan.version, "end_date": today}
    )
    calls = {
        "visit": (
            visit_form,
            lambda d: services.cin_plan_visit_record(
                plan_id=plan.pk,
                visit_date=d["visit_date"],
                child_seen=d["child_seen"],
                seen_alone=d["seen_alone"],
                recorded_by=user,
            ),
            "Visit recorded",
        ),
        "review": (
            review_form,
            lambda d: services.cin_plan_review_record(
                plan_id=plan.pk, review_date=d["review_date"], notes=d["notes"], recorded_by=user
            ),
            "Review recorded",
        ),
        "end": (
            end_form,
            lambda d: services.cin_plan_end(
                plan_id=plan.pk, expected_version=d["version"], end_date=d["end_date"], ended_by=user
            ),
            "Plan ended",
        ),
    }
    if action is not None and save_through_service(request, *calls[action]):
        return redirect("casework:cin_plan", person.pk, plan.pk)
    editable = plan.end_date is None and user.has_perm("casework.record_cin_plan")
    return render(
        request,
        "casework/cin_plan.html",
        {
            "person": person,
            "plan": plan,
            "episode": plan.episode,
            "visits": list(plan.visits.select_related("recorded_by")),
            "reviews": list(plan.reviews.select_related("recorded_by")),
            "editable": editable,
            "visit_form": visit_form,
            "review_form": review_form,
            "end_form": end_form,
            "forms": [visit_form, review_form, end_form],
            "today": today,
        },
    )


def close_episode(request, person_id: int, episode_id: int):
    if not request.user.has_perm("casework.close_episode"):
        raise PermissionDenied("Only team managers close episodes")
    person = person_for_viewer(request, person_id, what="close episode")
    ep = get_object_or_404(CINEpisode, pk=episode_id, child=person)
    form = CloseEpisodeForm(request.POST or None, initial={"version": ep.version, "close_date": timezone.localdate()})
    if request.method == "POST" and save_through_service(
        request,
        form,
        lambda d: services.cin_episode_close(
            episode_id=ep.pk,
            expected_version=d["version"],
            close_date=d["close_date"],
            reason=d["reason"],
            closed_by=request.user,
        ),
        "Episode closed",
    ):
        return redirect("casework:episode", person.pk, ep.pk)
    return render(
        request,
        "casework/episode_form.html",
        {
            "person": person,
            "episode": ep,
            "form": form,
            "title": "Close the episode",
            "button": "Close episode",
            "blocked": None if ep.is_open else "This episode is already closed.",
            "blockers": services.closure_blockers(ep) if ep.is_open and request.method == "GET" else [],
        },
    )


def reopen_episode(request, person_id: int, episode_id: int):
    if not request.user.has_perm("casework.reopen_episode"):
        raise PermissionDenied("Only team managers reopen episodes")
    person = person_for_viewer(request, person_id, what="reopen episode")
    ep = get_object_or_404(CINEpisode, pk=episode_id, child=person)
    form = ReopenEpisodeForm(request.POST or None, initial={"version": ep.version})
    if request.method == "POST" and save_through_service(
        request,
        form,
        lambda d: services.cin_episode_reopen(
            episode_id=ep.pk, expected_version=d["version"], reason=d["reason"], reopened_by=request.user
        ),
        "Episode reopened",
    ):
        return redirect("casework:episode", person.pk, ep.pk)
    return render(
        request,
        "casework/episode_form.html",
        {
            "person": person,
            "episode": ep,
            "form": form,
            "title": "Reopen the episode",
            "button": "Reopen episode",
            "blocked": "This episode is open." if ep.is_open else None,
        },
    )
