"""Factories for case notes, manager decisions and supervision (synthetic)."""

import datetime as dt

import factory
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.oversight.models import CaseNote, ManagerDecision, SupervisionRecord
from tests.factories import PersonFactory, UserFactory, WorkerFactory


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    child = factory.SubFactory(PersonFactory)
    kind = CaseNote.Kind.VISIT
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    text = factory.Sequence(lambda n: f"Synthetic note {n}")
    author = factory.SubFactory(UserFactory)


class ManagerDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagerDecision

    child = factory.SubFactory(PersonFactory)
    kind = ManagerDecision.Kind.OVERSIGHT
    decision = ManagerDecision.Decision.DIRECTION
    comment = factory.Sequence(lambda n: f"Synthetic direction {n}")
    decided_by = factory.SubFactory(UserFactory, role=Role.TEAM_MANAGER)
    decided_at = factory.LazyFunction(timezone.now)


class SupervisionRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionRecord

    worker = factory.SubFactory(WorkerFactory)
    supervisor = factory.SubFactory(UserFactory, role=Role.TEAM_MANAGER)
    held_on = factory.LazyFunction(timezone.localdate)
    notes = "Synthetic supervision notes"
