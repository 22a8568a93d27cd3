import datetime as dt

import pytest

from safeguard.adoption import selectors
from safeguard.adoption.models import AdoptionJourney
from safeguard.people.models import Person
from safeguard.people.panels import panels_for
from safeguard.workdays.deadlines import invalidate_rules
from safeguard.workdays.models import DeadlineRule
from safeguard.workforce.work import work_items_for
from tests.lac.factories import CarePeriodFactory

from .factories import AdopterFactory, JourneyFactory

D = dt.date


def adopted_journey(
    entered: dt.date, order: dt.date | None, match: dt.date, placed: dt.date, adopted: dt.date, **extra
):
    period = CarePeriodFactory(start_date=entered)
    return JourneyFactory(
        period=period,
        decision_date=entered + dt.timedelta(days=30),
        placement_order_date=order,
        consent_date=None if order else entered + dt.timedelta(days=40),
        match_date=match,
        adopter=AdopterFactory(),
        placed_date=placed,
        adoption_order_date=adopted,
        **extra,
    )


def test_a1_counts_from_entering_care_to_moving_in(db):
    journey = adopted_journey(D(2024, 1, 1), D(2024, 6, 1), D(2024, 10, 1), D(2024, 11, 1), D(2025, 3, 1))
    assert selectors.a1_days(journey) == (D(2024, 11, 1) - D(2024, 1, 1)).days == 305
    assert selectors.a2_days(journey) == (D(2024, 10, 1) - D(2024, 6, 1)).days == 122


def test_a1_for_fostering_for_adoption_counts_to_the_ffa_move(db):
    journey = adopted_journey(
        D(2024, 1, 1),
        D(2024, 6, 1),
        D(2024, 10, 1),
        D(2024, 11, 1),
        D(2025, 3, 1),
        early_permanence="ffa",
        early_permanence_placed_date=D(2024, 3, 1),
    )
    assert selectors.a1_days(journey) == 60


def test_no_a1_before_moving_in_and_no_a2_without_a_placement_order(db):
    journey = JourneyFactory()
    assert selectors.a1_days(journey) is None and selectors.a2_days(journey) is None
    consent_only = adopted_journey(D(2024, 1, 1), None, D(2024, 10, 1), D(2024, 11, 1), D(2025, 3, 1))
    assert selectors.a2_days(consent_only) is None
    assert selectors.a1_days(consent_only) == 305


def test_scorecard_averages_over_three_years_and_by_year(db):
    # Adopted in 2022-23 (a1 500, a2 200), 2023-24 (a1 300, a2 100), 2024-25 (a1 400, a2 none: consent).
    adopted_journey(D(2021, 1, 1), D(2021, 6, 1), D(2021, 12, 18), D(2022, 5, 16), D(2022, 10, 1))
    adopted_journey(D(2022, 6, 1), D(2022, 11, 1), D(2023, 2, 9), D(2023, 3, 28), D(2023, 9, 1))
    adopted_journey(D(2023, 6, 1), None, D(2024, 6, 1), D(2024, 7, 5), D(2025, 1, 10))
    # Outside the three years: not counted.
    adopted_journey(D(2019, 1, 1), D(2019, 6, 1), D(2019, 9, 1), D(2019, 10, 1), D(2020, 1, 1))
    JourneyFactory()  # not adopted

    card = selectors.scorecard(*selectors.three_years_to(D(2025, 3, 31)))

    assert card.overall.adopted == 3
    assert card.overall.a1_average == 400.0 and card.overall.a1_met is True
    assert card.overall.a2_average == 150.0 and card.overall.a2_met is False
    assert card.overall.a3_percent == pytest.approx(66.7)
    assert [(y.label, y.adopted, y.a1_average, y.a2_average) for y in card.years] == [
        ("2022-23", 1, 500.0, 200.0),
        ("2023-24", 1, 300.0, 100.0),
        ("2024-25", 1, 400.0, None),
    ]
    assert card.years[0].a1_met is False and card.years[1].a1_met is True


