"""Adoption work items: the statutory reviews and visits (AAR 2005 reg 36), from the stored derived dates."""

from django.urls import reverse

from safeguard.workforce.work import WorkItem, register

from .selectors import open_journeys

CHILD = ("child__id", "child__first_name", "child__last_name")


def _items(children, field: str, kind: str):
    journeys = (
        open_journeys()
        .filter(child__in=children, **{f"{field}__isnull": False})
        .select_related("child")
        .only("id", field, *CHILD)
    )
    for journey in journeys:
        url = reverse("adoption:journey", args=[journey.child_id, journey.pk])
        yield WorkItem(
            child_id=journey.child_id,
            child_name=journey.child.full_name,
            kind=kind,
            due_date=getattr(journey, field),
            url=url,
        )


@register
def adoption_reviews_due(children):
    return _items(children, "next_review_due", "Adoption review")


@register
def adoption_visits_due(children):
    return _items(children, "next_visit_due", "Visit to a child placed for adoption")
