"""Import a folder of SSDA903 CSV tables into the record: children, periods of care, legal statuses and placements,
missing episodes, UASC records, previous permanence, looked-after reviews, health (OC2), care leavers' birthday
records (OC3), adoption journeys (AD1, PlacedAdoption) and social worker allocations (SWEpisodes).

    ssda903_import(folder=Path("ssda903-2025-26"), imported_by=user)

Each CSV is recognised by its exact column set (`ssda903_core.TABLES`, the builder's layouts); dates are
dd/mm/yyyy. As with the census, the whole folder is read first and every problem collected (named by file, line,
child and column); a folder with any problem writes nothing. Otherwise, in one transaction:

- Header → children, matched on CHILD (`Person.la_person_id`): sex, birth date, ethnicity, UPN or the reason it
  is unknown. MOTHER and MC_DOB are derived by the builder from family relationships and are not imported.
- Episodes → periods of care, legal statuses and placements, the rows the lac app derives episodes from. A chain
  of episodes joined by REC X1 is one period; a new legal status starts where RNE is L, B or U, a new placement
  where it is P, T, B or U (T and U: same carers). A chain is matched to the child's period that was open on its
  first DECOM (so a later year's episodes extend the period an earlier year's file created); legal statuses and
  placements are matched on their start date within the period.
- Missing → missing episodes on child + start date; UASC → the child's UASC record (DUC is the date they ceased
  to be UASC unless it is their 18th birthday, which the builder gives for a child who has not ceased).
- PrevPerm → the previous permanence of the period the child started in the year.
- Reviews, OC2, OC3, AD1, PlacedAdoption, SWEpisodes: `ssda903_tables.py` (this package) and docs/returns/import.md.
- DoLo (from 2026/27) is imported into `legal.DeprivationOfLibertyOrder`, matched on child and start date; the return
  gives no authorisation, so a new order is recorded "not recorded (imported)" until someone says who authorised it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.utils import timezone

from safeguard.adoption.models import PreviousPermanenceRecord
from safeguard.asylum.models import UASCRecord
from safeguard.codelists import (
    PLACEMENT_TYPE_PREDECESSOR,
    CategoryOfNeed,
    Ethnicity,
    LegalStatus,
    MissingType,
    PlacementProvider,
    PlacementType,
    PreviousPermanence,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlacementChange,
    Sex,
)
from safeguard.lac.locations import LocationIndex, normalise
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement
from safeguard.missing.models import MissingEpisode
from safeguard.missing.services import rhi_due_date
from safeguard.people.identifiers import upn_is_valid
from safeguard.people.models import Person
from safeguard.returns.ssda903_core import FILE_NAMES, PREVIOUS_SUFFIX, TABLES, UPN_UNKNOWN_CODES
from safeguard.returns.years import CollectionYear
from safeguard.workdays.deadlines import due_date

from .common import ImportWriter, codes, group_by, new_child, pks
from .report import ImportRefused, ImportReport
from .ssda903_tables import TABLES as MORE_TABLES
from .ssda903_tables import MoreTables

KIND = "SSDA903"
IMPORTED_TABLES = ("Header", "Episodes", "Missing", "UASC", "PrevPerm", *MORE_TABLES)
DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
SEX_CODES = {"M": Sex.MALE, "F": Sex.FEMALE, "1": Sex.MALE, "2": Sex.FEMALE}  # 1/2 before 2024/25
STATUS_CHANGES = {ReasonNewEpisode.LEGAL_STATUS, ReasonNewEpisode.BOTH, ReasonNewEpisode.BOTH_SAME_CARER}
PLACEMENT_CHANGES = {ReasonNewEpisode.PLACEMENT, ReasonNewEpisode.BOTH, ReasonNewEpisode.PLACEMENT_SAME_CARER,
                     ReasonNewEpisode.BOTH_SAME_CARER}  # fmt: skip
SAME_CARERS = {ReasonNewEpisode.PLACEMENT_SAME_CARER, ReasonNewEpisode.BOTH_SAME_CARER}
NEW_EPISODE = ReasonEpisodeCeased.NEW_EPISODE  # X1: the episode ended because another began


@dataclass
class Row:
    where: str  # "episodes.csv line 4"
    child: str
    values: dict[str, str]


@dataclass
class EpisodeIn:
    where: str
    decom: dt.date
    rne: str
    ls: str
    cin: str
    place: str
    provider: str
    dec: dt.date | None
    rec: str
    reason_change: str
    home_post: str
    pl_post: str
    urn: str


class _Cells:
    """Reads one row's cells, noting a problem (and returning a blank) for anything it cannot read."""

    def __init__(self, report: ImportReport, row: Row) -> None:
        self.report, self.row = report, row

    def problem(self, column: str, message: str) -> None:
        self.report.problem(self.row.where, self.row.child, column, message)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.row.values.get(column, "").strip()
        if required and not value:
            self.problem(column, "missing")
        return value

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            if not DATE.fullmatch(value):
                raise ValueError(value)
            return dt.datetime.strptime(value, "%d/%m/%Y").date()
        except ValueError:
            self.problem(column, f"'{value}' is not a date (write it as dd/mm/yyyy)")
            return None

    def code(self, column: str, choices: type[models.TextChoices], *, required: bool = False) -> str:
        value = self.text(column, required=required)
        if value and value not in codes(choices):
            self.problem(column, f"'{value}' is not a DfE code for {column}")
            return ""
        return value


