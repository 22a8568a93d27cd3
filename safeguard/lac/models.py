"""Children looked after: periods of care, legal statuses and placements.

Named after the Standard Safeguarding Dataset: a `CarePeriod` is a period of being looked after (ssd_cla_episodes
at period level), `CareLegalStatus` is ssd_legal_status and `Placement` is ssd_cla_placement. SSDA903 episodes are
not stored: they are derived from these rows (selectors.ssda903_episodes) because an episode is just "a stretch of
the period with one legal status and one placement".
"""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import (
    CategoryOfNeed,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonPlacementChange,
)


class CarePeriod(models.Model):
    """A period of being looked after, from the day care starts to the day it ceases (SSDA903 REC)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_periods")
    # The children in need episode the child was open to when care started; it stays open while looked after.
    cin_episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, null=True, blank=True, related_name="care_periods"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)
    category_of_need = models.CharField(max_length=2, choices=CategoryOfNeed.choices)
    # The child's home postcode when care started (SSDA903 HOME_POST); distance is measured from it.
    home_postcode = models.CharField(max_length=8, blank=True)
    # Derived (rule lac-care-plan, 10 working days from the first placement); drives the "Care plan" work item.
    care_plan_due = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["child", "start_date"]), models.Index(fields=["end_date"])]

    def __str__(self) -> str:
        return f"Looked after from {self.start_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class CareLegalStatus(models.Model):
    """The legal basis for the child being looked after (SSDA903 LS), one row per stretch of time."""

    period = models.ForeignKey(CarePeriod, on_delete=models.PROTECT, related_name="legal_statuses")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_legal_statuses")
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name_plural = "care legal statuses"
        indexes = [models.Index(fields=["child", "start_date"]), models.Index(fields=["period", "start_date"])]


class Placement(models.Model):
    """Where and with whom a looked-after child lives (SSDA903 PLACE, PLACE_PROVIDER, PL_POST, URN)."""

    period = models.ForeignKey(CarePeriod, on_delete=models.PROTECT, related_name="placements")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Codes the DfE has since replaced (H5, P2, Z1) stay on the placements recorded with them; new placements take
    # the codes valid on their start date (codelists.PLACEMENT_TYPE_VALIDITY).
    placement_type = models.CharField(max_length=3, choices=PlacementType.choices)
    # Blank for temporary and other placements (T0-T4, Z11-Z14), which have no provider.
    provider = models.CharField(max_length=3, choices=PlacementProvider.choices, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    carer_name = models.CharField(max_length=200, blank=True)
    # A move where the carers stayed the same (SSDA903 RNE U or B rather than P or T).
    same_carer_as_previous = models.BooleanField(default=False)
    # Care Planning Regulations reg 28: a placement intended to last until the child is 18.
    intended_until_18 = models.BooleanField(default=False)
    long_term_foster_agreed_on = models.DateField(null=True, blank=True)
    # Derived from PostcodeLocation when both ends are known; null means "not known", never a guess.
    distance_miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    out_of_area = models.BooleanField(null=True, blank=True)
    # Why this placement ended when another followed (SSDA903 REASON_PLACE_CHANGE).
    change_reason = models.CharField(max_length=6, choices=ReasonPlacementChange.choices, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        indexes = [
            models.Index(fields=["child", "start_date"]),
            models.Index(fields=["period", "start_date"]),
            models.Index(fields=["end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_placement_type_display()} from {self.start_date:%d %b %Y}"

    @property
    def is_foster(self) -> bool:
        return self.placement_type.startswith("U")


class CarePlan(models.Model):
    """The child's care plan, agreed within 10 working days of the first placement (CPPCR 2010 reg 4)."""

    period = models.ForeignKey(CarePeriod, on_delete=models.PROTECT, related_name="care_plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_plans")
    agreed_on = models.DateField()
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_on"]
        indexes = [models.Index(fields=["period", "agreed_on"])]


class PostcodeLocation(models.Model):
    """Reference data: where a postcode (or outward code) is and which local authority it falls in.

    Distances are straight lines between grid references (OS eastings/northings, metres). A full postcode is
    looked up first, then its outward code, so a table of districts is enough for a rough distance.
    """

    postcode = models.CharField(max_length=8, unique=True, help_text="Full postcode or outward code, upper case")
    easting = models.PositiveIntegerField()
    northing = models.PositiveIntegerField()
    la_code = models.CharField("local authority code", max_length=9)
    history = HistoricalRecords()

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
