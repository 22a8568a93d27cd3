from django.urls import reverse

from safeguard.workforce.work import WorkItem, register

from .models import CINEpisode


@register
def assessments_due(children):
    """Open episodes whose child and family assessment is still to be completed."""
    episodes = (
        CINEpisode.objects.filter(child__in=children, close_date__isnull=True)
        .select_related("child")
        .only("id", "assessment_due_date", "child__id", "child__first_name", "child__last_name")
    )
    for episode in episodes:
        yield WorkItem(
            child_id=episode.child_id,
            child_name=episode.child.full_name,
            kind="Child and family assessment",
            due_date=episode.assessment_due_date,
            url=reverse("people:detail", args=[episode.child_id]),
        )
