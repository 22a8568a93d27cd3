"""Children in need episodes: opened by a referral, closed with a DfE reason."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.chronology.services import event_record
from safeguard.codelists import ReasonForClosure
from safeguard.concurrency import lock_current
from safeguard.people.models import Person
from safeguard.workdays.deadlines import due_date

from .models import CINEpisode


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
