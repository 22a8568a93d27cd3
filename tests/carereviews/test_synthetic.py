"""The "care reviews" stage: reads periods and placements back, writes reviews, visits, contacts, IRO allocations
and schedules; deterministic; on-time rates roughly as calibrated; schedules exactly as the services derive them."""

import datetime as dt

import pytest

from safeguard.accounts.models import User
from safeguard.carereviews import services
from safeguard.carereviews.models import IROContact, LookedAfterReview, ReviewSchedule, StatutoryVisit
from safeguard.chronology.models import Event
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.stages.carereviews import write_care_reviews
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Allocation
from tests.factories import PersonFactory, UserFactory
from tests.lac.factories import CarePeriodFactory, PlacementFactory

from .factories import IROFactory

pytestmark = pytest.mark.django_db

D = dt.date
AS_OF = D(2026, 11, 23)


def _periods():
    periods = []
    for n in range(40):
        start = D(2023, 1, 2) + dt.timedelta(days=23 * n)
        dob = D(2024, 3, 1) if n % 10 == 0 else D(2012, 1, 1) + dt.timedelta(days=40 * n)
        kind = ["U6", "U4", "K2", "P1", "U3"][n % 5]
        period = CarePeriodFactory(child=PersonFactory(date_of_birth=dob), start_date=start, placement_type=kind)
        if n % 4 == 0:  # a move half-way
            moved = start + dt.timedelta(days=200)
            period.placements.update(end_date=moved)
            PlacementFactory(period=period, start_date=moved, placement_type="U6", intended_until_18=True)
        if n % 7 == 0:
            period.end_date = start + dt.timedelta(days=500)
            period.save()
            period.placements.filter(end_date__isnull=True).update(end_date=period.end_date)
    # The generator's bulk writes send no signals: start from no schedules, as it does.
    ReviewSchedule.objects.all().delete()
    return periods


def _context(iros):
    ctx = GenerationContext(population=28_000, years=3, seed=7, as_of=AS_OF)
    ctx.import_user = User.objects.filter(username="synthetic-import").first() or UserFactory(
        username="synthetic-import"
    )
    ctx.workers = iros
    return ctx


def _snapshot():
    return (
        list(
            LookedAfterReview.objects.order_by("pk").values_list("child_id", "review_date", "participation", "iro_id")
        ),
        list(StatutoryVisit.objects.order_by("pk").values_list("child_id", "visit_date", "child_seen", "seen_alone")),
        list(ReviewSchedule.objects.order_by("pk").values_list("period_id", "next_review_due", "next_visit_due")),
    )


def _clear():
    for model in (LookedAfterReview, StatutoryVisit, IROContact, ReviewSchedule):
        model.objects.all().delete()
    Allocation.objects.filter(kind="iro").delete()
    Event.objects.filter(category="looked_after").delete()


def test_counts_determinism_rates_and_schedules():
    _periods()
    iros = [IROFactory(start_date=D(2015, 1, 1)) for _ in range(3)]
    counts = write_care_reviews(_context(iros))
    assert counts["review schedules"] == ReviewSchedule.objects.count() == 40
    assert counts["IRO allocations"] == 40
    assert (
        Allocation.objects.filter(kind="iro", end_date__isnull=True).count()
        == ReviewSchedule.objects.filter(is_open=True).count()
    )
    assert counts["looked-after reviews"] == LookedAfterReview.objects.count() > 150
    assert counts["statutory visits"] == StatutoryVisit.objects.count() > 600
    assert counts["IRO contacts"] == IROContact.objects.count() > 0
    iro_allocations = Allocation.objects.filter(kind=Allocation.Kind.IRO).values("pk")
    iro_events = Event.objects.filter(source_model="workforce.allocation", source_id__in=iro_allocations)
    assert iro_events.filter(kind="allocation.started").count() == iro_allocations.count()
    assert counts["events"] == Event.objects.filter(category="looked_after").count() + iro_events.count()

    # Never in the future, never outside the period.
    for visit in StatutoryVisit.objects.select_related("period"):
        assert visit.period.start_date <= visit.visit_date < AS_OF
        assert visit.period.end_date is None or visit.visit_date <= visit.period.end_date

    # PN0 exactly for the under-4s.
    for review in LookedAfterReview.objects.select_related("child"):
        under_4 = services.age_on(review.child.date_of_birth, review.review_date) < 4
        assert (review.participation == "PN0") == under_4

    # Reviews ≈ 90% and visits ≈ 88% on time.
    assert 0.8 <= _reviews_on_time() <= 0.97
    assert 0.78 <= _visits_on_time() <= 0.96

    # The stored schedule is what the services would derive from the written records.
    for row in ReviewSchedule.objects.select_related("period__child"):
        review, visit = services.derive_schedule(row.period)
        assert row.next_review_due == (review.due if review else None)
        assert row.next_visit_due == (visit.due if visit else None)
        assert row.visit_rule == (visit.rule_code if visit else "")
        contact = services.derive_iro_contact(row.period, review)
        assert row.next_iro_contact_due == (contact.due if contact else None)
        assert row.iro_contact_rule == (contact.rule_code if contact else "")
        # ...so the nightly re-check finds nothing to change.
        assert services._refresh(row.period)[1] is False
    assert ReviewSchedule.objects.filter(is_open=True, next_iro_contact_due__isnull=False).exists()

    # Some visits are overdue on as-of, so the at-risk list has something to show.
    assert ReviewSchedule.objects.filter(is_open=True, next_visit_due__lt=AS_OF).exists()

    first = _snapshot()
    _clear()
    write_care_reviews(_context(iros))
    assert _snapshot()[:2] == first[:2]


def test_no_iros_means_no_reviews_but_visits_still_happen():
    _periods()
    counts = write_care_reviews(_context([]))
    assert counts["IRO allocations"] == counts["looked-after reviews"] == 0
    assert counts["statutory visits"] > 0


def _reviews_on_time() -> float:
    on_time = total = 0
    for period_id in LookedAfterReview.objects.values_list("period_id", flat=True).distinct():
        reviews = list(LookedAfterReview.objects.filter(period_id=period_id).order_by("review_date"))
        start = reviews[0].period.start_date
        anchors = [("lac-review-first", start)] + [
            ("lac-review-second" if i == 0 else "lac-review-later", r.review_date) for i, r in enumerate(reviews[:-1])
        ]
        for (code, anchor), review in zip(anchors, reviews, strict=True):
            total += 1
            on_time += review.review_date <= due_date(code, anchor)
    return on_time / total


def _visits_on_time() -> float:
    from safeguard.carereviews import schedule

    on_time = total = 0
    for row in ReviewSchedule.objects.select_related("period__child"):
        period = row.period
        placements = services._placement_facts(period)
        seen = sorted((v for v in services._visit_facts(period) if v.child_seen), key=lambda v: v.visit_date)
        reviews = list(period.reviews.order_by("review_date").values_list("review_date", flat=True))
        for i, visit in enumerate(seen):
            here = [p for p in placements if p.start_date <= visit.visit_date]
            current = schedule.current_placement(here)
            earlier = [v for v in seen[:i] if v.visit_date >= current.start_date]
            facts = schedule.PlacementFacts(current.start_date, current.placement_type, current.intended_until_18)
            deadline = schedule.next_visit(
                placements=[facts], visits=earlier, first_review=reviews[0] if reviews else None, due=due_date
            )
            total += 1
            on_time += schedule.visit_in_time(visit.visit_date, deadline)
    return on_time / total
