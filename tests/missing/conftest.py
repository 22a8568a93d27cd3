import datetime as dt

import pytest

from safeguard.missing import services
from tests.factories import PersonFactory

UTC = dt.UTC


def at(*args) -> dt.datetime:
    """An aware moment in UTC (the UK is on GMT in November, so these are also UK wall-clock times)."""
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def now(monkeypatch):
    """Pin the services' idea of now."""

    def pin(moment: dt.datetime):
        monkeypatch.setattr(services, "_now", lambda: moment)
        return moment

    return pin


@pytest.fixture
def child(db):
    return PersonFactory(date_of_birth=dt.date(2011, 4, 2))
