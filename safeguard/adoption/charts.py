"""A bar chart drawn on the server as SVG geometry (no JavaScript): one bar per year, a line at the threshold."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 560, 240, 48, 36, 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float | None
    over: bool


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    threshold: int
    threshold_y: float
    left: int


def bar_chart(values: list[tuple[str, float | None]], threshold: int, title: str, key: str) -> Chart:
    top = max([threshold, *(v for _, v in values if v is not None)]) * 1.15 or 1
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    baseline = HEIGHT - MARGIN_BOTTOM
    slot = (WIDTH - MARGIN_LEFT) / max(len(values), 1)
    bars = []
    for index, (label, value) in enumerate(values):
        height = 0 if value is None else plot_height * value / top
        bars.append(
            Bar(
                x=round(MARGIN_LEFT + index * slot + slot * 0.2, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.6, 1),
                height=round(height, 1),
                label=label,
                value=value,
                over=value is not None and value > threshold,
            )
        )
    return Chart(
        key=key,
        title=title,
        width=WIDTH,
        height=HEIGHT,
        baseline=baseline,
        bars=bars,
        threshold=threshold,
        threshold_y=round(baseline - plot_height * threshold / top, 1),
        left=MARGIN_LEFT,
    )
