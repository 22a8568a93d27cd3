"""Drive the services, for tests that need a child in care at a given step."""

import datetime as dt

from safeguard.lac import services


def start_care(child, user, start_date: dt.date, **overrides):
    kwargs = {
        "child": child,
        "start_date": start_date,
        "category_of_need": "N1",
        "legal_status": "C1",
        "placement_type": "U6",
        "provider": "PR1",
        "postcode": "NB7 2AB",
        "carer_name": "Synthetic foster carers",
        "home_postcode": "NB1 1AA",
        "started_by": user,
        **overrides,
    }
    return services.care_period_start(**kwargs)


def move(period, user, change_date: dt.date, **overrides):
    current = period.placements.get(end_date__isnull=True)
    kwargs = {
        "placement_id": current.pk,
        "expected_version": current.version,
        "change_date": change_date,
        "change_reason": "CARPL",
        "placement_type": "K2",
        "provider": "PR4",
        "postcode": "ZZ9 9ZZ",
        "urn": "SC123456",
        "changed_by": user,
        **overrides,
    }
    return services.placement_change(**kwargs)


def change_status(period, user, change_date: dt.date, legal_status: str = "C2"):
    period.refresh_from_db()
    return services.legal_status_change(
        period_id=period.pk,
        expected_version=period.version,
        change_date=change_date,
        legal_status=legal_status,
        changed_by=user,
    )


def end_care(period, user, end_date: dt.date, reason: str = "E4A"):
    period.refresh_from_db()
    return services.care_period_end(
        period_id=period.pk, expected_version=period.version, end_date=end_date, reason=reason, ended_by=user
    )
