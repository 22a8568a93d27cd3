"""The child's page: the adoption journey (status, A1/A2 against the thresholds, next review and visit)."""

from django.utils import timezone

from safeguard.lac.models import CarePeriod
from safeguard.people.panels import Panel, register

from .models import PermanenceOrder
from .selectors import a1_days, a1_threshold, a2_days, a2_threshold, current_journey


def _context(person, user):
    if not person.is_child:
        return None
    journey = current_journey(person)
    order = None
    if journey is None:
        order = PermanenceOrder.objects.filter(child=person).order_by("-order_date").first()
        # Shown to children with an adoption or permanence record, and to looked-after children (so the ADM
        # decision or a special guardianship order is one click away); hidden for everyone else.
        if order is None and not CarePeriod.objects.filter(child=person, end_date__isnull=True).exists():
            return None
    return {
        "journey": journey,
        "order": order,
        "a1": a1_days(journey) if journey else None,
        "a2": a2_days(journey) if journey else None,
        "a1_threshold": a1_threshold(),
        "a2_threshold": a2_threshold(),
        "today": timezone.localdate(),
    }


register(Panel(template="adoption/panel.html", context=_context, order=65))
