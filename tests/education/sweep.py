"""Records hanging off the need-to-know sweep's child, for the education URLs."""

from .factories import CMEFactory


def sweep_kwargs(case) -> dict:
    return {"cme_id": CMEFactory(child=case["child"]).pk}
