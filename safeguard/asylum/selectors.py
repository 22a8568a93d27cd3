"""Reads for unaccompanied asylum-seeking children."""

from __future__ import annotations

from safeguard.people.models import Person

from .models import AgeAssessment, ImmigrationStatus, UASCRecord


def uasc_record(person: Person) -> UASCRecord | None:
    return UASCRecord.objects.filter(child=person).first()


def current_immigration_status(person: Person) -> ImmigrationStatus | None:
    return ImmigrationStatus.objects.filter(child=person, end_date__isnull=True).first()


def immigration_statuses(person: Person):
    return ImmigrationStatus.objects.filter(child=person).order_by("-start_date", "-id")


def age_assessments(person: Person):
    return AgeAssessment.objects.filter(child=person).order_by("-assessed_on", "-id")


def latest_age_assessment(person: Person) -> AgeAssessment | None:
    return age_assessments(person).first()
