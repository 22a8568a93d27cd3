"""Work items for care leavers: needs assessment, pathway plan review, personal adviser contact, birthday record.

Due dates are the stored derived columns; each provider is one query.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from safeguard.workforce.work import WorkItem, register

from .eligibility import Category
from .models import CareLeaver, PathwayPlan

_FIELDS = ("id", "child__id", "child__first_name", "child__last_name")
# A birthday record shows from when its contact window opens (3 months before the birthday).
BIRTHDAY_NOTICE = relativedelta(months=3)


def _care_leavers(children):
    return CareLeaver.objects.filter(child__in=children).exclude(category=Category.NONE).select_related("child")


def _item(child, kind: str, due: dt.date) -> WorkItem:
    return WorkItem(
        child_id=child.pk,
        child_name=child.full_name,
        kind=kind,
        due_date=due,
        url=reverse("careleavers:child", args=[child.pk]),
    )


@register
def needs_assessments_due(children):
    rows = _care_leavers(children).filter(
        needs_assessment_completed_on__isnull=True, needs_assessment_due__isnull=False
    )
    for cl in rows.only(*_FIELDS, "needs_assessment_due"):
        yield _item(cl.child, "Leaving care needs assessment", cl.needs_assessment_due)


@register
def pa_contacts_due(children):
    for cl in _care_leavers(children).filter(next_pa_contact_due__isnull=False).only(*_FIELDS, "next_pa_contact_due"):
        yield _item(cl.child, "Personal adviser contact", cl.next_pa_contact_due)


@register
def birthday_contacts_due(children):
    horizon = timezone.localdate() + BIRTHDAY_NOTICE
    rows = _care_leavers(children).filter(next_birthday_contact_due__lte=horizon)
    for cl in rows.only(*_FIELDS, "next_birthday_contact_due"):
        yield _item(cl.child, "Birthday contact (care leaver)", cl.next_birthday_contact_due)


@register
def pathway_reviews_due(children):
    plans = (
        PathwayPlan.objects.filter(child__in=children, end_date__isnull=True, next_review_due__isnull=False)
        .select_related("child")
        .only(*_FIELDS, "next_review_due")
    )
    for plan in plans:
        yield _item(plan.child, "Pathway plan review", plan.next_review_due)
