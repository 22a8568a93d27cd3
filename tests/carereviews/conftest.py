import datetime as dt

import pytest

from safeguard.accounts.models import Role
from safeguard.carereviews import services
from safeguard.workforce.models import Worker
from tests.factories import worker_user
from tests.lac.factories import looked_after_child

from .factories import IROAllocationFactory, QualityAssuranceTeamFactory


@pytest.fixture
def today(monkeypatch):
    """Pin the services' idea of today, so dates around Christmas 2026 are not "in the future"."""

    def pin(day: dt.date):
        monkeypatch.setattr(services, "_today", lambda: day)
        return day

    return pin


@pytest.fixture
def qa_team(db):
    return QualityAssuranceTeamFactory()


@pytest.fixture
def iro_user(qa_team):
    """A signed-in IRO: role 'conference chair or IRO', linked to a worker whose role is IRO."""
    return worker_user(Role.CONFERENCE_CHAIR, team=qa_team, worker_role=Worker.Role.IRO)


@pytest.fixture
def in_care(team):
    """A child looked after from `start` in `team`'s episode, with `iro` (a Worker) allocated when given."""

    def make(start: dt.date, *, placement_type="U6", iro=None, **kwargs):
        period = looked_after_child(start_date=start, placement_type=placement_type, team=team, **kwargs)
        if iro is not None:
            IROAllocationFactory(child=period.child, worker=iro, start_date=start)
        return period

    return make
