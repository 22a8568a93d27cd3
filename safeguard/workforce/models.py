"""Teams, workers and the allocation history that need-to-know follows."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Service(models.TextChoices):
    """Service areas; a team manager sees the children of every team in their service."""

    FRONT_DOOR = "front_door", "Front door (MASH)"
    ASSESSMENT = "assessment", "Assessment"
    SAFEGUARDING = "safeguarding", "Safeguarding and family support"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    LEAVING_CARE = "leaving_care", "Leaving care"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    QUALITY_ASSURANCE = "quality_assurance", "Safeguarding quality assurance (IROs and chairs)"


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    service = models.CharField(max_length=20, choices=Service.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    """A member of the workforce (ssd_professionals); linked to a user account when they sign in."""

    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        ASYE = "asye", "Newly qualified social worker (ASYE)"
        SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
        TEAM_MANAGER = "team_manager", "Team manager"
        FAMILY_SUPPORT = "family_support", "Family support worker"
        IRO = "iro", "Independent reviewing officer"
        CONFERENCE_CHAIR = "conference_chair", "Child protection conference chair"
        PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
        MASH_WORKER = "mash_worker", "Front-door (MASH) worker"

    class Employment(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        AGENCY = "agency", "Agency"

    user = models.OneToOneField(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="worker"
    )
    # Social Work England registration number, as SSDA903 SW_ID expects.
    staff_id = models.CharField(max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="workers")
    employment = models.CharField(max_length=10, choices=Employment.choices, default=Employment.PERMANENT)
    fte = models.DecimalField(max_digits=3, decimal_places=2, default=1)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.TEAM_MANAGER


class Allocation(models.Model):
    """Who is responsible for a child, from when to when. Need-to-know follows these rows."""

    class Kind(models.TextChoices):
        KEY_WORKER = "key_worker", "Allocated social worker"
        IRO = "iro", "Independent reviewing officer"
        CONFERENCE_CHAIR = "conference_chair", "Conference chair"
        PERSONAL_ADVISER = "personal_adviser", "Personal adviser"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.KEY_WORKER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    allocated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["worker", "end_date"]),
            models.Index(fields=["team", "end_date"]),
            models.Index(fields=["child", "end_date"]),
        ]
        constraints = [
            # One current allocation of each kind per child: reallocation ends the old one first.
            models.UniqueConstraint(
                fields=["child", "kind"], condition=Q(end_date__isnull=True), name="one_current_allocation_per_kind"
            ),
        ]
