"""Findings out: text for people, JSON and CSV for tools. One finding per row: child, rule code, severity, table,
fields, location in the file and message."""

from __future__ import annotations

import io
import json

import polars as pl


def summary(findings: pl.DataFrame) -> dict:
    errors = findings.filter(pl.col("severity") == "error")
    queries = findings.filter(pl.col("severity") == "query")
    return {
        "errors": errors.height,
        "queries": queries.height,
        "children_with_errors": errors.get_column("child").drop_nulls().n_unique(),
        "rules_failed": findings.get_column("code").n_unique(),
    }


def summary_line(findings: pl.DataFrame) -> str:
    counts = summary(findings)
    return (
        f"{counts['errors']:,} errors ({counts['children_with_errors']:,} children) and {counts['queries']:,} queries "
        f"from {counts['rules_failed']:,} rules"
    )


def render(findings: pl.DataFrame, fmt: str, *, source: str = "", rules_run: int = 0) -> str:
    if fmt == "csv":
        buffer = io.StringIO()
        findings.write_csv(buffer)
        return buffer.getvalue()
    if fmt == "json":
        document = {"file": source, "rules_run": rules_run, **summary(findings), "findings": findings.to_dicts()}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    return _text(findings, source=source, rules_run=rules_run)


def _text(findings: pl.DataFrame, *, source: str, rules_run: int) -> str:
    lines = []
    for row in findings.iter_rows(named=True):
        where = row["location"] or row["table"]
        child = row["child"] if row["child"] is not None else "(return)"
        lines.append(
            f"{row['severity'].upper():5} {row['code']:6} {child:20} {where}: {row['message']} [{row['fields']}]"
        )
    lines.append(f"{source}: {rules_run} rules run, {summary_line(findings)}")
    return "\n".join(lines) + "\n"
