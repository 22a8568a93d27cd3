"""The working-day calendar's local overrides and the one table of deadline rules."""

from django.db import models
from simple_history.models import HistoricalRecords


class CalendarOverride(models.Model):
    """A day that differs from the `holidays` package's England and Wales list, edited by an administrator.

    One-off bank holidays newer than the installed package, local closure days (e.g. between Christmas and
    New Year) and, rarely, a listed holiday that the authority works.
    """

    class Kind(models.TextChoices):
        BANK_HOLIDAY = "bank_holiday", "Additional bank holiday"
        LOCAL_CLOSURE = "local_closure", "Local closure day"
        WORKING_DAY = "working_day", "Working day (overrides a listed holiday)"

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.description} ({self.get_kind_display()})"


class DeadlineRule(models.Model):
    """How one deadline is derived from the event it follows. Every deadline in the system comes from here.

    Rows are seeded by migrations from the statutory guidance (docs/timescales); local-practice rules
    (status L) may be changed by an administrator. Later features add rows, not code paths.
    """

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "working days"
        CALENDAR_DAYS = "calendar_days", "calendar days"
        WEEKS = "weeks", "weeks"
        MONTHS = "months", "calendar months"
        HOURS = "hours", "hours"

    class Status(models.TextChoices):
        REGULATION = "S", "Regulation"
        STATUTORY_GUIDANCE = "SG", "Statutory guidance"
        LOCAL = "L", "Local practice"
        INDICATOR = "I", "Indicator or inspection framework"

    code = models.SlugField(max_length=60, primary_key=True)
    name = models.CharField(max_length=200)
    anchor = models.CharField(max_length=200, help_text="The event the deadline counts from.")
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    status = models.CharField(max_length=2, choices=Status.choices)
    source = models.CharField(max_length=200)
    locally_configurable = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} {self.get_unit_display()} from {self.anchor}"
