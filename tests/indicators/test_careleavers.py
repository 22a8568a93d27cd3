"""Indicator 34: care leavers' birthday contacts (SSDA903 OC3)."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguard.careleavers.models import BirthdayContact, CareLeaver
from tests.factories import PersonFactory

from .helpers import result

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 31)


def birthday(
    age: int, day: dt.date, in_touch="YES", accommodation="U1", activity="F5", recorded: dt.date | None = None
):
    child = PersonFactory(date_of_birth=day.replace(year=day.year - age))
    leaver = CareLeaver.objects.create(child=child, category="former_relevant", category_since=day)
    BirthdayContact.objects.create(
        care_leaver=leaver,
        child=child,
        age=age,
        birthday=day,
        contact_date=day,
        in_touch=in_touch,
        accommodation=accommodation,
        activity=activity,
        recorded_at=timezone.make_aware(dt.datetime.combine(recorded or day, dt.time(12))),
    )
    return child


def test_in_touch_suitable_accommodation_and_eet_for_19_to_21():
    good = birthday(19, dt.date(2025, 4, 1))  # first day of the period
    lost = birthday(21, dt.date(2025, 10, 1), in_touch="NO", accommodation="0", activity="0")
    unsuitable = birthday(20, dt.date(2026, 3, 31), accommodation="S2", activity="G5")
    birthday(20, dt.date(2025, 3, 31))  # the day before the period
    birthday(19, dt.date(2026, 3, 1), recorded=dt.date(2026, 4, 2))  # recorded after the as-of date
    birthday(19, dt.date(2025, 6, 1), in_touch="DIED", accommodation="0", activity="0")  # left out
    younger = birthday(18, dt.date(2025, 6, 1))
    touch = result("care-leavers-in-touch", AS_OF)
    assert (touch.numerator, touch.denominator) == (2, 3)
    assert touch.counted_ids == {good.pk, unsuitable.pk} and touch.other_ids == {lost.pk}
    assert younger.pk not in touch.counted_ids and dict(touch.details)["Aged 17 or 18"].startswith("100.0%")
    accommodation = result("care-leavers-suitable-accommodation", AS_OF)
    assert accommodation.counted_ids == {good.pk}
    eet = result("care-leavers-eet", AS_OF)
    assert (eet.numerator, eet.denominator) == (1, 3)
