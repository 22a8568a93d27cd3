"""CIN census 2025/26: child protection plans and their reviews."""

from __future__ import annotations

import polars as pl

from ...engine import Frames, rule
from ..codes import CATEGORY_OF_ABUSE

CPP = "ChildProtectionPlans"
EPISODE = ["LAchildID", "CINdetailsID"]
START, END = pl.col("CPPstartDate"), pl.col("CPPendDate")
ICPC = pl.col("DateOfInitialCPC")


def _deaths(f: Frames) -> pl.LazyFrame:
    return f["ChildIdentifiers"].filter(pl.col("PersonDeathDate").is_not_null()).select("LAchildID", "PersonDeathDate")


@rule(
    "1105",
    "The child protection plan start date cannot be before the referral date",
    table=CPP,
    fields=["CPPstartDate", "CINreferralDate"],
)
def cpp_after_referral(f: Frames) -> pl.LazyFrame:
    referrals = f["CINdetails"].select(*EPISODE, "CINreferralDate")
    return f[CPP].join(referrals, on=EPISODE).filter(pl.col("CINreferralDate") > START)


@rule(
    "2883",
    "There are more child protection plans starting than initial conferences taking place",
    table=CPP,
    fields=["CPPstartDate", "DateOfInitialCPC"],
    return_level=True,
)
def plans_follow_conferences(f: Frames) -> pl.LazyFrame:
    def in_year(frame: pl.LazyFrame, column: str) -> pl.LazyFrame:
        return frame.select(pl.col(column).is_between(f.period_start, f.period_end).fill_null(False).sum().alias("n"))

    plans = in_year(f[CPP], "CPPstartDate").rename({"n": "plans"})
    episode = in_year(f["CINdetails"], "DateOfInitialCPC").rename({"n": "episode"})
    enquiry = in_year(f["Section47"], "DateOfInitialCPC").rename({"n": "enquiry"})
    counts = pl.concat([plans, episode, enquiry], how="horizontal")
    return counts.filter(pl.col("plans") > pl.col("episode") + pl.col("enquiry"))


@rule(
    "2885",
    "Child protection plan shown as starting a different day to the initial child protection conference.",
    table=CPP,
    fields=["CPPstartDate", "DateOfInitialCPC"],
)
def cpp_starts_at_conference(f: Frames) -> pl.LazyFrame:
    # A plan starting in the year must start on the date of a conference of its episode's section 47s (those not
    # flagged "1" for not required), or, when the episode has no such section 47, on the episode's ICPC date.
    plans = f[CPP].filter(START.is_between(f.period_start, f.period_end)).select("row", *EPISODE, START)
    enquiries = f["Section47"].filter((pl.col("ICPCnotRequired") != "1").fill_null(True))
    with_enquiry = enquiries.select(EPISODE).unique()
    matched = plans.join(enquiries.select(*EPISODE, ICPC), on=EPISODE).filter(START == ICPC).select("row")
    against_enquiries = plans.join(with_enquiry, on=EPISODE, how="semi").join(matched, on="row", how="anti")
    against_episode = (
        plans.join(with_enquiry, on=EPISODE, how="anti")
        .join(f["CINdetails"].select(*EPISODE, ICPC), on=EPISODE, how="left")
        .filter((START != ICPC).fill_null(True))
    )
    return pl.concat([against_enquiries.select("row"), against_episode.select("row")])


@rule(
    "8720",
    "Child Protection Plan Start Date missing or out of data collection period",
    table=CPP,
    fields=["CPPstartDate", "ReferenceDate"],
)
def cpp_start_present(f: Frames) -> pl.LazyFrame:
    return f[CPP].filter(START.is_null() | (f.period_end < START))


@rule("8730", "Total Number of previous Child Protection Plans missing", table=CPP, fields=["NumberOfPreviousCPP"])
def previous_plans_present(f: Frames) -> pl.LazyFrame:
    previous = pl.col("NumberOfPreviousCPP")
    return f[CPP].filter(previous.is_null() | (previous.cast(pl.Int64, strict=False) < 0).fill_null(False))


@rule(
    "8840",
    "Child Protection Plan cannot start and end on the same day",
    table=CPP,
    fields=["ChildProtectionPlans", "CPPstartDate", "CPPendDate"],
)
def cpp_not_one_day(f: Frames) -> pl.LazyFrame:
    return f[CPP].filter(START == END)


