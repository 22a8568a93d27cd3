"""Casework work items, from the stored derived deadlines (each a branch of the one work-item query)."""

from django.db.models import Case, CharField, Exists, OuterRef, Value, When

from safeguard.workforce.work import WorkSource, register_source

from .models import Assessment, CINEpisode, CINPlan


def _episodes_awaiting_authorisation(children):
    """Open episodes whose child and family assessment is not yet authorised (complete means authorised)."""
    assessments = Assessment.objects.filter(episode=OuterRef("pk"))
    return CINEpisode.objects.filter(child__in=children, close_date__isnull=True).exclude(
        Exists(assessments.filter(status=Assessment.Status.AUTHORISED))
    )


_SUBMITTED = Exists(Assessment.objects.filter(episode=OuterRef("pk"), status=Assessment.Status.SUBMITTED))

register_source(
    WorkSource(
        key="assessments",
        records=_episodes_awaiting_authorisation,
        due="assessment_due_date",
        kind=Case(
            When(_SUBMITTED, then=Value("Assessment awaiting authorisation")),
            default=Value("Child and family assessment"),
            output_field=CharField(),
        ),
        url_name="casework:episode",
    )
)


def _open_plans(field: str):
    def records(children):
        return CINPlan.objects.filter(child__in=children, end_date__isnull=True, **{f"{field}__isnull": False})

    return records


register_source(
    WorkSource(
        key="cin-visits",
        records=_open_plans("next_visit_due"),
        due="next_visit_due",
        kind="Child in need visit",
        url_name="casework:cin_plan",
    )
)
register_source(
    WorkSource(
        key="cin-reviews",
        records=_open_plans("next_review_due"),
        due="next_review_due",
        kind="Child in need plan review",
        url_name="casework:cin_plan",
    )
)
