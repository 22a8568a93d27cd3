"""One event stream. Every domain appends to it; each child's chronology is a filtered read of it."""

from django.db import models


class Category(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door"
    REFERRAL = "referral", "Referral and episode"
    ALLOCATION = "allocation", "Allocation"
    PERSON = "person", "Personal details"
    ASSESSMENT = "assessment", "Assessment"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    LOOKED_AFTER = "looked_after", "Looked after"
    MISSING = "missing", "Missing"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    EXPLOITATION = "exploitation", "Exploitation"
    ASYLUM = "asylum", "Unaccompanied asylum-seeking child"
    DISABILITY = "disability", "Disabled children's services"
    CARE_LEAVER = "care_leaver", "Leaving care"
    ADOPTION = "adoption", "Adoption and permanence"
    MANAGEMENT = "management", "Management oversight and approval"
    NOTE = "note", "Case note"


class Event(models.Model):
    """Something that happened to or about a child, recorded once, in the order it happened."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField()
    category = models.CharField(max_length=20, choices=Category.choices)
    # Dotted kind, e.g. "contact.received", "contact.decided", "referral.opened"; later features add kinds.
    kind = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The record the event came from, so the chronology links to it ("frontdoor.contact", 123).
    source_model = models.CharField(max_length=60, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["child", "occurred_at"]),
            models.Index(fields=["kind", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d %b %Y}: {self.summary}"
