"""The child's page: the PEP due for a looked-after child, and any record of missing education."""

from django.utils import timezone

from safeguard.people.panels import Panel, register

from .models import ChildMissingEducation
from .selectors import pep_due


def _context(person, user):
    if not person.is_child:
        return None
    today = timezone.localdate()
    period, due = pep_due(person, today)
    cme = ChildMissingEducation.objects.filter(child=person).order_by("-reported_date", "-id").first()
    return {"period": period, "pep": due, "cme": cme, "today": today}


register(Panel(template="education/panel.html", context=_context, order=55))
