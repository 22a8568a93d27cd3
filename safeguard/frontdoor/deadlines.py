from django.utils import timezone

from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import Contact

register(
    DerivedDeadline(
        model=Contact,
        field="decision_due_date",
        rule_code="contact-decision",
        anchor=lambda contact: timezone.localdate(contact.received_at),
        open_rows=lambda: Contact.objects.filter(decision__isnull=True),
    )
)
