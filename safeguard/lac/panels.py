"""The child's page: "Looked after since … in … placement", or the last period of care."""

from django.utils import timezone

from safeguard.people.panels import Panel, register

from .models import CarePeriod


def _context(person, user):
    if not person.is_child:
        return None
    # Shown for every child, so the care record (and starting care) is one click away.
    period = CarePeriod.objects.filter(child=person).order_by("-start_date", "-pk").first()
    is_open = period is not None and period.is_open
    placement = period.placements.order_by("-start_date", "-pk").first() if is_open else None
    today = timezone.localdate()
    care_plan_overdue = (
        is_open and period.care_plan_due is not None and period.care_plan_due < today and not period.care_plans.exists()
    )
    return {"period": period, "placement": placement, "care_plan_overdue": care_plan_overdue, "today": today}


register(Panel(template="lac/panel.html", context=_context, order=40))
