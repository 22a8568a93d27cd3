"""The child's page: for a looked-after child, which health checks are due or overdue."""

from django.utils import timezone

from safeguard.people.panels import Panel, register

from .selectors import health_due


def _context(person, user):
    if not person.is_child:
        return None
    today = timezone.localdate()
    period, due = health_due(person, today)
    if period is None:
        return None
    return {"period": period, "due": due, "today": today}


register(Panel(template="health/panel.html", context=_context, order=50))
