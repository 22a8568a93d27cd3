"""Reads for casework: queues and the child's current episode. Callers pass already visibility-filtered children."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Assessment, CINEpisode, CINPlan


def assessments_awaiting_authorisation(children: QuerySet) -> QuerySet[Assessment]:
    """Submitted assessments for these children, oldest submission first."""
    return (
        Assessment.objects.filter(child__in=children, status=Assessment.Status.SUBMITTED)
        .select_related("child", "episode", "submitted_by")
        .order_by("submitted_at", "id")
    )


def current_episode(child) -> CINEpisode | None:
    """The child's open episode, else their latest one."""
    episodes = CINEpisode.objects.filter(child=child).select_related("team")
    return episodes.filter(close_date__isnull=True).first() or episodes.order_by("-referral_date", "-id").first()


def latest_assessment(episode: CINEpisode) -> Assessment | None:
    return episode.assessments.order_by("-start_date", "-id").first()


def open_cin_plan(episode: CINEpisode) -> CINPlan | None:
    return episode.cin_plans.filter(end_date__isnull=True).first()
