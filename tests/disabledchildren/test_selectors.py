import datetime as dt

import pytest

from safeguard.access.selectors import visible_people
from safeguard.disabledchildren import selectors
from safeguard.disabledchildren.chart import bar_chart
from safeguard.people.models import Person
from safeguard.workforce.work import work_items_for
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, WorkerFactory

from .factories import DisabledChildrenServiceFactory

TODAY = dt.date(2026, 11, 23)
pytestmark = pytest.mark.django_db


def _ids():
    return list(Person.objects.values_list("pk", flat=True))


def test_waiting_list_rows_longest_first_with_team_and_worker(dc_team):
    long_wait = DisabledChildrenServiceFactory(referral_date=dt.date(2026, 5, 1))
    short_wait = DisabledChildrenServiceFactory(referral_date=dt.date(2026, 8, 1))
    worker = WorkerFactory(team=dc_team)
    AllocationFactory(child=short_wait.child, worker=worker)
    rows = selectors.waiting_rows(_ids(), TODAY)
    assert [row.child for row in rows] == [long_wait.child, short_wait.child]
    assert rows[0].waiting_days == (TODAY - dt.date(2026, 5, 1)).days and rows[0].waiting_weeks == 29
    assert rows[1].worker == worker and rows[1].team == dc_team
    assert rows[0].worker is None


@pytest.mark.parametrize(
    ("changes", "listed"),
    [
        ({}, True),
        ({"referral_date": dt.date(2026, 9, 1)}, False),  # due 24 Nov: not past the threshold yet
        ({"referral_date": dt.date(2026, 8, 31)}, False),  # due today (23 Nov): not yet late
        ({"referral_date": dt.date(2026, 8, 30)}, True),  # due yesterday
        ({"first_service_start": dt.date(2026, 10, 1)}, False),
        ({"decision": "declined", "decision_date": dt.date(2026, 7, 1)}, False),
        ({"end_date": dt.date(2026, 7, 1)}, False),
        ({"decision": "agreed", "decision_date": dt.date(2026, 7, 1)}, True),
    ],
)
def test_who_is_waiting(changes, listed):
    service = DisabledChildrenServiceFactory(**({"referral_date": dt.date(2026, 6, 1)} | changes))
    assert (service.child.pk in selectors.waiting_candidate_ids(TODAY)) is listed
    assert bool(selectors.waiting_rows(_ids(), TODAY)) is listed


def test_open_disabled_children_episode_with_no_request(dc_team, team):
    waiting = EpisodeFactory(team=dc_team, referral_date=dt.date(2026, 7, 1))
    EpisodeFactory(team=dc_team, referral_date=dt.date(2026, 11, 1))  # not past the threshold
    EpisodeFactory(team=dc_team, referral_date=dt.date(2026, 5, 1), close_date=dt.date(2026, 6, 1))  # closed
    EpisodeFactory(team=team, referral_date=dt.date(2026, 5, 1))  # another service
    requested = EpisodeFactory(team=dc_team, referral_date=dt.date(2026, 5, 1))
    DisabledChildrenServiceFactory(child=requested.child, first_service_start=dt.date(2026, 6, 1))
    rows = selectors.waiting_rows(_ids(), TODAY)
    assert [row.child for row in rows] == [waiting.child]
    assert rows[0].what == "No service requested yet" and rows[0].team == dc_team
    assert rows[0].due == dt.date(2026, 9, 23)


def test_candidates_are_checked_against_visibility(social_worker):
    DisabledChildrenServiceFactory(referral_date=dt.date(2026, 5, 1))
    assert selectors.visible_waiting_children(visible_people(social_worker), TODAY) == []


def test_team_filter(dc_team):
    in_team = EpisodeFactory(team=dc_team, referral_date=dt.date(2026, 5, 1))
    DisabledChildrenServiceFactory(referral_date=dt.date(2026, 5, 1))
    everyone = Person.objects.all()
    assert selectors.visible_waiting_children(everyone, TODAY, dc_team) == [in_team.child.pk]
    assert len(selectors.visible_waiting_children(everyone, TODAY)) == 2


def test_median_waiting_time_by_month():
    # Started in November 2026: waits of 14, 28 and 70 days (median 28); October: 35 and 49 (median 42).
    for referral, start in [
        (dt.date(2026, 10, 20), dt.date(2026, 11, 3)),
        (dt.date(2026, 10, 6), dt.date(2026, 11, 3)),
        (dt.date(2026, 9, 1), dt.date(2026, 11, 10)),
        (dt.date(2026, 9, 1), dt.date(2026, 10, 6)),
        (dt.date(2026, 9, 1), dt.date(2026, 10, 20)),
        (dt.date(2025, 1, 1), dt.date(2025, 11, 30)),  # before the 12 months
    ]:
        DisabledChildrenServiceFactory(referral_date=referral, first_service_start=start)
    DisabledChildrenServiceFactory(referral_date=dt.date(2026, 9, 1))  # still waiting: not in the median
    figures = selectors.waiting_figures(TODAY)
    assert figures.since == dt.date(2025, 12, 1) and figures.started == 5
    assert figures.median_days == 35 and figures.median_weeks == 5.0
    assert len(figures.months) == 12
    by_month = {bar.month: bar for bar in figures.months}
    assert by_month[dt.date(2026, 11, 1)].median_days == 28 and by_month[dt.date(2026, 11, 1)].started == 3
    assert by_month[dt.date(2026, 10, 1)].median_days == 42
    assert by_month[dt.date(2026, 9, 1)].median_days is None


def test_bar_chart_scales_to_the_tallest_month():
    figures = selectors.waiting_figures(TODAY)
    DisabledChildrenServiceFactory(referral_date=dt.date(2026, 9, 1), first_service_start=dt.date(2026, 11, 3))
    figures = selectors.waiting_figures(TODAY)
    chart = bar_chart(figures.months)
    tallest = chart.bars[-1]
    assert tallest.label == "Nov 26" and tallest.value == "9.0 weeks (1 started)"
    assert tallest.height > 0 and all(bar.height == 0 for bar in chart.bars[:-1])
    assert chart.ticks[0] == (chart.baseline, "0") and chart.ticks[-1][1] == "12"


def test_work_items(dc_team):
    service = DisabledChildrenServiceFactory(referral_date=dt.date(2026, 6, 1))
    started = DisabledChildrenServiceFactory(referral_date=dt.date(2026, 6, 1), first_service_start=dt.date(2026, 7, 1))
    episode = EpisodeFactory(team=dc_team, referral_date=dt.date(2026, 10, 1))
    items = [i for i in work_items_for(Person.objects.all()) if i.kind == "First service for disabled child"]
    assert {(i.child_id, i.due_date) for i in items} == {
        (service.child_id, dt.date(2026, 8, 24)),
        (episode.child_id, dt.date(2026, 12, 24)),
    }
    assert started.child_id not in {i.child_id for i in items}


def test_work_items_only_for_the_children_asked_about():
    DisabledChildrenServiceFactory(referral_date=dt.date(2026, 6, 1))
    other = PersonFactory()
    assert not [i for i in work_items_for(Person.objects.filter(pk=other.pk)) if "disabled" in i.kind]
