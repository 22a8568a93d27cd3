"""The "care leavers" stage: reads care histories back, derives care leavers exactly as the service does, writes
advisers, plans, contacts and birthday records; deterministic; rates roughly as calibrated."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from safeguard.accounts.models import User
from safeguard.careleavers import services
from safeguard.careleavers.models import AdviserContact, BirthdayContact, CareLeaver, PathwayPlan, PathwayPlanReview
from safeguard.chronology.models import Event
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.stages.careleavers import write_care_leavers
from safeguard.workforce.models import Allocation
from tests.factories import PersonFactory, UserFactory

from .factories import adviser, care_period, leaving_care_team

pytestmark = pytest.mark.django_db

D = dt.date
AS_OF = D(2026, 11, 23)


def _histories(n=160):
    """Young people born 2002–2010 (16 to 24 on as-of) with care ending at various ages, or still open."""
    for i in range(n):
        dob = D(2002, 1, 15) + dt.timedelta(days=i * 3250 // n)
        eighteenth = dob + relativedelta(years=18)
        child = PersonFactory(date_of_birth=dob)
        start = min(dob + dt.timedelta(days=365 * (10 + i % 6) + i % 50), AS_OF - dt.timedelta(days=30))
        end, reason = [
            (eighteenth, "E17"),
            (start + dt.timedelta(days=60 + i % 400), ["E5", "E4A", "E13", "E46"][i % 4]),
            (None, ""),
        ][i % 3]
        if (end or AS_OF) >= eighteenth:  # nobody stays in care past 18
            end, reason = eighteenth, "E17"
        if end is not None and end >= AS_OF:
            end, reason = None, ""
        care_period(child, start, end, reason)
        if i % 9 == 0:  # an earlier short break
            care_period(child, start - dt.timedelta(days=400), start - dt.timedelta(days=380), "E4A", legal_status="V3")
    PersonFactory(date_of_birth=D(2012, 1, 1))  # never in care


def _context(advisers):
    ctx = GenerationContext(population=28_000, years=3, seed=7, as_of=AS_OF)
    ctx.import_user = User.objects.filter(username="synthetic-import").first() or UserFactory(
        username="synthetic-import"
    )
    ctx.workers = advisers
    return ctx


def _snapshot():
    return (
        list(CareLeaver.objects.order_by("pk").values_list("child_id", "category", "next_pa_contact_due", "activity")),
        list(AdviserContact.objects.order_by("pk").values_list("child_id", "contact_date", "kind", "in_touch")),
        list(BirthdayContact.objects.order_by("pk").values_list("child_id", "age", "in_touch", "accommodation")),
        list(PathwayPlanReview.objects.order_by("pk").values_list("child_id", "review_date")),
    )


def _clear():
    for model in (BirthdayContact, AdviserContact, PathwayPlanReview, PathwayPlan, CareLeaver):
        model.objects.all().delete()
    Allocation.objects.filter(kind="personal_adviser").delete()
    Event.objects.filter(category__in=["care_leaver", "allocation"]).delete()


def test_stage_counts_determinism_and_consistency_with_the_service(monkeypatch):
    _histories()
    team = leaving_care_team()
    advisers = [adviser(team) for _ in range(3)]
    counts = write_care_leavers(_context(advisers))
    leavers = CareLeaver.objects.count()
    assert counts["care leavers"] == leavers > 60
    assert counts["adviser contacts"] == AdviserContact.objects.count() > 200
    assert counts["birthday records"] == BirthdayContact.objects.count() > 50
    assert counts["pathway plans"] == PathwayPlan.objects.count() > 20
    assert (
        Allocation.objects.filter(kind="personal_adviser", team=team).count() == counts["personal advisers allocated"]
    )
    assert Event.objects.filter(kind="care_leaver.birthday_contact").count() == counts["birthday records"]
    assert Event.objects.filter(kind="allocation.started").count() == counts["personal advisers allocated"]
    assert CareLeaver.objects.filter(next_pa_contact_due__lt=AS_OF).exists()  # seeded breaches

    first = _snapshot()
    _clear()
    write_care_leavers(_context(advisers))
    assert _snapshot() == first

    # Every derived column is what the service would derive from the same rows.
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: AS_OF)
    stored = {
        cl.child_id: (cl.category, cl.needs_assessment_due, cl.next_pa_contact_due, cl.next_birthday_contact_due)
        for cl in CareLeaver.objects.select_related("child")
    }
    for cl in CareLeaver.objects.select_related("child"):
        fresh = services.care_leaver_refresh(child=cl.child)
        derived = (
            fresh.category,
            fresh.needs_assessment_due,
            fresh.next_pa_contact_due,
            fresh.next_birthday_contact_due,
        )
        assert derived == stored[cl.child_id], cl.child_id


def test_rates_roughly_as_calibrated():
    _histories(400)
    write_care_leavers(_context([adviser(leaving_care_team())]))
    older = BirthdayContact.objects.filter(age__in=[19, 20, 21])
    total = older.count()
    assert total > 100
    in_touch = older.filter(in_touch="YES")
    assert 0.82 < in_touch.count() / total < 0.98
    eet = sum(1 for a in in_touch.values_list("activity", flat=True) if a[0] in "FP")
    assert 0.38 < eet / in_touch.count() < 0.62
    suitable = sum(1 for a in in_touch.values_list("accommodation", flat=True) if a.endswith("1"))
    assert 0.75 < suitable / in_touch.count() < 0.94
    reached = AdviserContact.objects.filter(in_touch=True).count()
    assert 0.88 < reached / AdviserContact.objects.count() < 0.99
