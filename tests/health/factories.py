"""Factories for the health of children looked after (synthetic)."""

import factory

from safeguard.health.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQScore,
    SubstanceMisuse,
)
from tests.factories import PersonFactory


class HealthAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthAssessment

    child = factory.SubFactory(PersonFactory)
    kind = HealthAssessment.Kind.INITIAL
    assessed_by = "Dr Synthetic, community paediatrician"


class DentalCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DentalCheck

    child = factory.SubFactory(PersonFactory)


class ImmunisationStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImmunisationStatus

    child = factory.SubFactory(PersonFactory)
    up_to_date = True


class SDQScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SDQScore

    child = factory.SubFactory(PersonFactory)
    score = 14


class SubstanceMisuseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubstanceMisuse

    child = factory.SubFactory(PersonFactory)
    substance = "Cannabis"


class ConvictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conviction

    child = factory.SubFactory(PersonFactory)
    offence = "Synthetic offence"
