"""Missing and away episodes: report, return, the return-home interview (offer and record), strategy meetings.

Every write is keyword-only, atomic, validated before anything is saved and recorded in the chronology
(category MISSING). The return-home interview's due date is derived from rule `missing-rhi` (72 hours, on the
clock) when the return is recorded, and stored on the episode for the work queues.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.codelists import MissingType
from safeguard.concurrency import lock_current
from safeguard.people.models import Person
from safeguard.workdays.deadlines import apply_rule, get_rule

from .models import MissingEpisode, RepeatMissingStrategyMeeting, ReturnHomeInterview, RiskLevel

RHI_RULE = "missing-rhi"


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate(_now())


def _check(user, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _not_future(field: str, value: dt.datetime, what: str) -> None:
    if value > _now():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _event(child, *, kind: str, summary: str, actor, source, detail: str = "") -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=Category.MISSING,
        kind=kind,
        summary=summary,
        detail=detail,
        actor=actor,
        source=source,
    )


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%d %b %Y %H:%M}"


def rhi_due_moment(end_at: dt.datetime) -> dt.datetime:
    """When the return-home interview's hours run out (the rule's amount of hours after the return)."""
    return end_at + dt.timedelta(hours=get_rule(RHI_RULE).amount)


def rhi_due_date(end_at: dt.datetime) -> dt.date:
    """The (local) date the return-home interview is due by, from rule missing-rhi."""
    return apply_rule(get_rule(RHI_RULE), timezone.localtime(end_at))


def derived_missing_from(child: Person, day: dt.date) -> str:
    """Care placement if the child was looked after on `day`, otherwise home."""
    from safeguard.lac.selectors import is_looked_after

    if is_looked_after(child, day):
        return MissingEpisode.MissingFrom.CARE_PLACEMENT
    return MissingEpisode.MissingFrom.HOME


def _overlapping(child: Person, start_at: dt.datetime, end_at: dt.datetime | None, exclude_pk=None):
    """Episodes of the child running at any moment of [start_at, end_at] (an open episode runs until now)."""
    episodes = MissingEpisode.objects.filter(child=child).filter(Q(end_at__isnull=True) | Q(end_at__gt=start_at))
    if end_at is not None:
        episodes = episodes.filter(start_at__lt=end_at)
    return episodes.exclude(pk=exclude_pk) if exclude_pk else episodes


@transaction.atomic
def missing_episode_report(
    *,
    child: Person,
    missing_type: str,
    start_at: dt.datetime,
    risk_level: str,
    missing_from: str = "",
    reported_to_police: bool = False,
    police_reference: str = "",
    notes: str = "",
    recorded_by,
) -> MissingEpisode:
    _check(recorded_by, "missing.report", "Your role cannot report a child missing")
    child = Person.objects.select_for_update().get(pk=child.pk)
    if not child.is_child:
        raise ValidationError({"child": "Only a child can be reported missing"})
    if missing_type not in MissingType.values:
        raise ValidationError({"missing_type": "Choose missing or away"})
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": "Choose the risk level"})
    if missing_from and missing_from not in MissingEpisode.MissingFrom.values:
        raise ValidationError({"missing_from": "Choose where the child went missing from"})
    _not_future("start_at", start_at, "time the child went missing")
    if child.date_of_birth and timezone.localtime(start_at).date() < child.date_of_birth:
        raise ValidationError({"start_at": "The child cannot go missing before they were born"})
    if MissingEpisode.objects.filter(child=child, end_at__isnull=True).exists():
        raise ValidationError({"start_at": "The child is already recorded as missing: record their return first"})
    if _overlapping(child, start_at, None).exists():
        raise ValidationError({"start_at": "This overlaps an episode already recorded for the child"})
    reference = (police_reference or "").strip()
    episode = MissingEpisode.objects.create(
        child=child,
        missing_type=missing_type,
        missing_from=missing_from or derived_missing_from(child, timezone.localtime(start_at).date()),
        start_at=start_at,
        reported_to_police=reported_to_police,
        police_reference=reference if reported_to_police else "",
        risk_level=risk_level,
        notes=(notes or "").strip(),
        recorded_by=recorded_by,
    )
    _event(
        child,
        kind="missing.reported",
        summary=(
            f"{episode.get_missing_type_display()} from {episode.get_missing_from_display().lower()} "
            f"since {_when(start_at)}; risk {episode.get_risk_level_display().lower()}"
            + (f"; reported to police ({reference})" if reported_to_police and reference else "")
            + ("; reported to police" if reported_to_police and not reference else "")
        ),
        detail=episode.notes,
        actor=recorded_by,
        source=episode,
    )
    return episode


@transaction.atomic
def missing_episode_return(
    *, episode_id: int, expected_version: int, end_at: dt.datetime, where_found: str = "", returned_by
) -> MissingEpisode:
    _check(returned_by, "missing.report", "Your role cannot record a child's return")
    episode = lock_current(MissingEpisode, pk=episode_id, expected_version=expected_version)
    if episode.end_at is not None:
        raise ValidationError({"end_at": "The child's return has already been recorded"})
    if end_at <= episode.start_at:
        raise ValidationError(
            {"end_at": f"The return must be after the child went missing ({_when(episode.start_at)})"}
        )
    _not_future("end_at", end_at, "time the child returned")
    if _overlapping(episode.child, episode.start_at, end_at, exclude_pk=episode.pk).exists():
        raise ValidationError({"end_at": "The child has another episode recorded before this return"})
    episode.end_at = end_at
    episode.where_found = (where_found or "").strip()
    episode.rhi_due_date = rhi_due_date(end_at)
    episode.save()
    hours = int((end_at - episode.start_at).total_seconds() // 3600)
    _event(
        episode.child,
        kind="missing.returned",
        summary=(
            f"Returned {_when(end_at)} after {hours} hours"
            + (f", found at {episode.where_found}" if episode.where_found else "")
            + f"; return-home interview due by {_when(rhi_due_moment(end_at))}"
        ),
        actor=returned_by,
        source=episode,
    )
    return episode


def _returned_episode(episode_id: int, expected_version: int) -> MissingEpisode:
    episode = lock_current(MissingEpisode, pk=episode_id, expected_version=expected_version)
    if episode.end_at is None:
        raise ValidationError({"__all__": "Record the child's return before the return-home interview"})
    episode.save(update_fields=["version"])
    return episode


def _interview_for(episode: MissingEpisode) -> ReturnHomeInterview:
    return ReturnHomeInterview.objects.select_for_update().filter(episode=episode).first() or ReturnHomeInterview(
        episode=episode, child_id=episode.child_id
    )


@transaction.atomic
def return_interview_offer(
    *, episode_id: int, expected_version: int, offered_at: dt.datetime, response: str = "", offered_by
) -> ReturnHomeInterview:
    """Record that an interview was offered, and the child's answer if known (accepted or declined)."""
    _check(offered_by, "missing.record", "Your role cannot record return-home interviews")
    episode = _returned_episode(episode_id, expected_version)
    if response and response not in ReturnHomeInterview.Response.values:
        raise ValidationError({"response": "Choose accepted or declined"})
    if offered_at < episode.end_at:
        raise ValidationError({"offered_at": "The interview cannot be offered before the child returned"})
    _not_future("offered_at", offered_at, "time of the offer")
    interview = _interview_for(episode)
    if interview.completed_at:
        raise ValidationError({"offered_at": "The interview has already taken place"})
    interview.offered_at = offered_at
    interview.response = response
    interview.recorded_by = offered_by
    if interview.pk:
        interview.version += 1
    interview.save()
    answer = f": {interview.get_response_display().lower()}" if response else ""
    _event(
        episode.child,
        kind="missing.interview_offered",
        summary=f"Return-home interview offered {_when(offered_at)}{answer}",
        actor=offered_by,
        source=interview,
    )
    return interview


