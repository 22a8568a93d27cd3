"""The child's page: an enquiry waiting for its conference, the current plan, recent protective orders."""

from django.utils import timezone

from safeguard.people.panels import Panel, register

from .selectors import current_plan, recent_protective_orders, section47_awaiting_conference


def _context(person, user):
    if not person.is_child:
        return None
    today = timezone.localdate()
    section47 = section47_awaiting_conference(person)
    plan = current_plan(person)
    orders = list(recent_protective_orders(person, today))
    # Shown for every child, so the child protection record (and recording a strategy discussion) is one click away.
    return {"section47": section47, "plan": plan, "orders": orders, "today": today}


register(Panel(template="protection/panel.html", context=_context, order=30))
