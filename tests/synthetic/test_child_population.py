"""The generator writes the child population the indicators' rates per 10,000 divide by."""

import datetime as dt

import pytest

from safeguard.indicators.models import ChildPopulation
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.stages.population import write_child_population

pytestmark = pytest.mark.django_db


def test_one_row_per_year_of_the_history_with_the_generated_population():
    ctx = GenerationContext(population=28_000, years=2, seed=1, as_of=dt.date(2026, 4, 1))

    assert write_child_population(ctx) == {"child population years": 3}

    assert list(ChildPopulation.objects.order_by("year").values_list("year", "children")) == [
        (2024, 28_000),
        (2025, 28_000),
        (2026, 28_000),
    ]


def test_a_year_already_entered_is_left_alone():
    ChildPopulation.objects.create(year=2025, children=51_234, source="ONS mid-year estimates 2025")
    ctx = GenerationContext(population=28_000, years=1, seed=1, as_of=dt.date(2026, 4, 1))

    assert write_child_population(ctx) == {"child population years": 1}

    assert dict(ChildPopulation.objects.values_list("year", "children")) == {2025: 51_234, 2026: 28_000}
