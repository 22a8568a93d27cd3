"""Adoption review and visit rules at their edges, and the re-derivation registry agreeing with the schedule.

All the reg 36 rules count calendar weeks and months, so weekends and bank holidays do not move them: a review due
on Christmas Day is due on Christmas Day (the queue shows it overdue from the 26th).
"""

import datetime as dt

import pytest

from safeguard.adoption import schedule, services
from safeguard.adoption.models import AdoptionJourney, AdoptionReview, AdoptionVisit
from safeguard.workdays.deadlines import due_date, invalidate_rules, rederive_all
from safeguard.workdays.models import DeadlineRule

from .factories import JourneyFactory


@pytest.mark.parametrize(
    ("code", "anchor", "expected"),
    [
        ("adoption-review-not-placed", dt.date(2026, 9, 25), dt.date(2026, 12, 25)),  # Christmas Day: not moved
        ("adoption-review-not-placed", dt.date(2026, 11, 30), dt.date(2027, 2, 28)),  # month end clamps
        ("adoption-review-later", dt.date(2026, 9, 29), dt.date(2027, 3, 29)),  # Easter Monday 2027: not moved
        ("adoption-placed-visit", dt.date(2026, 12, 21), dt.date(2026, 12, 28)),  # Boxing Day substitute: not moved
        ("adoption-placed-visit", dt.date(2026, 12, 25), dt.date(2027, 1, 1)),  # New Year's Day
        ("adoption-placed-review-first", dt.date(2027, 2, 26), dt.date(2027, 3, 26)),  # Good Friday 2027
        ("adoption-placed-review-second", dt.date(2026, 11, 28), dt.date(2027, 2, 28)),  # a Sunday
        ("adoption-placed-visit-later", dt.date(2026, 11, 14), dt.date(2026, 12, 26)),  # a Saturday
    ],
)
def test_rules_count_calendar_time(db, code, anchor, expected):
    assert due_date(code, anchor) == expected


def test_thresholds_are_rules(db):
    assert DeadlineRule.objects.get(code="adoption-a1-threshold").amount == 426
    assert DeadlineRule.objects.get(code="adoption-a2-threshold").amount == 121


D = dt.date


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"is_open": True, "authority_date": None, "placed_date": None}, (None, None)),
        ({"is_open": True, "authority_date": D(2026, 1, 5), "placed_date": None}, (D(2026, 4, 5), None)),
        (
            {"is_open": True, "authority_date": D(2026, 1, 5), "placed_date": None, "reviews": [D(2026, 3, 1)]},
            (D(2026, 9, 1), None),
        ),
        (
            {"is_open": True, "authority_date": D(2026, 1, 5), "placed_date": D(2026, 6, 1)},
            (D(2026, 6, 29), D(2026, 6, 8)),
        ),
        (
            # A review before the placement does not count as the first review after it.
            {
                "is_open": True,
                "authority_date": D(2026, 1, 5),
                "placed_date": D(2026, 6, 1),
                "reviews": [D(2026, 3, 1)],
                "visits": [D(2026, 6, 5)],
            },
            (D(2026, 6, 29), D(2026, 6, 12)),
        ),
        (
            {
                "is_open": True,
                "authority_date": D(2026, 1, 5),
                "placed_date": D(2026, 6, 1),
                "reviews": [D(2026, 6, 29)],
                "visits": [D(2026, 7, 3)],
            },
            (D(2026, 9, 29), D(2026, 8, 14)),
        ),
        (
            {
                "is_open": True,
                "authority_date": D(2026, 1, 5),
                "placed_date": D(2026, 6, 1),
                "reviews": [D(2026, 6, 29), D(2026, 9, 20)],
            },
            (D(2027, 3, 20), D(2026, 11, 1)),
        ),
        ({"is_open": False, "authority_date": D(2026, 1, 5), "placed_date": D(2026, 6, 1)}, (None, None)),
    ],
)
def test_schedule(db, state, expected):
    assert schedule.next_due(**{"reviews": [], "visits": [], **state}) == expected


def _journey(**fields):
    return JourneyFactory(**fields)


def test_rederive_all_matches_the_schedule_after_a_rule_change(db):
    waiting = _journey(placement_order_date=D(2026, 1, 5))
    reviewed = _journey(placement_order_date=D(2026, 1, 5))
    AdoptionReview.objects.create(journey=reviewed, held_on=D(2026, 3, 1))
    placed = _journey(placement_order_date=D(2026, 1, 5), match_date=D(2026, 4, 1), placed_date=D(2026, 6, 1))
    AdoptionReview.objects.create(journey=placed, held_on=D(2026, 3, 1))  # before placement: ignored
    AdoptionVisit.objects.create(journey=placed, visit_date=D(2026, 6, 5))
    second = _journey(placement_order_date=D(2026, 1, 5), match_date=D(2026, 4, 1), placed_date=D(2026, 6, 1))
    AdoptionReview.objects.create(journey=second, held_on=D(2026, 6, 29))
    AdoptionVisit.objects.create(journey=second, visit_date=D(2026, 7, 3))
    later = _journey(placement_order_date=D(2026, 1, 5), match_date=D(2026, 4, 1), placed_date=D(2026, 6, 1))
    for day in (D(2026, 6, 29), D(2026, 9, 20)):
        AdoptionReview.objects.create(journey=later, held_on=day)
    ended = _journey(placement_order_date=D(2026, 1, 5), reversed_date=D(2026, 2, 1), reversed_reason="RD4")
    DeadlineRule.objects.filter(code="adoption-placed-visit").update(amount=2)
    DeadlineRule.objects.filter(code="adoption-review-not-placed").update(amount=2)
    invalidate_rules()

    assert rederive_all() > 0

    for journey in (waiting, reviewed, placed, second, later, ended):
        stored = AdoptionJourney.objects.get(pk=journey.pk)
        expected = services.rederive(AdoptionJourney.objects.get(pk=journey.pk))
        assert (stored.next_review_due, stored.next_visit_due) == (expected.next_review_due, expected.next_visit_due)
    assert AdoptionJourney.objects.get(pk=waiting.pk).next_review_due == D(2026, 3, 5)
    assert AdoptionJourney.objects.get(pk=placed.pk).next_visit_due == D(2026, 6, 19)
    assert AdoptionJourney.objects.get(pk=ended.pk).next_review_due is None
