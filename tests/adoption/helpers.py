"""Drive the services along the journey, for tests that need a journey at a given step."""

import datetime as dt

from safeguard.adoption import services

DECISION = dt.date(2025, 5, 12)
ORDER = dt.date(2025, 7, 1)
MATCH = dt.date(2025, 10, 6)
PLACED = dt.date(2025, 10, 20)
ADOPTED = dt.date(2026, 3, 2)


def decided(period, user, on=DECISION):
    return services.journey_start(period=period, decision_date=on, recorded_by=user)


def with_order(period, user, on=ORDER):
    journey = decided(period, user)
    return services.journey_placement_order(
        journey_id=journey.pk, expected_version=journey.version, order_date=on, recorded_by=user
    )


def matched(period, user, adopters, on=MATCH):
    journey = with_order(period, user)
    return services.journey_match(
        journey_id=journey.pk, expected_version=journey.version, match_date=on, adopter_id=adopters.pk, recorded_by=user
    )


def placed(period, user, adopters, on=PLACED):
    journey = matched(period, user, adopters)
    return services.journey_place(
        journey_id=journey.pk, expected_version=journey.version, placed_date=on, recorded_by=user
    )


def adopted(period, user, adopters, on=ADOPTED, consent_dispensed=False):
    journey = placed(period, user, adopters)
    return services.journey_adoption_order(
        journey_id=journey.pk,
        expected_version=journey.version,
        order_date=on,
        consent_dispensed=consent_dispensed,
        recorded_by=user,
    )
