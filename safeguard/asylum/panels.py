"""The child's page: the UASC record, current immigration status and latest age assessment.

Shown for children with a UASC record, or flagged as UASC but not yet recorded (so recording is one click away).
"""

from safeguard.people.models import PersonFlag
from safeguard.people.panels import Panel, register

from .models import UASCRecord
from .selectors import current_immigration_status, latest_age_assessment


def _context(person, user):
    if not person.is_child:
        return None
    record = UASCRecord.objects.filter(child=person).first()
    if record is None:
        flagged = PersonFlag.objects.filter(person=person, type=PersonFlag.Type.UASC, end_date__isnull=True).exists()
        return {"record": None, "status": None, "assessment": None} if flagged else None
    return {
        "record": record,
        "status": current_immigration_status(person),
        "assessment": latest_age_assessment(person),
    }


register(Panel(template="asylum/panel.html", context=_context, order=35))
