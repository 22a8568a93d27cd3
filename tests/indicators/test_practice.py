"""Indicators 37 (management oversight) and 38 (disabled children's wait for a first service)."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguard.oversight.models import SupervisionChild
from tests.disabledchildren.factories import DisabledChildrenServiceFactory
from tests.factories import EpisodeFactory
from tests.oversight.factories import ManagerDecisionFactory, SupervisionRecordFactory

from .helpers import result

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 31)


def test_management_oversight_in_the_last_6_weeks(settings):
    decided = EpisodeFactory(referral_date=dt.date(2025, 1, 1))
    # The 6 weeks (42 days) ending on 31 March start on 18 February.
    ManagerDecisionFactory(child=decided.child, decided_at=timezone.make_aware(dt.datetime(2026, 2, 18, 0, 30)))
    supervised = EpisodeFactory(referral_date=dt.date(2025, 1, 1))
    SupervisionChild.objects.create(supervision=SupervisionRecordFactory(held_on=AS_OF), child=supervised.child)
    stale = EpisodeFactory(referral_date=dt.date(2025, 1, 1))
    ManagerDecisionFactory(child=stale.child, decided_at=timezone.make_aware(dt.datetime(2026, 2, 17, 23, 30)))
    ManagerDecisionFactory(child=stale.child, decided_at=timezone.make_aware(dt.datetime(2026, 4, 1, 9)))  # later
    r = result("management-oversight", AS_OF)
    assert r.counted_ids == {decided.child_id, supervised.child_id} and r.other_ids == {stale.child_id}
    settings.INDICATOR_OVERSIGHT_WEEKS = 7
    assert result("management-oversight", AS_OF).numerator == 3


def test_disabled_children_wait_for_a_first_service():
    a = DisabledChildrenServiceFactory(referral_date=dt.date(2025, 6, 1), first_service_start=dt.date(2025, 6, 11))
    b = DisabledChildrenServiceFactory(referral_date=dt.date(2025, 6, 1), first_service_start=dt.date(2025, 7, 1))
    DisabledChildrenServiceFactory(referral_date=dt.date(2025, 1, 1), first_service_start=dt.date(2025, 3, 31))
    waiting = DisabledChildrenServiceFactory(referral_date=dt.date(2026, 1, 1), first_service_start=dt.date(2026, 4, 1))
    DisabledChildrenServiceFactory(referral_date=dt.date(2026, 1, 1), decision="declined", decision_date=AS_OF)
    r = result("disabled-children-wait", AS_OF)
    assert r.value == 20.0 and r.numerator == 2
    assert r.counted_ids == {a.child_id, b.child_id} and r.other_ids == {waiting.child_id}
    assert dict(r.details)["Longest current wait (days)"] == "89"
