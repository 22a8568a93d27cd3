import datetime as dt

import pytest

from safeguard.accounts.models import Role
from safeguard.protection import services
from safeguard.workforce.models import Worker
from tests.factories import EpisodeFactory, worker_user


@pytest.fixture
def chair(team):
    return worker_user(Role.CONFERENCE_CHAIR, team=team, worker_role=Worker.Role.CONFERENCE_CHAIR)


@pytest.fixture
def today(monkeypatch):
    """Pin the services' idea of today, so dates around Christmas 2026 are not "in the future"."""

    def pin(day: dt.date):
        monkeypatch.setattr(services, "_today", lambda: day)
        return day

    return pin


@pytest.fixture
def episode_from(team):
    def make(referral_date: dt.date, **kwargs):
        return EpisodeFactory(referral_date=referral_date, team=team, **kwargs)

    return make
