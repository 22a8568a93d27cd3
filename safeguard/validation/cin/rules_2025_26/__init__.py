"""The CIN census rules for 2025/26, one small module per group (see docs/validation.md for the list).

The DfE's 2025/26 set is the 2024/25 set unchanged; this is the first year written natively, so it holds every rule.
`RULES` is what `safeguard returns validate` runs: all 109 rules, each behaving as the reference validator does,
except the rules in `REFERENCE_DIFFERS`, which the reference never reports on a real file (it crashes on them, or
compares the wrong thing): those follow the DfE's text (docs/validation.md, "Where the reference differs").

A later year derives from this one:

    RULES_2026_27 = RULES.derive("2026-27", added=[...], changed=[...], removed=["1234"])
"""

from ...engine import RuleSet, rules_in
from . import assessments, child, details, plans, protection, reference_differs, section47

# The agreement harness expects the reference to disagree on these (and says why in the docs).
REFERENCE_DIFFERS = frozenset({"2887Q", "8540", "8614", "8832", "8869", "8870Q", "8898", "8945Q", "8950Q"})

RULES = RuleSet("2025-26", rules_in(child, details, assessments, plans, section47, protection, reference_differs))
