"""Care leavers for tests (synthetic). A care leaver is made from a care history and refreshed by the service,
so the derived fields are the service's own, never typed in here."""

import datetime as dt

from django.utils import timezone

from safeguard.careleavers import services
from safeguard.careleavers.models import CareLeaver
from safeguard.workforce.models import Allocation, Service, Worker
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, WorkerFactory
from tests.lac.factories import CarePeriodFactory


def care_period(child, start: dt.date, end: dt.date | None = None, end_reason: str = "", legal_status: str = "C2"):
    return CarePeriodFactory(
        child=child,
        start_date=start,
        end_date=end,
        end_reason=end_reason,
        legal_status=legal_status,
        with_placement=False,
    )


def leaving_care_team():
    return TeamFactory(name="Leaving Care Team", service=Service.LEAVING_CARE)


def adviser(team=None) -> Worker:
    return WorkerFactory(team=team or leaving_care_team(), role=Worker.Role.PERSONAL_ADVISER)


def care_leaver(
    *,
    date_of_birth: dt.date,
    start: dt.date,
    end: dt.date | None = None,
    end_reason: str = "E5",
    team=None,
    as_of: dt.date | None = None,
) -> CareLeaver:
    """A young person with one period of care, refreshed into a care leaver, with a personal adviser in `team`."""
    child = PersonFactory(date_of_birth=date_of_birth)
    care_period(child, start, end, end_reason if end else "")
    if team is not None:
        AllocationFactory(child=child, worker=adviser(team), kind=Allocation.Kind.PERSONAL_ADVISER, start_date=start)
    return services.care_leaver_refresh(child=child, as_of=as_of or timezone.localdate())
