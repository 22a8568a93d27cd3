"""Run the DfE reference SSDA903 validator (PyPI csc-validator-be-903, module lac_validator) on a folder Safeguard built.

Runs in its own Python 3.11 virtual environment, .venv-ref-903 (scripts/reference/setup.sh): the validator needs
numpy<1.25 and pandas 1.x, which conflicts with the CIN validator's numpy pin. Files ending `_last.csv` are last
year's tables ("Prev year"); every other CSV is this year's. The validator recognises each table by its columns.

Prints one line per rule that fired (children and rows it flagged, its message) and one line per finding, then
the rules it skipped. Exits 1 if any error-level rule fired, 0 otherwise.

Errors and queries: the validator has no severity. Its RuleDefinition carries code, message, fields and tables
only, and its Report counts every flagged row as an error ("Error Count", "Errors for Child"); the one exception
is rule EPI, whose message starts "WARNING:" (a prompt to load episodes in the DfE portal, not a data error).
So every finding counts as an error except those whose message begins "WARNING".

Each rule is meant to see "a clean copy of the files" (LacValidator.validate), but copy_datastore makes shallow
copies and some rules write into them: rule 365 fills every blank DEC with 31 March in place, so later rules see
open episodes as ended and rules 575 and 577 flag missing episodes still open on 31 March. This script gives each
rule its own deep copy, as the validator intends (--as-shipped runs it unchanged; only 575, 577 and SW12STG2 differ).
Three rules are known defects and two cannot be right on a two-year file set: they are printed but not counted
(KNOWN_DEFECTS and KNOWN_LIMITATIONS say why).
Rules 231 and 233 (new in 2025/26) read columns no CSV has (UASC_STATUS, DATE_EPISODE_CEASED) and always raise;
they are listed, not counted. Rules that need the Ofsted children's homes and social care providers lists (the
"Provider Info" table: 1008, 219, 221, 224, 227, 228, 229) return nothing without them and are listed as skipped
(so is 105, which needs XML input).

    .venv-ref-903/bin/python scripts/reference/run_903_validator.py DIR [--ruleset lac2025_26] [--la E10000000]
"""

import argparse
import importlib
import logging
import sys
import time
import warnings
from pathlib import Path

# Rules whose implementation contradicts the rule itself: their findings are printed, not counted.
KNOWN_DEFECTS = {
    # "...all social worker episodes for the full previous year should be reported, even those whilst they were not
    # looked after", yet it flags every episode that began before care started (or, with shared data, relies on
    # rule 365 having filled in DEC).
    "SW12STG2": "flags social worker episodes from before care began, which its own message asks for, and every "
    "episode of a child still in care unless rule 365 has written 31 March into DEC",
    # Compares each episode's start with the end of the episode two before it (a reverse shift over the whole
    # table), so a third social worker starting in the last five days of March is read as a gap.
    "SW11bSTG2": "compares an episode with the one two before it",
    # Its own comment: "<PL_LA> must equal Ofsted URN lookup <LA code> for that URN", i.e. the Ofsted providers list
    # (like 219, 221, 224...). The code compares PL_LA with the submitting authority instead, so with 218 (a K3
    # placement needs a URN) and 242 (not XXXXXXX for K3) every supported accommodation outside the authority fails.
    "241": "compares PL_LA with the submitting authority, not with the Ofsted list's LA for the URN as the rule says, "
    "so every K3 placement outside the authority is flagged",
}