def test_thresholds_come_from_the_rule_table(db):
    adopted_journey(D(2023, 6, 1), D(2023, 10, 1), D(2024, 2, 1), D(2024, 3, 1), D(2024, 9, 1))
    DeadlineRule.objects.filter(code="adoption-a1-threshold").update(amount=200)
    invalidate_rules()
    card = selectors.scorecard(*selectors.three_years_to(D(2025, 3, 31)))
    assert card.overall.a1_threshold == 200 and card.overall.a1_met is False


def test_last_complete_year_end():
    assert selectors.last_complete_year_end(D(2026, 11, 23)) == D(2026, 3, 31)
    assert selectors.last_complete_year_end(D(2026, 3, 31)) == D(2025, 3, 31)
    assert selectors.last_complete_year_end(D(2026, 4, 1)) == D(2026, 3, 31)


def test_timeline_in_date_order(db):
    journey = adopted_journey(D(2024, 1, 1), D(2024, 6, 1), D(2024, 10, 1), D(2024, 11, 1), D(2025, 3, 1))
    labels = [label for _, label in selectors.timeline(journey)]
    assert labels == [
        "Entered care",
        "Decision that the child should be placed for adoption",
        "Placement order",
        "Matched with prospective adopters",
        "Placed for adoption",
        "Adoption order",
    ]


def test_adopters_listing_counts_children_placed(db):
    adopters = AdopterFactory()
    JourneyFactory(
        adopter=adopters, match_date=D(2025, 9, 1), placed_date=D(2025, 9, 15), placement_order_date=D(2025, 6, 1)
    )
    JourneyFactory(adopter=adopters, match_date=D(2025, 9, 1), placement_order_date=D(2025, 6, 1))
    row = selectors.adopters().get(pk=adopters.pk)
    assert (row.children_placed, row.matched_on, row.placed_on) == (1, D(2025, 9, 1), D(2025, 9, 15))


# --- Work items and the child's panel ------------------------------------------------------------------


def test_work_items_for_reviews_and_visits_of_open_journeys(db):
    open_one = JourneyFactory(next_review_due=D(2026, 12, 1), next_visit_due=D(2026, 11, 30))
    JourneyFactory(next_review_due=D(2026, 12, 1), adoption_order_date=D(2026, 11, 1))  # adopted: nothing due
    children = Person.objects.all()
    items = [i for i in work_items_for(children) if i.kind.startswith(("Adoption", "Visit to a child placed"))]
    assert sorted((i.kind, i.due_date, i.child_id) for i in items) == [
        ("Adoption review", D(2026, 12, 1), open_one.child_id),
        ("Visit to a child placed for adoption", D(2026, 11, 30), open_one.child_id),
    ]
    assert items[0].url == f"/adoption/children/{open_one.child_id}/journeys/{open_one.pk}/"


def test_work_item_source_is_one_query(db, django_assert_num_queries):
    from safeguard.workforce.work import _sources

    for _ in range(3):
        JourneyFactory(next_review_due=D(2026, 12, 1), next_visit_due=D(2026, 11, 30))
    children = Person.objects.all()
    with django_assert_num_queries(1):
        assert len(list(_sources["adoption-reviews"].branch(children))) == 3


def _adoption_panel(person, user):
    return [ctx for template, ctx in panels_for(person, user) if template == "adoption/panel.html"]


def test_panel_shows_for_children_with_an_adoption_record_or_in_care(db, social_worker):
    journey = JourneyFactory(placement_order_date=D(2025, 6, 1), match_date=D(2025, 8, 1))
    [panel] = _adoption_panel(journey.child, social_worker)
    assert panel["journey"] == journey and panel["a2"] == 61 and panel["a1_threshold"] == 426
    looked_after = CarePeriodFactory().child
    [panel] = _adoption_panel(looked_after, social_worker)
    assert panel["journey"] is None and panel["order"] is None
    left_care = CarePeriodFactory(start_date=D(2025, 1, 1), end_date=D(2025, 6, 1), end_reason="E4A").child
    assert _adoption_panel(left_care, social_worker) == []


def test_an_adopted_journey_is_current_when_no_open_one(db):
    done = JourneyFactory(adoption_order_date=D(2025, 12, 1))
    assert selectors.current_journey(done.child) == done
    assert AdoptionJourney.objects.count() == 1
