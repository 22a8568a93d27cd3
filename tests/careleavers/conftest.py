import datetime as dt

import pytest
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.workforce.models import Worker
from tests.factories import worker_user

from .factories import leaving_care_team

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def today(monkeypatch):
    """Set the local date every service, selector and view sees (and return a setter)."""

    def set_today(day: dt.date) -> dt.date:
        monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: day)
        return day

    return set_today


@pytest.fixture
def team(db):
    return leaving_care_team()


@pytest.fixture
def pa_user(team):
    return worker_user(Role.SOCIAL_WORKER, team=team, worker_role=Worker.Role.PERSONAL_ADVISER)


@pytest.fixture
def manager(team):
    return worker_user(Role.TEAM_MANAGER, team=team, worker_role=Worker.Role.TEAM_MANAGER)
