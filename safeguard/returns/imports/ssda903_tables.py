"""The SSDA903 tables beyond Header, Episodes, Missing, UASC and PrevPerm: Reviews, OC2, OC3, AD1, PlacedAdoption
and SWEpisodes. `ssda903.py` reads the folder and writes children and periods of care first; `MoreTables` then
reads these tables (first pass: every problem collected) and writes them (second pass, in the same transaction).

Each table is written so that building the return again from the record gives the same rows
(`safeguard/returns/ssda903_tables.py` is the builder each function here runs backwards); what the return cannot
carry is recorded as docs/returns/import.md describes (a placeholder IRO, workers the record does not know, OC2
facts dated on the reference date, care leavers whose care history is not in the record).
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from safeguard.adoption import schedule as adoption_schedule
from safeguard.adoption.models import AdoptionJourney
from safeguard.adoption.services import rederive
from safeguard.careleavers import selectors as careleaver_selectors
from safeguard.careleavers.eligibility import Category, birthday
from safeguard.careleavers.models import BirthdayContact, CareLeaver
from safeguard.careleavers.services import care_leaver_refresh, ordinal
from safeguard.carereviews.models import LookedAfterReview
from safeguard.codelists import (
    AdopterLegalStatus,
    AdopterSexes,
    CareLeaverAccommodation,
    CareLeaverActivity,
    CareLeaverInTouch,
    ReasonPlacedForAdoptionCeased,
    ReviewParticipation,
    SDQReason,
)
from safeguard.health.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQScore,
    SubstanceMisuse,
)
from safeguard.lac.models import CarePeriod
from safeguard.legal.models import DeprivationOfLibertyOrder
from safeguard.people.ages import age_on
from safeguard.returns.ssda903_tables import ADOPTED, OC3_AGES
from safeguard.returns.years import CollectionYear
from safeguard.workforce.models import Allocation, Team, Worker

from .common import pks

if TYPE_CHECKING:
    from .ssda903 import Row, _Import

TABLES = ("Reviews", "OC2", "OC3", "AD1", "PlacedAdoption", "SWEpisodes", "DoLo")
# Columns dated in the collection year: the latest of them falls in the year the folder is for.
IN_YEAR_COLUMNS = {
    "Episodes": ("DECOM", "DEC"),
    "Reviews": ("REVIEW",),
    "Missing": ("MIS_START", "MIS_END"),
    "SWEpisodes": ("SW_DECOM", "SW_DEC"),
    "AD1": ("DATE_INT", "DATE_MATCH"),
    "PlacedAdoption": ("DATE_PLACED", "DATE_PLACED_CEASED"),
    "DoLo": ("DOLO_START", "DOLO_END"),
}
DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
SW_REASON = re.compile(r"[A-Z]{6}")  # the DfE's six-letter codes (FCONTA, LEFTRL, TSPROC, OTHERS, ...)
LEFT_ROLE = "LEFTRL"
OC2_FLAGS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
             "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")  # fmt: skip
IRO_NOT_RECORDED = "IRO-NOT-RECORDED"  # the placeholder IRO's staff ID (the return does not name IROs)
NOT_RECORDED = "Name not recorded"
FROM_OC2 = "Not recorded: imported from the SSDA903 OC2 table, which gives no date or details"


def collection_year(tables: dict[str, list[Row]]) -> CollectionYear | None:
    """The year a folder is for: the one holding the latest date any in-year column gives (None if none does)."""
    latest = None
    for table, columns in IN_YEAR_COLUMNS.items():
        for row in tables.get(table, []):
            for column in columns:
                found = DATE.fullmatch(row.values.get(column, "").strip())
                if found:
                    try:
                        day = dt.date(int(found[3]), int(found[2]), int(found[1]))
                    except ValueError:
                        continue
                    latest = day if latest is None or day > latest else latest
    if latest is None:
        return None
    return CollectionYear(latest.year if latest.month >= 4 else latest.year - 1)


@dataclass
class JourneyIn:
    """One decision that the child should be placed for adoption, from AD1 and/or PlacedAdoption."""

    where: str
    child: str
    decided: dt.date
    adopted: bool = False  # in AD1
    values: dict = field(default_factory=dict)


@dataclass
class SWEpisodeIn:
    where: str
    sw_id: str
    start: dt.date
    end: dt.date | None
    reason: str


class MoreTables:
    def __init__(self, state: _Import, *, year: CollectionYear | None, team: Team | None) -> None:
        self.s = state
        self.year = year
        self.team = team
        self.reviews: dict[str, list[tuple[Row, dt.date, str]]] = defaultdict(list)
        self.oc2: dict[str, tuple[Row, dict]] = {}
        self.oc3: dict[str, tuple[Row, int, dict]] = {}
        self.journeys: dict[tuple[str, dt.date], JourneyIn] = {}
        self.sw: dict[str, list[SWEpisodeIn]] = defaultdict(list)
        self.dolo: dict[str, list[tuple[Row, dt.date, dt.date | None]]] = defaultdict(list)

    # --- First pass ---------------------------------------------------------------------------------------

    def read(self) -> None:
        tables = self.s.tables
        if self.year is None:
            self.year = collection_year(tables)
        if self.year is None and (tables.get("OC2") or tables.get("OC3")):
            first = (tables.get("OC2") or tables.get("OC3"))[0]
            self.s.report.problem(first.where, "", "file", "the folder has no dated rows "
                                  "(episodes, reviews, ...) to tell the collection year from, which OC2 and OC3 "
                                  "need")  # fmt: skip
        for row in tables.get("Reviews", []):
            self._read_review(row)
        for row in tables.get("OC2", []):
            self._read_oc2(row)
        for row in tables.get("OC3", []):
            self._read_oc3(row)
        for row in tables.get("AD1", []):
            self._read_ad1(row)
        for row in tables.get("PlacedAdoption", []):
            self._read_placed(row)
        for row in tables.get("SWEpisodes", []):
            self._read_sw(row)
        for row in tables.get("DoLo", []):
            self._read_dolo(row)
        for child, episodes in self.sw.items():
            self._check_sw(child, episodes)

    def _born(self, child: str) -> dt.date | None:
        return self.s.children.get(child, {}).get("born")

    def _once(self, seen: dict, row: Row) -> bool:
        if row.child in seen:
            self.s.cells(row).problem("CHILD", f"the child is also at {seen[row.child][0].where}")
            return False
        return True

    def _flag(self, cells, column: str) -> str:
        value = cells.text(column)
        if value not in ("", "0", "1"):
            cells.problem(column, f"'{value}' is not 0 or 1")
            return ""
        return value

    def _read_review(self, row: Row) -> None:
        cells = self.s.cells(row)
        held = cells.date("REVIEW", required=True)
        code = cells.code("REVIEW_CODE", ReviewParticipation, required=True)
        if held is None or not code:
            return
        age = age_on(self._born(row.child), held)
        if age is not None and age < 4 and code != ReviewParticipation.UNDER_4:
            cells.problem("REVIEW_CODE", f"{code}, but the child was under 4 on {held:%d/%m/%Y}: PN0")
        elif age is not None and age >= 4 and code == ReviewParticipation.UNDER_4:
            cells.problem("REVIEW_CODE", f"PN0 is only for a child under 4, and the child was {age} on {held:%d/%m/%Y}")
        for other, day, _ in self.reviews[row.child]:
            if day == held:
                cells.problem("REVIEW", f"another review of the child is on {held:%d/%m/%Y} ({other.where})")
                return
        self.reviews[row.child].append((row, held, code))

    def _read_oc2(self, row: Row) -> None:
        cells = self.s.cells(row)
        if not self._once(self.oc2, row):
            return
        values = {column: self._flag(cells, column) for column in OC2_FLAGS}
        score = cells.text("SDQ_SCORE")
        if score and not (score.isdigit() and int(score) <= 40):
            cells.problem("SDQ_SCORE", f"'{score}' is not a score from 0 to 40")
            score = ""
        values["SDQ_SCORE"] = int(score) if score else None
        values["SDQ_REASON"] = cells.code("SDQ_REASON", SDQReason)
        if values["SDQ_SCORE"] is not None and values["SDQ_REASON"]:
            cells.problem("SDQ_REASON", "given with a score: a reason is only for a child with no score")
        if values["SUBSTANCE_MISUSE"] != "1" and "1" in (
            values["INTERVENTION_RECEIVED"],
            values["INTERVENTION_OFFERED"],
        ):
            cells.problem("SUBSTANCE_MISUSE", "not 1, but an intervention for substance misuse is recorded")
        self.oc2[row.child] = (row, values)

    def _read_oc3(self, row: Row) -> None:
        cells = self.s.cells(row)
        if not self._once(self.oc3, row):
            return
        values = {
            "in_touch": cells.code("IN_TOUCH", CareLeaverInTouch, required=True),
            "activity": cells.code("ACTIV", CareLeaverActivity, required=True),
            "accommodation": cells.code("ACCOM", CareLeaverAccommodation, required=True),
        }
        born = self._born(row.child)
        if self.year is None or born is None:
            return
        ages = [age for age in OC3_AGES if self.year.start <= birthday(born, age) <= self.year.end]
        if not ages:
            cells.problem("DOB", f"no 17th to 21st birthday falls in {self.year.label}, the year the folder's dates "
                          "are in")  # fmt: skip
            return
        self.oc3[row.child] = (row, ages[0], values)

    def _journey(self, row: Row, decided: dt.date) -> JourneyIn:
        key = (row.child, decided)
        if key not in self.journeys:
            self.journeys[key] = JourneyIn(row.where, row.child, decided)
        return self.journeys[key]

    def _read_ad1(self, row: Row) -> None:
        cells = self.s.cells(row)
        decided, matched = cells.date("DATE_INT", required=True), cells.date("DATE_MATCH")
        if decided and matched and matched < decided:
            cells.problem("DATE_MATCH", f"{matched:%d/%m/%Y} is before DATE_INT {decided:%d/%m/%Y}")
        number = cells.text("NB_ADOPTR")
        if number and number not in ("1", "2"):
            cells.problem("NB_ADOPTR", f"'{number}' is not 1 or 2")
            number = ""
        values = {
            "match_date": matched,
            "early_permanence": AdoptionJourney.EarlyPermanence.FOSTER_CARER if self._flag(cells, "FOSTER_CARE") == "1"
            else "",
            "number_of_adopters": int(number) if number else None,
            "adopter_sexes": cells.code("SEX_ADOPTR", AdopterSexes),
            "adopter_legal_status": cells.code("LS_ADOPTR", AdopterLegalStatus),
        }  # fmt: skip
        if not any(e.rec in ADOPTED for e in self.s.episodes.get(row.child, [])):
            cells.problem("CHILD", "an AD1 row for a child whose care did not end in adoption (REC E11 or E12) in "
                          "the Episodes table")  # fmt: skip
        if decided:
            journey = self._journey(row, decided)
            if journey.adopted:
                cells.problem("DATE_INT", f"the child is also in AD1 at {journey.where}")
            journey.adopted = True
            journey.values.update(values)

    def _read_placed(self, row: Row) -> None:
        cells = self.s.cells(row)
        decided, ceased = cells.date("DATE_PLACED", required=True), cells.date("DATE_PLACED_CEASED")
        reason = cells.code("REASON_PLACED_CEASED", ReasonPlacedForAdoptionCeased)
        if ceased and not reason:
            cells.problem("REASON_PLACED_CEASED", "missing: the decision ceased (DATE_PLACED_CEASED)")
        if reason and not ceased:
            cells.problem("DATE_PLACED_CEASED", "missing: the decision has a reason it ceased")
        if decided and ceased and ceased < decided:
            cells.problem("DATE_PLACED_CEASED", f"{ceased:%d/%m/%Y} is before DATE_PLACED {decided:%d/%m/%Y}")
        if row.child not in self.s.episodes:
            cells.problem("CHILD", "a PlacedAdoption row for a child with no episodes in the Episodes table")
        if decided:
            journey = self._journey(row, decided)
            if "reversed_date" in journey.values:
                cells.problem("DATE_PLACED", f"the same decision is also at {journey.where}")
            journey.values.update({"reversed_date": ceased, "reversed_reason": reason if ceased else ""})

    def _read_sw(self, row: Row) -> None:
        cells = self.s.cells(row)
        sw_id = cells.text("SW_ID", required=True)
        if len(sw_id) > 20:
            cells.problem("SW_ID", "longer than 20 characters")
        start, end = cells.date("SW_DECOM", required=True), cells.date("SW_DEC")
        reason = cells.text("SW_REASON")
        if reason and not SW_REASON.fullmatch(reason):
            cells.problem("SW_REASON", f"'{reason}' is not a DfE code for SW_REASON (six capital letters)")
        if start and end and end < start:
            cells.problem("SW_DEC", f"{end:%d/%m/%Y} is before SW_DECOM {start:%d/%m/%Y}")
        if sw_id and start and len(sw_id) <= 20:
            self.sw[row.child].append(SWEpisodeIn(row.where, sw_id, start, end, reason))

    def _check_sw(self, child: str, episodes: list[SWEpisodeIn]) -> None:
        """A child has one social worker at a time: episodes follow one another, only the last is open."""
        episodes.sort(key=lambda e: e.start)
        for before, after in itertools.pairwise(episodes):
            if before.start == after.start:
                self.s.report.problem(after.where, child, "SW_DECOM", f"another social worker episode also starts "
                                      f"{after.start:%d/%m/%Y}")  # fmt: skip
            elif before.end is None:
                self.s.report.problem(before.where, child, "SW_DEC", "missing: only the child's last social worker "
                                      "episode can be open")  # fmt: skip
            elif before.end > after.start:
                self.s.report.problem(after.where, child, "SW_DECOM", f"{after.start:%d/%m/%Y} is before the last "
                                      f"episode ended ({before.end:%d/%m/%Y})")  # fmt: skip

    def _read_dolo(self, row: Row) -> None:
        cells = self.s.cells(row)
        start = cells.date("DOLO_START", required=True)
        end = cells.date("DOLO_END")
        if start is None:
            return
        if end is not None and end < start:
            cells.problem("DOLO_END", f"{end:%d/%m/%Y} is before the order started ({start:%d/%m/%Y})")
            return
        for other, other_start, other_end in self.dolo[row.child]:
            if other_start <= (end or dt.date.max) and start <= (other_end or dt.date.max):
                cells.problem("DOLO_START", f"the order overlaps the child's order at {other.where} (rule 705)")
                return
        self.dolo[row.child].append((row, start, end))

    # --- Second pass ----------------------------------------------------------------------------------------

    def write(self) -> None:
        children = [self.s.people[child] for child in self.s.people]
        self.periods = defaultdict(list)
        for period in CarePeriod.objects.filter(child_id__in=pks(children)).order_by("start_date", "pk"):
            self.periods[period.child_id].append(period)
        self._placeholder_team = None
        self._reviews()
        self._adoption()
        self._sw_episodes()
        self._oc3()
        self._oc2()
        self._deprivation_of_liberty()

    def _import_team(self) -> Team:
        if self.team is None:
            from .cin_census import default_team

            self.team = default_team()
        return self.team

    def _period_on(self, child_id: int, day: dt.date) -> CarePeriod | None:
        for period in self.periods[child_id]:
            if period.start_date <= day and (period.end_date is None or day <= period.end_date):
                return period
        return None

    # Reviews

    def _reviews(self) -> None:
        s = self.s
        people = [s.people[child] for child in self.reviews]
        existing = {(r.period_id, r.review_date): r for r in LookedAfterReview.objects.filter(child_id__in=pks(people))}
        iros = defaultdict(list)
        for allocation in Allocation.objects.filter(child_id__in=pks(people), kind=Allocation.Kind.IRO).select_related(
            "worker"
        ):
            iros[allocation.child_id].append(allocation)
        new, updated, seen = [], 0, 0
        for child, reviews in self.reviews.items():
            person = s.people[child]
            for row, held, code in reviews:
                seen += 1
                period = self._period_on(person.pk, held)
                if period is None:
                    s.cells(row).problem("REVIEW", f"{held:%d/%m/%Y} is not in any of the child's periods of care")
                    continue
                review = existing.get((period.pk, held))
                if review is not None:
                    if s.writer.update(review, {"participation": code}):
                        updated += 1
                        s.touched.add(person.pk)
                    continue
                iro = next((a.worker for a in iros[person.pk] if a.start_date <= held
                            and (a.end_date is None or held <= a.end_date)), None) or self._placeholder_iro(held)  # fmt: skip
                new.append(LookedAfterReview(period=period, child=person, review_date=held, participation=code,
                                             iro=iro, recorded_by=s.writer.user,
                                             outcome_notes="Imported from the SSDA903 return: the IRO and outcome are "
                                             "not in the return." if iro.staff_id == IRO_NOT_RECORDED else ""))  # fmt: skip
        s.writer.create(LookedAfterReview, new)
        for review in new:
            s.touched.add(review.child_id)
            s.writer.event(child_id=review.child_id, day=review.review_date, category="looked_after",
                           kind="lac_review.held", summary=f"Looked-after review held: {review.participation} "
                           "(imported)", source=review)  # fmt: skip
        s._count("Looked-after reviews", len(new), updated, seen)

    def _placeholder_iro(self, held: dt.date) -> Worker:
        """The IRO reviews are recorded under when the return does not say who chaired them (the child has no IRO
        allocated in the record on that day): one worker for the whole record, found again by later imports."""
        worker = getattr(self, "_iro", None) or Worker.objects.filter(staff_id=IRO_NOT_RECORDED).first()
        if worker is None:
            worker = Worker(staff_id=IRO_NOT_RECORDED, first_name="IRO", last_name="not recorded (imported)",
                            role=Worker.Role.IRO, team=self._import_team(), start_date=held)  # fmt: skip
            self.s.writer.create(Worker, [worker])
            self.s._count("Workers", 1, 0, 0)
        elif held < worker.start_date:
            self.s.writer.update(worker, {"start_date": held})
        self._iro = worker
        return worker

    # AD1 and PlacedAdoption: adoption journeys

    def _adoption(self) -> None:
        s = self.s
        people = [s.people[child] for child, _ in self.journeys]
        existing = {(j.child_id, j.decision_date): j for j in AdoptionJourney.objects.filter(child_id__in=pks(people))}
        new, updated = [], 0
        for journey_in in self.journeys.values():
            person = s.people[journey_in.child]
            values = dict(journey_in.values)
            period = self._adopted_period(journey_in) if journey_in.adopted else None
            period = period or self._period_on(person.pk, journey_in.decided) or self._later_period(journey_in)
            if period is None:
                s.report.problem(journey_in.where, journey_in.child, "DATE_PLACED" if not journey_in.adopted else
                                 "DATE_INT", f"{journey_in.decided:%d/%m/%Y} is not in any of the child's periods of "
                                 "care")  # fmt: skip
                continue
            if journey_in.adopted:
                values["adoption_order_date"] = period.end_date
            journey = existing.get((person.pk, journey_in.decided))
            if journey is None:
                journey = AdoptionJourney(child=person, period=period, decision_date=journey_in.decided,
                                          recorded_by=s.writer.user, **values)  # fmt: skip
                self._rederive(journey)
                new.append(journey)
                continue
            # A matched journey takes the file's values, but an empty one never clears what the record holds.
            changes = {name: value for name, value in values.items() if value not in (None, "")}
            changes = {name: value for name, value in changes.items() if getattr(journey, name) != value}
            if changes:
                probe = copy.copy(journey)
                for name, value in changes.items():
                    setattr(probe, name, value)
                rederive(probe)  # with the journey's own reviews and visits
                changes |= {"next_review_due": probe.next_review_due, "next_visit_due": probe.next_visit_due}
                s.writer.update(journey, changes)
                updated += 1
                s.touched.add(person.pk)
        s.writer.create(AdoptionJourney, new)
        for journey in new:
            self._adoption_events(journey)
        s._count("Adoption journeys", len(new), updated, len(self.journeys))

    def _later_period(self, journey_in: JourneyIn) -> CarePeriod | None:
        """A decision made before the period the record has began: the period began in a year not imported yet (it
        starts on the file's first DECOM), so the decision goes on the first period running after it, with a
        warning."""
        person = self.s.people[journey_in.child]
        for period in self.periods[person.pk]:
            if period.end_date is None or period.end_date >= journey_in.decided:
                self.s.report.problem(journey_in.where, journey_in.child, "DATE_PLACED", f"{journey_in.decided:%d/%m/%Y}"
                                      f" is before the period of care the record has ({period.start_date:%d/%m/%Y}): "
                                      "recorded on that period; import the earlier years first", warning=True)  # fmt: skip
                return period
        return None

    def _adopted_period(self, journey_in: JourneyIn) -> CarePeriod | None:
        """The period the AD1 child was adopted from: the one whose last episode ended E11/E12."""
        episodes = self.s.episodes.get(journey_in.child, [])
        ends = [e.dec for e in episodes if e.rec in ADOPTED and e.dec]
        person = self.s.people[journey_in.child]
        for period in self.periods[person.pk]:
            if period.end_date in ends and period.end_reason in ADOPTED:
                return period
        return None

    @staticmethod
    def _rederive(journey: AdoptionJourney) -> None:
        """The journey's next review and visit, as `adoption.services.rederive` sets them (imported journeys have
        no reviews or visits)."""
        journey.next_review_due, journey.next_visit_due = adoption_schedule.next_due(
            is_open=journey.is_open, authority_date=journey.authority_date, placed_date=journey.placed_date,
            reviews=[], visits=[],
        )  # fmt: skip

    def _adoption_events(self, journey: AdoptionJourney) -> None:
        s = self.s
        s.touched.add(journey.child_id)
        steps = [
            (journey.decision_date, "adoption.decision", "Decision: should be placed for adoption"),
            (journey.match_date, "adoption.matched", "Matched with adopters"),
            (journey.adoption_order_date, "adoption.order", "Adoption order made"),
            (journey.reversed_date, "adoption.reversed", f"Decision to place for adoption reversed: "
             f"{journey.reversed_reason}"),
        ]  # fmt: skip
        for day, kind, summary in steps:
            if day:
                s.writer.event(child_id=journey.child_id, day=day, category="adoption", kind=kind,
                               summary=f"{summary} (imported)", source=journey)  # fmt: skip

    # SWEpisodes: allocated social workers

    def _sw_episodes(self) -> None:
        s = self.s
        if not self.sw:
            return
        workers = self._workers()
        people = [s.people[child] for child in self.sw]
        existing = defaultdict(dict)
        for allocation in Allocation.objects.filter(child_id__in=pks(people), kind=Allocation.Kind.KEY_WORKER):
            existing[allocation.child_id][allocation.start_date] = allocation
        new, updated, seen = [], 0, 0
        for child, episodes in self.sw.items():
            person = s.people[child]
            for episode in episodes:
                seen += 1
                worker = workers[episode.sw_id]
                allocation = existing[person.pk].get(episode.start)
                if allocation is None:
                    allocation = Allocation(child=person, worker=worker, team=worker.team, start_date=episode.start,
                                            end_date=episode.end, kind=Allocation.Kind.KEY_WORKER,
                                            allocated_by=s.writer.user, reason=_reason(episode))  # fmt: skip
                    new.append(allocation)
                    existing[person.pk][episode.start] = allocation
                elif allocation.worker_id != worker.pk:
                    s.report.problem(episode.where, child, "SW_ID", f"{episode.sw_id}, but the record has "
                                     f"{allocation.worker} allocated from {episode.start:%d/%m/%Y}")  # fmt: skip
                elif (
                    episode.end
                    and allocation.end_date is None
                    and s.writer.update(allocation, {"end_date": episode.end})
                ):
                    updated += 1
                    s.touched.add(person.pk)
            # One current allocation at a time: an open one followed by a later one ended the day that began.
            ordered = sorted(existing[person.pk].values(), key=lambda a: a.start_date)
            for before, after in itertools.pairwise(ordered):
                if before.end_date is None:
                    if before.pk is None:
                        before.end_date = after.start_date
                    elif s.writer.update(before, {"end_date": after.start_date}):
                        updated += 1
                        s.touched.add(person.pk)
        s.writer.create(Allocation, new)
        for allocation in new:
            s.touched.add(allocation.child_id)
            s.writer.event(child_id=allocation.child_id, day=allocation.start_date, category="allocation",
                           kind="allocation.started", summary=f"{allocation.get_kind_display()}: {allocation.worker} "
                           f"({allocation.team}) (imported)", source=allocation)  # fmt: skip
        s._count("Social worker allocations", len(new), updated, seen)

    def _workers(self) -> dict[str, Worker]:
        """{SW_ID: worker}. A social worker the record does not know (they left before Safeguard, or the workforce
        has not been loaded) is created as "Name not recorded" in the import team, with no account, so their
        allocations keep the child's history; the report names each one to complete. A worker the file says left
        (LEFTRL on the next episode) and whom this import created is given that leaving date."""
        s = self.s
        first_seen: dict[str, SWEpisodeIn] = {}
        left_on: dict[str, dt.date] = {}
        for episodes in self.sw.values():
            for before, after in zip([None, *episodes], episodes, strict=False):
                first_seen.setdefault(after.sw_id, after)
                if first_seen[after.sw_id].start > after.start:
                    first_seen[after.sw_id] = after
                if before is not None and after.reason == LEFT_ROLE:
                    day = after.start
                    left_on[before.sw_id] = min(day, left_on.get(before.sw_id, day))
        workers = {w.staff_id: w for w in Worker.objects.filter(staff_id__in=list(first_seen)).select_related("team")}
        created = []
        for sw_id, episode in sorted(first_seen.items()):
            if sw_id in workers:
                if sw_id in left_on and workers[sw_id].end_date is None:
                    s.report.problem(episode.where, "", "SW_REASON", f"the file says {sw_id} left their role (LEFTRL) "
                                     f"by {left_on[sw_id]:%d/%m/%Y}, but the record has {workers[sw_id]} in post: "
                                     "the record is kept", warning=True)  # fmt: skip
                continue
            worker = Worker(staff_id=sw_id, first_name=NOT_RECORDED, last_name=sw_id, role=Worker.Role.SOCIAL_WORKER,
                            team=self._import_team(), start_date=episode.start, end_date=left_on.get(sw_id))  # fmt: skip
            created.append(worker)
            workers[sw_id] = worker
            s.report.problem(episode.where, "", "SW_ID", f"{sw_id} is not a worker in the record: created as "
                             f"'{NOT_RECORDED}' in {self._import_team()} (add their name and team)", warning=True)  # fmt: skip
        s.writer.create(Worker, created)
        s._count("Workers", len(created), 0, len(first_seen))
        return workers

    # OC3: birthday records of care leavers

    def _oc3(self) -> None:
        s = self.s
        people = [s.people[child] for child in self.oc3]
        leavers = {leaver.child_id: leaver for leaver in CareLeaver.objects.filter(child_id__in=pks(people))}
        existing = {(b.child_id, b.age): b for b in BirthdayContact.objects.filter(child_id__in=pks(people))}
        new, updated, new_leavers = [], 0, 0
        for child, (row, age, values) in self.oc3.items():
            person = s.people[child]
            leaver = leavers.get(person.pk) or self._care_leaver(row, person)
            new_leavers += person.pk not in leavers
            leavers[person.pk] = leaver
            record = existing.get((person.pk, age))
            if record is None:
                new.append(BirthdayContact(care_leaver=leaver, child=person, age=age, birthday=birthday(
                    person.date_of_birth, age), recorded_by=s.writer.user, recorded_at=timezone.now(), **values))  # fmt: skip
            elif s.writer.update(record, values):
                updated += 1
                s.touched.add(person.pk)
        s.writer.create(BirthdayContact, new)
        for record in new:
            s.touched.add(record.child_id)
            s.writer.event(child_id=record.child_id, day=record.birthday, category="care_leaver",
                           kind="care_leaver.birthday_contact", summary=f"{ordinal(record.age)} birthday record: "
                           f"{record.get_in_touch_display()} (imported)", source=record)  # fmt: skip
        for child in {record.child_id for record in new}:
            self._latest_position(leavers[child])
        s._count("Care leavers", new_leavers, 0, len(self.oc3))
        s._count("Birthday records", len(new), updated, len(self.oc3))

    def _care_leaver(self, row: Row, person) -> CareLeaver:
        """The young person's care leaver record, derived from their care history as the nightly job does; if the
        history that makes them a care leaver is not in the record (it ended before the years imported), a record
        'not a care leaver' holds the birthday records until earlier years are imported."""
        leaver = care_leaver_refresh(child=person, refreshed_by=self.s.writer.user)
        if leaver is None:
            self.s.report.problem(row.where, row.child, "CHILD", "the care history that makes the young person a care "
                                  "leaver is not in the record (import the years they were looked after): their "
                                  "leaving-care status is 'not a care leaver' until then", warning=True)  # fmt: skip
            leaver = CareLeaver(child=person, category=Category.NONE, category_since=timezone.localdate())
            self.s.writer.create(CareLeaver, [leaver])
        return leaver

    def _latest_position(self, leaver: CareLeaver) -> None:
        """As `birthday_contact_record` does: the latest birthday record's position and the next one due."""
        records = list(BirthdayContact.objects.filter(child_id=leaver.child_id).order_by("age"))
        latest = records[-1]
        due = careleaver_selectors.next_birthday_due(leaver, leaver.child.date_of_birth, {r.age for r in records})
        self.s.writer.update(leaver, {"in_touch": latest.in_touch, "accommodation": latest.accommodation,
                                      "activity": latest.activity, "next_birthday_contact_due": due})  # fmt: skip

    # OC2: health, SDQ, convictions and substance misuse of children in care for 12 months

    def _oc2(self) -> None:
        """OC2 gives flags for the year, not dated records. The record is built again for the year (in this
        transaction) and, for each flag the file says is 1 but the record says 0, one record is written on the
        reference date (31 March) saying it came from OC2. A flag the record says 1 but the file 0 is kept (the
        record has the dated fact) with a warning. So importing a folder built from the same record changes
        nothing, and an empty record ends with what the file says."""
        if not self.oc2:
            return
        from safeguard.returns.ssda903 import ssda903_build

        s, year = self.s, self.year
        built = {row["CHILD"]: row for row in ssda903_build(year=year).rows.get("OC2", [])}
        facts: list[tuple[object, str, str]] = []  # (unsaved row, event kind, event summary)
        for child, (row, values) in self.oc2.items():
            person = s.people[child]
            record = {column: _text(value) for column, value in built.get(child, {}).items()}
            for column in ("CONVICTED", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "IMMUNISATIONS"):
                said, has = values[column], record.get(column, "")
                if said == "1" and has != "1":
                    facts.append(self._oc2_fact(person, column, values))
                elif said == "0" and has == "1":
                    s.report.problem(row.where, child, column, f"0, but the record has 1 for {year.label}: the record "
                                     "is kept", warning=True)  # fmt: skip
            score, reason = values["SDQ_SCORE"], values["SDQ_REASON"]
            if (score is not None and _text(score) != record.get("SDQ_SCORE", "")) or (
                score is None and reason and reason != record.get("SDQ_REASON", "")
            ):
                sdq = SDQScore(child=person, completed_date=year.end, score=score, reason="" if score is not None
                               else reason, recorded_by=s.writer.user)  # fmt: skip
                facts.append((sdq, "health.sdq", f"SDQ {score if score is not None else reason}"))
        by_model = defaultdict(list)
        for fact, _, _ in facts:
            by_model[type(fact)].append(fact)
        for model, rows in by_model.items():
            s.writer.create(model, rows)
        for fact, kind, summary in facts:
            s.touched.add(fact.child_id)
            s.writer.event(child_id=fact.child_id, day=year.end, category="health", kind=kind,
                           summary=f"{summary} (imported from OC2)", source=fact)  # fmt: skip
        s._count("OC2 health records", len(facts), 0, len(self.oc2))

    def _oc2_fact(self, person, column: str, values: dict) -> tuple[object, str, str]:
        user, year = self.s.writer.user, self.year
        on = year.end
        if column == "CONVICTED":
            return (Conviction(child=person, conviction_date=on, offence=FROM_OC2, recorded_by=user),
                    "health.conviction", "Conviction in the year")  # fmt: skip
        if column == "TEETH_CHECK":
            return (DentalCheck(child=person, check_date=on, notes=FROM_OC2, recorded_by=user), "health.dental_check",
                    "Dental check in the year")  # fmt: skip
        if column == "HEALTH_ASSESSMENT":
            # HEALTH_CHECK 0 for an under-5: the assessment was early in the year, its 6-monthly review overdue.
            if values["HEALTH_CHECK"] == "0":
                on = year.start
            return (HealthAssessment(child=person, kind=HealthAssessment.Kind.REVIEW, assessment_date=on,
                                     assessed_by="Not recorded", notes=FROM_OC2, recorded_by=user),
                    "health.review_assessment", "Review health assessment in the year")  # fmt: skip
        if column == "SUBSTANCE_MISUSE":
            received = values["INTERVENTION_RECEIVED"] == "1"
            return (SubstanceMisuse(child=person, identified_date=on, notes=FROM_OC2, recorded_by=user,
                                    intervention_received=received,
                                    intervention_offered=received or values["INTERVENTION_OFFERED"] == "1"),
                    "health.substance_misuse", "Substance misuse identified in the year")  # fmt: skip
        return (ImmunisationStatus(child=person, status_date=on, up_to_date=True, notes=FROM_OC2, recorded_by=user),
                "health.immunisations", "Immunisations up to date")  # fmt: skip

    # Deprivation of liberty orders (DoLo, from 2026/27)

    def _deprivation_of_liberty(self) -> None:
        """Matched on child + start date. The return gives the dates only, so a new order's authorisation is
        "not recorded"; an order the record has is only given the end the return knows."""
        s = self.s
        people = [s.people[child] for child in self.dolo]
        existing = {
            (o.child_id, o.start_date): o for o in DeprivationOfLibertyOrder.objects.filter(child_id__in=pks(people))
        }
        new, updated, seen = [], 0, 0
        for child, orders in self.dolo.items():
            person = s.people[child]
            for row, start, end in orders:
                seen += 1
                period = self._period_on(person.pk, start)
                if period is None:
                    s.cells(row).problem("DOLO_START", f"{start:%d/%m/%Y} is not in any of the child's periods of "
                                         "care (rule 707)")  # fmt: skip
                    continue
                order = existing.get((person.pk, start))
                if order is not None:
                    if order.end_date is None and end is not None and s.writer.update(order, {"end_date": end}):
                        updated += 1
                        s.touched.add(person.pk)
                    elif order.end_date is not None and end is not None and order.end_date != end:
                        s.cells(row).problem("DOLO_END", f"{end:%d/%m/%Y}, but the record has "
                                             f"{order.end_date:%d/%m/%Y}")  # fmt: skip
                    continue
                new.append(DeprivationOfLibertyOrder(
                    child=person, period=period, start_date=start, end_date=end,
                    authorisation=DeprivationOfLibertyOrder.Authorisation.NOT_RECORDED, recorded_by=s.writer.user,
                    notes="Imported from the SSDA903 DoLo table: who authorised it is not in the return.",
                ))  # fmt: skip
        s.writer.create(DeprivationOfLibertyOrder, new)
        for order in new:
            s.touched.add(order.child_id)
            s.writer.event(child_id=order.child_id, day=order.start_date, category="looked_after",
                           kind="dolo.started", summary="Deprivation of liberty order (imported)", source=order)  # fmt: skip
        s._count("Deprivation of liberty orders", len(new), updated, seen)


def _reason(episode: SWEpisodeIn) -> str:
    return f"Imported from SSDA903: SW_REASON {episode.reason}" if episode.reason else "Imported from SSDA903"


def _text(value) -> str:
    return "" if value is None else str(value)
