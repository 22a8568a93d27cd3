"""Children in need episodes (ssd_cin_episodes): a referral opens one; closure ends it."""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import PrimaryNeed, ReasonForClosure, ReferralSource


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
