"""Records hanging off the need-to-know sweep's child, for the child protection URLs."""

from .factories import ConferenceFactory, PlanFactory, Section47Factory, StrategyDiscussionFactory


def sweep_kwargs(case) -> dict:
    episode = case["episode"]
    # An undecided discussion (the manager's page renders the decision form) and an enquiry awaiting its ICPC.
    discussion = StrategyDiscussionFactory(episode=episode)
    section47 = Section47Factory(strategy_discussion__episode=episode)
    plan = PlanFactory(conference=ConferenceFactory(section47__strategy_discussion__episode=episode))
    return {"discussion_id": discussion.pk, "section47_id": section47.pk, "cp_plan_id": plan.pk}
