"""The child's page: leaving care status, personal adviser and what is due (shown only for care leavers)."""

from django.utils import timezone

from safeguard.people.panels import Panel, register

from .eligibility import Category
from .selectors import care_leaver_for, open_pathway_plan, personal_adviser


def _context(person, user):
    if not person.is_child:
        return None
    care_leaver = care_leaver_for(person)
    if care_leaver is None or care_leaver.category == Category.NONE:
        return None
    return {
        "care_leaver": care_leaver,
        "adviser": personal_adviser(person),
        "plan": open_pathway_plan(person),
        "today": timezone.localdate(),
    }


register(Panel(template="careleavers/panel.html", context=_context, order=60))
