"""Records hanging off the need-to-know sweep's child, for the adoption URLs."""

from tests.lac.factories import CarePeriodFactory

from .factories import JourneyFactory


def sweep_kwargs(case) -> dict:
    child = case["child"]
    period = child.care_periods.filter(end_date__isnull=True).first() or CarePeriodFactory(child=child)
    journey = JourneyFactory(period=period, placement_order_date=period.start_date)
    return {"journey_id": journey.pk}
