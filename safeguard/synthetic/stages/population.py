"""The authority's child population, one row per mid-year of the history (indicators' rates per 10,000).

A real authority enters the ONS mid-year estimate; the synthetic authority *is* `population` children, so that is
the estimate for every year it covers. Years an administrator has already entered are left as they are.
"""

from __future__ import annotations

from safeguard.indicators.models import ChildPopulation

from ..context import GenerationContext

SOURCE = "Synthetic authority (safeguard generate --population)"


def write_child_population(ctx: GenerationContext) -> dict[str, int]:
    years = range(ctx.as_of.year - ctx.years, ctx.as_of.year + 1)
    entered = set(ChildPopulation.objects.filter(year__in=years).values_list("year", flat=True))
    rows = [ChildPopulation(year=year, children=ctx.population, source=SOURCE) for year in years if year not in entered]
    ChildPopulation.objects.bulk_create(rows)
    return {"child population years": len(rows)}
