"""The registry of indicators: each definitions module registers its indicators with `@indicator(...)`."""

from __future__ import annotations

import datetime as dt
import re

from .engine import Direction, Indicator, Result, Scope, Unit

_REGISTRY: dict[str, Indicator] = {}


def indicator(
    *,
    key: str,
    number: str,
    title: str,
    unit: Unit,
    direction: Direction,
    definition: str,
    period: str,
    section: str,
    counted_label: str = "Counted",
    other_label: str = "Not counted",
):
    """Register the decorated `compute(ctx) -> Result` as an indicator (the key must be new)."""

    def register(compute):
        if key in _REGISTRY:
            raise ValueError(f"Indicator {key!r} is registered twice")
        _REGISTRY[key] = Indicator(
            key=key,
            number=number,
            title=title,
            unit=unit,
            direction=direction,
            definition=" ".join(definition.split()),
            period=" ".join(period.split()),
            compute=compute,
            section=section,
            counted_label=counted_label,
            other_label=other_label,
        )
        return compute

    return register


def _order(item: Indicator) -> tuple[int, str]:
    match = re.match(r"(\d+)(.*)", item.number)
    return int(match.group(1)), match.group(2)


def indicators() -> list[Indicator]:
    """Every registered indicator in the order of the reference list."""
    return sorted(_REGISTRY.values(), key=_order)


def get(key: str) -> Indicator:
    return _REGISTRY[key]


def compute_all(*, scope: Scope, as_of: dt.date) -> list[Result]:
    return [item.result(scope=scope, as_of=as_of) for item in indicators()]