# Rules that cannot be right on a two-year file set: printed, not counted. The DfE portal checks them against the
# child's whole history; a file set holds this year and last year only.
KNOWN_LIMITATIONS = {
    # OC3 care leavers whose care ended before last year: the rules look for the qualifying care (13 weeks from
    # the 14th birthday, one day after the 16th) in the episodes they are given, which stop two years back.
    "1001": "needs the care leaver's episodes from before last year, which a two-year file set does not hold",
    "1002": "needs the care leaver's episodes from before last year, which a two-year file set does not hold",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--ruleset", default="lac2025_26", help="lac2025_26 for the 2025-26 collection")
    parser.add_argument("--la", default="999", help="the authority's code, as SAFEGUARD_LA_CODE")
    parser.add_argument("--all", action="store_true", help="print every flagged row, not the first 5 per rule")
    parser.add_argument("--rules", nargs="*", help="run only these rules (to look into one)")
    parser.add_argument("--as-shipped", action="store_true", help="let rules share the data as the validator does")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"{args.folder} is not a folder", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")  # the validator's pandas FutureWarnings are not findings
    logging.disable(logging.CRITICAL)  # it logs every rule at INFO and prints some data frames
    from lac_validator import lac_validator as engine
    from lac_validator.lac_validator import LacValidator, create_issue_df
    from lac_validator.report import Report
    from lac_validator.utils import process_uploaded_files

    if not args.as_shipped:
        engine.copy_datastore = _deep_copy
    csvs = sorted(str(path) for path in args.folder.glob("*.csv"))
    files = {
        "This year": [name for name in csvs if not name.endswith("_last.csv")],
        "Prev year": [name for name in csvs if name.endswith("_last.csv")],
    }
    dfe_year = "20" + args.ruleset[-2:]  # lac2025_26 → collection year 2026
    registry = importlib.import_module(f"lac_validator.rules.{args.ruleset}").registry
    started = time.time()
    validator = _quietly(
        lambda: LacValidator(
            metadata={"collectionYear": dfe_year, "localAuthority": args.la},
            files=process_uploaded_files(files),
            registry=registry,
            selected_rules=args.rules,
        )
    )
    report = Report(validator.ds_results, registry)
    issues = create_issue_df(report.report, report.error_report) if report.error_cols else None
    children = validator.dfs["Header"]["CHILD"].nunique() if "Header" in validator.dfs else 0
    found = 0 if issues is None else len(issues.drop_duplicates(["rule_code", "tables_affected", "row_id"]))
    print(
        f"{args.folder}: {children} children, {len(registry)} rules, {found} flagged rows in {time.time() - started:.0f} s"
    )
    errors = _print_findings(issues, registry, show_all=args.all)
    if validator.fails:
        print(f"  rules that raised an exception (not counted): {', '.join(sorted(validator.fails))}")
    print(
        f"  rules skipped (their tables or the Ofsted provider lists not loaded): {', '.join(sorted(validator.skips))}"
    )
    return 1 if errors else 0


def _deep_copy(store: dict) -> dict:
    return {name: table if name == "metadata" else table.copy(deep=True) for name, table in store.items()}


def _quietly(build):
    """Run `build` with standard output silenced (some rules print data frames)."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        return build()


def _print_findings(issues, registry, *, show_all: bool) -> int:
    if issues is None or issues.empty:
        return 0
    errors = 0
    rows = issues.drop_duplicates(["rule_code", "tables_affected", "row_id"])
    for code, flagged in rows.groupby("rule_code"):
        message = " ".join((registry[code].message or "").split())
        if code in KNOWN_DEFECTS:
            kind, message = "known", f"validator defect, not counted: {KNOWN_DEFECTS[code]}. {message}"
        elif code in KNOWN_LIMITATIONS:
            kind, message = "known", f"two-year limitation, not counted: {KNOWN_LIMITATIONS[code]}. {message}"
        elif message.upper().startswith("WARNING"):
            kind = "query"
        else:
            kind = "ERROR"
            errors += 1
        print(f"  {kind:5} {code:9} {flagged.child_id.nunique():4} children {len(flagged):4} rows  {message[:150]}")
        shown = flagged if show_all else flagged.head(5)
        for _, row in shown.iterrows():
            print(f"        child {row.child_id}  {row.tables_affected} row {row.row_id}")
    return errors


if __name__ == "__main__":
    sys.exit(main())
