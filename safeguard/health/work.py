"""Health work items for children currently looked after: the initial or review health assessment, and once a
child has been looked after for 12 months the annual dental check and (ages 4-16) the SDQ.
"""

from django.urls import reverse
from django.utils import timezone

from safeguard.workforce.work import WorkItem, register

from .selectors import due_for_period, open_periods_with_health


@register
def health_checks_due(children):
    today = timezone.localdate()
    periods = (
        open_periods_with_health()
        .filter(child__in=children)
        .select_related("child")
        .only("id", "start_date", "child__id", "child__first_name", "child__last_name", "child__date_of_birth")
    )
    for period in periods:
        url = reverse("health:child", args=[period.child_id])
        for due in due_for_period(period, today):
            yield WorkItem(
                child_id=period.child_id,
                child_name=period.child.full_name,
                kind=due.kind,
                due_date=due.due_date,
                url=url,
            )
