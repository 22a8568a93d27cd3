"""The child's page: pre-proceedings under way (or the latest) and a current deprivation of liberty order,
with the link to the legal page where they are recorded (shown for every child, so recording the first one is
one click away)."""

from safeguard.people.panels import Panel, register

from .selectors import current_order, orders_for, pre_proceedings_for


def _context(person, user):
    if not person.is_child:
        return None
    latest = pre_proceedings_for(person).first()
    order = current_order(person) or orders_for(person).first()
    return {"pre_proceedings": latest, "order": order}


register(Panel(template="legal/panel.html", context=_context, order=40))
