import datetime as dt
from dataclasses import asdict

import pytest

from safeguard.lac import selectors, services
from safeguard.lac.selectors import ssda903_episodes
from safeguard.people.models import Person
from tests.factories import PersonFactory
from tests.lac.factories import CarePeriodFactory, PlacementFactory

from .helpers import change_status, end_care, move, start_care

pytestmark = pytest.mark.django_db

D = dt.date


def _closed_period(child, start, end):
    period = CarePeriodFactory(child=child, start_date=start, end_date=end, end_reason="E4A")
    period.placements.update(end_date=end)
    period.legal_statuses.update(end_date=end)
    return period


def test_current_period_and_placement_ignore_ended_care():
    child = PersonFactory()
    _closed_period(child, D(2025, 1, 6), D(2025, 6, 30))
    assert selectors.current_period(child) is None
    assert selectors.current_placement(child) is None
    assert selectors.current_legal_status(child) is None
    open_period = CarePeriodFactory(child=child, start_date=D(2026, 2, 2))
    assert selectors.current_period(child) == open_period
    assert selectors.current_placement(child).period == open_period


def test_current_placement_is_the_open_one_after_a_move():
    period = CarePeriodFactory(start_date=D(2026, 1, 5))
    period.placements.update(end_date=D(2026, 4, 1), change_reason="CARPL")
    moved = PlacementFactory(period=period, start_date=D(2026, 4, 1), placement_type="K2")
    assert selectors.current_placement(period.child) == moved


def test_looked_after_on_counts_the_start_and_end_days():
    child = PersonFactory()
    period = _closed_period(child, D(2026, 3, 2), D(2026, 3, 20))
    other = CarePeriodFactory(start_date=D(2026, 3, 21))
    assert list(selectors.looked_after_on(D(2026, 3, 1))) == []
    assert list(selectors.looked_after_on(D(2026, 3, 2))) == [period]
    assert list(selectors.looked_after_on(D(2026, 3, 20))) == [period]
    assert list(selectors.looked_after_on(D(2026, 3, 21))) == [other]
    assert list(selectors.looked_after_child_ids(D(2026, 3, 10))) == [child.pk]
    assert selectors.is_looked_after(child, D(2026, 3, 10))
    assert not selectors.is_looked_after(child, D(2026, 3, 21))


def test_periods_for_is_most_recent_first_and_only_that_child():
    child = PersonFactory()
    older = _closed_period(child, D(2024, 1, 8), D(2024, 5, 1))
    newer = CarePeriodFactory(child=child, start_date=D(2026, 1, 5))
    CarePeriodFactory()
    assert list(selectors.periods_for(child)) == [newer, older]


# --- SSDA903 episodes ------------------------------------------------------------------------------------


@pytest.fixture
def in_care(social_worker, today):
    today(D(2026, 11, 20))
    child = PersonFactory(date_of_birth=D(2012, 4, 10))
    return start_care(child, social_worker, D(2026, 1, 5), postcode="NB7 2AB", home_postcode="NB1 1AA")


def _rows(period):
    period.refresh_from_db()
    return [(e.DECOM, e.RNE, e.LS, e.PLACE, e.DEC, e.REC, e.REASON_PLACE_CHANGE) for e in ssda903_episodes(period)]


def test_a_period_with_no_changes_is_one_episode_started_S(in_care):
    [episode] = ssda903_episodes(in_care)
    row = asdict(episode)
    assert row | {"period_id": 0, "legal_status_id": 0, "placement_id": 0} == {
        "DECOM": D(2026, 1, 5), "RNE": "S", "LS": "C1", "CIN": "N1", "PLACE": "U6", "PLACE_PROVIDER": "PR1",
        "DEC": None, "REC": "", "REASON_PLACE_CHANGE": "", "HOME_POST": "NB1 1", "PL_POST": "NB7 2", "URN": "",
        "period_id": 0, "legal_status_id": 0, "placement_id": 0,
    }  # fmt: skip
    assert row["placement_id"] == in_care.placements.get().pk


def test_legal_status_change_only_is_L(in_care, social_worker):
    change_status(in_care, social_worker, D(2026, 3, 2), "C2")
    assert _rows(in_care) == [
        (D(2026, 1, 5), "S", "C1", "U6", D(2026, 3, 2), "X1", ""),
        (D(2026, 3, 2), "L", "C2", "U6", None, "", ""),
    ]


def test_placement_change_with_new_carers_is_P_and_the_ending_episode_has_the_reason(in_care, social_worker):
    move(in_care, social_worker, D(2026, 4, 1), change_reason="CREQB")
    assert _rows(in_care) == [
        (D(2026, 1, 5), "S", "C1", "U6", D(2026, 4, 1), "X1", "CREQB"),
        (D(2026, 4, 1), "P", "C1", "K2", None, "", ""),
    ]
    assert ssda903_episodes(in_care)[1].URN == "SC123456"


