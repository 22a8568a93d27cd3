"""Factories for adoption records (synthetic names only)."""

import datetime as dt

import factory

from safeguard.adoption.models import Adopter, AdoptionJourney
from safeguard.codelists import AdopterLegalStatus, AdopterSexes
from tests.lac.factories import CarePeriodFactory


class AdopterFactory(factory.django.DjangoModelFactory):
    """An approved couple, still in the process."""

    class Meta:
        model = Adopter

    name = factory.Sequence(lambda n: f"Sam and Alex Testfamily{n}")
    number_of_adopters = 2
    sexes = AdopterSexes.MALE_FEMALE
    legal_status = AdopterLegalStatus.MARRIED_OPPOSITE_SEX
    enquiry_date = dt.date(2025, 1, 6)
    stage1_started_on = dt.date(2025, 2, 3)
    stage1_ended_on = dt.date(2025, 4, 1)
    stage2_started_on = dt.date(2025, 4, 14)
    application_on = dt.date(2025, 4, 14)
    stage2_ended_on = dt.date(2025, 8, 1)
    approved_on = dt.date(2025, 8, 20)


class EnquiryAdopterFactory(AdopterFactory):
    stage1_started_on = None
    stage1_ended_on = None
    stage2_started_on = None
    application_on = None
    stage2_ended_on = None
    approved_on = None


class JourneyFactory(factory.django.DjangoModelFactory):
    """A journey at the decision stage; pass dates to put it further along (deadlines are not derived here)."""

    class Meta:
        model = AdoptionJourney

    period = factory.SubFactory(CarePeriodFactory, start_date=dt.date(2025, 1, 10))
    child = factory.LazyAttribute(lambda j: j.period.child)
    decision_date = factory.LazyAttribute(lambda j: j.period.start_date + dt.timedelta(days=120))