@transaction.atomic
def return_interview_record(
    *,
    episode_id: int,
    expected_version: int,
    completed_at: dt.datetime,
    interviewer: str,
    interviewer_organisation: str = "",
    key_findings: str,
    exploitation_concerns: bool = False,
    recorded_by,
) -> ReturnHomeInterview:
    _check(recorded_by, "missing.record", "Your role cannot record return-home interviews")
    episode = _returned_episode(episode_id, expected_version)
    if completed_at < episode.end_at:
        raise ValidationError({"completed_at": "The interview cannot be before the child returned"})
    _not_future("completed_at", completed_at, "time of the interview")
    interviewer = (interviewer or "").strip()
    if not interviewer:
        raise ValidationError({"interviewer": "Enter who carried out the interview (an independent person)"})
    key_findings = (key_findings or "").strip()
    if not key_findings:
        raise ValidationError({"key_findings": "Enter the key findings of the interview"})
    interview = _interview_for(episode)
    if interview.completed_at:
        raise ValidationError({"completed_at": "The interview has already been recorded"})
    if interview.offered_at and completed_at < interview.offered_at:
        raise ValidationError({"completed_at": "The interview cannot be before it was offered"})
    interview.offered_at = interview.offered_at or completed_at
    interview.response = ReturnHomeInterview.Response.ACCEPTED
    interview.completed_at = completed_at
    interview.interviewer = interviewer
    interview.interviewer_organisation = (interviewer_organisation or "").strip()
    interview.key_findings = key_findings
    interview.exploitation_concerns = exploitation_concerns
    interview.recorded_by = recorded_by
    if interview.pk:
        interview.version += 1
    interview.save()
    late = completed_at > rhi_due_moment(episode.end_at)
    hours = int((completed_at - episode.end_at).total_seconds() // 3600)
    _event(
        episode.child,
        kind="missing.interview_completed",
        summary=(
            f"Return-home interview by {interviewer} {hours} hours after the return"
            + (" (later than 72 hours)" if late else "")
            + ("; exploitation concerns flagged" if exploitation_concerns else "")
        ),
        detail=key_findings,
        actor=recorded_by,
        source=interview,
    )
    return interview


@transaction.atomic
def repeat_missing_meeting_record(
    *, child: Person, held_on: dt.date, outcome: str = "", recorded_by
) -> RepeatMissingStrategyMeeting:
    _check(recorded_by, "missing.record", "Your role cannot record strategy meetings")
    if held_on > _today():
        raise ValidationError({"held_on": "The meeting date cannot be in the future"})
    if not MissingEpisode.objects.filter(child=child, start_at__date__lte=held_on).exists():
        raise ValidationError({"held_on": "The child has no missing episode before this date"})
    meeting = RepeatMissingStrategyMeeting.objects.create(
        child=child, held_on=held_on, outcome=(outcome or "").strip(), recorded_by=recorded_by
    )
    _event(
        child,
        kind="missing.strategy_meeting",
        summary=f"Repeat missing strategy meeting held {held_on:%d %b %Y}",
        detail=meeting.outcome,
        actor=recorded_by,
        source=meeting,
    )
    return meeting
