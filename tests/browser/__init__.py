"""End-to-end journeys in a real browser (marked `browser`; see conftest.py)."""

import datetime as dt

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def uk_date(day: dt.date) -> str:
    """A date written the way the pages write it (the `date_uk` filter): "3 Jun 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
