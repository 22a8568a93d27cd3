"""A server-rendered bar chart (SVG, no JavaScript): median wait in weeks by month of the first service."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
LEFT = 40  # room for the axis labels
BOTTOM = 40
TOP = 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # month, e.g. "Nov 26"
    value: str  # e.g. "8.1 weeks (12 started)" or "none started"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (y, label)


def bar_chart(months) -> Chart:
    """Bars for MonthBar rows (month, started, median_weeks); the scale rounds up to a whole number of weeks."""
    values = [m.median_weeks or 0 for m in months]
    top = max(4, math.ceil(max(values, default=0) / 4) * 4)
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(months), 1)
    baseline = HEIGHT - BOTTOM
    bars = []
    for i, month in enumerate(months):
        weeks = month.median_weeks
        height = 0 if weeks is None else plot_height * weeks / top
        value = f"{weeks} weeks ({month.started} started)" if weeks is not None else "none started"
        bars.append(
            Bar(
                x=round(LEFT + i * slot + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=month.month.strftime("%b %y"),
                value=value,
            )
        )
    ticks = [(round(baseline - plot_height * w / top, 1), str(w)) for w in range(0, top + 1, top // 4)]
    return Chart(width=WIDTH, height=HEIGHT, baseline=baseline, bars=bars, ticks=ticks)
