"""Stored adoption deadlines (next review, next visit), re-derived when a rule or the calendar changes.

Each registration covers the journeys in one state, so each uses exactly the rule `schedule.next_due` would use
for them (tests/adoption/test_deadlines.py checks the two agree).
"""

from django.db.models import Count, F, Max, Min, Q

from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import AdoptionJourney

PLACED_REVIEW = Q(reviews__held_on__gte=F("placed_date"))
PLACED_VISIT = Q(visits__visit_date__gte=F("placed_date"))


def _open():
    return AdoptionJourney.objects.filter(adoption_order_date__isnull=True, reversed_date__isnull=True)


def _waiting():
    """Open journeys with authority to place whose child is not yet placed."""
    authority = Q(placement_order_date__isnull=False) | Q(consent_date__isnull=False)
    return _open().filter(authority, placed_date__isnull=True)


def _placed():
    return (
        _open()
        .filter(placed_date__isnull=False)
        .annotate(
            placed_reviews=Count("reviews", filter=PLACED_REVIEW, distinct=True),
            first_placed_review=Min("reviews__held_on", filter=PLACED_REVIEW),
            latest_placed_review=Max("reviews__held_on", filter=PLACED_REVIEW),
            latest_placed_visit=Max("visits__visit_date", filter=PLACED_VISIT),
        )
    )


def _latest_contact(journey):
    return max(d for d in (journey.latest_placed_review, journey.latest_placed_visit) if d)


register(
    DerivedDeadline(
        model=AdoptionJourney,
        field="next_review_due",
        rule_code="adoption-review-not-placed",
        anchor=lambda journey: journey.authority_date,
        open_rows=lambda: _waiting().filter(reviews__isnull=True),
    )
)
register(
    DerivedDeadline(
        model=AdoptionJourney,
        field="next_review_due",
        rule_code="adoption-review-later",
        anchor=lambda journey: journey.latest_review,
        open_rows=lambda: _waiting().filter(reviews__isnull=False).annotate(latest_review=Max("reviews__held_on")),
    )
)
register(
    DerivedDeadline(
        model=AdoptionJourney,
        field="next_review_due",
        rule_code="adoption-placed-review-first",
        anchor=lambda journey: journey.placed_date,
        open_rows=lambda: _placed().filter(placed_reviews=0),
    )
)
register(
    DerivedDeadline(
        model=AdoptionJourney,
        field="next_review_due",
        rule_code="adoption-placed-review-second",
        anchor=lambda journey: journey.first_placed_review,
        open_rows=lambda: _placed().filter(placed_reviews=1),
    )
)
register(
    DerivedDeadline(
        model=AdoptionJourney,
        field="next_review_due",
        rule_code="adoption-review-later",
        anchor=lambda journey: journey.latest_placed_review,
        open_rows=lambda: _placed().filter(placed_reviews__gte=2),
    )
)
register(
    DerivedDeadline(
        model=AdoptionJourney,
        field="next_visit_due",
        rule_code="adoption-placed-visit",
        anchor=lambda journey: journey.latest_placed_visit or journey.placed_date,
        open_rows=lambda: _placed().filter(placed_reviews=0),
    )
)
register(
    DerivedDeadline(
        model=AdoptionJourney,
        field="next_visit_due",
        rule_code="adoption-placed-visit-later",
        anchor=_latest_contact,
        open_rows=lambda: _placed().filter(placed_reviews__gte=1),
    )
)
