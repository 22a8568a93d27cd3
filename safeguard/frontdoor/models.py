"""Contacts (ssd_contacts) and the one-working-day decision on each."""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import ReferralSource


class PresentingReason(models.TextChoices):
    DOMESTIC_ABUSE_NOTIFICATION = "da_notification", "Domestic abuse notification (police)"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    NEGLECT = "neglect", "Neglect"
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
    PARENTAL_MENTAL_HEALTH = "parental_mental_health", "Parental mental health"
    PARENTAL_SUBSTANCE_MISUSE = "parental_substance", "Parental drug or alcohol misuse"
    SEXUAL_EXPLOITATION = "cse", "Child sexual exploitation"
    CRIMINAL_EXPLOITATION = "cce", "Child criminal exploitation"
    MISSING = "missing", "Missing from home, care or education"
    DISABILITY = "disability", "Child's disability"
    HOMELESSNESS = "homelessness", "Housing or homelessness"
    UNACCOMPANIED = "uasc", "Unaccompanied asylum-seeking child"
    OTHER = "other", "Other"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


class Contact(models.Model):
    """A contact about one child. A notification about several children makes one contact each (a group)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="contacts")
    # Contacts recorded together from one notification share a group reference.
    group_reference = models.CharField(max_length=40, db_index=True)
    received_at = models.DateTimeField()
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_contact = models.CharField(max_length=200, blank=True, help_text="Telephone or email")
    summary = models.TextField()
    rag = models.CharField("priority", max_length=5, choices=Rag.choices)
    # Derived by the rule table (contact-decision, 1 working day) when the contact is recorded.
    decision_due_date = models.DateField()
    # Partner agencies send an idempotency key with each notification.
    external_reference = models.CharField(max_length=100, blank=True, default="")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["child", "received_at"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["decision_due_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_reference", "child"],
                condition=~models.Q(external_reference=""),
                name="unique_partner_notification_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"Contact {self.pk} about {self.child} on {self.received_at:%d %b %Y}"


class ContactReason(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="reasons")
    reason = models.CharField(max_length=25, choices=PresentingReason.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "reason"], name="unique_reason_per_contact")]


class ContactAdult(models.Model):
    """Adults named in a contact: parents, alleged perpetrators, other household members."""

    class Role(models.TextChoices):
        PARENT_CARER = "parent_carer", "Parent or carer"
        ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
        VICTIM = "victim", "Adult victim"
        HOUSEHOLD = "household", "Other household member"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="adults")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="contact_roles")
    role = models.CharField(max_length=20, choices=Role.choices)


class ContactDecision(models.Model):
    """The front door's decision on a contact: who decided, when and why. One per contact."""

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "nfa", "No further action"
        ADVICE = "advice", "Advice and information"
        EARLY_HELP = "early_help", "Early help"
        REFERRAL = "referral", "Referral to children's social care"
        STRATEGY_DISCUSSION = "strategy", "Strategy discussion"

    OPENS_EPISODE = {Outcome.REFERRAL, Outcome.STRATEGY_DISCUSSION}

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    # The team a referral goes to; the episode it opened.
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cin_episode = models.OneToOneField(
        "casework.CINEpisode", on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    history = HistoricalRecords()
