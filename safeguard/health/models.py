"""Health of children looked after (SSD ssd_cla_health, ssd_cla_immunisations, ssd_sdq_scores,
ssd_cla_substance_misuse, ssd_cla_convictions; SSDA903 OC2).

Records are what happened (an assessment on a day, a dental check...). What is due next is derived from the
rule table and the child's current care period (`schedule.py`), so nothing here stores a typed-in deadline.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import SDQReason


class HealthAssessment(models.Model):
    """ssd_cla_health: a statutory health assessment (CPPCR 2010 reg 7)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial health assessment"
        REVIEW = "review", "Review health assessment"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="health_assessments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    assessment_date = models.DateField()
    # Who carried it out (a paediatrician, a looked-after children's nurse...), as written on the report.
    assessed_by = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessment_date", "-id"]
        indexes = [models.Index(fields=["child", "kind", "assessment_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.assessment_date:%d %b %Y}"


class DentalCheck(models.Model):
    """ssd_cla_health (dental): SSDA903 OC2 TEETH_CHECK counts one in the year."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="dental_checks")
    check_date = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-check_date", "-id"]
        indexes = [models.Index(fields=["child", "check_date"])]


class ImmunisationStatus(models.Model):
    """ssd_cla_immunisations: whether the child's immunisations were up to date on a day."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="immunisation_statuses")
    status_date = models.DateField()
    up_to_date = models.BooleanField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-status_date", "-id"]
        indexes = [models.Index(fields=["child", "status_date"])]


class SDQScore(models.Model):
    """ssd_sdq_scores: a Strengths and Difficulties Questionnaire total (0-40), or the SSDA903 reason for none."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sdq_scores")
    completed_date = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField("reason there is no score", max_length=4, choices=SDQReason.choices, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_date", "-id"]
        indexes = [models.Index(fields=["child", "completed_date"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(score__isnull=False, score__lte=40, reason="") | models.Q(score__isnull=True))
                & ~models.Q(score__isnull=True, reason=""),
                name="sdq_score_0_to_40_or_reason",
            )
        ]


class SubstanceMisuse(models.Model):
    """ssd_cla_substance_misuse: a substance misuse problem identified, and whether an intervention followed."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="substance_misuse")
    identified_date = models.DateField()
    substance = models.CharField(max_length=200, blank=True)
    intervention_offered = models.BooleanField(default=False)
    intervention_received = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-identified_date", "-id"]
        verbose_name_plural = "substance misuse"
        indexes = [models.Index(fields=["child", "identified_date"])]


class Conviction(models.Model):
    """ssd_cla_convictions: a conviction or final warning/reprimand (SSDA903 OC2 CONVICTED)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="convictions")
    conviction_date = models.DateField()
    offence = models.CharField(max_length=300)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-conviction_date", "-id"]
        indexes = [models.Index(fields=["child", "conviction_date"])]