@rule(
    "8841",
    "The review date cannot be on the same day or before the Child protection Plan start date.",
    table=CPP,
    fields=["CPPstartDate", "CPPreviewDate"],
)
def reviews_after_start(f: Frames) -> pl.LazyFrame:
    reviews = f["Reviews"].select(*EPISODE, "CPPID", "CPPreviewDate")
    return f[CPP].join(reviews, on=[*EPISODE, "CPPID"]).filter(pl.col("CPPreviewDate") <= START)


@rule(
    "8842Q",
    "Please check and either amend or provide a reason: Review Record has a missing date",
    table="Reviews",
    fields=["CPPreviewDate"],
)
def review_has_date(f: Frames) -> pl.LazyFrame:
    return f["Reviews"].filter(pl.col("CPPreviewDate").is_null())


@rule(
    "8905",
    "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
    table=CPP,
    fields=["InitialCategoryOfAbuse"],
)
def initial_category_valid(f: Frames) -> pl.LazyFrame:
    return f[CPP].filter(~pl.col("InitialCategoryOfAbuse").is_in(CATEGORY_OF_ABUSE).fill_null(False))


@rule(
    "8910",
    "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
    table=CPP,
    fields=["LatestCategoryOfAbuse"],
)
def latest_category_valid(f: Frames) -> pl.LazyFrame:
    return f[CPP].filter(~pl.col("LatestCategoryOfAbuse").is_in(CATEGORY_OF_ABUSE).fill_null(False))


@rule(
    "8915",
    "Child Protection Plan shown as starting after the child’s Date of Death",
    table=CPP,
    fields=["CPPstartDate", "PersonDeathDate"],
)
def cpp_starts_before_death(f: Frames) -> pl.LazyFrame:
    return f[CPP].join(_deaths(f), on="LAchildID").filter(pl.col("PersonDeathDate") < START)


@rule(
    "8920",
    "Child Protection Plan cannot end after the child’s Date of Death",
    table=CPP,
    fields=["PersonDeathDate", "CPPendDate"],
)
def cpp_ends_by_death(f: Frames) -> pl.LazyFrame:
    return f[CPP].join(_deaths(f), on="LAchildID").filter(pl.col("PersonDeathDate") < END)


@rule(
    "8925", "Child Protection Plan End Date earlier than Start Date", table=CPP, fields=["CPPstartDate", "CPPendDate"]
)
def cpp_ends_after_start(f: Frames) -> pl.LazyFrame:
    return f[CPP].filter(END < START)


@rule(
    "8930",
    "Child Protection Plan End Date must fall within the census year",
    table=CPP,
    fields=["CPPendDate", "ReferenceDate"],
)
def cpp_end_in_year(f: Frames) -> pl.LazyFrame:
    return f[CPP].filter(~END.is_between(f.period_start, f.period_end))


@rule(
    "8935",
    "This child is showing more than one open Child Protection plan, i.e. with no End Date",
    table=CPP,
    fields=["CPPendDate"],
)
def one_open_cpp(f: Frames) -> pl.LazyFrame:
    # As the reference validator: plans are grouped by child and plan number (CPPID counts within an episode).
    keys = ["LAchildID", "CPPID"]
    repeated = f[CPP].filter(END.is_null()).group_by(keys).len().filter(pl.col("len") > 1).select(keys)
    return f[CPP].join(repeated, on=keys, how="semi")


@rule(
    "8940",
    "Child Protection Plan data contains overlapping dates",
    table=CPP,
    fields=["CPPstartDate", "CPPendDate"],
)
def cpps_do_not_overlap(f: Frames) -> pl.LazyFrame:
    # A plan's start must not fall on or between another of the child's plans' start and end (or the reference
    # date when open). As the reference validator, plans with the same number (CPPID) are not compared.
    started = f[CPP].filter(START.is_not_null())
    others = started.select(
        "LAchildID", pl.col("CPPID").alias("other_id"), START.alias("other_start"), END.alias("other_end")
    )
    other_end = pl.col("other_end")
    during = (pl.col("other_start") <= START) & (
        ((other_end >= START) & other_end.is_not_null()).fill_null(False)
        | ((f.period_end >= START) & other_end.is_null())
    )
    return (
        started.select("row", "LAchildID", "CPPID", START)
        .join(others, on="LAchildID")
        .filter((pl.col("CPPID") != pl.col("other_id")) & during)
    )
