"""Child protection pages. Each takes the child's id first, loads the child through the visibility selector,
then the record filtered by that child (another child's record id 404s). Writes go through services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import person_for_viewer
from safeguard.accounts.models import Role
from safeguard.casework.models import CINEpisode
from safeguard.forms_errors import bound_to as _bound
from safeguard.forms_errors import check_action as _check_action
from safeguard.forms_errors import posted_action as _action
from safeguard.forms_errors import save_through_service

from . import services
from .forms import (
    CoreGroupForm,
    DecisionForm,
    EndPlanForm,
    ICPCForm,
    ProtectiveOrderForm,
    ReviewForm,
    Section47ConcludeForm,
    Section47StartForm,
    StrategyDiscussionForm,
    VisitForm,
)
from .models import ChildProtectionPlan, ProtectiveOrder, Section47Enquiry, StrategyDiscussion
from .selectors import last_seen_on


def _open_episode(person):
    return CINEpisode.objects.filter(child=person, close_date__isnull=True).order_by("-referral_date").first()


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="child protection record")
    user = request.user
    return render(
        request,
        "protection/child.html",
        {
            "person": person,
            "episode": _open_episode(person),
            "discussions": list(StrategyDiscussion.objects.filter(child=person).order_by("-held_on", "-id")),
            "section47s": list(
                Section47Enquiry.objects.filter(child=person)
                .select_related("conference")
                .order_by("-start_date", "-id")
            ),
            "plans": list(ChildProtectionPlan.objects.filter(child=person).order_by("-start_date", "-id")),
            "orders": list(ProtectiveOrder.objects.filter(child=person).order_by("-start_date", "-id")),
            "can_record": user.has_perm("protection.record"),
            "today": timezone.localdate(),
        },
    )


def strategy_discussion_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record a strategy discussion")
    episode = _open_episode(person)
    can = request.user.has_perm("protection.record") and episode is not None
    if request.method == "POST" and not can:
        raise PermissionDenied("Your role cannot record strategy discussions, or the child has no open episode")
    form = StrategyDiscussionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        discussion = save_through_service(
            request,
            form,
            lambda d: services.strategy_discussion_record(
                episode=episode,
                held_on=d["held_on"],
                agencies=d["agencies"],
                summary=d["summary"],
                recorded_by=request.user,
            ),
            "Strategy discussion recorded",
        )
        if discussion:
            return redirect("protection:strategy_discussion", person.pk, discussion.pk)
    return render(
        request,
        "protection/strategy_discussion_new.html",
        {"person": person, "episode": episode, "form": form, "can_record": can},
    )


def strategy_discussion(request, person_id: int, discussion_id: int):
    person = person_for_viewer(request, person_id, what="strategy discussion")
    sd = get_object_or_404(
        StrategyDiscussion.objects.select_related("episode", "recorded_by"), pk=discussion_id, child=person
    )
    user = request.user
    today = timezone.localdate()
    section47 = sd.section47s.order_by("-id").first()
    can_record = user.has_perm("protection.record")
    allowed = {
        "decide": can_record and not sd.decision,
        "start_s47": can_record and sd.decision == StrategyDiscussion.Decision.SECTION_47 and section47 is None,
    }
    action = _action(request)
    _check_action(action, allowed)
    decide_form = DecisionForm(
        _bound(request, action, "decide"), prefix="decide", initial={"version": sd.version, "decided_on": today}
    )
    start_form = Section47StartForm(_bound(request, action, "start_s47"), prefix="s47", initial={"start_date": today})
    if action == "decide":
        if save_through_service(
            request,
            decide_form,
            lambda d: services.strategy_discussion_decide(
                discussion_id=sd.pk,
                expected_version=d["version"],
                decision=d["decision"],
                decided_on=d["decided_on"],
                decided_by=user,
            ),
            "Decision recorded",
        ):
            return redirect("protection:strategy_discussion", person.pk, sd.pk)
    elif action == "start_s47":
        enquiry = save_through_service(
            request,
            start_form,
            lambda d: services.section47_start(discussion_id=sd.pk, start_date=d["start_date"], started_by=user),
            "Section 47 enquiry started",
        )
        if enquiry:
            return redirect("protection:section47", person.pk, enquiry.pk)
    return render(
        request,
        "protection/strategy_discussion.html",
        {
            "person": person,
            "discussion": sd,
            "section47": section47,
            "decide_form": decide_form if allowed["decide"] else None,
            "start_form": start_form if allowed["start_s47"] else None,
            "forms": [decide_form, start_form],
        },
    )


def section47(request, person_id: int, section47_id: int):
    person = person_for_viewer(request, person_id, what="section 47 enquiry")
    s47 = get_object_or_404(
        Section47Enquiry.objects.select_related("strategy_discussion", "episode"), pk=section47_id, child=person
    )
    user = request.user
    today = timezone.localdate()
    conference = getattr(s47, "conference", None)
    awaiting = conference is None and s47.outcome != Section47Enquiry.Outcome.NO_ICPC
    allowed = {
        "conclude": user.has_perm("protection.record") and not s47.outcome and conference is None,
        "icpc": user.has_perm("protection.record_conference") and awaiting,
    }
    action = _action(request)
    _check_action(action, allowed)
    conclude_form = Section47ConcludeForm(
        _bound(request, action, "conclude"),
        prefix="conclude",
        initial={"version": s47.version, "outcome_date": today},
    )
    icpc_form = ICPCForm(_bound(request, action, "icpc"), prefix="icpc", initial={"conference_date": today})
    if action == "conclude":
        if save_through_service(
            request,
            conclude_form,
            lambda d: services.section47_conclude(
                section47_id=s47.pk,
                expected_version=d["version"],
                outcome=d["outcome"],
                outcome_date=d["outcome_date"],
                reason=d["reason"],
                concluded_by=user,
            ),
            "Outcome of the enquiry recorded",
        ):
            return redirect("protection:section47", person.pk, s47.pk)
    elif action == "icpc":
        conf = save_through_service(
            request,
            icpc_form,
            lambda d: services.icpc_record(
                section47_id=s47.pk,
                conference_date=d["conference_date"],
                outcome=d["outcome"],
                chair=getattr(user, "worker", None) if user.role == Role.CONFERENCE_CHAIR else None,
                recorded_by=user,
                initial_category=d["initial_category"] or None,
                visit_interval_working_days=d["visit_interval_working_days"],
            ),
            "Conference recorded",
        )
        if conf:
            plan = ChildProtectionPlan.objects.filter(conference=conf).first()
            if plan:
                return redirect("protection:plan", person.pk, plan.pk)
            return redirect("protection:section47", person.pk, s47.pk)
    plan = ChildProtectionPlan.objects.filter(conference=conference).first() if conference else None
    return render(
        request,
        "protection/section47.html",
        {
            "person": person,
            "s47": s47,
            "conference": conference,
            "plan": plan,
            "awaiting": awaiting,
            "overdue": awaiting and s47.icpc_target_date < today,
            "conclude_form": conclude_form if allowed["conclude"] else None,
            "icpc_form": icpc_form if allowed["icpc"] else None,
            "forms": [conclude_form, icpc_form],
            "today": today,
        },
    )


def plan(request, person_id: int, cp_plan_id: int):
    person = person_for_viewer(request, person_id, what="child protection plan")
    p = get_object_or_404(ChildProtectionPlan.objects.select_related("conference"), pk=cp_plan_id, child=person)
    user = request.user
    today = timezone.localdate()
    is_open = p.end_date is None
    allowed = {
        "visit": is_open and user.has_perm("protection.record"),
        "core_group": is_open and user.has_perm("protection.record"),
        "review": is_open and user.has_perm("protection.record_conference"),
        "end": is_open and user.has_perm("protection.record_conference"),
    }
    action = _action(request)
    _check_action(action, allowed)
    visit_form = VisitForm(_bound(request, action, "visit"), prefix="visit", initial={"visit_date": today})
    core_form = CoreGroupForm(_bound(request, action, "core_group"), prefix="core", initial={"held_on": today})
    review_form = ReviewForm(_bound(request, action, "review"), prefix="review", initial={"held_on": today})
    end_form = EndPlanForm(
        _bound(request, action, "end"), prefix="end", initial={"version": p.version, "end_date": today}
    )
    calls = {
        "visit": (
            visit_form,
            lambda d: services.cp_visit_record(
                plan_id=p.pk,
                visit_date=d["visit_date"],
                child_seen=d["child_seen"],
                seen_alone=d["seen_alone"],
                recorded_by=user,
            ),
            "Visit recorded",
        ),
        "core_group": (
            core_form,
            lambda d: services.core_group_record(plan_id=p.pk, held_on=d["held_on"], recorded_by=user),
            "Core group meeting recorded",
        ),
        "review": (
            review_form,
            lambda d: services.review_conference_record(
                plan_id=p.pk,
                held_on=d["held_on"],
                outcome=d["outcome"],
                category=d["category"],
                end_reason=d["end_reason"],
                recorded_by=user,
            ),
            "Review conference recorded",
        ),
        "end": (
            end_form,
            lambda d: services.cp_plan_end(
                plan_id=p.pk,
                expected_version=d["version"],
                end_date=d["end_date"],
                end_reason=d["end_reason"],
                ended_by=user,
            ),
            "Plan ended",
        ),
    }
    if action is not None and save_through_service(request, *calls[action]):
        return redirect("protection:plan", person.pk, p.pk)
    return render(
        request,
        "protection/plan.html",
        {
            "person": person,
            "plan": p,
            "visits": list(p.visits.select_related("recorded_by")),
            "core_groups": list(p.core_groups.all()),
            "reviews": list(p.reviews.all()),
            "last_seen": last_seen_on(p),
            "visit_form": visit_form if allowed["visit"] else None,
            "core_form": core_form if allowed["core_group"] else None,
            "review_form": review_form if allowed["review"] else None,
            "end_form": end_form if allowed["end"] else None,
            "forms": [visit_form, core_form, review_form, end_form],
            "today": today,
        },
    )


def protective_order_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record a protective order")
    can = request.user.has_perm("protection.record")
    if request.method == "POST" and not can:
        raise PermissionDenied("Your role cannot record protective orders")
    form = ProtectiveOrderForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and save_through_service(
        request,
        form,
        lambda d: services.protective_order_record(
            child=person,
            kind=d["kind"],
            start_date=d["start_date"],
            end_date=d["end_date"],
            episode=_open_episode(person),
            recorded_by=request.user,
        ),
        "Order recorded",
    ):
        return redirect("protection:child", person.pk)
    return render(request, "protection/order_new.html", {"person": person, "form": form, "can_record": can})
