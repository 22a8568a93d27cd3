"""Every CIN census 2025/26 rule flags its faulty case and passes its fixed one; a valid child passes them all."""

import pytest

from safeguard.validation.cin.rules_2025_26 import HELD_OUT, RULES

from .cin_builder import census, child, findings, flagged
from .cin_cases import CASES


def test_every_rule_has_a_case():
    assert sorted(case.code for case in CASES) == sorted([*RULES.rules, *HELD_OUT.rules])


def test_the_default_and_held_out_sets_are_the_dfes_109_rules():
    assert len(RULES) == 100 and len(HELD_OUT) == 9
    assert not set(RULES.rules) & set(HELD_OUT.rules)
    assert set(HELD_OUT.rules) == {"2887Q", "8540", "8614", "8832", "8869", "8870Q", "8898", "8945Q", "8950Q"}


@pytest.mark.parametrize("case", CASES, ids=[case.code for case in CASES])
def test_rule_flags_the_faulty_case_and_passes_the_fixed_one(case):
    faulty, fixed = case.documents()
    found = flagged(faulty, case.code)
    assert found, f"{case.code} did not flag its faulty case"
    assert {child for child, _table, _location in found} == case.children
    assert flagged(fixed, case.code) == []


def test_a_valid_child_passes_every_rule():
    assert findings(census(child())).height == 0


@pytest.mark.parametrize("case", CASES, ids=[case.code for case in CASES])
def test_the_fixed_case_breaks_no_other_error_rule(case):
    """The fixed documents are valid returns: no error findings (queries about them are allowed)."""
    _faulty, fixed = case.documents()
    errors = findings(fixed).filter(severity="error")
    assert errors.height == 0, errors.select("code", "child", "location").rows()
