"""Drive the services through the journey, for tests that need a record at a given step."""

import datetime as dt

from safeguard.protection import services
from safeguard.protection.models import StrategyDiscussion


def decided_discussion(episode, held_on: dt.date, user, decision=StrategyDiscussion.Decision.SECTION_47):
    sd = services.strategy_discussion_record(
        episode=episode, held_on=held_on, agencies=["social_care", "police"], summary="", recorded_by=user
    )
    return services.strategy_discussion_decide(
        discussion_id=sd.pk, expected_version=sd.version, decision=decision, decided_on=held_on, decided_by=user
    )


def started_s47(episode, held_on: dt.date, user, start_date: dt.date | None = None):
    sd = decided_discussion(episode, held_on, user)
    return services.section47_start(discussion_id=sd.pk, start_date=start_date or held_on, started_by=user)


def plan_from_icpc(episode, held_on: dt.date, icpc_date: dt.date, worker, chair, category="NEG", interval=None):
    s47 = started_s47(episode, held_on, worker)
    conference = services.icpc_record(
        section47_id=s47.pk,
        conference_date=icpc_date,
        outcome="plan",
        recorded_by=chair,
        initial_category=category,
        visit_interval_working_days=interval,
    )
    return conference.plan
