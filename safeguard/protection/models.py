"""Child protection (ssd_s47_enquiry, ssd_initial_cp_conference, ssd_cp_plans, ssd_cp_visits, ssd_cp_reviews).

Strategy discussion → section 47 enquiry → initial child protection conference (ICPC) → plan, with core
groups, statutory visits and review conferences. Every deadline is derived from the rule table.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import CategoryOfAbuse


class StrategyDiscussion(models.Model):
    class Decision(models.TextChoices):
        SECTION_47 = "s47", "Start a section 47 enquiry"
        CHILD_IN_NEED = "cin", "No section 47: continue as child in need"
        NO_FURTHER_ACTION = "nfa", "No further action"

    class Agency(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        OTHER = "other", "Other"

    episode = models.ForeignKey("casework.CINEpisode", on_delete=models.PROTECT, related_name="strategy_discussions")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="strategy_discussions")
    held_on = models.DateField()
    # Comma-separated Agency codes; the form offers checkboxes.
    agencies_present = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    # Blank until the decision is recorded: "strategy discussions with no outcome" are an at-risk item.
    decision = models.CharField(max_length=4, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["decision", "held_on"]), models.Index(fields=["episode", "held_on"])]

    def agency_labels(self) -> list[str]:
        return [self.Agency(code).label for code in self.agencies_present.split(",") if code]


class Section47Enquiry(models.Model):
    class Outcome(models.TextChoices):
        ICPC = "icpc", "Initial child protection conference needed"
        NO_ICPC = "no_icpc", "No conference needed"

    episode = models.ForeignKey("casework.CINEpisode", on_delete=models.PROTECT, related_name="section47s")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="section47s")
    strategy_discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="section47s")
    start_date = models.DateField()
    # Derived: 15 working days from the episode's last strategy discussion (rule "icpc"); CIN InitialCPCtarget.
    icpc_target_date = models.DateField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    no_icpc_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["icpc_target_date"]), models.Index(fields=["child", "start_date"])]


class InitialChildProtectionConference(models.Model):
    class Outcome(models.TextChoices):
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No plan: child in need"

    section47 = models.OneToOneField(Section47Enquiry, on_delete=models.PROTECT, related_name="conference")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="initial_conferences")
    conference_date = models.DateField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    chair = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()


class ChildProtectionPlan(models.Model):
    class EndReason(models.TextChoices):
        NO_LONGER_AT_RISK = "safe", "No longer at risk of significant harm"
        LOOKED_AFTER = "cla", "Became looked after"
        MOVED = "moved", "Moved to another local authority"
        ADULT = "adult", "Reached 18"
        DIED = "died", "Died"
        OTHER = "other", "Other"

    episode = models.ForeignKey("casework.CINEpisode", on_delete=models.PROTECT, related_name="cp_plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cp_plans")
    conference = models.OneToOneField(
        InitialChildProtectionConference, on_delete=models.PROTECT, null=True, blank=True, related_name="plan"
    )
    start_date = models.DateField()
    initial_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    latest_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    # Derived when the plan starts: the child's earlier plans (CIN NumberOfPreviousCPP).
    number_of_previous_plans = models.PositiveSmallIntegerField(default=0)
    # Working days between statutory visits; default from the rule table (cp-visit), the plan may set its own.
    visit_interval_working_days = models.PositiveSmallIntegerField()
    first_core_group_due = models.DateField()
    next_review_due = models.DateField(null=True, blank=True)
    next_visit_due = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=6, choices=EndReason.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["end_date", "next_visit_due"]),
            models.Index(fields=["end_date", "next_review_due"]),
            models.Index(fields=["child", "start_date"]),
        ]


class CoreGroupMeeting(models.Model):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="core_groups")
    held_on = models.DateField()
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]


class ReviewConference(models.Model):
    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Plan continues"
        END = "end", "Plan ends"

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]


class ProtectionVisit(models.Model):
    """A statutory visit to a child on a plan: was the child seen, and seen alone."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="visits")
    visit_date = models.DateField()
    child_seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField(default=False)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-visit_date"]
        indexes = [models.Index(fields=["plan", "visit_date"])]


class ProtectiveOrder(models.Model):
    """Emergency protection orders and police protection (Annex A list 7)."""

    class Kind(models.TextChoices):
        EPO = "epo", "Emergency protection order"
        POLICE_PROTECTION = "police", "Police protection"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="protective_orders")
    episode = models.ForeignKey("casework.CINEpisode", on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
