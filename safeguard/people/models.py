"""Children and the adults around them, named after the Standard Safeguarding Dataset (ssd_person & co.)."""

from django.db import models
from simple_history.models import HistoricalRecords

from safeguard.codelists import Disability, Ethnicity, Sex, UPNUnknown

from .identifiers import validate_nhs_number, validate_upn


class Person(models.Model):
    """Anyone the service records: children (ssd_person) and the adults around them."""

    class Kind(models.TextChoices):
        CHILD = "child", "Child"
        ADULT = "adult", "Adult"

    class GenderIdentity(models.TextChoices):
        NOT_RECORDED = "", "Not recorded"
        SAME_AS_SEX = "same", "Same as sex registered at birth"
        MAN = "man", "Man or boy"
        WOMAN = "woman", "Woman or girl"
        NON_BINARY = "non_binary", "Non-binary"
        OTHER = "other", "Another gender identity"
        PREFER_NOT = "prefer_not", "Prefers not to say"

    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.CHILD)
    # The authority's own identifier (CIN census LAchildID / SSDA903 CHILD), unique across the authority.
    la_person_id = models.CharField("LA person ID", max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=12, choices=GenderIdentity.choices, blank=True, default="")
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, default="", validators=[validate_nhs_number])
    upn = models.CharField("Unique pupil number", max_length=13, blank=True, default="", validators=[validate_upn])
    # CIN census UPNunknown: why a school-age child has no UPN (under-6s and NFA-only referrals are derived).
    upn_unknown_reason = models.CharField(
        "Reason the UPN is not known", max_length=3, choices=UPNUnknown.choices, blank=True, default=""
    )
    # Restricted records (e.g. a relative of staff) are invisible to everyone not named on a permit.
    is_restricted = models.BooleanField(default=False)
    # Phonetic keys (Double-Metaphone-like, from jellyfish) make misspelt names findable with an index.
    first_name_key = models.CharField(max_length=20, db_index=True, editable=False, default="")
    last_name_key = models.CharField(max_length=20, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["first_name_key", "last_name_key", "updated_at"])

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["nhs_number"]),
            models.Index(fields=["upn"]),
            models.Index(fields=["kind", "last_name_key"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_child(self) -> bool:
        return self.kind == self.Kind.CHILD

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


class PersonAlias(models.Model):
    """Other names a person is or was known by; searched like the main name."""

    class Kind(models.TextChoices):
        PREVIOUS = "previous", "Previous name"
        ALIAS = "alias", "Also known as"
        PREFERRED = "preferred", "Preferred name"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    first_name_key = models.CharField(max_length=20, db_index=True, editable=False, default="")
    last_name_key = models.CharField(max_length=20, db_index=True, editable=False, default="")
    history = HistoricalRecords(excluded_fields=["first_name_key", "last_name_key"])

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonDisability(models.Model):
    """ssd_disability: one row per DfE disability code recorded for the person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=5, choices=Disability.choices)
    recorded_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="unique_disability_per_person")]


class Address(models.Model):
    """ssd_address: addresses with history (start and end dates)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["postcode"])]

    def __str__(self) -> str:
        return ", ".join(part for part in [self.line_1, self.line_2, self.town, self.postcode] if part)


class Relationship(models.Model):
    """A directed relationship: `related_person` is the <type> of `person` (e.g. the mother of the child)."""

    class Type(models.TextChoices):
        PARENT = "parent", "Parent"
        STEP_PARENT = "step_parent", "Step-parent"
        SIBLING = "sibling", "Sibling"
        HALF_SIBLING = "half_sibling", "Half-sibling"
        GRANDPARENT = "grandparent", "Grandparent"
        AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
        PARENTS_PARTNER = "parents_partner", "Parent's partner"
        HOUSEHOLD_MEMBER = "household_member", "Household member"
        FOSTER_CARER = "foster_carer", "Foster carer"
        FAMILY_FRIEND = "family_friend", "Family friend"
        OTHER_RELATIVE = "other_relative", "Other relative"

    # How the relationship reads from the other end (parent ↔ child).
    INVERSE_LABELS = {
        "parent": "Child",
        "step_parent": "Step-child",
        "sibling": "Sibling",
        "half_sibling": "Half-sibling",
        "grandparent": "Grandchild",
        "aunt_uncle": "Niece or nephew",
        "parents_partner": "Partner's child",
        "household_member": "Household member",
        "foster_carer": "Foster child",
        "family_friend": "Family friend",
        "other_relative": "Other relative",
    }

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    related_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    type = models.CharField(max_length=20, choices=Type.choices)
    lives_with = models.BooleanField(default=False, help_text="They share a household.")
    has_parental_responsibility = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "related_person", "type"], name="unique_relationship"),
            models.CheckConstraint(condition=~models.Q(person=models.F("related_person")), name="not_self_related"),
        ]


class ProfessionalInvolvement(models.Model):
    """ssd_involvements for professionals outside the service: GP, school, health visitor, police..."""

    class Role(models.TextChoices):
        GP = "gp", "GP"
        HEALTH_VISITOR = "health_visitor", "Health visitor"
        SCHOOL = "school", "School designated safeguarding lead"
        SCHOOL_NURSE = "school_nurse", "School nurse"
        POLICE = "police", "Police officer"
        PROBATION = "probation", "Probation officer"
        MIDWIFE = "midwife", "Midwife"
        CAMHS = "camhs", "Child and adolescent mental health worker"
        YOUTH_JUSTICE = "youth_justice", "Youth justice worker"
        HOUSING = "housing", "Housing officer"
        OTHER = "other", "Other professional"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="professionals")
    role = models.CharField(max_length=20, choices=Role.choices)
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]


class PersonFlag(models.Model):
    """Warnings and characteristics that must be seen at a glance, each with a review date."""

    class Type(models.TextChoices):
        CSE_RISK = "cse_risk", "Child sexual exploitation risk"
        CCE_RISK = "cce_risk", "Child criminal exploitation risk"
        MISSING_RISK = "missing_risk", "Repeatedly missing"
        UASC = "uasc", "Unaccompanied asylum-seeking child"
        DISABILITY = "disability", "Disability"
        VIOLENCE_WARNING = "violence_warning", "Risk of violence to staff"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse in household"
        YOUNG_CARER = "young_carer", "Young carer"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flags")
    type = models.CharField(max_length=20, choices=Type.choices)
    note = models.TextField(blank=True)
    start_date = models.DateField()
    review_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_date"]
        indexes = [models.Index(fields=["person", "end_date"])]


class IdentifierSequence(models.Model):
    """Issues the authority's person identifiers (C0000001, A0000001) without gaps or clashes."""

    prefix = models.CharField(max_length=2, primary_key=True)
    last_value = models.PositiveBigIntegerField(default=0)
