"""A person's age in whole years on a day: the one definition every domain uses (reviews, health checks, care
leavers, returns, the generator)."""

from __future__ import annotations

import datetime as dt


def age_on(date_of_birth: dt.date | None, day: dt.date) -> int | None:
    """Whole years completed by `day` (None when the date of birth is not known).

    A birthday is reached on its anniversary; someone born on 29 February reaches it on 1 March in other years
    (the anniversary does not exist, so it is not yet reached on 28 February).
    """
    if date_of_birth is None:
        return None
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
