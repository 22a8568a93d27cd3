"""Records hanging off the need-to-know sweep's child, for the disabled children's URLs."""

from .factories import DisabledChildrenServiceFactory


def sweep_kwargs(case) -> dict:
    # A request still waiting, so the service page renders its decision, start and end forms.
    return {"dc_service_id": DisabledChildrenServiceFactory(child=case["child"]).pk}