def test_placement_change_with_the_same_carers_is_T(in_care, social_worker):
    move(in_care, social_worker, D(2026, 4, 1), placement_type="U4", same_carer_as_previous=True)
    assert [e.RNE for e in ssda903_episodes(in_care)] == ["S", "T"]


def test_status_and_placement_the_same_day_is_B_or_with_the_same_carers_U(in_care, social_worker):
    move(in_care, social_worker, D(2026, 4, 1), placement_type="A5", change_reason="CARPL")
    change_status(in_care, social_worker, D(2026, 4, 1), "E1")
    move(in_care, social_worker, D(2026, 6, 1), placement_type="A6", same_carer_as_previous=True)
    change_status(in_care, social_worker, D(2026, 6, 1), "C2")
    assert _rows(in_care) == [
        (D(2026, 1, 5), "S", "C1", "U6", D(2026, 4, 1), "X1", "CARPL"),
        (D(2026, 4, 1), "B", "E1", "A5", D(2026, 6, 1), "X1", "CARPL"),
        (D(2026, 6, 1), "U", "C2", "A6", None, "", ""),
    ]


def test_the_last_episode_carries_the_reason_care_ended(in_care, social_worker):
    move(in_care, social_worker, D(2026, 4, 1))
    change_status(in_care, social_worker, D(2026, 5, 1), "C2")
    end_care(in_care, social_worker, D(2026, 10, 1), "E4A")
    assert _rows(in_care) == [
        (D(2026, 1, 5), "S", "C1", "U6", D(2026, 4, 1), "X1", "CARPL"),
        (D(2026, 4, 1), "P", "C1", "K2", D(2026, 5, 1), "X1", ""),
        (D(2026, 5, 1), "L", "C2", "K2", D(2026, 10, 1), "E4A", ""),
    ]


def test_a_period_that_starts_and_ends_the_same_day_is_one_episode(social_worker, today):
    today(D(2026, 11, 20))
    period = start_care(PersonFactory(), social_worker, D(2026, 2, 2))
    end_care(period, social_worker, D(2026, 2, 2), "E4A")
    assert _rows(period) == [(D(2026, 2, 2), "S", "C1", "U6", D(2026, 2, 2), "E4A", "")]


def test_episodes_of_a_child_cover_every_period_in_order(in_care, social_worker):
    end_care(in_care, social_worker, D(2026, 3, 1), "E4B")
    start_care(in_care.child, social_worker, D(2026, 6, 1), legal_status="V2")
    rows = [(e.DECOM, e.RNE, e.LS, e.DEC, e.REC) for e in ssda903_episodes(in_care.child)]
    assert rows == [(D(2026, 1, 5), "S", "C1", D(2026, 3, 1), "E4B"), (D(2026, 6, 1), "S", "V2", None, "")]


# --- Stability -------------------------------------------------------------------------------------------


def test_placements_in_the_last_12_months_count_the_one_running_a_year_ago(social_worker, today):
    today(D(2026, 11, 20))
    child = PersonFactory()
    period = start_care(child, social_worker, D(2025, 6, 2))
    # The year to 20 Nov 2026 runs from 21 Nov 2025: the first placement ended that day, so it counts.
    move(period, social_worker, D(2025, 11, 21))
    move(period, social_worker, D(2026, 3, 2), placement_type="T2", provider="", urn="")  # temporary: does not count
    move(period, social_worker, D(2026, 3, 16), placement_type="U4")
    assert selectors.placements_in_last_12_months(child, D(2026, 11, 20)) == 3
    assert selectors.stability(child, D(2026, 11, 20))
    # A day later the first placement (ended 21 Nov 2025) is outside the year.
    assert selectors.placements_in_last_12_months(child, D(2026, 11, 21)) == 2
    assert not selectors.stability(child, D(2026, 11, 21))
    other = PersonFactory()
    start_care(other, social_worker, D(2026, 1, 5))
    assert selectors.placement_counts(Person.objects.all(), D(2026, 11, 20)) == {child.pk: 3, other.pk: 1}


def test_care_timeline_lists_everything_in_date_order(in_care, social_worker):
    move(in_care, social_worker, D(2026, 4, 1))
    change_status(in_care, social_worker, D(2026, 4, 1), "C2")
    services.care_plan_record(period_id=in_care.pk, agreed_on=D(2026, 1, 12), recorded_by=social_worker)
    end_care(in_care, social_worker, D(2026, 10, 1), "E41")
    titles = [(e.day, e.title) for e in selectors.care_timeline(in_care.child)]
    assert titles == [
        (D(2026, 1, 5), "Became looked after"),
        (D(2026, 1, 5), "Legal status"),
        (D(2026, 1, 5), "Placed"),
        (D(2026, 1, 12), "Care plan agreed"),
        (D(2026, 4, 1), "Legal status changed"),
        (D(2026, 4, 1), "Moved placement"),
        (D(2026, 10, 1), "Stopped being looked after"),
    ]
