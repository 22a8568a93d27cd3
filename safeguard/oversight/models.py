"""Case notes, manager decisions (approvals and oversight) and supervision. Each appears in the chronology."""

from django.db import models
from simple_history.models import HistoricalRecords


class CaseNote(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        PHONE_CALL = "phone", "Phone call"
        MEETING = "meeting", "Meeting"
        SUPERVISION = "supervision", "Supervision"
        MANAGEMENT_OVERSIGHT = "oversight", "Management oversight decision"
        OTHER = "other", "Other"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_notes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    text = models.TextField()
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["child", "kind", "occurred_at"])]


class ManagerDecision(models.Model):
    """An approval, a return for more work, or an oversight direction, by a manager, about one record."""

    class Kind(models.TextChoices):
        ASSESSMENT_AUTHORISATION = "assessment", "Assessment authorisation"
        CLOSURE = "closure", "Case closure"
        PLAN = "plan", "Plan"
        OVERSIGHT = "oversight", "Management oversight"

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for more work"
        DIRECTION = "direction", "Direction given"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="manager_decisions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField()
    # The record decided on, e.g. ("casework.assessment", 42); blank for general oversight.
    subject_model = models.CharField(max_length=60, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["child", "decided_at"]), models.Index(fields=["decided_at"])]


class SupervisionRecord(models.Model):
    """A supervision session between a manager and a worker, with a decision per child discussed."""

    worker = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]


class SupervisionChild(models.Model):
    supervision = models.ForeignKey(SupervisionRecord, on_delete=models.CASCADE, related_name="children")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.TextField()
