"""Code sets of the CIN census (DfE CIN census guide, 2025/26) and small helpers the rules share."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
import polars as pl
from dateutil.relativedelta import relativedelta

ETHNICITY = ["ABAN", "AIND", "AOTH", "APKN", "BAFR", "BCRB", "BOTH", "CHNE", "MOTH", "MWAS", "MWBA", "MWBC", "NOBT",
             "OOTH", "REFU", "WBRI", "WIRI", "WIRT", "WOTH", "WROM"]  # fmt: skip
DISABILITY = ["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"]
REASON_FOR_CLOSURE = [f"RC{n}" for n in range(1, 10)]
PRIMARY_NEED = [f"N{n}" for n in range(10)]
REFERRAL_SOURCE = ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C",
                   "5D", "6", "7", "8", "9", "10"]  # fmt: skip
CATEGORY_OF_ABUSE = ["NEG", "PHY", "SAB", "EMO", "MUL"]
ASSESSMENT_FACTORS = ["1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A",
                      "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A",
                      "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A", "23A",
                      "24A"]  # fmt: skip
SEX = ["M", "F", "U"]
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # remainder 0..22 of the weighted sum mod 23
UPN_LAST_CHARACTER = [*"ABCDEFGHJKLMNPQRTUVWXYZ", *"0123456789"]  # A-Z without I, O and S, or a digit


def _la_codes() -> list[str]:
    """Characters 2-4 of a UPN: post-April-1998 LA codes and the DfE's pseudo-LA codes."""
    ranges = [(1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384), (390, 394),
              (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), (820, 823), (835, 839), (850, 852),
              (855, 857), (865, 896), (935, 938), (940, 941)]  # fmt: skip
    singles = [420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926,
               928, 929, 931, 933, 942, 943]  # fmt: skip
    codes = [n for low, high in ranges for n in range(low, high + 1)] + singles
    return sorted(f"{n:03d}" for n in codes)


UPN_LA_CODES = _la_codes()


def is_true(column: str) -> pl.Expr:
    """An XML boolean that is true ("true" or "1")."""
    return pl.col(column).is_in(["true", "1"])


def is_false(column: str) -> pl.Expr:
    return pl.col(column).is_in(["false", "0"])


def shift(day: dt.date, **offset: int) -> dt.date:
    """`day` moved by calendar years, months or days (month ends clipped, as pandas' DateOffset does)."""
    return day + relativedelta(**offset)


@cache
def _england_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _england_holidays(day.year)


def working_days_back(day: dt.date, days: int) -> dt.date:
    """The reference validator's "`day` minus N working days" (a pandas custom business day offset of N - 1):
    the (N - 1)th working day before `day`, or `day` rolled forward to a working day when N is 1. Weekends and
    England and Wales bank holidays are not working days."""
    current, remaining = day, days - 1
    if remaining <= 0:
        while not is_working_day(current):
            current += dt.timedelta(days=1)
        return current
    while remaining > 0:
        current -= dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
