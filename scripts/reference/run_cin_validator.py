"""Run the DfE reference CIN census validator (PyPI csc-validator-be-cin) on a file Safeguard built.

Runs in its own Python 3.11 virtual environment (scripts/reference/setup.sh): the validator needs numpy<2 and
pandas 1.x, which the project does not use. Prints one line per rule with the number of children it flagged;
exits 1 if any error-level rule fired (codes without the "Q" of a query), 0 otherwise.

    .venv-ref/bin/python scripts/reference/run_cin_validator.py FILE.xml [--ruleset cin2025_26] [--json OUT.json]

--json writes every (child, rule) pair it found and its time, for bench/bench_validation.py to compare engines.
"""

import argparse
import importlib
import sys
import time
import warnings
from xml.etree import ElementTree


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("xml")
    parser.add_argument("--ruleset", default="cin2025_26")
    parser.add_argument("--json", help="write the (child, rule) pairs found and the seconds taken to this file")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # the validator's pandas FutureWarnings are not findings
    from cin_validator.cin_validator import CinValidator, convert_data, process_data

    started = time.time()
    data = process_data(convert_data(ElementTree.parse(args.xml).getroot()))
    registry = importlib.import_module(f"cin_validator.rules.{args.ruleset}").registry
    validator = CinValidator(data, registry)
    findings = validator.full_issue_df
    children = data["ChildIdentifiers"]["LAchildID"].nunique()
    seconds = time.time() - started
    print(f"{args.xml}: {children} children, {len(findings)} findings in {seconds:.0f} s")
    if args.json:
        import json

        pairs = sorted({(str(child), str(code)) for child, code in findings[["child_id", "rule_code"]].values.tolist()})
        authority = sorted({str(code) for code, _ in validator.multichild_issues.drop_duplicates().values.tolist()})
        with open(args.json, "w") as out:
            json.dump({"seconds": seconds, "children": int(children), "pairs": pairs, "authority": authority}, out)
    errors = 0
    if len(findings):
        by_rule = findings.groupby(["rule_code", "rule_description"]).child_id.nunique().reset_index()
        for _, row in by_rule.iterrows():
            query = str(row.rule_code).endswith("Q")
            errors += 0 if query else 1
            kind = "query" if query else "ERROR"
            print(f"  {kind:5} {row.rule_code:7} {row.child_id:5} children  {row.rule_description[:140]}")
    for code, description in validator.multichild_issues.drop_duplicates().values.tolist():
        query = str(code).endswith("Q")
        errors += 0 if query else 1
        print(f"  {'query' if query else 'ERROR':5} {code:7} authority-level  {description[:140]}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
