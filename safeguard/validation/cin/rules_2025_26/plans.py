"""CIN census 2025/26: child in need plans (CINPlanDates), and how they sit with child protection plans."""

from __future__ import annotations

import polars as pl

from ...engine import Frames, rule

PLANS = "CINplanDates"
EPISODE = ["LAchildID", "CINdetailsID"]
START, END = pl.col("CINPlanStartDate"), pl.col("CINPlanEndDate")
CPP_START, CPP_END = pl.col("CPPstartDate"), pl.col("CPPendDate")


def _deaths(f: Frames) -> pl.LazyFrame:
    return f["ChildIdentifiers"].filter(pl.col("PersonDeathDate").is_not_null()).select("LAchildID", "PersonDeathDate")


@rule(
    "4001",
    "A CIN Plan cannot run concurrently with a Child Protection Plan",
    table="ChildProtectionPlans",
    fields=["CINPlanEndDate", "CPPendDate"],
)
def no_open_cin_plan_with_open_cpp(f: Frames) -> pl.LazyFrame:
    open_plans = f[PLANS].filter(START.is_not_null() & END.is_null()).select(EPISODE).unique()
    return f["ChildProtectionPlans"].filter(CPP_END.is_null()).join(open_plans, on=EPISODE, how="semi")


@rule(
    "4003",
    "A CPP review date is shown as being held at the same time as an open CIN Plan.",
    table="ChildProtectionPlans",
    fields=["CINPlanStartDate", "CINPlanEndDate", "CPPreviewDate"],
)
def no_review_during_cin_plan(f: Frames) -> pl.LazyFrame:
    # As the reference validator: reviews are matched to plans by child and plan number, CIN plans by child; a
    # review on or after a CIN plan's start and before its end is reported when the protection plan has ended,
    # unless the review is on the protection plan's end date.
    reviews = f["Reviews"].select("LAchildID", "CPPID", "CPPreviewDate")
    cin_plans = f[PLANS].select("LAchildID", START, END)
    review = pl.col("CPPreviewDate")
    during = (review >= START) & (review < END) & CPP_END.is_not_null() & ~(review == CPP_END)
    return (
        f["ChildProtectionPlans"]
        .select("row", "LAchildID", "CPPID", CPP_END)
        .join(reviews, on=["LAchildID", "CPPID"])
        .join(cin_plans, on="LAchildID")
        .filter(during.fill_null(False))
    )


@rule(
    "4004",
    "This child is showing more than one open CIN Plan, i.e. with no End Date",
    table=PLANS,
    fields=["CINPlanEndDate"],
)
def one_open_cin_plan(f: Frames) -> pl.LazyFrame:
    episodes = f[PLANS].filter(END.is_null()).group_by(EPISODE).len().filter(pl.col("len") > 1).select(EPISODE)
    return f[PLANS].join(episodes, on=EPISODE, how="semi")


@rule(
    "4008",
    "CIN Plan shown as starting after the child’s Date of Death.",
    table=PLANS,
    fields=["PersonDeathDate", "CINPlanStartDate"],
)
def cin_plan_starts_before_death(f: Frames) -> pl.LazyFrame:
    return f[PLANS].join(_deaths(f), on="LAchildID").filter(pl.col("PersonDeathDate") < START)


@rule(
    "4009Q",
    "CIN Plan cannot end after the child’s Date of Death",
    table=PLANS,
    fields=["PersonDeathDate", "CINPlanEndDate"],
)
def cin_plan_ends_by_death(f: Frames) -> pl.LazyFrame:
    return f[PLANS].join(_deaths(f), on="LAchildID").filter(pl.col("PersonDeathDate") < END)


@rule(
    "4010",
    "CIN Plan start date is missing or out of data collection period",
    table=PLANS,
    fields=["CINPlanStartDate"],
)
def cin_plan_start_present(f: Frames) -> pl.LazyFrame:
    return f[PLANS].filter(START.is_null() | (f.period_end < START))


@rule("4011", "CIN Plan End Date earlier than Start Date", table=PLANS, fields=["CINPlanEndDate", "CINPlanStartDate"])
def cin_plan_ends_after_start(f: Frames) -> pl.LazyFrame:
    return f[PLANS].filter(END < START)


@rule(
    "4012Q",
    "Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day",
    table=PLANS,
    fields=["CINPlanStartDate", "CINPlanEndDate"],
)
def cin_plan_not_one_day(f: Frames) -> pl.LazyFrame:
    return f[PLANS].filter(START == END)


@rule(
    "4013",
    "CIN Plan end date must fall within the census year",
    table=PLANS,
    fields=["CINPlanEndDate", "ReferenceDate"],
)
def cin_plan_end_in_year(f: Frames) -> pl.LazyFrame:
    return f[PLANS].filter(~END.is_between(f.period_start, f.period_end))


@rule(
    "4014",
    "CIN Plan data contains overlapping dates",
    table=PLANS,
    fields=["CINPlanStartDate", "CINPlanEndDate"],
)
def cin_plans_do_not_overlap(f: Frames) -> pl.LazyFrame:
    # A plan's start must not fall on or between another plan's (of the same child) start and end, or start and
    # the reference date when that plan is open.
    started = f[PLANS].filter(START.is_not_null())
    others = started.select(
        "LAchildID", pl.col("row").alias("other_row"), START.alias("other_start"), END.alias("other_end")
    )
    other_end = pl.col("other_end")
    during = (pl.col("other_start") <= START) & (
        ((other_end >= START) & other_end.is_not_null()).fill_null(False)
        | ((f.period_end >= START) & other_end.is_null())
    )
    return (
        started.select("row", "LAchildID", START)
        .join(others, on="LAchildID")
        .filter((pl.col("row") != pl.col("other_row")) & during)
    )


@rule(
    "4015",
    "The CIN Plan start date cannot be before the referral date",
    table=PLANS,
    fields=["CINPlanStartDate", "CINreferralDate"],
)
def cin_plan_after_referral(f: Frames) -> pl.LazyFrame:
    referrals = f["CINdetails"].select(*EPISODE, "CINreferralDate")
    return f[PLANS].join(referrals, on=EPISODE).filter(pl.col("CINreferralDate") > START)


@rule(
    "4016",
    "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
    table=PLANS,
    fields=["CINPlanStartDate", "CPPstartDate", "CPPendDate"],
)
def cin_plan_not_during_cpp(f: Frames) -> pl.LazyFrame:
    # Any of the child's protection plans: a CIN plan may start on the day a protection plan ends.
    plans = f["ChildProtectionPlans"].select("LAchildID", CPP_START, CPP_END)
    during = (START >= CPP_START) & (
        ((START < CPP_END) & CPP_END.is_not_null()).fill_null(False) | ((f.period_end >= START) & CPP_END.is_null())
    )
    return f[PLANS].select("row", "LAchildID", START).join(plans, on="LAchildID").filter(during)


@rule(
    "4017",
    "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
    table="ChildProtectionPlans",
    fields=["CINPlanStartDate", "CINPlanEndDate", "CPPstartDate"],
)
def cpp_not_during_cin_plan(f: Frames) -> pl.LazyFrame:
    # Any of the child's CIN plans: a protection plan may start on the day a CIN plan ends.
    plans = f[PLANS].select("LAchildID", START, END)
    during = (CPP_START >= START) & (
        ((CPP_START < END) & END.is_not_null()).fill_null(False) | ((f.period_end >= CPP_START) & END.is_null())
    )
    return f["ChildProtectionPlans"].select("row", "LAchildID", CPP_START).join(plans, on="LAchildID").filter(during)
