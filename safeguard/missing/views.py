"""Missing pages. Each takes the child's id first and loads the child through the visibility selector; an
episode is fetched filtered by that child (another child's episode id 404s). Writes go through services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import person_for_viewer
from safeguard.forms_errors import bound_to as _bound
from safeguard.forms_errors import check_action as _check_action
from safeguard.forms_errors import posted_action as _action
from safeguard.forms_errors import save_through_service

from . import services
from .forms import InterviewForm, MeetingForm, OfferForm, ReportForm, ReturnForm
from .models import MissingEpisode, RepeatMissingPolicy, RepeatMissingStrategyMeeting
from .selectors import episodes_for, interview_of, rhi_status


def _local_now():
    return timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="missing episodes")
    user = request.user
    now = timezone.now()
    can_record = user.has_perm("missing.record")
    action = _action(request)
    _check_action(action, {"meeting": can_record})
    form = MeetingForm(_bound(request, action, "meeting"), prefix="meeting", initial={"held_on": timezone.localdate()})
    if action == "meeting" and save_through_service(
        request,
        form,
        lambda d: services.repeat_missing_meeting_record(
            child=person, held_on=d["held_on"], outcome=d["outcome"], recorded_by=user
        ),
        "Strategy meeting recorded",
    ):
        return redirect("missing:child", person.pk)
    episodes = list(episodes_for(person))
    return render(
        request,
        "missing/child.html",
        {
            "person": person,
            "episodes": [(e, rhi_status(e, now) if e.end_at else "") for e in episodes],
            "is_missing": any(e.end_at is None for e in episodes),
            "meetings": list(RepeatMissingStrategyMeeting.objects.filter(child=person).order_by("-held_on", "-id")),
            "policy": RepeatMissingPolicy.current(),
            "meeting_form": form,
            "can_report": user.has_perm("missing.report"),
            "can_record": can_record,
        },
    )


def report(request, person_id: int):
    person = person_for_viewer(request, person_id, what="report a child missing")
    can = request.user.has_perm("missing.report") and person.is_child
    if request.method == "POST" and not can:
        raise PermissionDenied("Your role cannot report a child missing")
    form = ReportForm(request.POST or None, initial={"start_at": _local_now()})
    if request.method == "POST":
        episode = save_through_service(
            request,
            form,
            lambda d: services.missing_episode_report(
                child=person,
                missing_type=d["missing_type"],
                start_at=d["start_at"],
                missing_from=d["missing_from"],
                risk_level=d["risk_level"],
                reported_to_police=d["reported_to_police"],
                police_reference=d["police_reference"],
                notes=d["notes"],
                recorded_by=request.user,
            ),
            "Missing episode recorded",
        )
        if episode:
            return redirect("missing:episode", person.pk, episode.pk)
    return render(request, "missing/report.html", {"person": person, "form": form, "can_report": can})


def episode(request, person_id: int, missing_episode_id: int):
    person = person_for_viewer(request, person_id, what="missing episode")
    ep = get_object_or_404(MissingEpisode.objects.select_related("recorded_by"), pk=missing_episode_id, child=person)
    user = request.user
    interview = interview_of(ep)
    completed = bool(interview and interview.completed_at)
    can_record = user.has_perm("missing.record")
    allowed = {
        "return": user.has_perm("missing.report") and ep.end_at is None,
        "offer": can_record and ep.end_at is not None and not completed,
        "interview": can_record and ep.end_at is not None and not completed,
    }
    action = _action(request)
    _check_action(action, allowed)
    now = _local_now()
    version = {"version": ep.version}
    return_form = ReturnForm(_bound(request, action, "return"), prefix="return", initial={**version, "end_at": now})
    offer_form = OfferForm(_bound(request, action, "offer"), prefix="offer", initial={**version, "offered_at": now})
    interview_form = InterviewForm(
        _bound(request, action, "interview"), prefix="interview", initial={**version, "completed_at": now}
    )
    calls = {
        "return": (
            return_form,
            lambda d: services.missing_episode_return(
                episode_id=ep.pk,
                expected_version=d["version"],
                end_at=d["end_at"],
                where_found=d["where_found"],
                returned_by=user,
            ),
            "Return recorded",
        ),
        "offer": (
            offer_form,
            lambda d: services.return_interview_offer(
                episode_id=ep.pk,
                expected_version=d["version"],
                offered_at=d["offered_at"],
                response=d["response"],
                offered_by=user,
            ),
            "Offer of a return-home interview recorded",
        ),
        "interview": (
            interview_form,
            lambda d: services.return_interview_record(
                episode_id=ep.pk,
                expected_version=d["version"],
                completed_at=d["completed_at"],
                interviewer=d["interviewer"],
                interviewer_organisation=d["interviewer_organisation"],
                key_findings=d["key_findings"],
                exploitation_concerns=d["exploitation_concerns"],
                recorded_by=user,
            ),
            "Return-home interview recorded",
        ),
    }
    if action in calls and save_through_service(request, *calls[action]):
        return redirect("missing:episode", person.pk, ep.pk)
    forms = [return_form, offer_form, interview_form]
    return render(
        request,
        "missing/episode.html",
        {
            "person": person,
            "episode": ep,
            "interview": interview,
            "rhi_status": rhi_status(ep, timezone.now()) if ep.end_at else "",
            "rhi_due_at": services.rhi_due_moment(ep.end_at) if ep.end_at else None,
            "return_form": return_form,
            "offer_form": offer_form,
            "interview_form": interview_form,
            "has_errors": any(f.errors for f in forms),
            "allowed": allowed,
        },
    )
