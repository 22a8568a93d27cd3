"""The one table the indicators need that the record does not hold: the authority's child population.

Rates per 10,000 divide by the number of children aged 0-17 living in the authority (ONS mid-year estimate),
not by the children the service knows. An analyst enters one row per year in the admin.
"""

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class ChildPopulation(models.Model):
    """Children aged 0-17 in the authority at mid-year `year` (ONS mid-year population estimate)."""

    year = models.PositiveSmallIntegerField(unique=True, help_text="The mid-year (30 June) the estimate is for")
    children = models.PositiveIntegerField("children aged 0-17", validators=[MinValueValidator(1)])
    source = models.CharField(max_length=200, blank=True, help_text="e.g. ONS mid-year estimates 2025")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.children:,} children aged 0-17 at mid-{self.year}"
