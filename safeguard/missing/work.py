"""Missing work items: the return-home interview, due 72 hours after the child's return (its date part)."""

from django.urls import reverse
from django.utils import timezone

from safeguard.workforce.work import WorkItem, register

from .selectors import interviews_outstanding


@register
def return_interviews_due(children):
    episodes = (
        interviews_outstanding(children, timezone.localdate())
        .select_related("child")
        .only("id", "rhi_due_date", "child__id", "child__first_name", "child__last_name")
    )
    for episode in episodes:
        yield WorkItem(
            child_id=episode.child_id,
            child_name=episode.child.full_name,
            kind="Return home interview",
            due_date=episode.rhi_due_date,
            url=reverse("missing:episode", args=[episode.child_id, episode.pk]),
        )
