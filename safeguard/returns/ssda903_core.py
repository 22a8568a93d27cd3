"""The SSDA903 return (children looked after; DfE, annual, CSV tables) built from the live record.

One CSV per table, each recognised by its exact column set (`TABLES`), dates dd/mm/yyyy, codes as the DfE
writes them (liia-tools `SSDA903_schema_2024.yml`; SEX M/F from 2024/25). Scope, per the DfE SSDA903 guide:

- Episodes: every episode open at any point in the collection year (started by 31 March, not ended before
  1 April), derived from periods, legal statuses and placements by the lac app's episode rules.
- Header: every child in Episodes, and care leavers in OC3.
- Reviews, Missing, SWEpisodes: what happened in the year for the children in Episodes.
- UASC: children in Episodes who had become unaccompanied asylum-seeking children by 31 March.
- OC2: children looked after continuously for 12 months at 31 March; OC3: care leavers with a 17th–21st
  birthday in the year; AD1: children adopted in the year; PlacedAdoption: decisions that a child in Episodes
  should be placed for adoption, open at some point in the year; PrevPerm: children who started care in the year.
- DoLo (from 2026/27): deprivation of liberty orders.

The reference date (31 March) is a horizon: anything dated after it has not happened yet, so a past year built
from today's record is the return as it stood then. Every table is a handful of set-based reads (no query per
child), so a big city builds in seconds.

This module holds the table layouts, the scope shared by every table, Episodes and Header; `ssda903_tables.py`
the other tables; `ssda903.py` puts them together and registers the return.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from safeguard.asylum.models import UASCRecord
from safeguard.codelists import placement_type_in_year
from safeguard.lac.locations import normalise
from safeguard.lac.models import CarePeriod
from safeguard.lac.selectors import Episode, period_episodes, statuses_and_placements
from safeguard.people.ages import age_on
from safeguard.people.models import Person, Relationship

from .registry import Finding
from .years import CollectionYear

TABLES: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
            "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}  # fmt: skip

FILE_NAMES: dict[str, str] = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "sw_episodes.csv",
    "DoLo": "dolo.csv",
}
PREVIOUS_SUFFIX = "_last"  # last year's tables, as the reference validator names them
DOLO_FIRST_YEAR = 2026  # the DoLo table is collected from 2026/27
SHORT_BREAKS = ("V3", "V4")  # series of short breaks: no postcodes, no mother or review details
UPN_UNKNOWN_CODES = ("UN1", "UN2", "UN3", "UN4", "UN5")  # the codes SSDA903 accepts (CIN's UN6/UN7 are not)
UNDER_SCHOOL_AGE = "UN1"


def tables_for(year: CollectionYear) -> list[str]:
    """The tables collected for `year`, in the order of the DfE guide."""
    return [name for name in TABLES if name != "DoLo" or year.first_year >= DOLO_FIRST_YEAR]


# --- What the tables are built from ------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    pk: int
    la_id: str
    sex: str
    born: dt.date | None
    ethnicity: str
    upn: str
    upn_reason: str


@dataclass
class Return:
    """The rows of every table for one year, as Python values (dates, ints, strings; None for blank)."""

    year: CollectionYear
    children: dict[int, Child] = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    findings: list[Finding] = field(default_factory=list)
    looked_after: set[int] = field(default_factory=set)  # children in Episodes
    uasc: set[int] = field(default_factory=set)  # children in the UASC table (UASC now or before)
    short_breaks_only: set[int] = field(default_factory=set)  # every episode in the year under V3/V4

    def add(self, table: str, child_id: int, **values) -> None:
        child = self.children[child_id]
        row = {"CHILD": child.la_id, "DOB": child.born, **values}
        self.rows[table].append({column: row.get(column) for column in TABLES[table]})

    def finding(self, child_id: int | None, table: str, column: str, message: str, severity="warning") -> None:
        self.findings.append(Finding(child_id, table, column, message, severity))


def known_by(day: dt.date | None, year: CollectionYear) -> dt.date | None:
    """A date only counts if it had happened by the reference date."""
    return day if day is not None and day <= year.end else None


def overlapping(qs: QuerySet, year: CollectionYear, start: str = "start_date", end: str = "end_date") -> QuerySet:
    """Rows that started by the reference date and had not ended before the year began."""
    return qs.filter(**{f"{start}__lte": year.end}).filter(
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": year.start})
    )


def periods_in_year(year: CollectionYear) -> QuerySet[CarePeriod]:
    return overlapping(CarePeriod.objects.all(), year)


# --- Episodes ------------------------------------------------------------------------------------------------


def _episodes_by_period(year: CollectionYear) -> tuple[list[tuple[CarePeriod, list[Episode]]], dict[int, str]]:
    """Every period of care open in the year with its SSDA903 episodes, and each placement's full postcode
    (three queries)."""
    periods = list(
        periods_in_year(year)
        .only("pk", "child_id", "start_date", "end_date", "end_reason", "category_of_need", "home_postcode")
        .order_by("child_id", "start_date", "pk")
    )
    in_year = periods_in_year(year).values("pk")
    statuses, placements = statuses_and_placements(in_year)
    postcodes = {placement.pk: normalise(placement.postcode) for rows in placements.values() for placement in rows}
    episodes = [(period, period_episodes(period, statuses[period.pk], placements[period.pk])) for period in periods]
    return episodes, postcodes


def uasc_children(year: CollectionYear) -> dict[int, dt.date | None]:
    """{child: date ceased to be UASC, if by 31 March} for children in care in the year who had become UASC."""
    rows = UASCRecord.objects.filter(became_uasc_on__lte=year.end, child__in=periods_in_year(year).values("child_id"))
    return {child: known_by(ceased, year) for child, ceased in rows.values_list("child_id", "ceased_on")}


def collect_episodes(ret: Return, uasc: dict[int, dt.date | None]) -> list[tuple[int, dict]]:
    """Episodes open at any point in the year; what happened after 31 March is left blank.

    Postcodes are the full ones (SSDA903 derives distance and area from them: rules 392c, 169); they are left out
    for short breaks (V3/V4, rule 398) and for children who are or were UASC (rules 406, 392b).
    """
    year = ret.year
    episodes, postcodes = _episodes_by_period(year)
    found: list[tuple[int, dict]] = []
    legal_statuses: dict[int, set[str]] = defaultdict(set)
    for period, episodes_of_period in episodes:
        child_id = period.child_id
        for episode in episodes_of_period:
            ended = known_by(episode.DEC, year)
            if year.end < episode.DECOM or (ended is not None and ended < year.start):
                continue
            legal_statuses[child_id].add(episode.LS)
            without_postcodes = episode.LS in SHORT_BREAKS or child_id in uasc
            row = {
                "DECOM": episode.DECOM,
                "RNE": episode.RNE,
                "LS": episode.LS,
                "CIN": episode.CIN,
                "PLACE": placement_type_in_year(episode.PLACE, year.end),  # H5 is K3 from 2025/26 (codelists)
                "PLACE_PROVIDER": episode.PLACE_PROVIDER,
                "DEC": ended,
                "REC": episode.REC if ended else "",
                "REASON_PLACE_CHANGE": episode.REASON_PLACE_CHANGE if ended else "",
                "HOME_POST": "" if without_postcodes else normalise(period.home_postcode),
                # UASC: the placement postcode, not the home one (rules 169/179 need the placing area, 406 no distance)
                "PL_POST": "" if episode.LS in SHORT_BREAKS else postcodes.get(episode.placement_id, ""),
                "URN": episode.URN,
            }
            found.append((child_id, row))
    ret.looked_after = set(legal_statuses)
    ret.short_breaks_only = {child for child, codes in legal_statuses.items() if codes <= set(SHORT_BREAKS)}
    ret.uasc = set(uasc) & ret.looked_after
    return found


# --- Header --------------------------------------------------------------------------------------------------


def read_children(ret: Return, child_ids: set[int]) -> None:
    people = Person.objects.filter(pk__in=child_ids).values_list(
        "pk", "la_person_id", "sex", "date_of_birth", "ethnicity", "upn", "upn_unknown_reason"
    )
    ret.children = {row[0]: Child(*row) for row in people}


def _first_children(mothers: set[int], year: CollectionYear) -> dict[int, dt.date]:
    """{mother: date of birth of her first child, born by 31 March} from the family relationships."""
    rows = Relationship.objects.filter(
        type=Relationship.Type.PARENT,
        related_person_id__in=mothers,
        person__date_of_birth__lte=year.end,
    ).values_list("related_person_id", "person__date_of_birth")
    first: dict[int, dt.date] = {}
    for mother, born in rows:
        if mother not in first or born < first[mother]:
            first[mother] = born
    return first


def upn_for(child: Child, year: CollectionYear) -> str:
    """The UPN, else the recorded reason it is unknown (UN1–UN5), else UN1 for a child under 6 at 31 March."""
    if child.upn:
        return child.upn
    if child.upn_reason in UPN_UNKNOWN_CODES:
        return child.upn_reason
    if child.upn_reason == "" and (age_on(child.born, year.end) or 0) < 6:
        return UNDER_SCHOOL_AGE
    return ""


def build_header(ret: Return) -> None:
    year = ret.year
    girls = {pk for pk in ret.looked_after - ret.short_breaks_only if ret.children[pk].sex == "F"}
    first_child = _first_children(girls, year)
    for pk in sorted(ret.children, key=lambda pk: ret.children[pk].la_id):
        child = ret.children[pk]
        upn = upn_for(child, year)
        if not upn:
            reason = f"the recorded reason {child.upn_reason} is not an SSDA903 code" if child.upn_reason else ""
            ret.finding(pk, "Header", "UPN", f"No UPN and no reason it is unknown{': ' + reason if reason else ''}",
                        "error")  # fmt: skip
        mother = None
        if pk in girls:
            mother = 1 if pk in first_child else 0
        ret.rows["Header"].append(
            {
                "CHILD": child.la_id,
                "SEX": child.sex,
                "DOB": child.born,
                "ETHNIC": child.ethnicity,
                "UPN": upn,
                "MOTHER": mother,
                "MC_DOB": first_child.get(pk),
            }
        )


# --- Writing ---------------------------------------------------------------------------------------------------


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def to_csv(table: str, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TABLES[table])
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in TABLES[table]])
    return out.getvalue().encode("utf-8")
