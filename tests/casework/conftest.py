import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def today(monkeypatch):
    """Set the local date the services see (and return a setter)."""

    def set_today(day: dt.date) -> dt.date:
        monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: day)
        return day

    return set_today
