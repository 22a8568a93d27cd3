"""CIN census 2025/26 rules the reference validator never reports on a real XML file (it crashes on them or
compares the wrong thing), written to the DfE's text and run like every other rule. docs/validation.md, "Where the
reference differs", says what the reference does instead. 8540, 8614, 8832 and 8898 live in their own modules;
these five exist only here."""

from __future__ import annotations

import polars as pl

from ...engine import Frames, rule


@rule(
    "2887Q",
    "Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return",
    table="Disabilities",
    fields=["Disability"],
    return_level=True,
)
def disability_codes_used(f: Frames) -> pl.LazyFrame:
    codes = f["Disabilities"].filter(pl.col("Disability") != "NONE").select(pl.col("Disability").n_unique().alias("n"))
    return codes.filter(pl.col("n") <= 7)


def _factor_assessments(f: Frames, code: str) -> pl.LazyFrame:
    keys = ["LAchildID", "CINdetailsID", "AssessmentID"]
    with_code = f["AssessmentFactors"].filter(pl.col("AssessmentFactor").str.to_uppercase() == code).select(keys)
    return f["Assessments"].join(with_code.unique(), on=keys, how="semi")


@rule(
    "8869",
    "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.",
    table="Assessments",
    fields=["AssessmentFactors"],
)
def factor_21_alone(f: Frames) -> pl.LazyFrame:
    return _factor_assessments(f, "21").filter(pl.col("FactorCount") > 1)


@rule(
    "8870Q",
    "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference "
    "should not be a weekend",
    table="Section47",
    fields=["InitialCPCtarget"],
)
def icpc_target_on_weekday(f: Frames) -> pl.LazyFrame:
    target = pl.col("InitialCPCtarget").str.to_date("%Y-%m-%d", strict=False)
    return f["Section47"].filter(target.dt.weekday() >= 6)


@rule(
    "8945Q",
    "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used "
    "('18B' or '18C' should be used instead)",
    table="Assessments",
    fields=["AssessmentFactors"],
)
def no_factor_18a(f: Frames) -> pl.LazyFrame:
    return _factor_assessments(f, "18A")


@rule(
    "8950Q",
    "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used "
    "('19B' or '19C' should be used instead)",
    table="Assessments",
    fields=["AssessmentFactors"],
)
def no_factor_19a(f: Frames) -> pl.LazyFrame:
    return _factor_assessments(f, "19A")
