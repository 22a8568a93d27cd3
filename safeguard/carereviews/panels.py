"""The child's page: next looked-after review, last and next statutory visit, and the IRO (shown while in care)."""

from django.utils import timezone

from safeguard.people.panels import Panel, register

from .models import ReviewSchedule
from .selectors import current_iro_allocation


def _context(person, user):
    if not person.is_child:
        return None
    row = ReviewSchedule.objects.filter(child=person, is_open=True).order_by("-period__start_date").first()
    if row is None:
        return None
    allocation = current_iro_allocation(person)
    return {"schedule": row, "iro": allocation.worker if allocation else None, "today": timezone.localdate()}


register(Panel(template="carereviews/panel.html", context=_context, order=45))
