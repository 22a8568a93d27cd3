"""Scopes: a team's or a worker's children are those allocated to them on the as-of date."""

import datetime as dt

import pytest

from safeguard.casework.models import Assessment
from safeguard.indicators.engine import Period, Scope
from safeguard.indicators.models import ChildPopulation
from tests.casework.factories import AssessmentFactory
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, TeamFactory, WorkerFactory

from .helpers import result

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 31)


def test_the_default_period_is_the_12_months_ending_on_the_as_of_date():
    assert Period.months_ending(AS_OF) == Period(dt.date(2025, 4, 1), AS_OF)
    assert Period.months_ending(dt.date(2024, 2, 29)) == Period(dt.date(2023, 3, 1), dt.date(2024, 2, 29))


def test_scope_follows_the_allocation_in_force_on_the_as_of_date():
    team_a, team_b = TeamFactory(), TeamFactory()
    worker_a, worker_b = WorkerFactory(team=team_a), WorkerFactory(team=team_b)
    child = PersonFactory()
    # Reallocated on the as-of date: the day belongs to the new worker.
    AllocationFactory(child=child, worker=worker_a, start_date=dt.date(2025, 1, 1), end_date=AS_OF)
    AllocationFactory(child=child, worker=worker_b, start_date=AS_OF)
    episode = EpisodeFactory(child=child, referral_date=dt.date(2026, 1, 5))
    AssessmentFactory(episode=episode, status=Assessment.Status.AUTHORISED, authorised_date=dt.date(2026, 2, 2))
    other = AssessmentFactory(status=Assessment.Status.AUTHORISED, authorised_date=dt.date(2026, 2, 2))

    def counted(scope, as_of=AS_OF):
        r = result("assessments-within-45-wd", as_of, scope)
        return r.counted_ids | r.other_ids

    assert counted(Scope.authority()) == {child.pk, other.child_id}
    assert counted(Scope.for_team(team_a)) == set()
    assert counted(Scope.for_team(team_b)) == {child.pk}
    assert counted(Scope.for_worker(worker_b)) == {child.pk}
    assert counted(Scope.for_worker(worker_a), dt.date(2026, 3, 30)) == {child.pk}
    # Not yet allocated to anyone before 1 Jan 2025.
    assert counted(Scope.for_team(team_a), dt.date(2024, 12, 31)) == set()


def test_rates_are_for_the_whole_authority_a_team_gets_the_count():
    ChildPopulation.objects.create(year=2025, children=10_000)
    team = TeamFactory()
    episode = EpisodeFactory(referral_date=dt.date(2025, 1, 1))
    AllocationFactory(child=episode.child, worker=WorkerFactory(team=team), start_date=dt.date(2025, 1, 1))
    EpisodeFactory(referral_date=dt.date(2025, 1, 1))
    authority = result("cin-rate", AS_OF)
    assert (authority.value, authority.numerator, authority.denominator) == (2.0, 2, 10_000)
    by_team = result("cin-rate", AS_OF, Scope.for_team(team))
    assert by_team.value is None and by_team.numerator == 1 and "whole authority" in by_team.note
    # The population is the latest mid-year estimate up to the as-of year.
    ChildPopulation.objects.create(year=2027, children=1)
    assert result("cin-rate", AS_OF).denominator == 10_000


def test_unallocated_cases_for_a_team_follow_the_episode_team():
    team = TeamFactory()
    EpisodeFactory(referral_date=dt.date(2025, 1, 1), team=team)
    EpisodeFactory(referral_date=dt.date(2025, 1, 1))
    assert result("cin-unallocated", AS_OF, Scope.for_team(team)).value == 1
    assert result("cin-unallocated", AS_OF, Scope.for_worker(WorkerFactory(team=team))).value == 0
