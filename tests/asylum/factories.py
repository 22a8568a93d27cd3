"""Factories for unaccompanied asylum-seeking children's records (synthetic)."""

import datetime as dt

import factory

from safeguard.asylum.models import AgeAssessment, ImmigrationStatus, UASCRecord
from tests.factories import PersonFactory


class UASCRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UASCRecord

    child = factory.SubFactory(PersonFactory, date_of_birth=dt.date(2010, 4, 1))
    became_uasc_on = dt.date(2026, 3, 2)
    arrival_route = UASCRecord.ArrivalRoute.SPONTANEOUS


class AgeAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgeAssessment

    child = factory.SubFactory(PersonFactory)
    assessed_on = dt.date(2026, 4, 1)
    outcome = AgeAssessment.Outcome.ACCEPTED
    merton_compliant = True
    assessed_by = "Two synthetic social workers"


class ImmigrationStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImmigrationStatus

    child = factory.SubFactory(PersonFactory)
    status = ImmigrationStatus.Status.CLAIM_LODGED
    start_date = dt.date(2026, 3, 5)
    home_office_reference = factory.Sequence(lambda n: f"HO{n:06d}")
