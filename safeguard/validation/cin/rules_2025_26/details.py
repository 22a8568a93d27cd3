"""CIN census 2025/26: the CINdetails module (referral, closure, NFA flag, codes) and what an episode may hold."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ...engine import Frames, rule
from ..codes import PRIMARY_NEED, REASON_FOR_CLOSURE, REFERRAL_SOURCE, is_false, working_days_back

CIN = "CINdetails"
EPISODE = ["LAchildID", "CINdetailsID"]
REFERRAL, CLOSURE, NFA = pl.col("CINreferralDate"), pl.col("CINclosureDate"), pl.col("ReferralNFA")


def _episodes_with(f: Frames, table: str, condition: pl.Expr | None = None) -> pl.LazyFrame:
    """The (LAchildID, CINdetailsID) of episodes that have a row of `table` (meeting `condition`)."""
    rows = f[table] if condition is None else f[table].filter(condition)
    return rows.select(EPISODE).unique()


@rule(
    "2990",
    "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case "
    "closed after assessment, referred to early help'.",
    table=CIN,
    fields=["ReasonForClosure"],
)
def closed_after_assessment_only(f: Frames) -> pl.LazyFrame:
    # RC8/RC9 episodes may not hold an ICPC date, a section 47, a child protection plan or a CIN plan.
    activity = pl.concat([_episodes_with(f, t) for t in ("ChildProtectionPlans", "Section47", "CINplanDates")])
    closed = f[CIN].filter(pl.col("ReasonForClosure").is_in(["RC8", "RC9"]))
    return pl.concat(
        [
            closed.filter(pl.col("DateOfInitialCPC").is_not_null()).select("row"),
            closed.join(activity, on=EPISODE, how="semi").select("row"),
        ]
    )


@rule(
    "2991Q",
    "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no "
    "assessment on the episode",
    table="Section47",
    fields=["CINdetailsID"],
)
def section47_needs_assessment(f: Frames) -> pl.LazyFrame:
    return f["Section47"].join(_episodes_with(f, "Assessments"), on=EPISODE, how="anti")


@rule("4000", "CIN Plan details provided for a referral with no further action", table=CIN, fields=["ReferralNFA"])
def no_plan_for_nfa(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(NFA.is_in(["true", "1"])).join(_episodes_with(f, "CINplanDates"), on=EPISODE, how="semi")


@rule(
    "8555Q",
    "Child cannot be referred after its recorded date of death",
    table=CIN,
    fields=["PersonDeathDate", "CINreferralDate"],
)
def referred_before_death(f: Frames) -> pl.LazyFrame:
    deaths = (
        f["ChildIdentifiers"].filter(pl.col("PersonDeathDate").is_not_null()).select("LAchildID", "PersonDeathDate")
    )
    return f[CIN].join(deaths, on="LAchildID").filter(pl.col("PersonDeathDate") < REFERRAL)


@rule(
    "8565",
    "Activity shown after a case has been closed",
    table=CIN,
    fields=["CINclosureDate", "DateOfInitialCPC", "AssessmentActualStartDate", "AssessmentAuthorisationDate",
            "S47ActualStartDate", "CPPendDate", "CINPlanStartDate", "CINPlanEndDate"],
)  # fmt: skip
def nothing_after_closure(f: Frames) -> pl.LazyFrame:
    # The closure date must not be before any dated activity of the episode. As in the reference validator, a
    # child protection plan's end date is not compared (its check runs on fixed sample data, not the return).
    closed = f[CIN].filter(CLOSURE.is_not_null()).select("row", *EPISODE, "CINclosureDate", "DateOfInitialCPC")
    later = [
        closed.filter(pl.col("DateOfInitialCPC") > CLOSURE).select("row"),
    ]
    for table, columns in (
        ("Assessments", ["AssessmentActualStartDate", "AssessmentAuthorisationDate"]),
        ("Section47", ["S47ActualStartDate", "DateOfInitialCPC"]),
        ("CINplanDates", ["CINPlanStartDate", "CINPlanEndDate"]),
    ):
        other = f[table].select(*EPISODE, *[pl.col(c).alias(f"{c}_other") for c in columns])
        after = pl.any_horizontal(pl.col(f"{c}_other") > CLOSURE for c in columns)
        later.append(closed.join(other, on=EPISODE).filter(after.fill_null(False)).select("row"))
    return pl.concat(later)


@rule("8568", "RNFA flag is missing or invalid", table=CIN, fields=["ReferralNFA"])
def nfa_flag_valid(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(~NFA.str.to_lowercase().is_in(["1", "0", "false", "true"]).fill_null(False))


@rule(
    "8569Q",
    "A case with referral date before one working day prior to the collection start date must not be flagged as a "
    "no further action case",
    table=CIN,
    fields=["ReferralNFA"],
)
def old_referral_not_nfa(f: Frames) -> pl.LazyFrame:
    first_working_day = working_days_back(f.period_start, 1)
    return f[CIN].filter((first_working_day > REFERRAL) & ~is_false("ReferralNFA").fill_null(False))


@rule(
    "8585Q",
    "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child "
    "has no recorded Date of Death",
    table=CIN,
    fields=["ReasonForClosure", "PersonDeathDate"],
)
def died_needs_death_date(f: Frames) -> pl.LazyFrame:
    children = f["ChildIdentifiers"].select("LAchildID", "PersonDeathDate")
    return (
        f[CIN]
        .filter(pl.col("ReasonForClosure") == "RC2")
        .join(children, on="LAchildID", how="left")
        .filter(pl.col("PersonDeathDate").is_null())
    )


@rule("8590", "Child does not have a recorded CIN episode.", table="ChildIdentifiers", fields=["LAchildID"])
def child_has_episode(f: Frames) -> pl.LazyFrame:
    return f["ChildIdentifiers"].join(f[CIN].select("LAchildID").unique(), on="LAchildID", how="anti", nulls_equal=True)


@rule("8600", "Child referral date missing or after data collection period", table=CIN, fields=["CINreferralDate"])
def referral_in_period(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(REFERRAL.is_null() | (f.period_end < REFERRAL))


@rule(
    "8606",
    "Child referral date is more than 40 weeks before DOB or expected DOB",
    table=CIN,
    fields=["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"],
)
def referral_not_long_before_birth(f: Frames) -> pl.LazyFrame:
    births = f["ChildIdentifiers"].select("LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate")
    gap = dt.timedelta(days=280)
    too_early = (pl.col("PersonBirthDate") - gap > REFERRAL).fill_null(False) | (
        pl.col("ExpectedPersonBirthDate") - gap > REFERRAL
    ).fill_null(False)
    return f[CIN].join(births, on="LAchildID", how="left").filter(too_early)


@rule(
    "8610",
    "Primary Need code is missing for a referral which led to further action.",
    table=CIN,
    fields=["ReferralNFA", "PrimaryNeedCode"],
)
def primary_need_present(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(is_false("ReferralNFA") & pl.col("PrimaryNeedCode").is_null())


@rule(
    "8620",
    "CIN Closure Date present and does not fall within the Census year",
    table=CIN,
    fields=["CINclosureDate"],
)
def closure_in_year(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(~CLOSURE.is_between(f.period_start, f.period_end))


@rule(
    "8630",
    "CIN Closure Date is before CIN Referral Date for the same CIN episode",
    table=CIN,
    fields=["CINreferralDate", "CINclosureDate"],
)
def closure_after_referral(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(CLOSURE < REFERRAL)


@rule(
    "8640",
    "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)",
    table=CIN,
    fields=["ReasonForClosure"],
)
def closure_reason_valid(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(~pl.col("ReasonForClosure").is_in(REASON_FOR_CLOSURE))


@rule(
    "8650",
    "Primary Need Code invalid (see Primary Need table in CIN census code set)",
    table=CIN,
    fields=["PrimaryNeedCode"],
)
def primary_need_valid(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(~pl.col("PrimaryNeedCode").is_in(PRIMARY_NEED))


@rule(
    "8805",
    "A CIN case cannot have a CIN closure date without a Reason for Closure",
    table=CIN,
    fields=["CINclosureDate", "ReasonForClosure"],
)
def closure_needs_reason(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(CLOSURE.is_not_null() & pl.col("ReasonForClosure").is_null())


@rule(
    "8810",
    "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
    table=CIN,
    fields=["ReasonForClosure", "CINclosureDate"],
)
def reason_needs_closure(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(pl.col("ReasonForClosure").is_not_null() & CLOSURE.is_null())


@rule(
    "8815",
    "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and "
    "case is not a referral with no further action. ",
    table=CIN,
    fields=["ReferralNFA", "CINclosureDate"],
)
def one_open_episode(f: Frames) -> pl.LazyFrame:
    # Children with two or more open episodes going on to further action: all their open episodes are reported.
    open_further = f[CIN].filter(CLOSURE.is_null() & is_false("ReferralNFA"))
    children = open_further.group_by("LAchildID").len().filter(pl.col("len") > 1).select("LAchildID")
    return f[CIN].filter(CLOSURE.is_null()).join(children, on="LAchildID", how="semi")


@rule(
    "8816",
    "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.",
    table=CIN,
    fields=["CINreferralDate", "ReferralNFA"],
)
def open_episode_is_latest(f: Frames) -> pl.LazyFrame:
    # The latest episode is the first of the child's episodes with the latest referral date.
    dated = f[CIN].filter(REFERRAL.is_not_null())
    latest = (
        dated.filter(REFERRAL.max().over("LAchildID") == REFERRAL)
        .group_by("LAchildID")
        .agg(pl.col("row").min().alias("latest_row"))
    )
    candidates = dated.filter(CLOSURE.is_null() & is_false("ReferralNFA"))
    return candidates.join(latest, on="LAchildID").filter(pl.col("row") != pl.col("latest_row"))


@rule(
    "8820",
    "The dates on the CIN episodes for this child overlap",
    table=CIN,
    fields=["CINreferralDate", "CINclosureDate"],
)
def episodes_do_not_overlap(f: Frames) -> pl.LazyFrame:
    # An episode's referral date must not fall on or after another episode's referral and before its closure (or,
    # when that other episode is open and going on to further action, before the reference date).
    dated = f[CIN].filter(REFERRAL.is_not_null()).select("row", "LAchildID", "CINreferralDate")
    others = (
        f[CIN]
        .filter(REFERRAL.is_not_null())
        .select(
            "LAchildID",
            pl.col("row").alias("other_row"),
            pl.col("CINreferralDate").alias("other_referral"),
            pl.col("CINclosureDate").alias("other_closure"),
            pl.col("ReferralNFA").alias("other_nfa"),
        )
    )
    pairs = dated.join(others, on="LAchildID").filter(pl.col("row") != pl.col("other_row"))
    other_closure = pl.col("other_closure")
    inside = (pl.col("other_referral") <= REFERRAL) & (
        ((other_closure > REFERRAL) & other_closure.is_not_null())
        | (
            (f.period_end > REFERRAL)
            & other_closure.is_null()
            & pl.col("other_nfa").str.to_lowercase().is_in(["false", "0"])
        )
    )
    return pairs.filter(inside.fill_null(False))


@rule(
    "8825Q",
    "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after "
    "assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no "
    "assessment present for the episode.",
    table=CIN,
    fields=["ReasonForClosure"],
)
def closed_after_assessment_has_one(f: Frames) -> pl.LazyFrame:
    closed = f[CIN].filter(pl.col("ReasonForClosure").is_in(["RC8", "RC9"]))
    return closed.join(_episodes_with(f, "Assessments"), on=EPISODE, how="anti")


@rule(
    "8831",
    "Activity is recorded against a case marked as a referral with no further action",
    table=CIN,
    fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate", "S47ActualStartDate", "DateOfInitialCPC"],
)
def nfa_has_no_activity(f: Frames) -> pl.LazyFrame:
    nfa = f[CIN].filter(NFA.is_in(["true", "1"]))
    enquiries = _episodes_with(f, "Section47", pl.col("S47ActualStartDate").is_not_null())
    assessments = _episodes_with(
        f,
        "Assessments",
        pl.col("AssessmentActualStartDate").is_not_null() | pl.col("AssessmentAuthorisationDate").is_not_null(),
    )
    return pl.concat(
        [
            nfa.filter(pl.col("DateOfInitialCPC").is_not_null()).select("row"),
            nfa.join(enquiries, on=EPISODE, how="semi").select("row"),
            nfa.join(assessments, on=EPISODE, how="semi").select("row"),
        ]
    )


@rule(
    "8832",
    "Child Protection details provided for a referral with no further action.",
    table=CIN,
    fields=["CINdetailsID", "ReferralNFA"],
)
def nfa_has_no_protection_plan(f: Frames) -> pl.LazyFrame:
    nfa = f[CIN].filter((NFA.str.to_lowercase() == "true") | (NFA == "1"))
    return nfa.join(_episodes_with(f, "ChildProtectionPlans"), on=EPISODE, how="semi")


@rule(
    "8866",
    "Source of Referral is missing or an invalid code",
    table=CIN,
    fields=["CINreferralDate", "ReferralSource"],
)
def referral_source_valid(f: Frames) -> pl.LazyFrame:
    return f[CIN].filter(
        (dt.date(2013, 4, 1) <= REFERRAL) & ~pl.col("ReferralSource").is_in(REFERRAL_SOURCE).fill_null(False)
    )


@rule(
    "8867",
    "CIN episode is shown as closed, however Assessment is not shown as completed",
    table="Assessments",
    fields=["CINclosureDate", "AssessmentAuthorisationDate"],
)
def closed_needs_completed_assessments(f: Frames) -> pl.LazyFrame:
    closed = _episodes_with(f, CIN, CLOSURE.is_not_null())
    return f["Assessments"].filter(pl.col("AssessmentAuthorisationDate").is_null()).join(closed, on=EPISODE, how="semi")


@rule(
    "8868",
    "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not "
    "required flag",
    table="Section47",
    fields=["ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"],
)
def closed_needs_completed_enquiries(f: Frames) -> pl.LazyFrame:
    # Exactly one of the ICPC date and the "not required" flag: neither, or both, is reported.
    closed = _episodes_with(f, CIN, CLOSURE.is_not_null())
    icpc = pl.col("DateOfInitialCPC").is_not_null()
    not_required = pl.col("ICPCnotRequired").is_in(["1", "true"]).fill_null(False)
    return f["Section47"].filter(icpc == not_required).join(closed, on=EPISODE, how="semi")
