import datetime as dt

import pytest

from safeguard.lac import selectors
from tests.factories import PersonFactory, TeamFactory
from tests.lac.factories import CareLegalStatusFactory, CarePeriodFactory, PlacementFactory, looked_after_child

pytestmark = pytest.mark.django_db


def test_period_factory_creates_first_legal_status_and_placement():
    period = CarePeriodFactory(start_date=dt.date(2026, 3, 2), placement_type="K2", legal_status="V2")
    assert [(s.legal_status, s.start_date) for s in period.legal_statuses.all()] == [("V2", dt.date(2026, 3, 2))]
    assert [(p.placement_type, p.start_date, p.child_id) for p in period.placements.all()] == [
        ("K2", dt.date(2026, 3, 2), period.child_id)
    ]


def test_period_factory_can_leave_them_out():
    period = CarePeriodFactory(with_placement=False, with_legal_status=False)
    assert not period.placements.exists()
    assert not period.legal_statuses.exists()


def test_sub_record_factories_do_not_duplicate_first_rows():
    placement = PlacementFactory()
    status = CareLegalStatusFactory()
    assert placement.period.placements.count() == 1
    assert placement.period.legal_statuses.count() == 1
    assert status.period.legal_statuses.count() == 1
    assert status.period.placements.count() == 1


def test_looked_after_child_links_an_open_episode_in_the_team():
    team = TeamFactory()
    period = looked_after_child(start_date=dt.date(2026, 5, 1), team=team, placement_type="U1")
    assert period.cin_episode.team == team
    assert period.cin_episode.close_date is None
    assert selectors.current_placement(period.child).placement_type == "U1"
    assert selectors.current_legal_status(period.child).legal_status == "C2"


def test_looked_after_child_reuses_the_childs_open_episode():
    child = PersonFactory()
    first = looked_after_child(start_date=dt.date(2026, 5, 1), child=child)
    first.end_date = dt.date(2026, 6, 1)
    first.save()
    second = looked_after_child(start_date=dt.date(2026, 7, 1), child=child)
    assert second.cin_episode == first.cin_episode
