"""Pre-proceedings under the Public Law Outline (PLO) and deprivation of liberty orders (DoLOs).

`PreProceedings` is one period of pre-proceedings for one child: from the legal planning meeting (or other
forum) that decided to start it, through the letter before proceedings, the family group decision making
(FGDM) offer and meeting, the initial and review pre-proceedings meetings, to the decision to step up (to care
proceedings) or down, and, on a step up, the court application and the letter initiating proceedings. Its
fields are the DfE CIN census 2026/27 pre-proceedings module (docs/domains/legal.md).

`DeprivationOfLibertyOrder` is a court's authorisation to deprive a child of their liberty (SSDA903 DoLo from
2026/27: DOLO_START, DOLO_END), with the kind of authorisation and the court's reference.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class PreProceedingsOutcome(models.TextChoices):
    """CIN census 2026/27 PPOutcome (codeset CS131: A, B, C). The codes are the DfE's; the meanings are our
    reading of the module (step down / step up / other) until the DfE's code table is confirmed."""

    STEP_DOWN = "A", "Stepped down: care proceedings not needed"
    STEP_UP = "B", "Stepped up: care proceedings to be issued"
    OTHER = "C", "Ended for another reason (for example the family moved away)"


class PreProceedings(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pre_proceedings")
    # The children in need episode open on the decision date: the census reports the block under it.
    cin_episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, null=True, blank=True, related_name="pre_proceedings"
    )
    decision_date = models.DateField(help_text="Legal planning meeting (or other forum) that decided to start it")
    letter_sent_on = models.DateField(null=True, blank=True, help_text="Letter before proceedings sent")
    fgdm_offered = models.BooleanField(null=True, blank=True, help_text="FGDM meeting offered in the letter")
    fgdm_held = models.BooleanField(null=True, blank=True, help_text="FGDM meeting facilitated after the offer")
    initial_meeting_date = models.DateField(null=True, blank=True, help_text="First effective PLO meeting")
    review_meetings = models.PositiveSmallIntegerField(null=True, blank=True)
    step_decision_date = models.DateField(null=True, blank=True, help_text="Decision to step up or down (the end)")
    outcome = models.CharField(max_length=1, choices=PreProceedingsOutcome.choices, blank=True)
    court_application_date = models.DateField(null=True, blank=True)
    proceedings_letter_date = models.DateField(null=True, blank=True, help_text="Letter initiating proceedings")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decision_date", "-id"]
        verbose_name = "pre-proceedings"
        verbose_name_plural = "pre-proceedings"
        indexes = [models.Index(fields=["child", "decision_date"]), models.Index(fields=["decision_date"])]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.decision_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.step_decision_date is None


class DeprivationOfLibertyOrder(models.Model):
    class Authorisation(models.TextChoices):
        INHERENT = "inherent", "High Court (inherent jurisdiction)"
        COURT_OF_PROTECTION = "cop", "Court of Protection (Mental Capacity Act 2005, aged 16 or 17)"
        OTHER = "other", "Other court authorisation"
        # The SSDA903 DoLo table gives the dates only: an order imported from it says so until someone records who.
        NOT_RECORDED = "unknown", "Not recorded (imported from an SSDA903 return)"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="deprivation_of_liberty_orders")
    # The period of care the order began in, if the child was looked after then (SSDA903 reports only those).
    period = models.ForeignKey(
        "lac.CarePeriod", on_delete=models.PROTECT, null=True, blank=True, related_name="deprivation_of_liberty_orders"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    authorisation = models.CharField(max_length=8, choices=Authorisation.choices)
    court_reference = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "deprivation of liberty order"
        indexes = [models.Index(fields=["child", "start_date"]), models.Index(fields=["end_date"])]

    def __str__(self) -> str:
        return f"Deprivation of liberty order from {self.start_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None
