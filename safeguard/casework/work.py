from django.db.models import Exists, OuterRef
from django.urls import reverse_lazy as reverse  # resolved only for the rows a page shows

from safeguard.workforce.work import WorkItem, register

from .models import Assessment, CINEpisode, CINPlan


@register
def assessments_due(children):
    """Open episodes whose child and family assessment is not yet authorised (complete means authorised)."""
    assessments = Assessment.objects.filter(episode=OuterRef("pk"))
    episodes = (
        CINEpisode.objects.filter(child__in=children, close_date__isnull=True)
        .exclude(Exists(assessments.filter(status=Assessment.Status.AUTHORISED)))
        .annotate(awaiting=Exists(assessments.filter(status=Assessment.Status.SUBMITTED)))
        .select_related("child")
        .only("id", "assessment_due_date", "child__id", "child__first_name", "child__last_name")
    )
    for episode in episodes:
        yield WorkItem(
            child_id=episode.child_id,
            child_name=episode.child.full_name,
            kind="Assessment awaiting authorisation" if episode.awaiting else "Child and family assessment",
            due_date=episode.assessment_due_date,
            url=reverse("casework:episode", args=[episode.child_id, episode.pk]),
        )


def _open_plans(children):
    return (
        CINPlan.objects.filter(child__in=children, end_date__isnull=True)
        .select_related("child")
        .only("id", "next_visit_due", "next_review_due", "child__id", "child__first_name", "child__last_name")
    )


@register
def cin_visits_due(children):
    for plan in _open_plans(children).filter(next_visit_due__isnull=False):
        yield WorkItem(
            child_id=plan.child_id,
            child_name=plan.child.full_name,
            kind="Child in need visit",
            due_date=plan.next_visit_due,
            url=reverse("casework:cin_plan", args=[plan.child_id, plan.pk]),
        )


@register
def cin_reviews_due(children):
    for plan in _open_plans(children).filter(next_review_due__isnull=False):
        yield WorkItem(
            child_id=plan.child_id,
            child_name=plan.child.full_name,
            kind="Child in need plan review",
            due_date=plan.next_review_due,
            url=reverse("casework:cin_plan", args=[plan.child_id, plan.pk]),
        )
