"""The child's page: disabled children's services (for children with a disability, a request or a DC episode)."""

from django.utils import timezone

from safeguard.codelists import Disability
from safeguard.people.panels import Panel, register

from .models import DisabledChildrenService


def _context(person, user):
    if not person.is_child:
        return None
    services = list(DisabledChildrenService.objects.filter(child=person).order_by("-referral_date", "-id")[:5])
    if not services and not person.disabilities.exclude(code=Disability.NONE).exists():
        return None
    return {"services": services, "today": timezone.localdate()}


register(Panel(template="disabledchildren/panel.html", context=_context, order=36))
