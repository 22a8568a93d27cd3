"""Records hanging off the need-to-know sweep's child, for the casework URLs."""

from .factories import CINPlanFactory, SubmittedAssessmentFactory


def sweep_kwargs(case) -> dict:
    episode = case["episode"]
    # Submitted, so the inside manager's page also renders the authorisation form.
    assessment = SubmittedAssessmentFactory(episode=episode)
    plan = CINPlanFactory(episode=episode)
    return {"episode_id": episode.pk, "assessment_id": assessment.pk, "plan_id": plan.pk}
