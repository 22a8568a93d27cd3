"""Records hanging off the need-to-know sweep's child, for the asylum URLs."""

from .factories import ImmigrationStatusFactory, UASCRecordFactory


def sweep_kwargs(case) -> dict:
    child = case["child"]
    UASCRecordFactory(child=child)
    status = ImmigrationStatusFactory(child=child)
    return {"immigration_status_id": status.pk}
