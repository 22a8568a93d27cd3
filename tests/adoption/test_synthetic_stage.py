"""The adoption stage over care records like the looked-after stage writes (built here with the lac factories)."""

import datetime as dt
import random
import statistics

import pytest
from django.db import transaction

from safeguard.accounts.models import Role
from safeguard.adoption import schedule
from safeguard.adoption.models import (
    Adopter,
    AdoptionJourney,
    AdoptionReview,
    AdoptionVisit,
    PermanenceOrder,
    PreviousPermanenceRecord,
)
from safeguard.adoption.selectors import a1_days, a2_days
from safeguard.chronology.models import Event
from safeguard.codelists import LA_PERM_CODES
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.stages.adoption import write_adoption
from safeguard.workdays.deadlines import due_date
from tests.factories import PersonFactory, UserFactory
from tests.lac.factories import CarePeriodFactory

AS_OF = dt.date(2026, 3, 31)
D = dt.date


@pytest.fixture
def care(db):
    """80 adoptions (some with their A6 placement and E1 status), 40 open placement orders, 20 SGO endings."""
    rng = random.Random(5)
    for n in range(80):
        start = D(2022, 1, 3) + dt.timedelta(days=rng.randint(0, 700))
        end = start + dt.timedelta(days=rng.randint(540, 760))
        child = PersonFactory(date_of_birth=start - dt.timedelta(days=rng.randint(30, 900)))
        period = CarePeriodFactory(child=child, start_date=start, end_date=end, end_reason="E12" if n % 4 else "E11")
        if n % 2:
            CareLegalStatus.objects.create(
                period=period, child=child, legal_status="E1", start_date=start + dt.timedelta(days=200)
            )
            Placement.objects.create(
                period=period, child=child, start_date=end - dt.timedelta(days=200), placement_type="A6", provider="PR1"
            )
    for _ in range(40):
        start = AS_OF - dt.timedelta(days=rng.randint(200, 700))
        period = CarePeriodFactory(child=PersonFactory(date_of_birth=start - dt.timedelta(days=200)), start_date=start)
        CareLegalStatus.objects.create(
            period=period, child=period.child, legal_status="E1", start_date=start + dt.timedelta(days=150)
        )
    for n in range(20):
        start = D(2023, 1, 2) + dt.timedelta(days=n * 10)
        CarePeriodFactory(
            child=PersonFactory(date_of_birth=start - dt.timedelta(days=400)),
            start_date=start,
            end_date=start + dt.timedelta(days=400),
            end_reason="E45" if n % 2 else "E47",
        )


def _run(seed=3):
    ctx = GenerationContext(population=280_000, years=4, seed=seed, as_of=AS_OF)
    ctx.import_user = UserFactory(username=f"synthetic-import-{seed}-{random.random()}", role=Role.ADMINISTRATOR)
    return write_adoption(ctx)


def _snapshot():
    return sorted(
        AdoptionJourney.objects.values_list(
            "child_id", "decision_date", "placement_order_date", "match_date", "placed_date", "adoption_order_date",
            "reversed_date", "next_review_due", "next_visit_due", "early_permanence",
        )
    )  # fmt: skip


def test_counts_and_links(care):
    counts = _run()
    assert counts["adoptions"] == 80
    assert AdoptionJourney.objects.filter(adoption_order_date__isnull=False).count() == 80
    assert counts["adoption journeys"] == AdoptionJourney.objects.count() >= 80 + 40
    assert PermanenceOrder.objects.filter(kind="adoption", journey__isnull=False).count() == 80
    assert PermanenceOrder.objects.filter(kind="sgo").count() == 20
    assert set(PermanenceOrder.objects.filter(kind="sgo").values_list("carer", flat=True)) == {"foster_kin", "kin"}
    # About 1.2 adopter households per adoption, one per matched child.
    matched = AdoptionJourney.objects.filter(match_date__isnull=False).count()
    assert Adopter.objects.count() == counts["adopter households"]
    assert matched < Adopter.objects.count() <= matched + 0.3 * 80 + 1
    assert AdoptionReview.objects.count() == counts["adoption reviews"] > 80
    assert AdoptionVisit.objects.count() == counts["adoption visits"] > 80
    assert PreviousPermanenceRecord.objects.count() == counts["previous permanence"]
    kinds = set(Event.objects.filter(category="adoption").values_list("kind", flat=True))
    assert {"adoption.decision", "adoption.matched", "adoption.placed", "adoption.order", "permanence.sgo"} <= kinds


def test_dates_are_in_order_and_use_the_care_record(care):
    _run()
    for j in AdoptionJourney.objects.select_related("period", "adopter"):
        steps = [
            j.period.start_date,
            j.decision_date,
            j.authority_date,
            j.match_date,
            j.placed_date,
            j.adoption_order_date,
        ]
        present = [d for d in steps if d]
        assert present == sorted(present), j.pk
        assert all(d < AS_OF for d in present)
        if j.adoption_order_date:
            assert j.adoption_order_date == j.period.end_date
            assert j.adopter.approved_on <= j.match_date
        a6 = Placement.objects.filter(period=j.period, placement_type="A6").first()
        if a6 and j.adoption_order_date:
            assert j.placed_date == a6.start_date
        e1 = CareLegalStatus.objects.filter(period=j.period, legal_status="E1").first()
        if e1 and j.placement_order_date:
            assert j.placement_order_date == e1.start_date


def test_stored_deadlines_are_the_schedules(care):
    _run()
    for j in AdoptionJourney.objects.prefetch_related("reviews", "visits"):
        expected = schedule.next_due(
            is_open=j.is_open,
            authority_date=j.authority_date,
            placed_date=j.placed_date,
            reviews=[r.held_on for r in j.reviews.all()],
            visits=[v.visit_date for v in j.visits.all()],
            due=due_date,
        )
        assert (j.next_review_due, j.next_visit_due) == expected


