"""Factories for assessments and child in need plans (synthetic)."""

import factory
from django.utils import timezone

from safeguard.casework.models import Assessment, AssessmentChildSeen, AssessmentFactorIdentified, CINPlan
from safeguard.workdays.deadlines import apply_rule, due_date, get_rule
from tests.factories import EpisodeFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeFactory)
    child = factory.LazyAttribute(lambda a: a.episode.child)
    start_date = factory.LazyAttribute(lambda a: a.episode.referral_date)


class ReadyAssessmentFactory(AssessmentFactory):
    """An in-progress assessment with everything needed to submit it."""

    analysis = "Synthetic analysis of needs and risks."
    outcome = Assessment.Outcome.CIN_PLAN

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        if create:
            AssessmentChildSeen.objects.create(assessment=self, seen_on=self.start_date, seen_alone=True)
            AssessmentFactorIdentified.objects.create(assessment=self, code="3A")


class SubmittedAssessmentFactory(ReadyAssessmentFactory):
    status = Assessment.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class CINPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CINPlan

    episode = factory.SubFactory(EpisodeFactory)
    child = factory.LazyAttribute(lambda p: p.episode.child)
    start_date = factory.LazyAttribute(lambda p: p.episode.referral_date)
    visit_interval_working_days = 20
    next_visit_due = factory.LazyAttribute(
        lambda p: apply_rule(get_rule("cin-visit"), p.start_date, amount=p.visit_interval_working_days)
    )
    next_review_due = factory.LazyAttribute(lambda p: due_date("cin-review", p.start_date))
