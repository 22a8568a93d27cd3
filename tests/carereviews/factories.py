"""Factories for looked-after reviews and visits (synthetic). They bypass the services: call
`services.schedule_refresh(period)` after building records when a test needs the derived schedule."""

import factory

from safeguard.carereviews.models import IROContact, LookedAfterReview, StatutoryVisit
from safeguard.workforce.models import Allocation, Service, Worker
from tests.factories import TeamFactory, WorkerFactory
from tests.lac.factories import CarePeriodFactory


class QualityAssuranceTeamFactory(TeamFactory):
    name = factory.Sequence(lambda n: f"Safeguarding quality assurance {n}")
    service = Service.QUALITY_ASSURANCE


class IROFactory(WorkerFactory):
    role = Worker.Role.IRO
    team = factory.SubFactory(QualityAssuranceTeamFactory)


class IROAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory("tests.factories.PersonFactory")
    worker = factory.SubFactory(IROFactory)
    team = factory.LazyAttribute(lambda a: a.worker.team)
    kind = Allocation.Kind.IRO
    start_date = factory.LazyAttribute(lambda a: a.child.care_periods.order_by("start_date").first().start_date)


class LookedAfterReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LookedAfterReview

    period = factory.SubFactory(CarePeriodFactory)
    child = factory.LazyAttribute(lambda r: r.period.child)
    review_date = factory.LazyAttribute(lambda r: r.period.start_date)
    participation = "PN1"
    iro = factory.SubFactory(IROFactory)


class StatutoryVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatutoryVisit

    period = factory.SubFactory(CarePeriodFactory)
    child = factory.LazyAttribute(lambda v: v.period.child)
    visit_date = factory.LazyAttribute(lambda v: v.period.start_date)
    child_seen = True


class IROContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IROContact

    period = factory.SubFactory(CarePeriodFactory)
    child = factory.LazyAttribute(lambda c: c.period.child)
    iro = factory.SubFactory(IROFactory)
    contact_date = factory.LazyAttribute(lambda c: c.period.start_date)
    kind = IROContact.Kind.PHONE
