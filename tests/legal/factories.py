import datetime as dt

import factory

from safeguard.legal.models import DeprivationOfLibertyOrder, PreProceedings
from tests.factories import PersonFactory


class PreProceedingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreProceedings

    child = factory.SubFactory(PersonFactory)
    decision_date = dt.date(2026, 6, 1)


class DoLoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeprivationOfLibertyOrder

    child = factory.SubFactory(PersonFactory)
    start_date = dt.date(2026, 6, 1)
    authorisation = DeprivationOfLibertyOrder.Authorisation.INHERENT
