"""Education work items: the initial PEP (10 working days into care) and the termly PEP review for each
looked-after child of school age.
"""

from django.urls import reverse
from django.utils import timezone

from safeguard.workforce.work import WorkItem, register

from .schedule import terms_around
from .selectors import open_periods_with_peps, pep_due_for_period


@register
def peps_due(children):
    today = timezone.localdate()
    periods = list(
        open_periods_with_peps()
        .filter(child__in=children)
        .select_related("child")
        .only("id", "start_date", "child__id", "child__first_name", "child__last_name", "child__date_of_birth")
    )
    if not periods:
        return
    terms = terms_around(today)
    for period in periods:
        due = pep_due_for_period(period, today, terms)
        if due is not None:
            yield WorkItem(
                child_id=period.child_id,
                child_name=period.child.full_name,
                kind=due.label,
                due_date=due.due_date,
                url=reverse("education:child", args=[period.child_id]),
            )
