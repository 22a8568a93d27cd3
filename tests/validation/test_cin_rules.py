"""Every CIN census 2025/26 rule flags its faulty case and passes its fixed one; a valid child passes them all."""

import pytest

from safeguard.validation.cin.rules_2025_26 import REFERENCE_DIFFERS, RULES

from .cin_builder import census, child, findings, flagged
from .cin_cases import CASES


def test_every_rule_has_a_case():
    assert sorted(case.code for case in CASES) == sorted(RULES.rules)


def test_the_set_is_the_dfes_109_rules_including_those_the_reference_never_reports():
    assert len(RULES) == 109
    assert set(RULES.rules) >= REFERENCE_DIFFERS


@pytest.mark.parametrize("case", CASES, ids=[case.code for case in CASES])
def test_rule_flags_the_faulty_case_and_passes_the_fixed_one(case):
    faulty, fixed = case.documents()
    found = flagged(faulty, case.code)
    assert found, f"{case.code} did not flag its faulty case"
    assert {child for child, _table, _location in found} == case.children
    assert flagged(fixed, case.code) == []


def test_a_valid_child_passes_every_rule():
    # 2887Q asks about the whole return (at least 8 disability codes used): a one-child return always has it.
    assert findings(census(child())).select("code").to_series().to_list() == ["2887Q"]


@pytest.mark.parametrize("case", CASES, ids=[case.code for case in CASES])
def test_the_fixed_case_breaks_no_other_error_rule(case):
    """The fixed documents are valid returns: no error findings (queries about them are allowed)."""
    _faulty, fixed = case.documents()
    errors = findings(fixed).filter(severity="error")
    assert errors.height == 0, errors.select("code", "child", "location").rows()
