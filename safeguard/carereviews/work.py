"""Looked-after review, statutory visit and IRO contact work items, from the stored schedule (one query per provider).

A provider cannot tell who is asking, so the IRO contact item shows on the child for everyone allocated (the kind
names whose it is); on an IRO's My work it is the IRO's own to do.
"""

from django.urls import reverse

from safeguard.workforce.work import WorkItem, register

from .selectors import open_schedules_qs

CHILD = ("child__id", "child__first_name", "child__last_name")


def _schedules(children, field: str):
    return (
        open_schedules_qs()
        .filter(child__in=children, **{f"{field}__isnull": False})
        .select_related("child")
        .only("id", field, *CHILD)
    )


def _item(row, kind: str, due) -> WorkItem:
    url = reverse("carereviews:child", args=[row.child_id])
    return WorkItem(child_id=row.child_id, child_name=row.child.full_name, kind=kind, due_date=due, url=url)


@register
def looked_after_reviews_due(children):
    for row in _schedules(children, "next_review_due"):
        yield _item(row, "Looked-after review", row.next_review_due)


@register
def looked_after_visits_due(children):
    for row in _schedules(children, "next_visit_due"):
        yield _item(row, "Statutory visit (looked after)", row.next_visit_due)


@register
def iro_contacts_due(children):
    """The IRO's next contact with the child (CPPCR 2010 reg 36; the interval is the authority's rule)."""
    for row in _schedules(children, "next_iro_contact_due"):
        yield _item(row, "IRO contact with the child", row.next_iro_contact_due)
