"""Care leavers (SSD ssd_care_leavers; SSDA903 OC3): leaving-care status, pathway plans, personal adviser
contacts and the birthday records the DfE return counts.

The category (eligible, relevant, former relevant, qualifying) is derived from the care history by
`eligibility.derive` and stored here so lists and queues filter in SQL; history keeps every change.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch

from .eligibility import Category

NOT_KNOWN = "0"


def accommodation_kind(code: str) -> str:
    """The kind of accommodation an SSDA903 ACCOM code names (its letter), without the suitability."""
    if not code or code == NOT_KNOWN:
        return "Not known"
    return CareLeaverAccommodation(code).label.split(":")[0]


def accommodation_suitability(code: str) -> str:
    """The suitability an SSDA903 ACCOM code records (its digit: 1 suitable, 2 not suitable)."""
    if not code or code == NOT_KNOWN:
        return "Not known"
    return "Suitable" if code.endswith("1") else "Not suitable"


def in_education_employment_or_training(activity: str) -> bool | None:
    """SSDA903 ACTIV: F*/P* codes are EET, G* codes are NEET; "0" (not in touch) is unknown."""
    if not activity or activity == NOT_KNOWN:
        return None
    return activity[0] in "FP"


class CareLeaver(models.Model):
    child = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="care_leaver")
    # Derived from the care history and age (eligibility.derive); never chosen on a form.
    category = models.CharField(max_length=16, choices=Category.choices)
    category_since = models.DateField()
    eligible_from = models.DateField(null=True, blank=True)
    left_care_on = models.DateField(null=True, blank=True)
    # The day leaving-care duties end (21st birthday, or 25th when support continues).
    duties_end = models.DateField(null=True, blank=True)
    # In education or training (s.23CA) or asked for a personal adviser (s.23CZA): support continues to 25.
    extended_to_25 = models.BooleanField("support continues to 25", default=False)
    # Care Leavers (England) Regulations 2010 reg 8: the first PA visit falls 7 days after this.
    accommodation_first_provided = models.DateField(null=True, blank=True)
    # Derived (careleaver-needs-assessment: 3 months after the later of the 16th birthday and becoming eligible).
    needs_assessment_due = models.DateField(null=True, blank=True)
    needs_assessment_completed_on = models.DateField(null=True, blank=True)
    # Derived (careleaver-pa-first from accommodation first provided, then careleaver-pa-contact from the last).
    next_pa_contact_due = models.DateField(null=True, blank=True)
    # The next birthday (17th to 21st, or to 24th when support continues) with no SSDA903 OC3 record yet.
    next_birthday_contact_due = models.DateField(null=True, blank=True)
    # The latest known position: in touch from the latest contact; accommodation and activity from OC3 records.
    in_touch = models.CharField(max_length=4, choices=CareLeaverInTouch.choices, blank=True)
    accommodation = models.CharField(max_length=2, choices=CareLeaverAccommodation.choices, blank=True)
    activity = models.CharField(max_length=2, choices=CareLeaverActivity.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child__last_name", "child__first_name"]
        indexes = [
            models.Index(fields=["category"]),
            models.Index(fields=["needs_assessment_completed_on", "needs_assessment_due"]),
            models.Index(fields=["next_pa_contact_due"]),
            models.Index(fields=["next_birthday_contact_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} care leaver"

    @property
    def accommodation_kind(self) -> str:
        return accommodation_kind(self.accommodation)

    @property
    def accommodation_suitability(self) -> str:
        return accommodation_suitability(self.accommodation)


class PathwayPlan(models.Model):
    """A pathway plan (Care Leavers (England) Regulations 2010 reg 6), reviewed at most 6 months apart."""

    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="pathway_plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pathway_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    # Derived (careleaver-pathway-review from the latest review, or the start); None once the plan ends.
    next_review_due = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["end_date", "next_review_due"]),
            models.Index(fields=["child", "end_date"]),
        ]


class PathwayPlanReview(models.Model):
    plan = models.ForeignKey(PathwayPlan, on_delete=models.CASCADE, related_name="reviews")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pathway_plan_reviews")
    review_date = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-review_date", "-id"]
        indexes = [models.Index(fields=["plan", "review_date"])]


class AdviserContact(models.Model):
    """A personal adviser's contact with the young person (or an attempt that did not reach them)."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Face-to-face visit"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"
        MESSAGE = "message", "Message or email"

    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="contacts")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="adviser_contacts")
    contact_date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    in_touch = models.BooleanField("young person reached", default=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-contact_date", "-id"]
        indexes = [models.Index(fields=["child", "contact_date"]), models.Index(fields=["care_leaver", "contact_date"])]


class BirthdayContact(models.Model):
    """SSDA903 OC3: the position around a care leaver's 17th to 21st birthday (to 24th where support continues)."""

    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="birthday_contacts")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="birthday_contacts")
    age = models.PositiveSmallIntegerField()
    birthday = models.DateField()
    # Needed when in touch; must fall from 3 months before to 1 month after the birthday.
    contact_date = models.DateField(null=True, blank=True)
    in_touch = models.CharField("in touch (IN_TOUCH)", max_length=4, choices=CareLeaverInTouch.choices)
    accommodation = models.CharField("accommodation (ACCOM)", max_length=2, choices=CareLeaverAccommodation.choices)
    activity = models.CharField("main activity (ACTIV)", max_length=2, choices=CareLeaverActivity.choices)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-birthday"]
        indexes = [models.Index(fields=["birthday"])]
        constraints = [models.UniqueConstraint(fields=["child", "age"], name="one_birthday_record_per_age")]

    @property
    def accommodation_kind(self) -> str:
        return accommodation_kind(self.accommodation)

    @property
    def accommodation_suitability(self) -> str:
        return accommodation_suitability(self.accommodation)
