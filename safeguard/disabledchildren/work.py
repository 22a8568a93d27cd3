"""Work item: the first service for a disabled child, due at the threshold (rule disabled-first-service)."""

from django.urls import reverse

from safeguard.workdays.deadlines import apply_rule, get_rule
from safeguard.workforce.work import WorkItem, register

from .selectors import RULE, episodes_without_request, waiting_qs

KIND = "First service for disabled child"
CHILD = ("child__id", "child__first_name", "child__last_name")


@register
def first_services_due(children):
    """Requests still waiting, due at their stored first_service_due."""
    waiting = waiting_qs().filter(child__in=children).select_related("child").only("id", "first_service_due", *CHILD)
    for service in waiting:
        yield WorkItem(
            child_id=service.child_id,
            child_name=service.child.full_name,
            kind=KIND,
            due_date=service.first_service_due,
            url=reverse("disabledchildren:service", args=[service.child_id, service.pk]),
        )


@register
def first_services_not_requested(children):
    """Open episodes in the disabled children's service with no request yet: due the threshold after referral."""
    episodes = (
        episodes_without_request()
        .filter(child__in=children)
        .select_related("child")
        .only("id", "referral_date", *CHILD)
    )
    rule = None
    for episode in episodes:
        rule = rule or get_rule(RULE)
        yield WorkItem(
            child_id=episode.child_id,
            child_name=episode.child.full_name,
            kind=KIND,
            due_date=apply_rule(rule, episode.referral_date),
            url=reverse("disabledchildren:child", args=[episode.child_id]),
        )