# --- Reading the folder -----------------------------------------------------------------------------------


def read_tables(folder: Path, report: ImportReport) -> dict[str, list[Row]]:
    """{table: rows} for each CSV in the folder, recognised by its columns."""
    by_columns = {frozenset(columns): table for table, columns in TABLES.items()}
    found: dict[str, list[Row]] = {}
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*.csv")):
        if path.stem.endswith(PREVIOUS_SUFFIX):
            report.problem(path.name, "", "file", "last year's table is not imported: import last year's folder",
                           warning=True)  # fmt: skip
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            report.problem(path.name, "", "file", f"not UTF-8 text ({error.reason} at byte {error.start})")
            continue
        lines = list(csv.reader(io.StringIO(text)))
        header = [column.strip() for column in lines[0]] if lines else []
        table = by_columns.get(frozenset(header))
        if table is None:
            expected = ", ".join(TABLES[_closest(header)])
            report.problem(f"{path.name} line 1", "", "columns", f"not an SSDA903 table: the columns "
                           f"{', '.join(header) or '(none)'} match no table (closest: {expected})")  # fmt: skip
            continue
        if table in files:
            report.problem(path.name, "", "file", f"a second {table} table (the first is {files[table]})")
            continue
        files[table] = path.name
        found[table] = [
            Row(f"{path.name} line {number}", (cells[header.index("CHILD")] if cells else "").strip(),
                dict(zip(header, cells, strict=False)))
            for number, cells in enumerate(lines[1:], start=2)
            if any(cell.strip() for cell in cells)
        ]  # fmt: skip
    if "Header" not in found:
        report.problem(str(folder), "", "Header", f"no Header table ({FILE_NAMES['Header']}) in the folder")
    for table, rows in found.items():
        if table not in IMPORTED_TABLES and rows:
            report.problem(files[table], "", table, f"{len(rows)} rows not imported: the import does not read the "
                           f"{table} table yet", warning=True)  # fmt: skip
    return found


def _closest(header: list[str]) -> str:
    return max(TABLES, key=lambda table: len(set(TABLES[table]) & set(header)))


# --- Writing ----------------------------------------------------------------------------------------------


