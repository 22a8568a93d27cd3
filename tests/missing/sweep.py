"""A missing episode of the need-to-know sweep's child, for the episode page."""

from .factories import MissingEpisodeFactory


def sweep_kwargs(case) -> dict:
    return {"missing_episode_id": MissingEpisodeFactory(child=case["child"]).pk}
