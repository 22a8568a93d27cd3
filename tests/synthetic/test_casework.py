"""The synthetic authority's casework and child protection: calibrated, coherent, derived by the rules."""

import datetime as dt
import statistics
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from safeguard.casework.models import (
    Assessment,
    AssessmentFactorIdentified,
    CINEpisode,
    CINPlan,
    CINPlanReview,
    CINPlanVisit,
)
from safeguard.chronology.models import Event
from safeguard.oversight.models import CaseNote, ManagerDecision, SupervisionRecord
from safeguard.protection.models import (
    ChildProtectionPlan,
    CoreGroupMeeting,
    InitialChildProtectionConference,
    ProtectionVisit,
    ProtectiveOrder,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.synthetic.generator import generate_authority
from safeguard.workdays.calendar import working_days_between
from safeguard.workdays.deadlines import apply_rule, due_date, get_rule

AS_OF = dt.date(2026, 3, 31)
POPULATION, YEARS, SEED = 8_000, 2, 2026
SCALE = POPULATION / 280_000


@pytest.fixture(scope="module")
def _generated(django_db_setup, django_db_blocker):
    """One authority for the whole module (the tests only read it), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_authority(population=POPULATION, years=YEARS, seed=SEED, as_of=AS_OF)
        transaction.set_rollback(True)


@pytest.fixture
def authority(_generated, db):
    return _generated


def _within(value, low, high):
    assert low <= value <= high, f"{value:.3f} not within {low}–{high}"


def test_assessments_follow_the_national_timeliness(authority):
    authorised = list(
        Assessment.objects.filter(status="authorised").values_list("episode__referral_date", "authorised_date")
    )
    assert len(authorised) / YEARS == pytest.approx(15_000 * SCALE, rel=0.25)
    durations = [working_days_between(referral, done) for referral, done in authorised]
    _within(statistics.median(durations), 28, 38)
    _within(sum(d <= 45 for d in durations) / len(durations), 0.80, 0.92)
    _within(sum(d > 60 for d in durations) / len(durations), 0.01, 0.08)
    # Factors: domestic abuse and parental mental health each on about a quarter; 1–4 each.
    assessed = Assessment.objects.filter(status__in=["submitted", "authorised"])
    total = assessed.count()
    with_da = assessed.filter(factors__code__in=["3A", "3B"]).distinct().count()
    with_mh = assessed.filter(factors__code="4B").count()
    _within(with_da / total, 0.17, 0.35)
    _within(with_mh / total, 0.17, 0.33)
    per_assessment = assessed.annotate(n=Count("factors")).aggregate(Max("n"))["n__max"]
    assert per_assessment <= 4
    seen = assessed.filter(child_seen__isnull=False).distinct().count()
    _within(seen / total, 0.9, 0.99)
    alone = assessed.filter(child_seen__seen_alone=True).distinct().count()
    _within(alone / seen, 0.55, 0.85)
    # Work in flight at as-of: in progress, awaiting authorisation, and overdue.
    open_ = Assessment.objects.filter(episode__close_date__isnull=True)
    assert open_.filter(status="in_progress").exists()
    assert open_.filter(status="submitted").exists()
    assert open_.exclude(status="authorised").filter(episode__assessment_due_date__lt=AS_OF).exists()
    # One approval per authorised assessment, at the authorisation.
    approvals = ManagerDecision.objects.filter(kind="assessment", decision="approved")
    assert approvals.count() == len(authorised)
    assert ManagerDecision.objects.filter(kind="assessment", decision="returned").exists()
    assert not CINEpisode.objects.filter(assessments__status="authorised", primary_need="N0").exists()


def test_child_protection_follows_the_calibration(authority):
    s47s = Section47Enquiry.objects.count()
    assert s47s / YEARS == pytest.approx(5_300 * SCALE, rel=0.3)
    conferences = list(InitialChildProtectionConference.objects.select_related("section47"))
    _within(len(conferences) / s47s, 0.22, 0.42)
    icpc_days = [
        working_days_between(c.section47.icpc_target_date, c.conference_date) for c in conferences
    ]  # ≤ 0: on time
    _within(sum(d <= 0 for d in icpc_days) / len(icpc_days), 0.65, 0.92)
    plans = ChildProtectionPlan.objects.all()
    assert plans.count() / YEARS == pytest.approx(1_430 * SCALE, rel=0.35)
    assert plans.filter(end_date__isnull=True).count() == pytest.approx(1_150 * SCALE, rel=0.45)
    categories = Counter(plans.values_list("initial_category", flat=True))
    _within(categories["NEG"] / plans.count(), 0.35, 0.65)
    _within(categories["EMO"] / plans.count(), 0.22, 0.5)
    assert categories.most_common(1)[0][0] == "NEG"
    # Each plan counts the child's earlier plans (how many are repeats is calibrated in test_calibration: a
    # two-year window sees few).
    earlier = Counter()
    for plan in plans.order_by("start_date", "pk"):
        assert plan.number_of_previous_plans == earlier[plan.child_id]
        earlier[plan.child_id] += 1
    ended = [(p.end_date - p.start_date).days for p in plans.filter(end_date__isnull=False)]
    _within(sum(183 <= d <= 365 for d in ended) / len(ended), 0.25, 0.6)
    # Seeded breaches the at-risk queue shows.
    open_plans = plans.filter(end_date__isnull=True)
    assert open_plans.filter(next_visit_due__lt=AS_OF).exists()
    assert StrategyDiscussion.objects.filter(decision="").exists()
    late_icpc = Section47Enquiry.objects.filter(icpc_target_date__lt=AS_OF, conference__isnull=True)
    assert late_icpc.exclude(outcome="no_icpc").filter(episode__close_date__isnull=True).exists()
    assert (
        StrategyDiscussion.objects.filter(episode__section47s__isnull=False)
        .annotate(n=Count("episode__strategy_discussions", distinct=True))
        .filter(n__gt=1)
        .exists()
    )
    late_visits = 0
    visits = 0
    for plan in plans.prefetch_related("visits"):
        days = sorted(v.visit_date for v in plan.visits.all())
        for earlier, later in zip([plan.start_date, *days], days, strict=False):
            visits += 1
            late_visits += later > apply_rule(get_rule("cp-visit"), earlier, amount=plan.visit_interval_working_days)
    _within(late_visits / visits, 0.04, 0.18)
    assert CINPlan.objects.filter(end_date__isnull=True).exists()
    assert CaseNote.objects.filter(kind="visit").count() == ProtectionVisit.objects.count() + sum(
        p.visits.count() for p in CINPlan.objects.all()
    )
    assert SupervisionRecord.objects.exists()


def test_derived_dates_equal_their_rules(authority):
    for s47 in Section47Enquiry.objects.all():
        last = s47.episode.strategy_discussions.aggregate(Max("held_on"))["held_on__max"]
        assert s47.icpc_target_date == due_date("icpc", last)
        assert s47.strategy_discussion.decision == "s47"
        assert s47.start_date >= s47.strategy_discussion.held_on
    for plan in ChildProtectionPlan.objects.select_related("conference__section47"):
        conference = plan.conference
        assert conference.outcome == "plan" and conference.section47.outcome == "icpc"
        assert plan.start_date == conference.conference_date
        assert plan.first_core_group_due == due_date("first-core-group", conference.conference_date)
        visits = list(plan.visits.order_by("visit_date").values_list("visit_date", flat=True))
        reviews = list(plan.reviews.order_by("held_on").values_list("held_on", flat=True))
        earlier = ChildProtectionPlan.objects.filter(child=plan.child_id, start_date__lt=plan.start_date).count()
        assert plan.number_of_previous_plans == earlier
        if plan.end_date is not None:
            assert plan.next_visit_due is None and plan.next_review_due is None
            continue
        anchor = visits[-1] if visits else plan.start_date
        interval = plan.visit_interval_working_days
        assert plan.next_visit_due == apply_rule(get_rule("cp-visit"), anchor, amount=interval)
        expected = due_date("cp-later-review", reviews[-1]) if reviews else due_date("cp-first-review", plan.start_date)
        assert plan.next_review_due == expected
    for plan in CINPlan.objects.all():
        if plan.end_date is not None:
            assert plan.next_visit_due is None and plan.next_review_due is None
            continue
        visit = plan.visits.aggregate(Max("visit_date"))["visit_date__max"] or plan.start_date
        review = plan.reviews.aggregate(Max("review_date"))["review_date__max"] or plan.start_date
        assert plan.next_visit_due == apply_rule(get_rule("cin-visit"), visit, amount=plan.visit_interval_working_days)
        assert plan.next_review_due == due_date("cin-review", review)


def _inside(day, episode):
    end = episode.close_date or AS_OF - dt.timedelta(days=1)
    return episode.referral_date <= day <= end


def test_records_are_coherent_with_their_episodes(authority):
    assert not ChildProtectionPlan.objects.filter(conference__isnull=True).exists()
    assert not ChildProtectionPlan.objects.exclude(conference__outcome="plan").exists()
    assert not InitialChildProtectionConference.objects.exclude(outcome="plan").filter(plan__isnull=False).exists()
    for assessment in Assessment.objects.select_related("episode"):
        episode = assessment.episode
        assert assessment.child_id == episode.child_id
        assert _inside(assessment.start_date, episode)
        if assessment.authorised_date:
            assert assessment.start_date <= assessment.authorised_date and _inside(assessment.authorised_date, episode)
            assert timezone.localdate(assessment.submitted_at) <= assessment.authorised_date
        for seen in assessment.child_seen.all():
            assert assessment.start_date <= seen.seen_on < AS_OF
    for plan in ChildProtectionPlan.objects.select_related("episode"):
        episode = plan.episode
        assert _inside(plan.start_date, episode)
        if plan.end_date is None:
            assert episode.close_date is None  # an episode with an open plan stays open
        else:
            assert plan.start_date <= plan.end_date and _inside(plan.end_date, episode)
        for day in plan.visits.values_list("visit_date", flat=True):
            assert plan.start_date < day and _inside(day, episode) and (plan.end_date is None or day < plan.end_date)
        for day in ReviewConference.objects.filter(plan=plan).values_list("held_on", flat=True):
            assert plan.start_date < day <= (plan.end_date or AS_OF)
    for plan in CINPlan.objects.select_related("episode"):
        assert _inside(plan.start_date, plan.episode)
        if plan.episode.close_date is not None:
            assert plan.end_date is not None and plan.end_date <= plan.episode.close_date
    for s47 in Section47Enquiry.objects.select_related("episode"):
        assert _inside(s47.start_date, s47.episode)
        assert s47.outcome_date is None or _inside(s47.outcome_date, s47.episode)
    # One open plan per child at most, and open CP plans do not overlap open CIN plans.
    assert (
        not ChildProtectionPlan.objects.filter(end_date__isnull=True)
        .values("child")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    on_cp_plan = ChildProtectionPlan.objects.filter(end_date__isnull=True).values("child")
    both = CINPlan.objects.filter(end_date__isnull=True, child__in=on_cp_plan)
    assert not both.exists()
    assert not AssessmentFactorIdentified.objects.filter(~Q(assessment__status__in=["in_progress", "submitted",
                                                                                    "authorised"])).exists()  # fmt: skip


def casework_event_sources() -> dict[str, dict[int, int]]:
    """Every record the casework stages write events for: {source model: {pk: child pk}}."""
    plan_child = "plan__child_id"
    return {
        "casework.assessment": dict(Assessment.objects.values_list("pk", "child_id")),
        "casework.cinplan": dict(CINPlan.objects.values_list("pk", "child_id")),
        "casework.cinplanvisit": dict(CINPlanVisit.objects.values_list("pk", plan_child)),
        "casework.cinplanreview": dict(CINPlanReview.objects.values_list("pk", plan_child)),
        "protection.strategydiscussion": dict(StrategyDiscussion.objects.values_list("pk", "child_id")),
        "protection.section47enquiry": dict(Section47Enquiry.objects.values_list("pk", "child_id")),
        "protection.initialchildprotectionconference": dict(
            InitialChildProtectionConference.objects.values_list("pk", "child_id")
        ),
        "protection.childprotectionplan": dict(ChildProtectionPlan.objects.values_list("pk", "child_id")),
        "protection.coregroupmeeting": dict(CoreGroupMeeting.objects.values_list("pk", plan_child)),
        "protection.reviewconference": dict(ReviewConference.objects.values_list("pk", plan_child)),
        "protection.protectionvisit": dict(ProtectionVisit.objects.values_list("pk", plan_child)),
        "protection.protectiveorder": dict(ProtectiveOrder.objects.values_list("pk", "child_id")),
        "oversight.managerdecision": dict(ManagerDecision.objects.values_list("pk", "child_id")),
    }


def test_every_casework_event_belongs_to_its_records_child(authority):
    sources = casework_event_sources()
    horizon = dt.datetime.combine(AS_OF, dt.time(), tzinfo=timezone.get_default_timezone())
    kinds = Counter()
    for event in Event.objects.filter(source_model__in=sources).only("child_id", "kind", "source_model", "source_id",
                                                                     "occurred_at"):  # fmt: skip
        assert sources[event.source_model][event.source_id] == event.child_id
        assert event.occurred_at < horizon
        kinds[event.kind] += 1
    assert kinds["assessment.started"] == Assessment.objects.count()
    assert kinds["cp_plan.started"] == ChildProtectionPlan.objects.count()
    assert kinds["cp_visit.recorded"] == ProtectionVisit.objects.count()
    assert kinds["manager_decision.approved"] == ManagerDecision.objects.filter(decision="approved").count()