def ssda903_import(*, folder: Path, imported_by, team=None, year: CollectionYear | None = None) -> ImportReport:
    """Import a folder of SSDA903 tables: every problem reported and nothing written, or everything at once.
    `team` holds the workers the import has to create (default: "Imported records"); `year` is the collection year,
    by default the one holding the latest date in the folder (OC2 and OC3 give no dates of their own)."""
    report = ImportReport(KIND, folder.name or str(folder))
    tables = read_tables(folder, report)
    state = _Import(tables, report, ImportWriter(imported_by=imported_by, source_name=folder.name or str(folder)))
    state.more = MoreTables(state, year=year, team=team)
    state.read()
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            state.write()
            if not report.ok:
                raise ImportRefused(report)
    except ImportRefused:
        report.created.clear()
        report.updated.clear()
    return report


class _Import:
    def __init__(self, tables: dict[str, list[Row]], report: ImportReport, writer: ImportWriter) -> None:
        self.tables = tables
        self.report = report
        self.writer = writer
        self.children: dict[str, dict] = {}  # CHILD → header values
        self.episodes: dict[str, list[EpisodeIn]] = defaultdict(list)
        self.missing: list[tuple[Row, str, dt.date, dt.date | None]] = []
        self.uasc: dict[str, tuple[Row, dt.date | None]] = {}
        self.previous: dict[str, tuple[Row, str, str, dt.date | None]] = {}  # CHILD → PREV_PERM, LA_PERM, DATE_PERM
        self.period_of: dict[int, CarePeriod] = {}  # id(first episode of a chain) → its period
        self.people: dict[str, Person] = {}
        self.touched: set[int] = set()  # children with anything created or changed

    def cells(self, row: Row) -> _Cells:
        return _Cells(self.report, row)

    # First pass: read and check every row

    def read(self) -> None:
        for row in self.tables.get("Header", []):
            self._read_header(row)
        for row in self.tables.get("Episodes", []):
            self._read_episode(row)
        for child, episodes in self.episodes.items():
            episodes.sort(key=lambda e: e.decom)
            self._check_chains(child, episodes)
        for row in self.tables.get("Missing", []):
            cells = self.cells(row)
            kind, start = cells.code("MISSING", MissingType, required=True), cells.date("MIS_START", required=True)
            end = cells.date("MIS_END")
            if start and end and end < start:
                cells.problem("MIS_END", f"{end:%d/%m/%Y} is before MIS_START {start:%d/%m/%Y}")
            if kind and start:
                self.missing.append((row, kind, start, end))
        for row in self.tables.get("UASC", []):
            cells = self.cells(row)
            duc = cells.date("DUC")
            if row.child not in self.episodes:
                cells.problem("CHILD", "a UASC row for a child with no episodes in the Episodes table")
            self.uasc[row.child] = (row, duc)
        for row in self.tables.get("PrevPerm", []):
            self._read_previous_permanence(row)
        self.more.read()
        known = set(self.children)
        for table in IMPORTED_TABLES[1:]:
            for row in self.tables.get(table, []):
                if row.child and row.child not in known:
                    self.cells(row).problem("CHILD", "not in the Header table")
                elif not row.child:
                    self.cells(row).problem("CHILD", "missing")

    def _read_previous_permanence(self, row: Row) -> None:
        cells = self.cells(row)
        code = cells.code("PREV_PERM", PreviousPermanence, required=True)
        if row.child in self.episodes and not any(e.rne == ReasonNewEpisode.STARTED for e in self.episodes[row.child]):
            cells.problem("CHILD", "previous permanence is for a child who started care in the year, but none of "
                          "the child's episodes starts a period of care (RNE S)")  # fmt: skip
        elif row.child not in self.episodes:
            cells.problem("CHILD", "a PrevPerm row for a child with no episodes in the Episodes table")
        if code:
            self.previous[row.child] = (row, code, cells.text("LA_PERM"), cells.date("DATE_PERM"))

    def _read_header(self, row: Row) -> None:
        cells = self.cells(row)
        child = cells.text("CHILD", required=True)
        if child in self.children:
            cells.problem("CHILD", f"the child is also at {self.children[child]['where']}")
            return
        if len(child) > 20:
            cells.problem("CHILD", "longer than 20 characters")
        sex = cells.text("SEX", required=True)
        if sex and sex not in SEX_CODES:
            cells.problem("SEX", f"'{sex}' is not a DfE code for SEX")
        upn = cells.text("UPN").upper()
        reason = ""
        if upn in UPN_UNKNOWN_CODES:
            upn, reason = "", upn
        elif upn and not upn_is_valid(upn):
            cells.problem("UPN", f"'{upn}' is neither a valid UPN nor one of {', '.join(UPN_UNKNOWN_CODES)}")
            upn = ""
        if cells.text("MC_DOB"):
            self.report.problem(row.where, child, "MC_DOB", "not imported: the record derives a mother's first "
                                "child's birth date from her family relationships", warning=True)  # fmt: skip
        self.children[child] = {
            "where": row.where,
            "sex": SEX_CODES.get(sex, Sex.UNKNOWN),
            "born": cells.date("DOB", required=True),
            "ethnicity": cells.code("ETHNIC", Ethnicity, required=True),
            "upn": upn,
            "reason": reason,
        }

    def _read_episode(self, row: Row) -> None:
        cells = self.cells(row)
        decom, dec = cells.date("DECOM", required=True), cells.date("DEC")
        rec = cells.code("REC", ReasonEpisodeCeased)
        if dec and not rec:
            cells.problem("REC", "missing: the episode has an end date (DEC)")
        if rec and not dec:
            cells.problem("DEC", "missing: the episode has a reason it ceased (REC)")
        if decom and dec and dec < decom:
            cells.problem("DEC", f"{dec:%d/%m/%Y} is before DECOM {decom:%d/%m/%Y}")
        episode = EpisodeIn(
            where=row.where,
            decom=decom,
            rne=cells.code("RNE", ReasonNewEpisode, required=True),
            ls=cells.code("LS", LegalStatus, required=True),
            cin=cells.code("CIN", CategoryOfNeed, required=True),
            place=cells.code("PLACE", PlacementType, required=True),
            provider=cells.code("PLACE_PROVIDER", PlacementProvider),
            dec=dec,
            rec=rec,
            reason_change=cells.code("REASON_PLACE_CHANGE", ReasonPlacementChange),
            home_post=normalise(cells.text("HOME_POST")),
            pl_post=normalise(cells.text("PL_POST")),
            urn=cells.text("URN"),
        )
        if decom:
            self.episodes[row.child].append(episode)

    def _check_chains(self, child: str, episodes: list[EpisodeIn]) -> None:
        """Episodes joined by X1 must follow on the same day; a new period must start with RNE S."""
        for before, after in itertools.pairwise(episodes):
            if before.decom == after.decom:
                self.report.problem(after.where, child, "DECOM", f"another episode also starts {after.decom:%d/%m/%Y}")
            elif before.rec == NEW_EPISODE and before.dec != after.decom:
                self.report.problem(after.where, child, "DECOM", f"the episode before ended X1 on "
                                    f"{before.dec:%d/%m/%Y}, so this one must start that day")  # fmt: skip
            elif before.rec != NEW_EPISODE and after.rne != ReasonNewEpisode.STARTED:
                self.report.problem(after.where, child, "RNE", "the care before ended (REC is not X1), so this "
                                    "episode starts a new period: RNE must be S")  # fmt: skip
        last = episodes[-1]
        if last.rec == NEW_EPISODE:
            self.report.problem(last.where, child, "REC", "X1 (a new episode began) but no episode follows it")

    # Second pass: match and write

    def write(self) -> None:
        self._people()
        self._periods()
        self._missing()
        self._uasc()
        self._previous_permanence()
        if not self.report.ok:
            return  # refused (an ID that belongs to an adult, ...): the rest would be rolled back anyway
        self.more.write()
        for child_id in {person.pk for person in self.people.values() if person.pk in self.touched}:
            self.writer.event(child_id=child_id, day=None, category="person", kind="import.ssda903",
                              summary=f"Record imported from the SSDA903 return ({self.writer.source_name})")  # fmt: skip
        self.writer.flush_events()

    def _count(self, label: str, created: int = 0, updated: int = 0, seen: int = 0) -> None:
        self.report.seen[label] += seen
        self.report.created[label] += created
        self.report.updated[label] += updated

    def _people(self) -> None:
        existing = {p.la_person_id: p for p in Person.objects.filter(la_person_id__in=list(self.children))}
        new, updated = [], 0
        for la_id, header in self.children.items():
            person = existing.get(la_id)
            reason = self._upn_reason(header)
            if person is None:
                person = new_child(la_id, date_of_birth=header["born"], sex=header["sex"],
                                   ethnicity=header["ethnicity"], upn=header["upn"], upn_unknown_reason=reason)  # fmt: skip
                new.append(person)
            elif not person.is_child:
                self.report.problem(header["where"], la_id, "CHILD", "this ID belongs to an adult in the record")
            else:
                changes = {"date_of_birth": header["born"], "upn": header["upn"], "sex": header["sex"],
                           "ethnicity": header["ethnicity"] if header["ethnicity"] != Ethnicity.NOBT else None}  # fmt: skip
                changes = {name: value for name, value in changes.items() if value and value != Sex.UNKNOWN}
                if not (header["upn"] or person.upn) and reason:
                    changes["upn_unknown_reason"] = reason
                if self.writer.update(person, changes):
                    updated += 1
                    self.touched.add(person.pk)
            self.people[la_id] = person
        self.writer.create(Person, new)
        for person in new:
            self.touched.add(person.pk)
            self.writer.event(child_id=person.pk, day=None, category="person", kind="person.created",
                              summary=f"Child's record created from the SSDA903 return ({self.writer.source_name})")  # fmt: skip
        self._count("Children", len(new), updated, len(self.children))

    def _upn_reason(self, header: dict) -> str:
        """UN1 (under 6 at the reference date) is derived from the birth date by both builders: not stored."""
        return "" if header["reason"] == "UN1" and header["born"] else header["reason"]

    # Periods, legal statuses and placements

    def _periods(self) -> None:
        children = [self.people[la_id] for la_id in self.episodes]
        periods = group_by(CarePeriod.objects.filter(child_id__in=pks(children)), lambda p: p.child_id)
        statuses = group_by(CareLegalStatus.objects.filter(child_id__in=pks(children)), lambda s: s.period_id)
        placements = group_by(Placement.objects.filter(child_id__in=pks(children)), lambda p: p.period_id)
        self.index = LocationIndex.everything()
        plans = []  # (chain, period, [(status start, status)], [(placement start, placement)])
        new_periods, period_updates = [], 0
        for la_id, episodes in self.episodes.items():
            person = self.people[la_id]
            for chain in _chains(episodes):
                period = _covering(periods.get(person.pk, []), chain[0].decom)
                if period is None:
                    if chain[0].rne != ReasonNewEpisode.STARTED:
                        self.report.problem(chain[0].where, la_id, "RNE", "the period of care began before this "
                                            "episode and is not in the record: import the earlier year first, or the "
                                            "period will start on this DECOM", warning=True)  # fmt: skip
                    period = self._new_period(person, chain)
                    periods.setdefault(person.pk, []).append(period)
                    new_periods.append(period)
                elif self._update_period(period, chain):
                    period_updates += 1
                plans.append((la_id, chain, period))
                self.period_of[id(chain[0])] = period
        self.writer.create(CarePeriod, new_periods)
        for period in new_periods:
            self.touched.add(period.child_id)
            self.writer.event(child_id=period.child_id, day=period.start_date, category="looked_after",
                              kind="care.started", summary="Became looked after (imported)", source=period)  # fmt: skip
            self._ended_event(period)
        self._count("Periods of care", len(new_periods), period_updates, sum(1 for _ in plans))
        self._rows(plans, statuses, placements)

    def _new_period(self, person: Person, chain: list[EpisodeIn]) -> CarePeriod:
        first, last = chain[0], chain[-1]
        ended = last.rec != NEW_EPISODE and last.dec is not None
        return CarePeriod(child=person, start_date=first.decom, end_date=last.dec if ended else None,
                          end_reason=last.rec if ended else "", category_of_need=first.cin,
                          home_postcode=first.home_post, care_plan_due=due_date("cla-care-plan", first.decom),
                          recorded_by=self.writer.user)  # fmt: skip

    def _update_period(self, period: CarePeriod, chain: list[EpisodeIn]) -> bool:
        last = chain[-1]
        if period.end_date is not None or last.dec is None or last.rec == NEW_EPISODE:
            return False
        if not self.writer.update(period, {"end_date": last.dec, "end_reason": last.rec}):
            return False
        self.touched.add(period.child_id)
        self._ended_event(period)
        return True

    def _ended_event(self, period: CarePeriod) -> None:
        if period.end_date:
            self.writer.event(child_id=period.child_id, day=period.end_date, category="looked_after",
                              kind="care.ended", summary=f"Ceased to be looked after: {period.end_reason} (imported)",
                              source=period)  # fmt: skip

    def _rows(self, plans, statuses: dict, placements: dict) -> None:
        """Legal statuses and placements: one per change the episodes record, matched on their start date."""
        new_statuses, new_placements, statuses_ended, placements_ended = [], [], 0, 0
        seen_statuses = seen_placements = 0
        for la_id, chain, period in plans:
            status_rows = {s.start_date: s for s in statuses.get(period.pk, [])}
            placement_rows = {p.start_date: p for p in placements.get(period.pk, [])}
            for stretch in _stretches(chain, STATUS_CHANGES):
                seen_statuses += 1
                statuses_ended += self._status(la_id, period, stretch, status_rows, new_statuses)
            for stretch in _stretches(chain, PLACEMENT_CHANGES):
                seen_placements += 1
                placements_ended += self._placement(la_id, period, stretch, placement_rows, new_placements)
        self.writer.create(CareLegalStatus, new_statuses)
        self.writer.create(Placement, new_placements)
        for placement in new_placements:
            self.touched.add(placement.child_id)
            self.writer.event(child_id=placement.child_id, day=placement.start_date, category="looked_after",
                              kind="placement.started", summary=f"Placed: {placement.get_placement_type_display()} "
                              "(imported)", source=placement)  # fmt: skip
        self._count("Legal statuses", len(new_statuses), statuses_ended, seen_statuses)
        self._count("Placements", len(new_placements), placements_ended, seen_placements)

    def _stretch_end(self, stretch: list[EpisodeIn]) -> dt.date | None:
        last = stretch[-1]
        return last.dec if last.dec is not None else None

    def _status(self, la_id, period, stretch: list[EpisodeIn], existing: dict, new: list) -> int:
        first = stretch[0]
        for episode in stretch[1:]:
            if episode.ls != first.ls:
                self.report.problem(episode.where, la_id, "LS", f"{episode.ls}, but RNE {episode.rne} says the legal "
                                    f"status stayed {first.ls}")  # fmt: skip
        row = existing.get(first.decom) or _running(existing.values(), first.decom)
        end = self._stretch_end(stretch)
        if row is None:
            new.append(CareLegalStatus(period=period, child_id=period.child_id, legal_status=first.ls,
                                       start_date=first.decom, end_date=end))  # fmt: skip
            return 0
        if row.legal_status != first.ls:
            self.report.problem(first.where, la_id, "LS", f"{first.ls}, but the record has {row.legal_status} "
                                f"from {row.start_date:%d/%m/%Y}")  # fmt: skip
        if row.end_date is None and end is not None and self.writer.update(row, {"end_date": end}):
            self.touched.add(row.child_id)
            return 1
        return 0

    def _placement(self, la_id, period, stretch: list[EpisodeIn], existing: dict, new: list) -> int:
        first, last = stretch[0], stretch[-1]
        details = (first.place, first.provider, first.pl_post, first.urn)
        for episode in stretch[1:]:
            if (episode.place, episode.provider, episode.pl_post, episode.urn) != details:
                self.report.problem(episode.where, la_id, "PLACE", f"the placement's details change, but RNE "
                                    f"{episode.rne} says the placement stayed the same")  # fmt: skip
        row = existing.get(first.decom) or _running(existing.values(), first.decom)
        end = self._stretch_end(stretch)
        change_reason = last.reason_change if last.rec == NEW_EPISODE else ""
        if row is None:
            located = self.index.locate(period.home_postcode, first.pl_post)
            new.append(Placement(period=period, child_id=period.child_id, start_date=first.decom, end_date=end,
                                 placement_type=first.place, provider=first.provider, postcode=first.pl_post,
                                 urn=first.urn, same_carer_as_previous=first.rne in SAME_CARERS,
                                 distance_miles=located.distance_miles, out_of_area=located.out_of_area,
                                 change_reason=change_reason, recorded_by=self.writer.user))  # fmt: skip
            return 0
        changes = {"end_date": end, "change_reason": change_reason} if row.end_date is None and end else {}
        if PLACEMENT_TYPE_PREDECESSOR.get(first.place) == row.placement_type:
            # A later year reports the placement under the code that replaced the recorded one (Z1 → Z11, H5 → K3):
            # the same placement, now recorded under today's code (earlier years' returns map it back).
            changes["placement_type"] = first.place
        elif row.placement_type != first.place and PLACEMENT_TYPE_PREDECESSOR.get(row.placement_type) != first.place:
            self.report.problem(first.where, la_id, "PLACE", f"{first.place}, but the record has "
                                f"{row.placement_type} from {row.start_date:%d/%m/%Y}")  # fmt: skip
        if changes and self.writer.update(row, {k: v for k, v in changes.items() if v}):
            self.touched.add(row.child_id)
            return 1
        return 0

    # Missing episodes and UASC records

    def _missing(self) -> None:
        """Matched on child + start date; a child can go missing twice in a day, so the n-th row of a day
        matches the n-th episode recorded that day. A return the record does not have yet is filled in."""
        people = [self.people[row.child] for row, *_ in self.missing]
        recorded = group_by(
            MissingEpisode.objects.filter(child_id__in=pks(people)).order_by("start_at", "pk"),
            lambda e: (e.child_id, timezone.localtime(e.start_at).date()),
        )
        in_file: Counter = Counter()
        new, updated = [], 0
        for row, kind, start, end in self.missing:
            person = self.people[row.child]
            key = (person.pk, start)
            in_file[key] += 1
            end_at = _noon(end) if end else None
            if in_file[key] <= len(recorded.get(key, [])):
                episode = recorded[key][in_file[key] - 1]
                if end_at and episode.end_at is None:
                    updated += self.writer.update(episode, {"end_at": end_at, "rhi_due_date": rhi_due_date(end_at)})
                    self.touched.add(person.pk)
                continue
            new.append(MissingEpisode(child=person, missing_type=kind, missing_from=MissingEpisode.MissingFrom.CARE_PLACEMENT,
                                      start_at=_noon(start), end_at=end_at, risk_level="medium",
                                      notes="Imported from the SSDA903 return: times, risk level and where the child "
                                      "was found are not in the return.", rhi_due_date=rhi_due_date(end_at) if end_at else None,
                                      recorded_by=self.writer.user))  # fmt: skip
        self.writer.create(MissingEpisode, new)
        for episode in new:
            self.touched.add(episode.child_id)
            self.writer.event(child_id=episode.child_id, day=timezone.localtime(episode.start_at).date(),
                              category="missing", kind="missing.reported",
                              summary=f"{episode.get_missing_type_display()} (imported)", source=episode)  # fmt: skip
        self._count("Missing episodes", len(new), updated, len(self.missing))

    def _uasc(self) -> None:
        people = {self.people[la_id].pk: la_id for la_id in self.uasc}
        existing = {record.child_id: record for record in UASCRecord.objects.filter(child_id__in=people)}
        new, updated = [], 0
        for la_id, (_row, duc) in self.uasc.items():
            person = self.people[la_id]
            born = person.date_of_birth
            ceased = None if duc is None or (born and duc == born + relativedelta(years=18)) else duc
            record = existing.get(person.pk)
            if record is None:
                # The return does not say when the child became UASC: their first day in care in the file.
                became = min(e.decom for e in self.episodes[la_id])
                new.append(UASCRecord(child=person, became_uasc_on=became, arrival_route=UASCRecord.ArrivalRoute.OTHER,
                                      ceased_on=ceased, recorded_by=self.writer.user))  # fmt: skip
            elif ceased and record.ceased_on is None and self.writer.update(record, {"ceased_on": ceased}):
                updated += 1
                self.touched.add(person.pk)
        self.writer.create(UASCRecord, new)
        for record in new:
            self.touched.add(record.child_id)
            self.writer.event(child_id=record.child_id, day=record.became_uasc_on, category="asylum",
                              kind="uasc.recorded", summary="Unaccompanied asylum-seeking child (imported)",
                              source=record)  # fmt: skip
        self._count("UASC records", len(new), updated, len(self.uasc))

    def _previous_permanence(self) -> None:
        """PrevPerm belongs to the period the child started in the year: their latest chain starting RNE S."""
        periods = {}
        for la_id in self.previous:
            starts = [e for e in self.episodes[la_id] if e.rne == ReasonNewEpisode.STARTED]
            periods[la_id] = self.period_of[id(starts[-1])]
        existing = {
            record.period_id: record
            for record in PreviousPermanenceRecord.objects.filter(period_id__in=pks(periods.values()))
        }
        new, updated = [], 0
        for la_id, (_row, code, la_code, order_date) in self.previous.items():
            period = periods[la_id]
            values = {"previous_permanence": code, "la_code": la_code, "order_date": order_date}
            record = existing.get(period.pk)
            if record is None:
                new.append(PreviousPermanenceRecord(child_id=period.child_id, period=period, recorded_by=self.writer.user,
                                                    **values))  # fmt: skip
            elif self.writer.update(record, {k: v for k, v in values.items() if v}):
                updated += 1
                self.touched.add(period.child_id)
        self.writer.create(PreviousPermanenceRecord, new)
        self.touched |= {record.child_id for record in new}
        self._count("Previous permanence", len(new), updated, len(self.previous))


