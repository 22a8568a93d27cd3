"""Grants and the append-only record of who saw which child."""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AppendOnlyError(RuntimeError):
    pass


class AccessEvent(models.Model):
    """One row per request that showed, listed or exported a child's record. Never updated or deleted."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        LIST = "list", "Listed"
        SEARCH = "search", "Search result"
        EXPORT = "export", "Exported"

    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="access_events")
    role = models.CharField(max_length=20)
    action = models.CharField(max_length=10, choices=Action.choices)
    # What was looked at, e.g. "child record", "chronology", "front-door queue".
    what = models.CharField(max_length=100)
    path = models.CharField(max_length=500)
    occurred_at = models.DateTimeField(default=timezone.now)
    # The inspector grant the access relied on, when it relied on one.
    grant = models.ForeignKey("InspectorGrant", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The single child viewed (null for list and export events, whose children are in AccessEventChild).
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["child", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Access events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access events are append-only")


class AccessEventChild(models.Model):
    """The children a list or export showed; a single view also has its child here, so one join answers all."""

    event = models.ForeignKey(AccessEvent, on_delete=models.PROTECT, related_name="children")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["child", "occurred_at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Access events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access events are append-only")


class InspectorGrant(models.Model):
    """A time window in which an inspector account may read every (unrestricted) record."""

    inspector = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="inspector_grants")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200)
    granted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="grant_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.inspector}: {self.starts_at:%d %b %Y %H:%M} – {self.ends_at:%d %b %Y %H:%M}"

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.starts_at <= at < self.ends_at


class RestrictedAccessPermit(models.Model):
    """Names a user who may see a restricted person's record (and everything linked to it)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="restriction_permits")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="restriction_permits")
    granted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "user"], name="one_permit_per_person_user")]
