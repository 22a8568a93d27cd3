"""Children in need episodes and the front door's decisions, with their chronology events.

Episodes go to the assessment team for the family's locality; an episode still open after its assessment
moves to a long-term team (safeguarding, children in care, disabled children), and `CINEpisode.team` holds
the team responsible now (or at closure). The decision keeps the team the referral went to.
"""

from __future__ import annotations

import datetime as dt
import random

from safeguard.casework.models import CINEpisode
from safeguard.codelists import ReasonForClosure
from safeguard.frontdoor.models import ContactDecision
from safeguard.workforce.models import Service

from .. import texts
from ..context import GenerationContext
from ..records import ContactRecord, EpisodeRecord, FamilyRecord
from ..writer import EventLog, Table
from .workforce import team_locality

_CLOSURE_LABELS = dict(ReasonForClosure.choices)
_OUTCOME_LABELS = dict(ContactDecision.Outcome.choices)


def write_episodes(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("episodes")
    teams = _TeamFinder(ctx)
    for episode in ctx.plan.episodes:
        family = episode.child.family
        episode.referral_team = teams.find(Service.ASSESSMENT, family)
        episode.team = teams.find(episode.long_term_service, family) if episode.transfer_date else episode.referral_team
    episodes = ctx.plan.episodes
    pks = Table(CINEpisode, _EPISODE_COLUMNS).insert_returning_keys(_episode(ctx, e) for e in episodes)
    for episode, pk in zip(episodes, pks, strict=True):
        episode.pk = pk
    decided = [c for c in ctx.plan.contacts if c.notification.decided_at is not None]
    pks = Table(ContactDecision, _DECISION_COLUMNS).insert_returning_keys(_decision(ctx, c) for c in decided)
    for contact, pk in zip(decided, pks, strict=True):
        contact.decision_pk = pk
    counts = {"cin episodes": len(episodes), "decisions": len(decided)}
    events = EventLog(ctx.import_user)
    for contact in decided:
        _decision_events(ctx, events, contact, rng)
    counts["events"] = events.flush()
    counts["open cin episodes"] = sum(e.close_date is None for e in ctx.plan.episodes)
    counts["undecided contacts"] = len(ctx.plan.contacts) - len(decided)
    return counts


class _TeamFinder:
    """The team of a service covering a family's locality (several teams per locality share families)."""

    def __init__(self, ctx: GenerationContext) -> None:
        self.by_locality: dict[tuple[str, int], list] = {}
        for service, teams in ctx.teams.items():
            for index, team in enumerate(teams):
                self.by_locality.setdefault((service, team_locality(index)), []).append(team)
        self.teams = ctx.teams

    def find(self, service: str, family: FamilyRecord):
        local = self.by_locality.get((service, family.locality))
        if not local:
            teams = self.teams[service]
            return teams[family.locality % len(teams)]
        return local[family.index % len(local)]


_EPISODE_COLUMNS = ["child_id", "referral_date", "referral_source", "referral_nfa", "is_re_referral",
                    "previous_referral_date", "team_id", "assessment_due_date", "close_date", "close_reason",
                    "opened_by_id", "primary_need"]  # fmt: skip


def _episode(ctx: GenerationContext, e: EpisodeRecord) -> tuple:
    return (e.child.pk, e.referral_date, e.source, e.referral_nfa, e.is_re_referral, e.previous_referral_date,
            e.team.pk, e.assessment_due_date, e.close_date, e.close_reason, ctx.import_user.pk,
            e.primary_need)  # fmt: skip


_DECISION_COLUMNS = ["contact_id", "outcome", "reason", "decided_by_id", "decided_at", "team_id", "cin_episode_id"]


def _decision(ctx: GenerationContext, contact: ContactRecord) -> tuple:
    notification = contact.notification
    episode = contact.opened
    team_pk = episode.referral_team.pk if episode else None
    return (contact.pk, contact.outcome, _decision_reason(contact), ctx.import_user.pk, notification.decided_at,
            team_pk, episode.pk if episode else None)  # fmt: skip


def _decision_reason(contact: ContactRecord) -> str:
    """The front door's reason; for a child already open, where the information went."""
    if contact.passed_to is not None:
        return texts.ALREADY_OPEN_REASON.format(team=_team_on(contact.passed_to, contact.notification.day))
    return contact.notification.decision_reason


def _team_on(episode: EpisodeRecord, day: dt.date):
    return episode.team if episode.transfer_date and day >= episode.transfer_date else episode.referral_team


def _decision_events(ctx: GenerationContext, events: EventLog, contact: ContactRecord, rng: random.Random) -> None:
    notification = contact.notification
    decided_at = notification.decided_at
    late = decided_at.astimezone(ctx.tz).date() > notification.decision_due_date
    events.add(
        child_pk=contact.child.pk,
        at=decided_at,
        category="front_door",
        kind="contact.decided",
        summary=f"Contact decision: {_OUTCOME_LABELS[contact.outcome]}"
        + (" (after the 1 working day deadline)" if late else ""),
        detail=_decision_reason(contact),
        source="frontdoor.contactdecision",
        source_pk=contact.decision_pk,
    )
    episode = contact.opened
    if episode is None:
        return
    summary = f"Referral accepted for {episode.referral_team}: assessment due {episode.assessment_due_date:%d %b %Y}"
    if episode.previous_referral_date:
        summary += f" (re-referral: previous referral {episode.previous_referral_date:%d %b %Y})"
    opened_at = decided_at + dt.timedelta(seconds=1)
    events.add(child_pk=contact.child.pk, at=opened_at, category="referral", kind="referral.opened",
               summary=summary, source="casework.cinepisode", source_pk=episode.pk)  # fmt: skip
    if episode.close_date is not None:
        events.add(
            child_pk=contact.child.pk,
            at=closed_at(ctx, episode, opened_at, rng),
            category="referral",
            kind="episode.closed",
            summary=f"Episode closed: {_CLOSURE_LABELS[episode.close_reason]}",
            source="casework.cinepisode",
            source_pk=episode.pk,
        )


def closed_at(ctx: GenerationContext, episode: EpisodeRecord, opened_at: dt.datetime, rng) -> dt.datetime:
    """Closures are recorded in the afternoon of the closure date, never before the episode opened."""
    moment = ctx.at(episode.close_date, 15, rng.randint(0, 59))
    return max(moment, opened_at + dt.timedelta(minutes=30))
