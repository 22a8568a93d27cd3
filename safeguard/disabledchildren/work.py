"""Work item: the first service for a disabled child, due at the threshold (rule disabled-first-service)."""

from django.urls import reverse

from safeguard.workdays.deadlines import apply_rule, get_rule
from safeguard.workforce.work import WorkItem, WorkSource, register, register_source

from .selectors import RULE, episodes_without_request, waiting_qs

KIND = "First service for disabled child"
CHILD = ("child__id", "child__first_name", "child__last_name")


# Requests still waiting, due at their stored first_service_due.
register_source(
    WorkSource(
        key="first-services",
        records=lambda children: waiting_qs().filter(child__in=children, first_service_due__isnull=False),
        due="first_service_due",
        kind=KIND,
        url_name="disabledchildren:service",
    )
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
