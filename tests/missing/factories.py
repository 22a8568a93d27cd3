"""Factories for missing episodes and return-home interviews (synthetic)."""

import datetime as dt

import factory
from django.utils import timezone

from safeguard.missing.models import MissingEpisode, RepeatMissingStrategyMeeting, ReturnHomeInterview
from safeguard.missing.services import rhi_due_date


class MissingEpisodeFactory(factory.django.DjangoModelFactory):
    """A returned episode: missing two days ago for six hours (pass end_at=None for an open one)."""

    class Meta:
        model = MissingEpisode

    child = factory.SubFactory("tests.factories.PersonFactory")
    missing_type = "M"
    missing_from = MissingEpisode.MissingFrom.HOME
    start_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    end_at = factory.LazyAttribute(lambda e: e.start_at + dt.timedelta(hours=6))
    risk_level = "medium"
    rhi_due_date = factory.LazyAttribute(lambda e: rhi_due_date(e.end_at) if e.end_at else None)


class ReturnHomeInterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnHomeInterview

    episode = factory.SubFactory(MissingEpisodeFactory)
    child = factory.LazyAttribute(lambda i: i.episode.child)
    offered_at = factory.LazyAttribute(lambda i: i.episode.end_at + dt.timedelta(hours=2))
    response = "accepted"
    completed_at = factory.LazyAttribute(lambda i: i.episode.end_at + dt.timedelta(hours=24))
    interviewer = "Independent interviewer"
    key_findings = "Synthetic findings."


class StrategyMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepeatMissingStrategyMeeting

    child = factory.SubFactory("tests.factories.PersonFactory")
    held_on = factory.LazyFunction(timezone.localdate)
