import datetime as dt

import pytest

from safeguard.accounts.models import Role
from safeguard.adoption import services
from safeguard.lac import services as lac_services
from safeguard.workforce.models import Service, Worker
from tests.factories import TeamFactory, UserFactory, worker_user
from tests.lac.factories import looked_after_child

from .factories import AdopterFactory


@pytest.fixture
def today(monkeypatch):
    """Pin the services' idea of today (adoption's and the care record's, which adoption steps call)."""

    def pin(day: dt.date):
        monkeypatch.setattr(services, "_today", lambda: day)
        monkeypatch.setattr(lac_services, "_today", lambda: day)
        return day

    return pin


@pytest.fixture
def cic_team(db):
    return TeamFactory(name="Adoption team", service=Service.CHILDREN_IN_CARE)


@pytest.fixture
def adoption_worker(cic_team):
    """A social worker in the children in care service (which holds the adoption team)."""
    return worker_user(Role.SOCIAL_WORKER, team=cic_team)


@pytest.fixture
def inspector(db):
    return UserFactory(role=Role.INSPECTOR)


@pytest.fixture
def senior_leader(db):
    return UserFactory(role=Role.SENIOR_LEADER)


@pytest.fixture
def chair(team):
    return worker_user(Role.CONFERENCE_CHAIR, team=team, worker_role=Worker.Role.CONFERENCE_CHAIR)


@pytest.fixture
def period(team):
    """A child in care since 10 Jan 2025, visible to `team`."""
    return looked_after_child(start_date=dt.date(2025, 1, 10), team=team)


@pytest.fixture
def adopters(db):
    return AdopterFactory()
