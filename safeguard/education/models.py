"""Education of children looked after (personal education plans, virtual school notes) and children missing
education (any child).

School terms are a table, not code: the PEP review is due in each term, and authorities' term dates differ, so
an administrator edits them in the admin (seeded 2019-2028 with typical English term dates).
"""

from django.db import models
from simple_history.models import HistoricalRecords


class SchoolTerm(models.Model):
    name = models.CharField(max_length=60, help_text="For example: Autumn term 2026")
    start_date = models.DateField()
    end_date = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="term_ends_after_start"
            ),
            models.UniqueConstraint(fields=["start_date"], name="unique_term_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date:%d %b %Y} to {self.end_date:%d %b %Y})"


class PersonalEducationPlan(models.Model):
    """A PEP meeting: the initial plan (within 10 working days of entering care) or a termly review."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial personal education plan"
        REVIEW = "review", "Personal education plan review"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="peps")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    meeting_date = models.DateField()
    school = models.CharField(max_length=200)
    school_urn = models.CharField("school URN", max_length=10, blank=True)
    designated_teacher = models.CharField(max_length=200, blank=True)
    targets = models.TextField("targets and support agreed", blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting_date", "-id"]
        verbose_name = "personal education plan"
        indexes = [models.Index(fields=["child", "kind", "meeting_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.meeting_date:%d %b %Y}"


class VirtualSchoolNote(models.Model):
    """A note from the virtual school head's team about a looked-after child's education."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="virtual_school_notes")
    note_date = models.DateField()
    note = models.TextField()
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-note_date", "-id"]
        indexes = [models.Index(fields=["child", "note_date"])]


class ChildMissingEducation(models.Model):
    """A child of compulsory school age not on a school roll nor receiving suitable education (Education Act 1996
    s436A), from the report to the day they are found or the case is closed. For any child, not only looked after.
    """

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        TRACING = "tracing", "Being traced"
        FOUND_EDUCATION = "found_education", "Found: back in education"
        FOUND_OTHER = "found_other", "Found: other outcome"
        CLOSED = "closed", "Closed"

    class Reason(models.TextChoices):
        REMOVED_FROM_ROLL = "removed", "Removed from roll with no known destination"
        MOVED_AWAY = "moved", "Moved away, address not known"
        NEVER_STARTED = "not_started", "Never started at the school offered"
        ABSENCE = "absence", "Prolonged unexplained absence"
        HOME_EDUCATION = "home_education", "Concerns about elective home education"
        EXCLUDED = "excluded", "Excluded with no alternative provision"
        OTHER = "other", "Other"

    OPEN_STATUSES = (Status.REPORTED, Status.TRACING)

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="missing_education")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REPORTED)
    reported_date = models.DateField()
    school = models.CharField("last known school", max_length=200, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    # The day the child was found or the case was closed; empty while open.
    resolved_date = models.DateField("date found or closed", null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_date", "-id"]
        verbose_name = "child missing education"
        verbose_name_plural = "children missing education"
        indexes = [
            models.Index(fields=["status", "reported_date"]),
            models.Index(fields=["child", "status"]),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
