"""Unaccompanied asylum-seeking children (SSDA903 UASC table; SSD ssd_immigration_status).

`UASCRecord` says when and how the child came to the authority as an unaccompanied asylum-seeking child and, once
recorded, the date they ceased to be one (SSDA903 DUC). `AgeAssessment` records each age assessment (and, when it
changes the date of birth, the person's date of birth is changed through the people service). `ImmigrationStatus`
is the status history: the current status is the open one, and only one is open at a time.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class UASCRecord(models.Model):
    class ArrivalRoute(models.TextChoices):
        NTS_TRANSFER_IN = "nts_in", "National Transfer Scheme transfer in"
        SPONTANEOUS = "spontaneous", "Spontaneous arrival in the authority"
        PORT_OF_ENTRY = "port", "Port of entry"
        OTHER = "other", "Other"

    class CeasedReason(models.TextChoices):
        REACHED_18 = "18", "Reached 18"
        STATUS_GRANTED = "status", "Immigration status granted"
        ASSESSED_ADULT = "adult", "Age assessed as 18 or over"
        LEFT_AUTHORITY = "left", "Transferred or left the authority"
        OTHER = "other", "Other"

    child = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="uasc_record")
    # When the child became UASC here: arrival, or the asylum claim if that came first.
    became_uasc_on = models.DateField()
    arrival_route = models.CharField(max_length=12, choices=ArrivalRoute.choices)
    nts_from_authority = models.CharField("Transferring authority (NTS)", max_length=100, blank=True)
    nts_referral_date = models.DateField("NTS referral date", null=True, blank=True)
    nts_transfer_date = models.DateField("NTS transfer date", null=True, blank=True)
    # SSDA903 DUC: recorded by a practitioner (the page suggests the 18th birthday), never guessed by the system.
    ceased_on = models.DateField("Date ceased to be UASC", null=True, blank=True)
    ceased_reason = models.CharField(max_length=6, choices=CeasedReason.choices, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "UASC record"
        indexes = [models.Index(fields=["ceased_on"]), models.Index(fields=["became_uasc_on"])]

    def __str__(self) -> str:
        return f"UASC from {self.became_uasc_on:%d %b %Y}"

    @property
    def is_current(self) -> bool:
        return self.ceased_on is None


class AgeAssessment(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Age accepted"
        OLDER = "older", "Assessed as older than claimed"
        YOUNGER = "younger", "Assessed as younger than claimed"
        DISPUTED = "disputed", "Age disputed (assessment challenged)"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="age_assessments")
    assessed_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    assessed_date_of_birth = models.DateField(null=True, blank=True)
    # The date of birth before this assessment, kept so a later challenge can see what changed.
    previous_date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_changed = models.BooleanField(default=False)
    merton_compliant = models.BooleanField("Merton-compliant")
    assessed_by = models.CharField(max_length=200)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["child", "assessed_on"])]


class ImmigrationStatus(models.Model):
    class Status(models.TextChoices):
        CLAIM_LODGED = "claim_lodged", "Asylum claim lodged"
        AWAITING_DECISION = "awaiting", "Awaiting Home Office decision"
        REFUGEE = "refugee", "Refugee status"
        HUMANITARIAN_PROTECTION = "humanitarian", "Humanitarian protection"
        DISCRETIONARY_LEAVE = "discretionary", "Discretionary leave"
        UASC_LEAVE = "uasc_leave", "UASC leave"
        REFUSED_APPEAL_RIGHTS = "refused", "Refused: appeal rights"
        APPEAL_PENDING = "appeal", "Appeal pending"
        APPEAL_RIGHTS_EXHAUSTED = "are", "Appeal rights exhausted"
        BRITISH_CITIZEN = "british", "British citizen"
        EU_SETTLED = "eu_settled", "EU settled status"
        OTHER = "other", "Other"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="immigration_statuses")
    status = models.CharField(max_length=14, choices=Status.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    home_office_reference = models.CharField(max_length=30, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "immigration status"
        verbose_name_plural = "immigration statuses"
        indexes = [models.Index(fields=["child", "start_date"]), models.Index(fields=["status", "end_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(end_date__isnull=True), name="one_open_immigration_status"
            )
        ]

    @property
    def is_current(self) -> bool:
        return self.end_date is None
