"""Services for disabled children and how long children wait for them.

A `DisabledChildrenService` is one request for a service (short breaks, direct payments...): the referral date is the
children in need episode's referral date or the date the request was made; then the decision, the first day the
service was provided and its end. Waiting time is referral → first service start. The date the first service is due
(`first_service_due`, rule disabled-first-service) is derived and stored, and re-derived when the rule changes.
Disabilities themselves are `people.PersonDisability` rows (DfE codes).
"""

import datetime as dt

from django.db import models
from simple_history.models import HistoricalRecords


class DisabledChildrenService(models.Model):
    class Kind(models.TextChoices):
        SHORT_BREAKS = "short_breaks", "Short breaks"
        DIRECT_PAYMENTS = "direct_payments", "Direct payments"
        SPECIALIST_ASSESSMENT = "specialist", "Specialist assessment"
        EQUIPMENT = "equipment", "Equipment or adaptations"
        PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
        OTHER = "other", "Other"

    class Decision(models.TextChoices):
        AGREED = "agreed", "Agreed"
        DECLINED = "declined", "Not agreed"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="disabled_children_services")
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, null=True, blank=True, related_name="disabled_services"
    )
    kind = models.CharField("Service", max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=200, blank=True)
    # The episode's referral date, or the date the request was made when there is no episode.
    referral_date = models.DateField()
    # Derived: rule disabled-first-service from the referral date. Drives the work item and the waiting queue.
    first_service_due = models.DateField()
    decision = models.CharField(max_length=8, choices=Decision.choices, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    first_service_start = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referral_date", "-id"]
        indexes = [
            models.Index(fields=["first_service_start", "first_service_due"]),
            models.Index(fields=["child", "referral_date"]),
            models.Index(fields=["first_service_start", "referral_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} requested {self.referral_date:%d %b %Y}"

    @property
    def is_waiting(self) -> bool:
        """Still waiting for the first service: not started, not declined, not withdrawn."""
        return self.first_service_start is None and self.decision != self.Decision.DECLINED and self.end_date is None

    def waiting_days(self, today: dt.date) -> int:
        """Calendar days from referral to the first service (or to today while still waiting)."""
        return ((self.first_service_start or today) - self.referral_date).days
