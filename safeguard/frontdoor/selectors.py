"""The front-door queue and contact reads, limited to what the viewer may see."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from safeguard.access.selectors import person_for_viewer, visible_people

from .models import Contact, Rag


def front_door_queue(viewer) -> QuerySet[Contact]:
    """Undecided contacts: red first, then amber, then green; within each, the earliest deadline first."""
    rag_rank = Case(
        When(rag=Rag.RED, then=Value(0)),
        When(rag=Rag.AMBER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Contact.objects.filter(decision__isnull=True, child__in=visible_people(viewer))
        .select_related("child")
        .prefetch_related("reasons")
        .annotate(rag_rank=rag_rank)
        .order_by("rag_rank", "decision_due_date", "received_at")
    )


def contact_for_viewer(request, contact_id: int, *, what: str) -> Contact:
    """A contact is part of its child's record: the child's visibility decides, and the view is audited."""
    child_id = Contact.objects.filter(pk=contact_id).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Http404("No such contact")
    person_for_viewer(request, child_id, what=what)
    return (
        Contact.objects.select_related("child", "recorded_by")
        .prefetch_related("reasons", "adults__person")
        .get(pk=contact_id)
    )
