"""Records hanging off the need-to-know sweep's child, for the health URLs."""

import datetime as dt

from .factories import SubstanceMisuseFactory


def sweep_kwargs(case) -> dict:
    misuse = SubstanceMisuseFactory(child=case["child"], identified_date=dt.date(2026, 1, 5))
    return {"misuse_id": misuse.pk}
