import datetime as dt

import pytest

from safeguard.disabledchildren import services
from safeguard.people.models import PersonDisability
from safeguard.workforce.models import Service, Worker
from tests.factories import PersonFactory, TeamFactory, worker_user


@pytest.fixture
def today(monkeypatch):
    """Pin the services' idea of today."""

    def pin(day: dt.date):
        monkeypatch.setattr(services, "_today", lambda: day)
        return day

    return pin


@pytest.fixture
def dc_team(db):
    return TeamFactory(name="Disabled Children's Team", service=Service.DISABLED_CHILDREN)


@pytest.fixture
def dc_manager(dc_team):
    from safeguard.accounts.models import Role

    return worker_user(Role.TEAM_MANAGER, team=dc_team, worker_role=Worker.Role.TEAM_MANAGER)


@pytest.fixture
def disabled_child(db):
    child = PersonFactory(date_of_birth=dt.date(2014, 2, 3))
    PersonDisability.objects.create(person=child, code="AUT", recorded_on=dt.date(2020, 1, 1))
    return child
