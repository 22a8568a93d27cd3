"""Reads for missing episodes: one child's record, and the at-risk lists (one query each, over children).

The at-risk lists are indexed on the episode's start and end; "now" is measured on the clock, because the
return-home interview is due 72 hours after the return (rule missing-rhi), not by a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate

from safeguard.people.models import Person
from safeguard.workdays.deadlines import get_rule

from .models import MissingEpisode, RepeatMissingPolicy, RepeatMissingStrategyMeeting, ReturnHomeInterview

RHI_RULE = "missing-rhi"
# Returns older than this no longer appear as missed interviews (queue and work items): after three months the
# interview has lost its purpose; the episode keeps its history and the return's statistics still count it.
INTERVIEW_LOOKBACK_DAYS = 90


def rhi_hours() -> int:
    return get_rule(RHI_RULE).amount


# --- One child ------------------------------------------------------------------------------------


def episodes_for(person: Person) -> QuerySet[MissingEpisode]:
    return MissingEpisode.objects.filter(child=person).select_related("return_interview").order_by("-start_at", "-id")


@dataclass(frozen=True)
class MissingSummary:
    current: MissingEpisode | None
    last_30_days: int
    last_12_months: int
    latest_returned: MissingEpisode | None


def missing_summary(person: Person, now: dt.datetime) -> MissingSummary | None:
    """The panel's figures in one query: the child's episodes of the last 12 months (and any still open)."""
    year_ago = now - dt.timedelta(days=365)
    episodes = list(
        MissingEpisode.objects.filter(child=person)
        .filter(Q(start_at__gte=year_ago) | Q(end_at__isnull=True))
        .select_related("return_interview")
        .order_by("-start_at", "-id")
    )
    if not episodes:
        return None
    month_ago = now - dt.timedelta(days=30)
    return MissingSummary(
        current=next((e for e in episodes if e.end_at is None), None),
        last_30_days=sum(1 for e in episodes if e.start_at >= month_ago),
        last_12_months=sum(1 for e in episodes if e.start_at >= year_ago),
        latest_returned=next((e for e in episodes if e.end_at is not None), None),
    )


def interview_of(episode: MissingEpisode) -> ReturnHomeInterview | None:
    try:
        return episode.return_interview
    except ReturnHomeInterview.DoesNotExist:
        return None


def rhi_status(episode: MissingEpisode, now: dt.datetime) -> str:
    """Plain words for the return-home interview of a returned episode."""
    interview = interview_of(episode)
    due = episode.end_at + dt.timedelta(hours=rhi_hours())
    if interview and interview.completed_at:
        return "completed" if interview.completed_at <= due else "completed late"
    if interview and interview.response == ReturnHomeInterview.Response.DECLINED:
        return "declined"
    return "overdue" if now > due else "due"


def interviews_outstanding(children: QuerySet[Person], today: dt.date) -> QuerySet[MissingEpisode]:
    """Returned episodes still waiting for their interview (not completed, not declined), for the work items."""
    answered = Q(return_interview__completed_at__isnull=False) | Q(
        return_interview__response=ReturnHomeInterview.Response.DECLINED
    )
    return MissingEpisode.objects.filter(
        child__in=children,
        rhi_due_date__isnull=False,
        rhi_due_date__gte=today - dt.timedelta(days=INTERVIEW_LOOKBACK_DAYS),
    ).exclude(answered)


# --- At-risk lists --------------------------------------------------------------------------------


def missing_now(children: QuerySet[Person]) -> QuerySet[MissingEpisode]:
    """Open episodes: children missing or away now, longest first."""
    return (
        MissingEpisode.objects.filter(child__in=children, end_at__isnull=True)
        .select_related("child")
        .order_by("start_at", "id")
    )


def without_interview_in_time(children: QuerySet[Person], now: dt.datetime) -> QuerySet[MissingEpisode]:
    """Returned episodes whose 72 hours have run out with no completed interview (declined ones are excluded:
    the offer was made and refused, which is recorded; the guidance asks for the offer)."""
    cutoff = now - dt.timedelta(hours=rhi_hours())
    answered = ReturnHomeInterview.objects.filter(episode=OuterRef("pk")).filter(
        Q(completed_at__isnull=False) | Q(response=ReturnHomeInterview.Response.DECLINED)
    )
    since = now - dt.timedelta(days=INTERVIEW_LOOKBACK_DAYS)
    return (
        MissingEpisode.objects.filter(child__in=children, end_at__lt=cutoff, end_at__gte=since)
        .exclude(Exists(answered))
        .select_related("child")
        .order_by("end_at", "id")
    )


def without_interview_candidates(now: dt.datetime):
    cutoff = now - dt.timedelta(hours=rhi_hours())
    return (
        MissingEpisode.objects.filter(end_at__lt=cutoff, end_at__gte=now - dt.timedelta(days=INTERVIEW_LOOKBACK_DAYS))
        .filter(Q(return_interview__isnull=True) | Q(return_interview__completed_at__isnull=True))
        .values_list("child_id", flat=True)
    )


def repeat_triggers(children: QuerySet[Person], now: dt.datetime, policy: RepeatMissingPolicy) -> QuerySet:
    """Episodes that complete a repeat-missing trigger (the policy's N episodes starting within its window),
    starting within the look-back, with no strategy meeting held from the window's start onwards.

    Annotated with `in_window` (episodes in the window ending at this one). Latest trigger first per child.
    """
    window = dt.timedelta(days=policy.window_days)
    in_window = (
        MissingEpisode.objects.filter(
            child=OuterRef("child"), start_at__lte=OuterRef("start_at"), start_at__gt=OuterRef("start_at") - window
        )
        .order_by()
        .values("child")
        .annotate(n=Count("pk"))
        .values("n")
    )
    meeting = RepeatMissingStrategyMeeting.objects.filter(
        child=OuterRef("child"), held_on__gte=OuterRef("window_start_day")
    )
    return (
        MissingEpisode.objects.filter(child__in=children, start_at__gte=now - dt.timedelta(days=policy.lookback_days))
        .annotate(in_window=Subquery(in_window, output_field=IntegerField()))
        .filter(in_window__gte=policy.episodes)
        .annotate(window_start_day=_day_before(window))
        .exclude(Exists(meeting))
        .select_related("child")
        .order_by("child_id", "-start_at")
    )


def _day_before(window: dt.timedelta):
    """The local date `window` before the episode started: meetings from then on answer the trigger."""
    return TruncDate(ExpressionWrapper(F("start_at") - window, output_field=DateTimeField()))


def repeat_candidates(now: dt.datetime, policy: RepeatMissingPolicy):
    """Children with at least the policy's number of episodes in the look-back (cheap, on the start index)."""
    return (
        MissingEpisode.objects.filter(start_at__gte=now - dt.timedelta(days=policy.lookback_days))
        .values("child_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=policy.episodes)
        .values_list("child_id", flat=True)
    )
