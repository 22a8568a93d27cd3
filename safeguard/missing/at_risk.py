"""The missing lists on the at-risk queue: children missing now, returns with no interview within 72 hours,
and repeat missing (3 or more episodes in 30 days, by the authority's policy) with no strategy meeting."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse_lazy
from django.utils import timezone

from safeguard.queues.at_risk import AtRiskRow, AtRiskSource, late_working_days, register

from . import selectors
from .models import MissingEpisode, RepeatMissingPolicy


def moment_of(today: dt.date) -> dt.datetime:
    """The clock time the queue is computed at: now on the real today, the end of the day for another day."""
    now = timezone.now()
    if timezone.localdate(now) == today:
        return now
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def _episode_url(episode: MissingEpisode) -> str:
    return reverse_lazy("missing:episode", args=[episode.child_id, episode.pk])


def _open_episodes(today: dt.date):
    return MissingEpisode.objects.filter(end_at__isnull=True).values_list("child_id", flat=True)


def children_missing_now(children, today: dt.date) -> list[AtRiskRow]:
    rows = []
    for episode in selectors.missing_now(children):
        since = _local(episode.start_at)
        police = f"; police ref {episode.police_reference}" if episode.police_reference else ""
        rows.append(
            AtRiskRow(
                child=episode.child,
                late_date=since.date(),
                working_days_late=late_working_days(since.date(), today),
                detail=(
                    f"{episode.get_missing_type_display()} since {since:%-d %b %Y %H:%M}, "
                    f"risk {episode.get_risk_level_display().lower()}{police}"
                ),
                url=_episode_url(episode),
            )
        )
    return rows


def _without_interview_candidates(today: dt.date):
    return selectors.without_interview_candidates(moment_of(today))


def without_interview(children, today: dt.date) -> list[AtRiskRow]:
    now = moment_of(today)
    hours = selectors.rhi_hours()
    rows = []
    for episode in selectors.without_interview_in_time(children, now):
        due = _local(episode.end_at + dt.timedelta(hours=hours))
        rows.append(
            AtRiskRow(
                child=episode.child,
                late_date=due.date(),
                working_days_late=late_working_days(due.date(), today),
                detail=f"Returned {_local(episode.end_at):%-d %b %Y %H:%M}; interview was due by {due:%H:%M}",
                url=_episode_url(episode),
            )
        )
    return rows


def _repeat_candidates(today: dt.date):
    return selectors.repeat_candidates(moment_of(today), RepeatMissingPolicy.current())


def repeat_without_meeting(children, today: dt.date) -> list[AtRiskRow]:
    policy = RepeatMissingPolicy.current()
    rows, seen = [], set()
    for episode in selectors.repeat_triggers(children, moment_of(today), policy):
        if episode.child_id in seen:
            continue  # the child's latest trigger only
        seen.add(episode.child_id)
        started = _local(episode.start_at).date()
        rows.append(
            AtRiskRow(
                child=episode.child,
                late_date=started,
                working_days_late=late_working_days(started, today),
                detail=f"{episode.in_window} episodes in the {policy.window_days} days to {started:%-d %b %Y}",
                url=reverse_lazy("missing:child", args=[episode.child_id]),
            )
        )
    return rows


register(
    AtRiskSource(
        key="missing-now",
        title="Children missing now",
        date_label="Missing since",
        order=60,
        candidates=_open_episodes,
        rows=children_missing_now,
    )
)
register(
    AtRiskSource(
        key="missing-no-interview",
        title="Missing episodes without a return interview within 72 hours",
        date_label="Interview due",
        order=61,
        candidates=_without_interview_candidates,
        rows=without_interview,
    )
)
register(
    AtRiskSource(
        key="repeat-missing",
        title="Repeat missing: 3 or more episodes in 30 days without a strategy meeting",
        date_label="Latest episode",
        order=62,
        candidates=_repeat_candidates,
        rows=repeat_without_meeting,
    )
)