def _chains(episodes: list[EpisodeIn]) -> list[list[EpisodeIn]]:
    """Split a child's episodes (in date order) into periods of care: a chain runs while episodes end X1."""
    chains: list[list[EpisodeIn]] = []
    for episode in episodes:
        if chains and chains[-1][-1].rec == NEW_EPISODE:
            chains[-1].append(episode)
        else:
            chains.append([episode])
    return chains


def _stretches(chain: list[EpisodeIn], changes: set[str]) -> list[list[EpisodeIn]]:
    """Split a chain where a legal status (or placement) begins: its first episode and each RNE in `changes`."""
    stretches: list[list[EpisodeIn]] = []
    for episode in chain:
        if not stretches or episode.rne in changes:
            stretches.append([episode])
        else:
            stretches[-1].append(episode)
    return stretches


def _covering(periods: list[CarePeriod], day: dt.date) -> CarePeriod | None:
    for period in periods:
        if period.start_date <= day and (period.end_date is None or day <= period.end_date):
            return period
    return None


def _running(rows, day: dt.date):
    """The latest-starting row running on `day` (as the lac app reads them)."""
    found = None
    for row in sorted(rows, key=lambda r: r.start_date):
        if row.start_date <= day and (row.end_date is None or row.end_date > day):
            found = row
    return found


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
