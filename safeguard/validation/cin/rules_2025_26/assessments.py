"""CIN census 2025/26: assessments and the factors identified at assessment."""

from __future__ import annotations

import polars as pl

from ...engine import Frames, rule
from ..codes import ASSESSMENT_FACTORS, working_days_back

ASSESSMENTS = "Assessments"
EPISODE = ["LAchildID", "CINdetailsID"]
START, AUTHORISED = pl.col("AssessmentActualStartDate"), pl.col("AssessmentAuthorisationDate")


@rule(
    "1103",
    "The assessment start date cannot be before the referral date",
    table=ASSESSMENTS,
    fields=["AssessmentActualStartDate", "CINreferralDate"],
)
def assessment_after_referral(f: Frames) -> pl.LazyFrame:
    referrals = f["CINdetails"].select(*EPISODE, "CINreferralDate")
    return f[ASSESSMENTS].join(referrals, on=EPISODE).filter(pl.col("CINreferralDate") > START)


@rule(
    "8608",
    "Assessment Start Date cannot be later than its End Date",
    table=ASSESSMENTS,
    fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
)
def authorised_after_start(f: Frames) -> pl.LazyFrame:
    return f[ASSESSMENTS].filter(START > AUTHORISED)


@rule(
    "8614",
    "Parental or child factors at assessment should only be present for a completed assessment.",
    table=ASSESSMENTS,
    fields=["AssessmentAuthorisationDate", "AssessmentFactors"],
)
def factors_only_when_completed(f: Frames) -> pl.LazyFrame:
    return f[ASSESSMENTS].filter(AUTHORISED.is_null() & (pl.col("FactorCount") > 0))


@rule(
    "8670Q",
    "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the "
    "end of the census year. However, there is no Assessment end date.",
    table=ASSESSMENTS,
    fields=["AssessmentActualStartDate"],
)
def open_assessment_not_overdue(f: Frames) -> pl.LazyFrame:
    return f[ASSESSMENTS].filter(AUTHORISED.is_null() & (working_days_back(f.period_end, 45) > START))


@rule(
    "8696",
    "Assessment end date must fall within the census year",
    table=ASSESSMENTS,
    fields=["AssessmentAuthorisationDate", "ReferenceDate"],
)
def authorised_in_year(f: Frames) -> pl.LazyFrame:
    return f[ASSESSMENTS].filter(~AUTHORISED.is_between(f.period_start, f.period_end))


@rule(
    "8736",
    "For an Assessment that has not been completed, the start date must fall within the census year",
    table=ASSESSMENTS,
    fields=["AssessmentAuthorisationDate", "AssessmentActualStartDate"],
)
def open_assessment_started_in_year(f: Frames) -> pl.LazyFrame:
    return f[ASSESSMENTS].filter(
        AUTHORISED.is_null() & ~START.is_between(f.period_start, f.period_end).fill_null(False)
    )


@rule(
    "8863Q",
    "An Assessment is shown as starting when there is another Assessment ongoing.",
    table=ASSESSMENTS,
    fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
)
def assessments_do_not_overlap(f: Frames) -> pl.LazyFrame:
    # Within an episode, an assessment's start must not fall on or between another assessment's start and its
    # authorisation (or the reference date when it is not authorised). Two assessments with the same start and
    # the same authorisation (or both unauthorised) count as one.
    started = f[ASSESSMENTS].filter(START.is_not_null()).select("row", *EPISODE, START, AUTHORISED)
    others = started.select(
        *EPISODE,
        pl.col("AssessmentActualStartDate").alias("other_start"),
        pl.col("AssessmentAuthorisationDate").alias("other_end"),
    )
    other_start, other_end = pl.col("other_start"), pl.col("other_end")
    same_end = (other_end == AUTHORISED).fill_null(False) | (AUTHORISED.is_null() & other_end.is_null())
    during = (other_start <= START) & (
        ((other_end >= START) & other_end.is_not_null()).fill_null(False)
        | ((f.period_end >= START) & other_end.is_null())
    )
    return started.join(others, on=EPISODE).filter(~((other_start == START) & same_end) & during)


@rule(
    "8873Q",
    "Please check and either amend data or provide a reason: When there is only one assessment on the episode and "
    "the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure "
    "‘RC8’ or 'RC9' should be used. ",
    table=ASSESSMENTS,
    fields=["ReasonForClosure", "AssessmentFactors"],
)
def no_factors_means_closed_after_assessment(f: Frames) -> pl.LazyFrame:
    # As the reference validator: an open episode (no reason for closure) is reported too.
    alone = f[ASSESSMENTS].filter(pl.len().over(EPISODE) == 1)
    with_21 = (
        f["AssessmentFactors"].filter(pl.col("AssessmentFactor").str.contains("21")).select(*EPISODE, "AssessmentID")
    )
    reasons = f["CINdetails"].select(*EPISODE, "ReasonForClosure")
    return (
        alone.join(with_21.unique(), on=[*EPISODE, "AssessmentID"], how="semi")
        .join(reasons, on=EPISODE, how="left")
        .filter(~pl.col("ReasonForClosure").is_in(["RC8", "RC9"]).fill_null(False))
    )


@rule(
    "8896",
    "Within one CINDetails group there are 2 or more open Assessments groups",
    table=ASSESSMENTS,
    fields=["AssessmentAuthorisationDate"],
)
def one_open_assessment(f: Frames) -> pl.LazyFrame:
    # Every assessment of such an episode is reported.
    assessments = f[ASSESSMENTS]
    episodes = assessments.filter(AUTHORISED.is_null()).group_by(EPISODE).len().filter(pl.col("len") > 1)
    return assessments.join(episodes.select(EPISODE), on=EPISODE, how="semi")


@rule(
    "8897Q",
    "Parental or child factors at assessment information is missing from a completed assessment",
    table=ASSESSMENTS,
    fields=["AssessmentAuthorisationDate", "AssessmentFactors"],
)
def completed_assessment_has_factors(f: Frames) -> pl.LazyFrame:
    # An assessment authorised in the year needs factors, all of them valid. As in the reference validator, the
    # factors are matched to the assessment by child and assessment number (not episode).
    completed = f[ASSESSMENTS].filter(f.period_start <= AUTHORISED)
    invalid = (
        f["AssessmentFactors"]
        .filter(~pl.col("AssessmentFactor").is_in(ASSESSMENT_FACTORS).fill_null(False))
        .select("LAchildID", "AssessmentID")
        .unique()
    )
    return pl.concat(
        [
            completed.filter(pl.col("FactorCount") == 0).select("row"),
            completed.join(invalid, on=["LAchildID", "AssessmentID"], how="semi").select("row"),
        ]
    )


@rule(
    "8898",
    " The assessment has more than one parental or child factors with the same code",
    table=ASSESSMENTS,
    fields=["AssessmentFactors"],
)
def factors_unique(f: Frames) -> pl.LazyFrame:
    keys = [*EPISODE, "AssessmentID"]
    repeated = f["AssessmentFactors"].filter(pl.len().over(*keys, "AssessmentFactor") > 1).select(keys).unique()
    return f[ASSESSMENTS].join(repeated, on=keys, how="semi")
