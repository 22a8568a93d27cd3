"""Children in need episodes (ssd_cin_episodes): a referral opens one; closure ends it."""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import AssessmentFactor, PrimaryNeed, ReasonForClosure, ReferralSource


class CINEpisode(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_episodes")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, default=PrimaryNeed.NOT_STATED)
    referral_nfa = models.BooleanField("referral: no further action", default=False)
    # Derived when the episode opens: a referral within 12 months of the child's previous one (DfE).
    is_re_referral = models.BooleanField(default=False)
    previous_referral_date = models.DateField(null=True, blank=True)
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="cin_episodes")
    # Derived by the rule table (assessment-completion, 45 working days from the referral).
    assessment_due_date = models.DateField()
    close_date = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=3, choices=ReasonForClosure.choices, blank=True)
    opened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referral_date"]
        indexes = [
            models.Index(fields=["child", "referral_date"]),
            models.Index(fields=["team", "close_date"]),
            models.Index(fields=["referral_date"]),
            models.Index(fields=["close_date", "assessment_due_date"]),
        ]

    def __str__(self) -> str:
        return f"CIN episode from {self.referral_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.close_date is None


class Assessment(models.Model):
    """A child and family assessment (ssd_cin_assessments). Complete means authorised by a manager."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted for authorisation"
        AUTHORISED = "authorised", "Authorised"

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "nfa", "No further action"
        EARLY_HELP = "early_help", "Step down to early help"
        CIN_PLAN = "cin_plan", "Child in need plan"
        STRATEGY = "strategy", "Strategy discussion / section 47 enquiry"
        LOOKED_AFTER = "looked_after", "Become looked after"
        OTHER = "other", "Other services"

    episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="assessments")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    start_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    # Why it is late, required when submitted after the 45-working-day deadline.
    late_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # CIN census AssessmentAuthorisationDate: the day a manager authorised it.
    authorised_date = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["child", "status"]),
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["authorised_date"]),
        ]


class AssessmentChildSeen(models.Model):
    """A day the child was seen during the assessment, and whether alone."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="child_seen")
    seen_on = models.DateField()
    seen_alone = models.BooleanField(default=False)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["seen_on"]


class AssessmentFactorIdentified(models.Model):
    """ssd_assessment_factors: one DfE factor code identified at assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=3, choices=AssessmentFactor.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="unique_factor_per_assessment")]


class CINPlan(models.Model):
    """A child in need plan (ssd_cin_plans) with its visit interval and derived next visit and review."""

    episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="cin_plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Working days between visits; the default comes from the rule table (cin-visit), the plan may set its own.
    visit_interval_working_days = models.PositiveSmallIntegerField()
    next_visit_due = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["end_date", "next_visit_due"]),
            models.Index(fields=["child", "end_date"]),
        ]


class CINPlanVisit(models.Model):
    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="visits")
    visit_date = models.DateField()
    child_seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField(default=False)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-visit_date"]


class CINPlanReview(models.Model):
    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-review_date"]
