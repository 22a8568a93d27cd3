"""Adoption work items: the statutory reviews and visits (AAR 2005 reg 36), from the stored derived dates."""

from safeguard.workforce.work import WorkSource, register_source

from .selectors import open_journeys


def _journeys(field: str):
    return lambda children: open_journeys().filter(child__in=children, **{f"{field}__isnull": False})


register_source(
    WorkSource(
        key="adoption-reviews",
        records=_journeys("next_review_due"),
        due="next_review_due",
        kind="Adoption review",
        url_name="adoption:journey",
    )
)
register_source(
    WorkSource(
        key="adoption-visits",
        records=_journeys("next_visit_due"),
        due="next_visit_due",
        kind="Visit to a child placed for adoption",
        url_name="adoption:journey",
    )
)
