"""Missing and away episodes and return-home interviews (SSDA903 Missing; SSD ssd_missing).

An episode is a child missing (M) or away from placement without authorisation (A), from home, a care
placement or elsewhere. After every return an independent person offers a return-home interview, carried
out within 72 hours of the return (DfE 2014 statutory guidance on children who go missing; rule
`missing-rhi`). Three or more episodes starting within 30 days (`RepeatMissingPolicy`) call for a strategy
meeting (`RepeatMissingStrategyMeeting`).
"""

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import MissingType


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class MissingEpisode(models.Model):
    class MissingFrom(models.TextChoices):
        HOME = "home", "Home"
        CARE_PLACEMENT = "care", "Care placement"
        OTHER = "other", "Somewhere else"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="missing_episodes")
    missing_type = models.CharField(max_length=1, choices=MissingType.choices)
    missing_from = models.CharField(max_length=5, choices=MissingFrom.choices)
    start_at = models.DateTimeField()
    # Null while the child is still missing.
    end_at = models.DateTimeField(null=True, blank=True)
    reported_to_police = models.BooleanField(default=False)
    police_reference = models.CharField(max_length=40, blank=True)
    where_found = models.CharField(max_length=200, blank=True)
    risk_level = models.CharField(max_length=6, choices=RiskLevel.choices)
    notes = models.TextField(blank=True)
    # Derived on return: the date the 72 hours (rule missing-rhi) run out; drives the work item.
    rhi_due_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_at"]
        indexes = [
            models.Index(fields=["child", "start_at"]),
            models.Index(fields=["start_at"]),
            models.Index(fields=["end_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_missing_type_display()} from {self.start_at:%d %b %Y %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.end_at is None


class ReturnHomeInterview(models.Model):
    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    episode = models.OneToOneField(MissingEpisode, on_delete=models.PROTECT, related_name="return_interview")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="return_interviews")
    offered_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(max_length=8, choices=Response.choices, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # An independent person: not the child's social worker or carer.
    interviewer = models.CharField(max_length=120, blank=True)
    interviewer_organisation = models.CharField(max_length=120, blank=True)
    key_findings = models.TextField(blank=True)
    exploitation_concerns = models.BooleanField(default=False)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["completed_at"])]


class RepeatMissingPolicy(models.Model):
    """The authority's repeat-missing trigger (local practice): N episodes starting within D days.

    One row, edited in the admin; `current()` gives the defaults when nobody has saved one.
    """

    episodes = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(2)])
    window_days = models.PositiveSmallIntegerField(default=30, validators=[MinValueValidator(1)])
    # How far back the at-risk queue looks for an unanswered trigger.
    lookback_days = models.PositiveSmallIntegerField(default=365, validators=[MinValueValidator(30)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = "repeat missing policy"
        verbose_name_plural = "repeat missing policy"

    def __str__(self) -> str:
        return f"{self.episodes} or more episodes within {self.window_days} days"

    @classmethod
    def current(cls) -> "RepeatMissingPolicy":
        return cls.objects.order_by("pk").first() or cls()


class RepeatMissingStrategyMeeting(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="repeat_missing_meetings")
    held_on = models.DateField()
    outcome = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["child", "held_on"])]
