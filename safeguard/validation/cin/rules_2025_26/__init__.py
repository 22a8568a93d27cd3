"""The CIN census rules for 2025/26, one small module per group (see docs/validation.md for the list).

The DfE's 2025/26 set is the 2024/25 set unchanged; this is the first year written natively, so it holds every rule.
`RULES` is what `safeguard returns validate` runs: every rule the reference validator reports, behaving as it does.
`HELD_OUT` are rules written to the DfE's text that the reference validator never reports on a real file (it
crashes on them, or compares the wrong thing); they wait for a decision (docs/validation.md).

A later year derives from this one:

    RULES_2026_27 = RULES.derive("2026-27", added=[...], changed=[...], removed=["1234"])
"""

from ...engine import RuleSet, rules_in
from . import assessments, child, details, held_out, plans, protection, section47

HELD_OUT_CODES = {"2887Q", "8540", "8614", "8832", "8869", "8870Q", "8898", "8945Q", "8950Q"}

_ALL = rules_in(child, details, assessments, plans, section47, protection, held_out)
RULES = RuleSet("2025-26", [item for item in _ALL if item.code not in HELD_OUT_CODES])
HELD_OUT = RuleSet("2025-26 held out", [item for item in _ALL if item.code in HELD_OUT_CODES])
