import datetime as dt

import pytest

from safeguard.protection import services as protection_services
from safeguard.queues import views
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory


@pytest.fixture
def pin_today(monkeypatch):
    """Pin the queues' idea of today (the pages compute every queue against it)."""

    def pin(day: dt.date) -> dt.date:
        monkeypatch.setattr(views, "_today", lambda: day)
        monkeypatch.setattr(protection_services, "_today", lambda: day)
        return day

    return pin


@pytest.fixture
def allocated_child():
    """A child with an open episode in the worker's team, allocated to the worker; the assessment due on `due`."""

    def make(worker, due: dt.date, **person):
        child = PersonFactory(**person)
        EpisodeFactory(
            child=child, team=worker.team, referral_date=due - dt.timedelta(days=60), assessment_due_date=due
        )
        AllocationFactory(child=child, worker=worker)
        return child

    return make


def queries_for(request) -> int:
    """How many database queries a request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured.captured_queries)
