"""Factories for child protection records (synthetic)."""

import datetime as dt

import factory
from django.utils import timezone

from safeguard.codelists import CategoryOfAbuse
from safeguard.protection.models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ProtectionVisit,
    ProtectiveOrder,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.workdays.deadlines import apply_rule, due_date, get_rule
from tests.factories import EpisodeFactory


def _days_ago(n):
    return factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=n))


class StrategyDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyDiscussion

    episode = factory.SubFactory(EpisodeFactory)
    child = factory.LazyAttribute(lambda s: s.episode.child)
    held_on = factory.LazyAttribute(lambda s: s.episode.referral_date)
    agencies_present = "social_care,police"
    summary = "Synthetic strategy discussion."


class DecidedStrategyDiscussionFactory(StrategyDiscussionFactory):
    decision = StrategyDiscussion.Decision.SECTION_47
    decided_on = factory.LazyAttribute(lambda s: s.held_on)


class Section47Factory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section47Enquiry

    strategy_discussion = factory.SubFactory(DecidedStrategyDiscussionFactory)
    episode = factory.LazyAttribute(lambda s: s.strategy_discussion.episode)
    child = factory.LazyAttribute(lambda s: s.strategy_discussion.child)
    start_date = factory.LazyAttribute(lambda s: s.strategy_discussion.held_on)
    icpc_target_date = factory.LazyAttribute(lambda s: due_date("icpc", s.strategy_discussion.held_on))


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitialChildProtectionConference

    section47 = factory.SubFactory(Section47Factory, outcome=Section47Enquiry.Outcome.ICPC)
    child = factory.LazyAttribute(lambda c: c.section47.child)
    conference_date = factory.LazyAttribute(lambda c: c.section47.start_date)
    outcome = InitialChildProtectionConference.Outcome.PLAN


class PlanFactory(factory.django.DjangoModelFactory):
    """An open plan, as icpc_record would start it (deadlines derived from the start date)."""

    class Meta:
        model = ChildProtectionPlan

    conference = factory.SubFactory(ConferenceFactory)
    episode = factory.LazyAttribute(lambda p: p.conference.section47.episode)
    child = factory.LazyAttribute(lambda p: p.conference.child)
    start_date = factory.LazyAttribute(lambda p: p.conference.conference_date)
    initial_category = CategoryOfAbuse.NEGLECT
    latest_category = factory.LazyAttribute(lambda p: p.initial_category)
    visit_interval_working_days = 10
    first_core_group_due = factory.LazyAttribute(lambda p: due_date("first-core-group", p.start_date))
    next_review_due = factory.LazyAttribute(lambda p: due_date("cp-first-review", p.start_date))
    next_visit_due = factory.LazyAttribute(
        lambda p: apply_rule(get_rule("cp-visit"), p.start_date, amount=p.visit_interval_working_days)
    )


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtectionVisit

    plan = factory.SubFactory(PlanFactory)
    visit_date = factory.LazyAttribute(lambda v: v.plan.start_date)
    child_seen = True


class ProtectiveOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtectiveOrder

    child = factory.SubFactory("tests.factories.PersonFactory")
    kind = ProtectiveOrder.Kind.EPO
    start_date = _days_ago(5)
