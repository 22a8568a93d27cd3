"""Adoption and permanence (SSD ssd_permanence, ssd_cla_previous_permanence; SSDA903 AD1, PlacedAdoption, PrevPerm;
Ofsted Annex A lists 10 and 11).

A child's `AdoptionJourney` runs from the agency decision maker's (ADM) decision that the child should be placed for
adoption, through the authority to place (placement order, or parental consent), the match with approved adopters,
the move to live with them, to the adoption order (care ends E11/E12) or a decision that the child should no longer be
placed for adoption. `Adopter` is a prospective adopter household and its route through approval. Special
guardianship and child arrangements orders are `PermanenceOrder`s, each ending the period of care with its REC code.
"""

import datetime as dt

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import (
    AdopterLegalStatus,
    AdopterSexes,
    PreviousPermanence,
    ReasonEpisodeCeased,
    ReasonPlacedForAdoptionCeased,
    ReasonPlacementChange,
)


class Adopter(models.Model):
    """A prospective adopter household (Annex A list 11), from first enquiry to approval, matching or leaving."""

    class LeftReason(models.TextChoices):
        WITHDREW = "withdrew", "Withdrew from the process"
        NOT_APPROVED = "not_approved", "Not approved"
        COMPLETED = "completed", "Adoption completed: no further children wanted"
        TRANSFERRED = "transferred", "Moved to another adoption agency"
        OTHER = "other", "Other reason"

    # The household's name as the service knows it (synthetic in every generated or test record).
    name = models.CharField(max_length=200)
    number_of_adopters = models.PositiveSmallIntegerField()
    sexes = models.CharField("sex of adopters", max_length=2, choices=AdopterSexes.choices)
    legal_status = models.CharField("legal status of adopters", max_length=3, choices=AdopterLegalStatus.choices)
    # Dually approved as foster carers, so a child can live with them before the match (fostering for adoption).
    fostering_for_adoption = models.BooleanField(default=False)
    enquiry_date = models.DateField()
    interest_registered_on = models.DateField("registration of interest", null=True, blank=True)
    stage1_started_on = models.DateField("stage 1 started", null=True, blank=True)
    stage1_ended_on = models.DateField("stage 1 ended", null=True, blank=True)
    stage2_started_on = models.DateField("stage 2 started", null=True, blank=True)
    stage2_ended_on = models.DateField("stage 2 ended", null=True, blank=True)
    application_on = models.DateField("application submitted", null=True, blank=True)
    approved_on = models.DateField("approved (adoption panel and decision maker)", null=True, blank=True)
    left_on = models.DateField("left the adoption process", null=True, blank=True)
    left_reason = models.CharField(max_length=12, choices=LeftReason.choices, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-enquiry_date", "-pk"]
        indexes = [models.Index(fields=["left_on", "approved_on"]), models.Index(fields=["enquiry_date"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    @property
    def stage(self) -> str:
        """Where the household is now, in words."""
        if self.left_on:
            return "Left the process"
        for field, label in reversed(ADOPTER_STEPS):
            if getattr(self, field):
                return label
        return "Enquiry"


# The recorded steps in the order they happen, with the words used for each.
ADOPTER_STEPS: list[tuple[str, str]] = [
    ("enquiry_date", "Enquiry received"),
    ("interest_registered_on", "Registration of interest"),
    ("stage1_started_on", "Stage 1 started"),
    ("stage1_ended_on", "Stage 1 ended"),
    ("stage2_started_on", "Stage 2 started"),
    ("stage2_ended_on", "Stage 2 ended"),
    ("application_on", "Application submitted"),
    ("approved_on", "Approved"),
]


class AdoptionJourney(models.Model):
    """One child's route to adoption within a period of care (SSD ssd_permanence; SSDA903 AD1 and PlacedAdoption)."""

    class EarlyPermanence(models.TextChoices):
        NONE = "", "None"
        FFA = "ffa", "Fostering for adoption"
        CONCURRENT = "concurrent", "Concurrent planning"
        FOSTER_CARER = "foster_carer", "Adopted by their foster carers"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="adoption_journeys")
    period = models.ForeignKey("lac.CarePeriod", on_delete=models.PROTECT, related_name="adoption_journeys")
    # The ADM decision that the child should be placed for adoption: SSDA903 AD1 DATE_INT and PlacedAdoption
    # DATE_PLACED (both are this decision, not the move to the adopters), SSD perm_adm_decision_date.
    decision_date = models.DateField()
    # Authority to place: a placement order (legal status E1) or parental consent under s19 ACA 2002.
    placement_order_date = models.DateField(null=True, blank=True)
    consent_date = models.DateField(null=True, blank=True)
    early_permanence = models.CharField(max_length=12, choices=EarlyPermanence.choices, blank=True)
    # The day the child began living with the carers who became the adopters (FFA/concurrent placement, or the
    # foster placement with the carers who adopt); Annex A list 10, SSD perm_placed_ffa_cp_date.
    early_permanence_placed_date = models.DateField(null=True, blank=True)
    match_date = models.DateField(null=True, blank=True)
    adopter = models.ForeignKey(Adopter, on_delete=models.PROTECT, null=True, blank=True, related_name="journeys")
    # AD1 NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR as they were at the match.
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)
    adopter_sexes = models.CharField(max_length=2, choices=AdopterSexes.choices, blank=True)
    adopter_legal_status = models.CharField(max_length=3, choices=AdopterLegalStatus.choices, blank=True)
    # The day the child was placed for adoption with the adopters (placement A3-A6; SSD perm_placed_for_adoption_date).
    placed_date = models.DateField(null=True, blank=True)
    adoption_order_date = models.DateField(null=True, blank=True)
    # The decision that the child should no longer be placed for adoption (PlacedAdoption DATE_PLACED_CEASED,
    # REASON_PLACED_CEASED; Annex A list 10).
    reversed_date = models.DateField(null=True, blank=True)
    reversed_reason = models.CharField(max_length=3, choices=ReasonPlacedForAdoptionCeased.choices, blank=True)
    # Derived (rules adoption-*): Adoption Agencies Regulations 2005 reg 36 reviews and visits.
    next_review_due = models.DateField(null=True, blank=True)
    next_visit_due = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decision_date", "-pk"]
        indexes = [
            models.Index(fields=["child", "decision_date"]),
            models.Index(fields=["adoption_order_date"]),
            models.Index(fields=["next_review_due"]),
            models.Index(fields=["next_visit_due"]),
        ]

    def __str__(self) -> str:
        return f"Adoption journey from {self.decision_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.adoption_order_date is None and self.reversed_date is None

    @property
    def authority_date(self) -> dt.date | None:
        """When the authority could first place the child: the placement order or consent, whichever came first."""
        dates = [d for d in (self.placement_order_date, self.consent_date) if d]
        return min(dates) if dates else None

    @property
    def foster_care(self) -> bool:
        """SSDA903 AD1 FOSTER_CARE: adopted by carers the child first lived with as foster carers."""
        return bool(self.early_permanence)

    @property
    def moved_in_date(self) -> dt.date | None:
        """The day the child moved in with the family who adopt them (the end point of A1/A10)."""
        if self.early_permanence and self.early_permanence_placed_date:
            return self.early_permanence_placed_date
        return self.placed_date

    @property
    def status(self) -> str:
        if self.adoption_order_date:
            return "Adopted"
        if self.reversed_date:
            return "No longer to be placed for adoption"
        if self.placed_date:
            return "Placed with adopters"
        if self.match_date:
            return "Matched"
        if self.authority_date:
            return "Authority to place"
        return "Should be placed for adoption"


class AdoptionDisruption(models.Model):
    """The child stopped living with the prospective adopters before an adoption order (a disruption).

    The child's placement with them (A3-A6, or the fostering-for-adoption / concurrent / foster-carer placement that
    was to become the adoptive home) ended, and the child moved to another placement: the care record's placement
    change carries the SSDA903 REASON_PLACE_CHANGE stored here. The journey's match and placement are copied onto
    this row; if adoption is still the plan they are cleared on the journey, which goes back to "authority to place"
    for family finding again; if the agency decided the child should no longer be placed for adoption, the journey
    is reversed instead (PlacedAdoption DATE_PLACED_CEASED / REASON_PLACED_CEASED, Annex A list 10).
    """

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Adoption is still the plan: find new adopters"
        REVERSED = "reversed", "The child should no longer be placed for adoption"

    journey = models.ForeignKey(AdoptionJourney, on_delete=models.PROTECT, related_name="disruptions")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="adoption_disruptions")
    # The day the child left the prospective adopters (the day their placement ended and the next began).
    disrupted_on = models.DateField()
    # SSDA903 REASON_PLACE_CHANGE on the placement that ended.
    reason = models.CharField(max_length=6, choices=ReasonPlacementChange.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    # What the journey said when the placement ended (cleared there when a new match is to be found).
    adopter = models.ForeignKey(Adopter, on_delete=models.PROTECT, null=True, blank=True, related_name="disruptions")
    match_date = models.DateField(null=True, blank=True)
    placed_date = models.DateField(null=True, blank=True)
    early_permanence = models.CharField(max_length=12, choices=AdoptionJourney.EarlyPermanence.choices, blank=True)
    early_permanence_placed_date = models.DateField(null=True, blank=True)
    # The placement the child moved to (lac.Placement, written by lac.services.placement_change).
    new_placement = models.ForeignKey(
        "lac.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-disrupted_on", "-pk"]
        indexes = [models.Index(fields=["child", "disrupted_on"]), models.Index(fields=["disrupted_on"])]

    @property
    def moved_in_date(self) -> dt.date | None:
        """The day the child had begun living with these carers."""
        return self.early_permanence_placed_date or self.placed_date


class AdoptionReview(models.Model):
    """A review of the child's case under Adoption Agencies Regulations 2005 reg 36."""

    journey = models.ForeignKey(AdoptionJourney, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["journey", "held_on"])]


class AdoptionVisit(models.Model):
    """A social worker's visit to a child placed with prospective adopters (AAR 2005 reg 36)."""

    journey = models.ForeignKey(AdoptionJourney, on_delete=models.CASCADE, related_name="visits")
    visit_date = models.DateField()
    child_seen = models.BooleanField(default=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-visit_date", "-pk"]
        indexes = [models.Index(fields=["journey", "visit_date"])]


class PermanenceOrder(models.Model):
    """An order that ends care in permanence: adoption, special guardianship or child arrangements (SSD
    perm_permanence_order_type/date). Recording one ends the period of care with the matching REC code."""

    class Kind(models.TextChoices):
        ADOPTION = "adoption", "Adoption order"
        SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
        CHILD_ARRANGEMENTS = "cao", "Child arrangements order (lives with)"

    class Carer(models.TextChoices):
        FOSTER_KIN = "foster_kin", "Former foster carers who are relatives or friends"
        FOSTER_OTHER = "foster_other", "Former foster carers who are not relatives or friends"
        KIN = "kin", "Other carers who are relatives or friends"
        OTHER = "other", "Other carers who are not relatives or friends"
        ADOPTERS = "adopters", "Adopters"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="permanence_orders")
    period = models.ForeignKey("lac.CarePeriod", on_delete=models.PROTECT, related_name="permanence_orders")
    journey = models.OneToOneField(
        AdoptionJourney, on_delete=models.PROTECT, null=True, blank=True, related_name="order"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    order_date = models.DateField()
    carer = models.CharField("granted to", max_length=12, choices=Carer.choices)
    # The SSDA903 REC the period of care ended with (derived from kind, carer and, for adoption, consent).
    reason_ceased = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-order_date", "-pk"]
        indexes = [models.Index(fields=["kind", "order_date"]), models.Index(fields=["child", "order_date"])]


class PreviousPermanenceRecord(models.Model):
    """A permanence order the child had before this period of care (SSDA903 PrevPerm; SSD
    ssd_cla_previous_permanence): PREV_PERM, LA_PERM, DATE_PERM."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="previous_permanence")
    period = models.OneToOneField("lac.CarePeriod", on_delete=models.PROTECT, related_name="previous_permanence")
    previous_permanence = models.CharField(max_length=2, choices=PreviousPermanence.choices)
    # The local authority that arranged the earlier order (its code), when known.
    la_code = models.CharField("local authority code", max_length=9, blank=True)
    order_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["child"])]
