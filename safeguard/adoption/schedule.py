"""When the next statutory adoption review and visit are due (Adoption Agencies Regulations 2005 reg 36).

One function, used by the services, the re-derivation registry and the synthetic generator, so all three agree:

- authority to place (placement order or consent) but not yet placed: a review within 3 months of the authority
  (`adoption-review-not-placed`), then at most every 6 months (`adoption-review-later`);
- placed with prospective adopters: reviews 4 weeks after the placement (`adoption-placed-review-first`), 3 months
  after that (`adoption-placed-review-second`), then every 6 months (`adoption-review-later`); visits within a week
  of the placement and weekly until the first review (`adoption-placed-visit`), then at the interval the authority
  sets (`adoption-placed-visit-later`);
- nothing once the adoption order is made or the decision is reversed.

Only reviews and visits on or after the relevant start count: a review held before the child was placed belongs to
the earlier stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from safeguard.workdays.deadlines import due_date

Due = Callable[[str, dt.date], dt.date]


def next_due(
    *,
    is_open: bool,
    authority_date: dt.date | None,
    placed_date: dt.date | None,
    reviews: Iterable[dt.date],
    visits: Iterable[dt.date],
    due: Due = due_date,
) -> tuple[dt.date | None, dt.date | None]:
    """(next review due, next visit due) for a journey in the given state."""
    if not is_open:
        return None, None
    reviews = sorted(reviews)
    if placed_date:
        return _placed(placed_date, reviews, sorted(visits), due)
    if authority_date:
        since = [r for r in reviews if r >= authority_date]
        if not since:
            return due("adoption-review-not-placed", authority_date), None
        return due("adoption-review-later", since[-1]), None
    return None, None


def _placed(placed: dt.date, reviews: list[dt.date], visits: list[dt.date], due: Due):
    since = [r for r in reviews if r >= placed]
    visits_since = [v for v in visits if v >= placed]
    if not since:
        review = due("adoption-placed-review-first", placed)
        visit = due("adoption-placed-visit", visits_since[-1] if visits_since else placed)
        return review, visit
    review = (
        due("adoption-placed-review-second", since[0]) if len(since) == 1 else due("adoption-review-later", since[-1])
    )
    latest_contact = max([since[-1], *visits_since])
    return review, due("adoption-placed-visit-later", latest_contact)
