import datetime as dt

import pytest

from safeguard.lac import services

from .factories import PostcodeLocationFactory


@pytest.fixture
def today(monkeypatch):
    """Pin the services' idea of today, so dates around Christmas 2026 are not "in the future"."""

    def pin(day: dt.date):
        monkeypatch.setattr(services, "_today", lambda: day)
        return day

    return pin


@pytest.fixture
def locations(db, settings):
    """Reference postcodes: home NB1, a placement 10 miles away in the authority, one 30 miles away outside it."""
    settings.SAFEGUARD_AUTHORITY = {**settings.SAFEGUARD_AUTHORITY, "la_code": "999"}
    return {
        "home": PostcodeLocationFactory(postcode="NB1", easting=430000, northing=433000, la_code="999"),
        # 6 km east, 8 km north: 10 km = 6.2 miles.
        "near": PostcodeLocationFactory(postcode="NB7 2AB", easting=436000, northing=441000, la_code="999"),
        # 30 km east, 40 km north: 50 km = 31.1 miles, in another authority.
        "far": PostcodeLocationFactory(postcode="ZZ9 9ZZ", easting=460000, northing=473000, la_code="888"),
    }
