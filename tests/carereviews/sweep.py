"""Records for the need-to-know sweep's child: in care, with an IRO, a review, a visit and an IRO contact, so the
looked-after reviews page renders every section; the review is the one the correction page opens."""

from safeguard.carereviews.services import schedule_refresh
from safeguard.lac.models import CarePeriod
from safeguard.workforce.models import Allocation
from tests.lac.factories import CarePeriodFactory

from .factories import IROAllocationFactory, IROContactFactory, LookedAfterReviewFactory, StatutoryVisitFactory


def sweep_kwargs(case) -> dict:
    child = case["child"]
    period = CarePeriod.objects.filter(child=child, end_date__isnull=True).first()
    if period is None:
        period = CarePeriodFactory(child=child, cin_episode=case["episode"])
    if not Allocation.objects.filter(child=child, kind=Allocation.Kind.IRO, end_date__isnull=True).exists():
        allocation = IROAllocationFactory(child=child)
    else:
        allocation = Allocation.objects.get(child=child, kind=Allocation.Kind.IRO, end_date__isnull=True)
    review = LookedAfterReviewFactory(period=period, iro=allocation.worker)
    StatutoryVisitFactory(period=period)
    IROContactFactory(period=period, iro=allocation.worker)
    schedule_refresh(period)
    return {"lac_review_id": review.pk}
