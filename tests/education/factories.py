"""Factories for education records (synthetic)."""

import datetime as dt

import factory

from safeguard.education.models import ChildMissingEducation, PersonalEducationPlan, SchoolTerm, VirtualSchoolNote
from tests.factories import PersonFactory


class PEPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalEducationPlan

    child = factory.SubFactory(PersonFactory)
    kind = PersonalEducationPlan.Kind.INITIAL
    school = "Synthetic Primary School"


class VirtualSchoolNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VirtualSchoolNote

    child = factory.SubFactory(PersonFactory)
    note = "Synthetic note."


class CMEFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildMissingEducation

    child = factory.SubFactory(PersonFactory)
    reported_date = dt.date(2026, 10, 5)
    reason = ChildMissingEducation.Reason.ABSENCE
    school = "Synthetic Academy"


class SchoolTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolTerm

    name = factory.Sequence(lambda n: f"Term {n}")
