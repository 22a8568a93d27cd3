"""Looked-after reviews (ssd_cla_reviews), IRO contacts and statutory visits (ssd_cla_visits).

Reviews and visits hang off a period of care (`lac.CarePeriod`). The due dates they drive are derived by
`schedule.py` from the rule table and stored, one row per period, in `ReviewSchedule`, so queues sort and filter
in SQL; the lac tables stay the lac app's own.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import ReviewParticipation


class LookedAfterReview(models.Model):
    """A statutory review of the child's care plan, chaired by an IRO (CPPCR 2010 regs 32-38)."""

    period = models.ForeignKey("lac.CarePeriod", on_delete=models.PROTECT, related_name="reviews")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="looked_after_reviews")
    review_date = models.DateField()
    # SSDA903 REVIEW_CODE; PN0 exactly when the child is under 4 on the review date.
    participation = models.CharField(max_length=3, choices=ReviewParticipation.choices)
    iro = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="chaired_reviews")
    outcome_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-review_date", "-id"]
        indexes = [models.Index(fields=["period", "review_date"]), models.Index(fields=["child", "review_date"])]
        constraints = [
            models.UniqueConstraint(fields=["period", "review_date"], name="one_looked_after_review_a_day"),
        ]


class IROContact(models.Model):
    """The IRO's contact with the child between reviews (IRO Handbook 2010, ch. 3)."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit in person"
        PHONE = "phone", "Phone call"
        VIDEO = "video", "Video call"
        MESSAGE = "message", "Letter, text or email"

    period = models.ForeignKey("lac.CarePeriod", on_delete=models.PROTECT, related_name="iro_contacts")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="iro_contacts")
    iro = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="iro_contacts")
    contact_date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-contact_date", "-id"]
        indexes = [models.Index(fields=["child", "contact_date"])]


class StatutoryVisit(models.Model):
    """A social worker's visit to a looked-after child (CPPCR 2010 regs 28-29)."""

    period = models.ForeignKey("lac.CarePeriod", on_delete=models.PROTECT, related_name="statutory_visits")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="statutory_visits")
    # The placement the child was in on the visit date (regulation 28 counts per placement).
    placement = models.ForeignKey(
        "lac.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="statutory_visits"
    )
    visit_date = models.DateField()
    child_seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField(default=False)
    # Reg 28: in a long-term foster placement after its first year, the child may agree to 6-monthly visits.
    child_agrees_six_monthly = models.BooleanField(default=False)
    visited_by = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, null=True, blank=True, related_name="statutory_visits"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-visit_date", "-id"]
        indexes = [models.Index(fields=["period", "visit_date"]), models.Index(fields=["child", "visit_date"])]


class ReviewSchedule(models.Model):
    """Derived, one per period of care: when the next review and visit are due and which rule set each.

    Written only by `services.schedule_refresh` (after every review, visit, placement or period change) and by
    `workdays.deadlines.rederive_all` through the registrations in deadlines.py (which re-apply the stored rule
    to the stored anchor, and leave nothing due on or after the 18th birthday). None once the period has ended or the
    child has turned 18.
    """

    period = models.OneToOneField("lac.CarePeriod", on_delete=models.CASCADE, related_name="review_schedule")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="review_schedules")
    is_open = models.BooleanField(default=True)
    next_review_due = models.DateField(null=True, blank=True)
    review_rule = models.CharField(max_length=60, blank=True)
    review_anchor = models.DateField(null=True, blank=True)
    next_visit_due = models.DateField(null=True, blank=True)
    visit_rule = models.CharField(max_length=60, blank=True)
    visit_anchor = models.DateField(null=True, blank=True)
    # The last visit at which the child was seen, in this period (for the panel and the at-risk list).
    last_seen_on = models.DateField(null=True, blank=True)
    # The IRO's next contact with the child (schedule.next_iro_contact): its own rule, or the next review's.
    next_iro_contact_due = models.DateField(null=True, blank=True)
    iro_contact_rule = models.CharField(max_length=60, blank=True, default="")
    iro_contact_anchor = models.DateField(null=True, blank=True)
    last_iro_contact_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["is_open", "next_visit_due"]),
            models.Index(fields=["is_open", "next_review_due"]),
            models.Index(fields=["is_open", "next_iro_contact_due"]),
        ]
