"""Small, fast sampling helpers over a seeded `random.Random` (never the global generator)."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Hashable, Mapping


class Weighted[K: Hashable]:
    """A weighted choice prepared once: one random number and a bisect per draw."""

    def __init__(self, weights: Mapping[K, float]) -> None:
        self.keys = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> K:
        return self.keys[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def stage_rng(seed: int, stage: str) -> random.Random:
    """One generator per stage, so a new stage never changes what earlier stages produce."""
    return random.Random(f"{seed}:{stage}")


def lognormal_days(rng: random.Random, median: float, sigma: float = 0.8) -> int:
    return max(1, round(rng.lognormvariate(math.log(median), sigma)))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
