"""Factories for disabled children's services (synthetic)."""

import datetime as dt

import factory

from safeguard.disabledchildren.models import DisabledChildrenService
from safeguard.workdays.deadlines import due_date
from tests.factories import PersonFactory


class DisabledChildrenServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisabledChildrenService

    child = factory.SubFactory(PersonFactory)
    kind = DisabledChildrenService.Kind.SHORT_BREAKS
    referral_date = dt.date(2026, 6, 1)
    first_service_due = factory.LazyAttribute(lambda s: due_date("disabled-first-service", s.referral_date))
