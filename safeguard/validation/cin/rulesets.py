"""The CIN census rule sets by collection year."""

from __future__ import annotations

from ..engine import RuleSet
from .rules_2025_26 import RULES as RULES_2025_26

RULE_SETS: dict[str, RuleSet] = {"2025-26": RULES_2025_26}


def rule_set(year_label: str) -> RuleSet:
    try:
        return RULE_SETS[year_label]
    except KeyError:
        known = ", ".join(sorted(RULE_SETS))
        raise KeyError(f"there are no CIN census rules for {year_label} (known: {known})") from None
