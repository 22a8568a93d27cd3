from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    FRONT_DOOR = "front_door", "Front-door (MASH) worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    CONFERENCE_CHAIR = "conference_chair", "Conference chair or IRO"
    ANALYST = "analyst", "Performance analyst"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    INSPECTOR = "inspector", "Inspector"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    """A person who signs in. What they may see follows from their role and, for practitioners, their team."""

    role = models.CharField(max_length=20, choices=Role.choices)
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_inspector(self) -> bool:
        return self.role == Role.INSPECTOR
