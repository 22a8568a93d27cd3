import datetime as dt

import pytest

from safeguard.asylum import services


@pytest.fixture
def today(monkeypatch):
    """Pin the services' idea of today."""

    def pin(day: dt.date):
        monkeypatch.setattr(services, "_today", lambda: day)
        return day

    return pin
