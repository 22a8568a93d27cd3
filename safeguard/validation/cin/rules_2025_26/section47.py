"""CIN census 2025/26: section 47 enquiries and initial child protection conferences."""

from __future__ import annotations

import polars as pl

from ...engine import Frames, rule
from ..codes import working_days_back

S47 = "Section47"
EPISODE = ["LAchildID", "CINdetailsID"]
START, ICPC, NOT_REQUIRED = pl.col("S47ActualStartDate"), pl.col("DateOfInitialCPC"), pl.col("ICPCnotRequired")


def _referrals(f: Frames) -> pl.LazyFrame:
    return f["CINdetails"].select(*EPISODE, "CINreferralDate")


@rule(
    "1104",
    "The date of the initial child protection conference cannot be before the referral date",
    table=S47,
    fields=["CINreferralDate", "DateOfInitialCPC"],
)
def icpc_after_referral(f: Frames) -> pl.LazyFrame:
    return f[S47].join(_referrals(f), on=EPISODE).filter(pl.col("CINreferralDate") > ICPC)


@rule(
    "2884",
    "An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be "
    "recorded in one",
    table="CINdetails",
    fields=["DateOfInitialCPC"],
)
def icpc_recorded_once(f: Frames) -> pl.LazyFrame:
    # The same date on the episode and on any of the child's section 47s.
    conferences = f[S47].filter(ICPC.is_not_null()).select("LAchildID", ICPC.alias("s47_icpc")).unique()
    return f["CINdetails"].join(conferences, on="LAchildID").filter(pl.col("s47_icpc") == ICPC)


@rule(
    "2889",
    "The S47 start date cannot be before the referral date.",
    table=S47,
    fields=["S47ActualStartDate", "CINreferralDate"],
)
def s47_after_referral(f: Frames) -> pl.LazyFrame:
    return f[S47].join(_referrals(f), on=EPISODE).filter(pl.col("CINreferralDate") > START)


@rule(
    "8615",
    "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection "
    "Conference",
    table=S47,
    fields=["S47ActualStartDate", "DateOfInitialCPC"],
)
def s47_start_by_icpc(f: Frames) -> pl.LazyFrame:
    return f[S47].filter((START > ICPC).fill_null(False) | (ICPC.is_not_null() & START.is_null()))


@rule(
    "8675Q",
    "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the "
    "end of the census year. However, there is no date of Initial Child Protection Conference.",
    table=S47,
    fields=["DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"],
)
def open_enquiry_not_overdue(f: Frames) -> pl.LazyFrame:
    # As the reference validator: only an enquiry whose ICPCnotRequired flag is present and false is considered.
    return f[S47].filter(
        ICPC.is_null() & NOT_REQUIRED.is_in(["false", "0"]) & (working_days_back(f.period_end, 15) > START)
    )


@rule(
    "8715",
    "Date of Initial Child Protection Conference must fall within the census year",
    table=S47,
    fields=["DateOfInitialCPC", "ReferenceDate"],
)
def icpc_in_year(f: Frames) -> pl.LazyFrame:
    return f[S47].filter(~ICPC.is_between(f.period_start, f.period_end))


@rule(
    "8740",
    "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census "
    "year, the start date must fall within the census year",
    table=S47,
    fields=["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"],
)
def open_enquiry_started_in_year(f: Frames) -> pl.LazyFrame:
    # As the reference validator: only an ICPCnotRequired flag of "0" (not "false") is considered.
    return f[S47].filter(ICPC.is_null() & (NOT_REQUIRED == "0") & ~START.is_between(f.period_start, f.period_end))


@rule(
    "8839",
    "Within one CINDetails group there are 2 or more open S47 Assessments",
    table=S47,
    fields=["DateOfInitialCPC"],
)
def one_open_enquiry(f: Frames) -> pl.LazyFrame:
    # Open: no conference date and the "not required" flag not true. Every enquiry of the episode without a
    # conference date is reported.
    still_open = ICPC.is_null() & ~NOT_REQUIRED.is_in(["true", "1"]).fill_null(False)
    episodes = f[S47].filter(still_open).group_by(EPISODE).len().filter(pl.col("len") > 1).select(EPISODE)
    return f[S47].filter(ICPC.is_null()).join(episodes, on=EPISODE, how="semi")


@rule(
    "8875",
    "The Date of Initial Child Protection Conference cannot be a weekend",
    table=S47,
    fields=["DateOfInitialCPC"],
)
def icpc_on_weekday(f: Frames) -> pl.LazyFrame:
    return f[S47].filter(ICPC.dt.weekday() >= 6)  # Polars: Monday 1 ... Sunday 7


@rule(
    "8890",
    "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
    table=S47,
    fields=["S47ActualStartDate"],
)
def enquiries_do_not_overlap(f: Frames) -> pl.LazyFrame:
    # Within an episode, an enquiry's start must not fall on or between another enquiry's start and its
    # conference (or the reference date when it has no conference and one is not ruled out). Two enquiries with
    # the same start and conference date (or both without) count as one.
    started = f[S47].filter(START.is_not_null()).select("row", *EPISODE, START, ICPC)
    others = (
        f[S47]
        .filter(START.is_not_null())
        .select(
            *EPISODE,
            START.alias("other_start"),
            ICPC.alias("other_icpc"),
            NOT_REQUIRED.alias("other_not_required"),
        )
    )
    other_icpc = pl.col("other_icpc")
    same = (pl.col("other_start") == START) & (
        (other_icpc == ICPC).fill_null(False) | (ICPC.is_null() & other_icpc.is_null())
    )
    during = (pl.col("other_start") <= START) & (
        ((other_icpc >= START) & other_icpc.is_not_null()).fill_null(False)
        | (
            (f.period_end >= START)
            & other_icpc.is_null()
            & ~pl.col("other_not_required").str.to_lowercase().is_in(["1", "true"]).fill_null(False)
        )
    )
    return started.join(others, on=EPISODE).filter(~same & during)