def test_rates_roughly_right(care):
    _run()
    adopted = list(AdoptionJourney.objects.filter(adoption_order_date__isnull=False).select_related("period"))
    ffa = sum(1 for j in adopted if j.early_permanence) / len(adopted)
    assert 0.02 <= ffa <= 0.25
    a2 = [d for d in (a2_days(j) for j in adopted) if d is not None]
    assert 90 <= statistics.median(a2) <= 300
    a1 = [a1_days(j) for j in adopted]
    assert 330 <= statistics.median(a1) <= 700
    # Some open journeys are overdue at as-of, so the queues have something to show.
    overdue = AdoptionJourney.objects.filter(adoption_order_date__isnull=True, reversed_date__isnull=True).filter(
        next_review_due__lt=AS_OF
    )
    assert overdue.exists()
    assert AdoptionJourney.objects.filter(reversed_date__isnull=False).exists()


def test_deterministic(care):
    with transaction.atomic():
        first_counts = _run()
        first = _snapshot()
        transaction.set_rollback(True)
    assert not AdoptionJourney.objects.exists()
    assert _run() == first_counts
    assert [row[1:] for row in _snapshot()] == [row[1:] for row in first]


def test_every_event_belongs_to_its_source_records_child(care):
    _run()
    sources = {
        "adoption.adoptionjourney": dict(AdoptionJourney.objects.values_list("pk", "child_id")),
        "adoption.adoptionreview": dict(AdoptionReview.objects.values_list("pk", "journey__child_id")),
        "adoption.adoptionvisit": dict(AdoptionVisit.objects.values_list("pk", "journey__child_id")),
        "adoption.permanenceorder": dict(PermanenceOrder.objects.values_list("pk", "child_id")),
        "adoption.previouspermanencerecord": dict(PreviousPermanenceRecord.objects.values_list("pk", "child_id")),
    }
    events = Event.objects.filter(category="adoption")
    assert events.count() > 300
    for event in events:
        assert sources[event.source_model][event.source_id] == event.child_id
        assert event.occurred_at.date() < AS_OF
    assert events.filter(kind="adoption.review").count() == AdoptionReview.objects.count()
    assert events.filter(kind="adoption.visit").count() == AdoptionVisit.objects.count()


def test_a_period_ended_other_than_by_adoption_after_a_placement_order_has_its_journey_reversed(care):
    """Rules 551, 553, 557: a child with a placement order (E1) or placed for adoption (A6) who left care without
    being adopted has a decision to place for adoption, reversed (DATE_PLACED_CEASED, REASON) by the day care ended."""
    start, end = D(2023, 5, 1), D(2025, 6, 30)
    child = PersonFactory(date_of_birth=D(2022, 9, 1))
    period = CarePeriodFactory(child=child, start_date=start, end_date=end, end_reason="E4A")
    CareLegalStatus.objects.create(period=period, child=child, legal_status="E1", start_date=D(2024, 5, 1))
    Placement.objects.create(period=period, child=child, start_date=D(2024, 12, 2), placement_type="A6",
                             provider="PR1")  # fmt: skip
    _run()
    journey = AdoptionJourney.objects.get(period=period)
    assert journey.decision_date <= journey.placement_order_date == D(2024, 5, 1)
    assert journey.placed_date == D(2024, 12, 2) and journey.match_date <= journey.placed_date
    assert journey.reversed_date == end and journey.reversed_reason and journey.adoption_order_date is None
    assert not journey.early_permanence  # A6: not with the current foster carers


def test_fostering_for_adoption_agrees_with_the_placement_for_adoption(care):
    """Rule 335: adopted from an A6 placement is never FFA or concurrent planning; from A5 (the U5 carers) it is."""
    start, end = D(2022, 6, 1), D(2024, 9, 30)
    child = PersonFactory(date_of_birth=D(2022, 3, 1))
    period = CarePeriodFactory(child=child, start_date=start, end_date=end, end_reason="E11")
    CareLegalStatus.objects.create(period=period, child=child, legal_status="E1", start_date=D(2023, 5, 1))
    Placement.objects.create(period=period, child=child, start_date=D(2022, 7, 1), placement_type="U5",
                             provider="PR1")  # fmt: skip
    Placement.objects.create(period=period, child=child, start_date=D(2024, 1, 8), placement_type="A5",
                             provider="PR1")  # fmt: skip
    _run()
    assert AdoptionJourney.objects.get(period=period).early_permanence == "ffa"
    with_a6 = AdoptionJourney.objects.filter(period__placements__placement_type="A6")
    assert with_a6.count() >= 40
    assert not with_a6.exclude(early_permanence="").exists()


def test_every_child_starting_care_has_previous_permanence(care):
    """Rule 630: a PrevPerm row for every starter (Z1 with no LA or date, rule 635; else a DfE LA number, rule 633,
    and the date)."""
    ctx = GenerationContext(population=280_000, years=4, seed=3, as_of=AS_OF)
    _run()
    starters = CarePeriod.objects.filter(start_date__gte=ctx.start)
    assert starters.count() > 100
    records = {r.period_id: r for r in PreviousPermanenceRecord.objects.all()}
    assert set(records) == set(starters.values_list("pk", flat=True))
    for record in records.values():
        if record.previous_permanence == "Z1":
            assert (record.la_code, record.order_date) == ("", None)
        else:
            assert record.la_code in LA_PERM_CODES and record.order_date is not None
