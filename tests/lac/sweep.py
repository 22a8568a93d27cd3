"""Records hanging off the need-to-know sweep's child, for the looked-after URLs."""

from safeguard.lac.models import CarePeriod

from .factories import CarePeriodFactory


def sweep_kwargs(case) -> dict:
    child = case["child"]
    # Other apps' sweeps may already have put the child in care; one open period at a time.
    period = CarePeriod.objects.filter(child=child, end_date__isnull=True).first()
    if period is None:
        period = CarePeriodFactory(child=child, cin_episode=case["episode"])
    return {"placement_id": period.placements.order_by("pk").first().pk}
