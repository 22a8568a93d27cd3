"""Import a CIN census XML file into the record: children, episodes, assessments, plans, section 47s, CP plans.

    cin_census_import(content=xml_bytes, source_name="cin-2025-26.xml", imported_by=user, team=team)

Two passes. The first reads the whole file into plain records and collects every problem (malformed XML,
missing or bad dates, codes not in `safeguard/codelists.py`, impossible orders of dates, duplicates that would
make matching ambiguous), each named by its element path and the child's LAchildID. If there is any, nothing is
written. The second pass matches the file against the record and writes, in one transaction:

- children on LAchildID (`Person.la_person_id`); episodes on child + referral date; assessments on episode +
  start date; CIN plans on episode + start date; section 47 enquiries on episode + start date; child
  protection plans on child + start date; review conferences on plan + date; disabilities and assessment
  factors on their code; pre-proceedings (2026/27 on) on child + decision date. A matched row is updated with the file's values, but an empty value in the file never
  clears what the record holds (an earlier year's census does not know what happened since).
- deadlines are derived from the rule table as the services derive them; chronology events are written on the
  day each thing happened; every created or changed row's history names the importing user and the file.

So importing the same file twice changes nothing, and census years can be imported in any order.
See docs/returns/import.md for what the census cannot carry and what the import records in its place.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.db.models import Max

from safeguard.casework.models import Assessment, AssessmentFactorIdentified, CINEpisode, CINPlan
from safeguard.codelists import (
    AssessmentFactor,
    CategoryOfAbuse,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
    Sex,
    UPNUnknown,
)
from safeguard.legal.models import PreProceedings, PreProceedingsOutcome
from safeguard.people.identifiers import upn_is_valid
from safeguard.people.models import Person, PersonDisability
from safeguard.protection.models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.returns.cin_census import upn_unknown_reason
from safeguard.returns.years import CollectionYear
from safeguard.workdays.deadlines import apply_rule, due_date, get_rule
from safeguard.workforce.models import Service, Team

from .common import ImportWriter, codes, group_by, new_child, pks
from .report import ImportRefused, ImportReport

KIND = "CIN census"
DEFAULT_TEAM = "Imported records"
# GenderCurrent (censuses before 2024/25): 1 male, 2 female, 0 not known, 9 not specified.
GENDER_CURRENT = {"1": Sex.MALE, "2": Sex.FEMALE, "0": Sex.UNKNOWN, "9": Sex.UNKNOWN}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NOT_REQUIRED_REASON = "Imported from the CIN census: ICPC not required (the census gives no reason)"


# --- What the file says ------------------------------------------------------------------------------------


@dataclass
class AssessmentIn:
    path: str
    start: dt.date
    authorised: dt.date | None
    factors: list[str]


@dataclass
class Section47In:
    path: str
    start: dt.date
    target: dt.date | None
    icpc: dt.date | None
    not_required: bool


@dataclass
class CPPlanIn:
    path: str
    start: dt.date
    end: dt.date | None
    initial: str
    latest: str
    previous: int | None
    reviews: list[dt.date]


@dataclass
class PreProceedingsIn:  # the 2026/27 module 5 block, PRE_PROCEEDINGS_ELEMENTS in safeguard/returns/cin_census.py
    path: str
    start: dt.date
    letter: dt.date | None
    offered: bool | None
    held: bool | None
    meeting: dt.date | None
    reviews: int | None
    step: dt.date | None
    outcome: str
    court: dt.date | None
    letter_cp: dt.date | None


@dataclass
class EpisodeIn:
    path: str
    referral_date: dt.date
    source: str
    need: str
    close_date: dt.date | None
    close_reason: str
    nfa: bool
    assessments: list[AssessmentIn] = field(default_factory=list)
    cin_plans: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    section47s: list[Section47In] = field(default_factory=list)
    cp_plans: list[CPPlanIn] = field(default_factory=list)
    pre_proceedings: list[PreProceedingsIn] = field(default_factory=list)


@dataclass
class ChildIn:
    path: str
    la_id: str
    upn: str
    upn_unknown: str
    born: dt.date | None
    expected: dt.date | None
    sex: str
    died: dt.date | None
    ethnicity: str
    disabilities: list[str]
    episodes: list[EpisodeIn] = field(default_factory=list)


@dataclass
class CensusIn:
    year: CollectionYear | None
    children: list[ChildIn]


class _Reader:
    """Reads values out of elements, noting a problem (and returning None) for anything it cannot read."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.child = ""

    def problem(self, path: str, tag: str, message: str, *, warning: bool = False) -> None:
        self.report.problem(path, self.child, tag, message, warning=warning)

    def text(self, element: ET.Element, tag: str) -> str:
        return (element.findtext(tag) or "").strip()

    def required(self, element: ET.Element, tag: str, path: str) -> str:
        value = self.text(element, tag)
        if not value:
            self.problem(path, tag, "missing")
        return value

    def date(self, element: ET.Element, tag: str, path: str, *, required: bool = False) -> dt.date | None:
        value = self.required(element, tag, path) if required else self.text(element, tag)
        if not value:
            return None
        return self.parse_date(value, path, tag)

    def parse_date(self, value: str, path: str, tag: str) -> dt.date | None:
        try:
            if not ISO_DATE.fullmatch(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(path, tag, f"'{value}' is not a date (write it as YYYY-MM-DD)")
            return None

    def code(self, element, tag: str, path: str, choices: type[models.TextChoices], *, required=False) -> str:
        value = self.required(element, tag, path) if required else self.text(element, tag)
        if value and value not in codes(choices):
            self.problem(path, tag, f"'{value}' is not a DfE code for {tag}")
            return ""
        return value

    def boolean(self, element: ET.Element, tag: str, path: str) -> bool:
        value = self.text(element, tag).lower()
        if value in ("", "false", "0"):
            return False
        if value in ("true", "1"):
            return True
        self.problem(path, tag, f"'{value}' is not true or false")
        return False

    def flag(self, element: ET.Element, tag: str, path: str) -> bool | None:
        """A yes/no that may be left out (None), unlike `boolean`."""
        return self.boolean(element, tag, path) if self.text(element, tag) else None

    def count(self, element: ET.Element, tag: str, path: str) -> int | None:
        value = self.text(element, tag)
        if not value:
            return None
        if not value.isdigit():
            self.problem(path, tag, f"'{value}' is not a whole number of zero or more")
            return None
        return int(value)


def _paths(parent: ET.Element, parent_path: str, tag: str):
    """(element, '/path/Tag[n]') for each child element called `tag`."""
    for number, element in enumerate(parent.findall(tag), start=1):
        yield element, f"{parent_path}/{tag}[{number}]"


def read_census(content: bytes, report: ImportReport) -> CensusIn:
    """Parse the file into plain records, noting every problem in `report`."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        line, column = error.position
        report.problem(f"line {line}, column {column}", "", "XML", f"the file is not well-formed XML ({error})")
        return CensusIn(None, [])
    if root.tag != "Message":
        report.problem(f"/{root.tag}", "", "Message", "the root element must be <Message>: is this a CIN census?")
        return CensusIn(None, [])
    reader = _Reader(report)
    year = _read_header(root, reader)
    children = []
    container = root.find("Children")
    for element, path in _paths(container if container is not None else root, "/Message/Children", "Child"):
        children.append(_read_child(element, path, reader))
    if not children:
        report.problem("/Message/Children", "", "Child", "the file has no children")
    _check_duplicates(children, report)
    return CensusIn(year, children)


def _read_header(root: ET.Element, reader: _Reader) -> CollectionYear | None:
    path = "/Message/Header/CollectionDetails"
    details = root.find("Header/CollectionDetails")
    if details is None:
        reader.problem("/Message/Header", "CollectionDetails", "missing")
        return None
    collection = reader.text(details, "Collection")
    if collection != "CIN":
        reader.problem(path, "Collection", f"'{collection}' is not CIN")
    reference = reader.date(details, "ReferenceDate", path, required=True)
    if reference is None:
        return None
    if (reference.month, reference.day) != (3, 31):
        reader.problem(path, "ReferenceDate", f"{reference} is not 31 March")
        return None
    return CollectionYear(reference.year - 1)


def _read_child(element: ET.Element, path: str, reader: _Reader) -> ChildIn:
    ids = element.find("ChildIdentifiers")
    ids_path = f"{path}/ChildIdentifiers"
    if ids is None:
        ids = ET.Element("ChildIdentifiers")
    la_id = reader.required(ids, "LAchildID", ids_path)
    reader.child = la_id
    if len(la_id) > 20:
        reader.problem(ids_path, "LAchildID", "longer than 20 characters")
    upn = reader.text(ids, "UPN").upper()
    if upn and not upn_is_valid(upn):
        reader.problem(ids_path, "UPN", f"'{upn}' is not a valid UPN (check letter and 12 characters)")
        upn = ""
    born = reader.date(ids, "PersonBirthDate", ids_path)
    expected = reader.date(ids, "ExpectedPersonBirthDate", ids_path)
    if born is None and expected is None:
        reader.problem(ids_path, "PersonBirthDate", "neither a birth date nor an expected birth date")
    if ids.find("Sex") is not None:
        sex = reader.code(ids, "Sex", ids_path, Sex, required=True)
    else:
        gender = reader.required(ids, "GenderCurrent", ids_path)
        sex = GENDER_CURRENT.get(gender, "")
        if gender and not sex:
            reader.problem(ids_path, "GenderCurrent", f"'{gender}' is not a DfE code for GenderCurrent")
    characteristics = element.find("ChildCharacteristics")
    if characteristics is None:
        characteristics = ET.Element("ChildCharacteristics")
    chars_path = f"{path}/ChildCharacteristics"
    disabilities = []
    for number, disability in enumerate(characteristics.iter("Disability"), start=1):
        code = (disability.text or "").strip()
        if code not in codes(Disability):
            reader.problem(
                f"{chars_path}/Disabilities/Disability[{number}]", "Disability", f"'{code}' is not a DfE code"
            )
        elif code != Disability.NONE:
            disabilities.append(code)
    child = ChildIn(
        path=path,
        la_id=la_id,
        upn=upn,
        upn_unknown=reader.code(ids, "UPNunknown", ids_path, UPNUnknown),
        born=born,
        expected=expected,
        sex=sex or Sex.UNKNOWN,
        died=reader.date(ids, "PersonDeathDate", ids_path),
        ethnicity=reader.code(characteristics, "Ethnicity", chars_path, Ethnicity, required=True),
        disabilities=sorted(set(disabilities)),
    )
    for details, details_path in _paths(element, path, "CINdetails"):
        episode = _read_episode(details, details_path, reader)
        if episode is not None:
            child.episodes.append(episode)
    return child


def _read_episode(element: ET.Element, path: str, reader: _Reader) -> EpisodeIn | None:
    referral = reader.date(element, "CINreferralDate", path, required=True)
    source = reader.code(element, "ReferralSource", path, ReferralSource, required=True)
    need = reader.code(element, "PrimaryNeedCode", path, PrimaryNeed) or PrimaryNeed.NOT_STATED
    closed = reader.date(element, "CINclosureDate", path)
    reason = reader.code(element, "ReasonForClosure", path, ReasonForClosure)
    if closed and not reason:
        reader.problem(path, "ReasonForClosure", "missing: the episode has a closure date")
    if reason and not closed:
        reader.problem(path, "CINclosureDate", "missing: the episode has a reason for closure")
    if referral and closed and closed < referral:
        reader.problem(path, "CINclosureDate", f"{closed} is before the referral date {referral}")
    nfa = reader.boolean(element, "ReferralNFA", path)
    episode = EpisodeIn(path, referral, source, need, closed, reason if closed else "", nfa)
    for assessment, sub_path in _paths(element, path, "Assessments"):
        start = reader.date(assessment, "AssessmentActualStartDate", sub_path, required=True)
        authorised = reader.date(assessment, "AssessmentAuthorisationDate", sub_path)
        _not_before(reader, sub_path, "AssessmentAuthorisationDate", authorised, start)
        factors = []
        for number, factor in enumerate(assessment.iter("AssessmentFactors"), start=1):
            code = (factor.text or "").strip()
            if code not in codes(AssessmentFactor):
                where = f"{sub_path}/FactorsIdentifiedAtAssessment/AssessmentFactors[{number}]"
                reader.problem(where, "AssessmentFactors", f"'{code}' is not a DfE code")
            else:
                factors.append(code)
        if start:
            episode.assessments.append(AssessmentIn(sub_path, start, authorised, sorted(set(factors))))
    for plan, sub_path in _paths(element, path, "CINPlanDates"):
        start = reader.date(plan, "CINPlanStartDate", sub_path, required=True)
        end = reader.date(plan, "CINPlanEndDate", sub_path)
        _not_before(reader, sub_path, "CINPlanEndDate", end, start)
        if start:
            episode.cin_plans.append((sub_path, start, end))
    for enquiry, sub_path in _paths(element, path, "Section47"):
        start = reader.date(enquiry, "S47ActualStartDate", sub_path, required=True)
        target = reader.date(enquiry, "InitialCPCtarget", sub_path)
        icpc = reader.date(enquiry, "DateOfInitialCPC", sub_path)
        _not_before(reader, sub_path, "DateOfInitialCPC", icpc, start)
        not_required = reader.boolean(enquiry, "ICPCnotRequired", sub_path)
        if not_required and icpc:
            reader.problem(sub_path, "ICPCnotRequired", "true, but the enquiry has a DateOfInitialCPC")
        if start:
            episode.section47s.append(Section47In(sub_path, start, target, icpc, not_required))
    for plan, sub_path in _paths(element, path, "ChildProtectionPlans"):
        cp_plan = _read_cp_plan(plan, sub_path, reader)
        if cp_plan is not None:
            episode.cp_plans.append(cp_plan)
    for block, sub_path in _paths(element, path, "PreProceedings"):  # from 2026/27
        pre = _read_pre_proceedings(block, sub_path, reader)
        if pre is not None:
            episode.pre_proceedings.append(pre)
    episode_icpc = reader.date(element, "DateOfInitialCPC", path)
    if episode_icpc and episode_icpc not in {s.icpc for s in episode.section47s}:
        reader.problem(path, "DateOfInitialCPC", "an ICPC with no section 47 enquiry in the file is not imported "
                       "(the record holds a conference against its enquiry)", warning=True)  # fmt: skip
    return episode if referral and source else None


def _read_cp_plan(element: ET.Element, path: str, reader: _Reader) -> CPPlanIn | None:
    start = reader.date(element, "CPPstartDate", path, required=True)
    end = reader.date(element, "CPPendDate", path)
    _not_before(reader, path, "CPPendDate", end, start)
    initial = reader.code(element, "InitialCategoryOfAbuse", path, CategoryOfAbuse, required=True)
    latest = reader.code(element, "LatestCategoryOfAbuse", path, CategoryOfAbuse)
    previous = reader.count(element, "NumberOfPreviousCPP", path)
    reviews = []
    for number, review in enumerate(element.iter("CPPreviewDate"), start=1):
        where = f"{path}/Reviews/CPPreviewDate[{number}]"
        held = reader.parse_date((review.text or "").strip(), where, "CPPreviewDate")
        if held is None:
            continue
        if start and held < start:
            reader.problem(where, "CPPreviewDate", f"{held} is before the plan started ({start})")
        reviews.append(held)
    if not (start and initial):
        return None
    return CPPlanIn(path, start, end, initial, latest or initial, previous, sorted(set(reviews)))


def _read_pre_proceedings(element: ET.Element, path: str, reader: _Reader) -> PreProceedingsIn | None:
    start = reader.date(element, "PPStartDate", path, required=True)
    letter = reader.date(element, "LBPSentDate", path)
    meeting = reader.date(element, "InitialPPMeetingDate", path)
    step = reader.date(element, "StepDecisionDate", path)
    court = reader.date(element, "CourtAppDate", path)
    letter_cp = reader.date(element, "LetterInitCPDate", path)
    for tag, later in (("LBPSentDate", letter), ("InitialPPMeetingDate", meeting), ("StepDecisionDate", step)):
        _not_before(reader, path, tag, later, start)
    _not_before(reader, path, "CourtAppDate", court, step)
    _not_before(reader, path, "LetterInitCPDate", letter_cp, court)
    outcome = reader.code(element, "PPOutcome", path, PreProceedingsOutcome)
    if court and outcome != PreProceedingsOutcome.STEP_UP:
        reader.problem(path, "CourtAppDate", "a court application, but the outcome is not a step up (B)")
    pre = PreProceedingsIn(path, start, letter, reader.flag(element, "FGDMMeetingOffer", path),
                           reader.flag(element, "FGDMMeetingFac", path), meeting,
                           reader.count(element, "ReviewMeetingsCount", path), step, outcome, court, letter_cp)  # fmt: skip
    return pre if start else None


def _not_before(reader: _Reader, path: str, tag: str, later: dt.date | None, earlier: dt.date | None) -> None:
    if later and earlier and later < earlier:
        reader.problem(path, tag, f"{later} is before the start date {earlier}")


def _check_duplicates(children: list[ChildIn], report: ImportReport) -> None:
    """Natural keys must be unique in the file, or matching on them would be ambiguous."""
    first_seen: dict[str, str] = {}
    for child in children:
        if child.la_id in first_seen:
            report.problem(child.path, child.la_id, "LAchildID", f"the child is also at {first_seen[child.la_id]}")
        first_seen.setdefault(child.la_id, child.path)
        _duplicate(report, child, "CINreferralDate", [(e.path, e.referral_date) for e in child.episodes])
        open_episodes = [e for e in child.episodes if e.close_date is None]
        for episode in open_episodes[1:]:
            report.problem(episode.path, child.la_id, "CINclosureDate", "a second open episode: close the earlier one")
        plans = [p for e in child.episodes for p in e.cp_plans]
        _duplicate(report, child, "CPPstartDate", [(p.path, p.start) for p in plans])
        for plan in [p for p in plans if p.end is None][1:]:
            report.problem(plan.path, child.la_id, "CPPendDate", "a second open child protection plan")
        for e in child.episodes:
            _duplicate(report, child, "AssessmentActualStartDate", [(a.path, a.start) for a in e.assessments])
            _duplicate(report, child, "CINPlanStartDate", [(path, start) for path, start, _ in e.cin_plans])
            _duplicate(report, child, "S47ActualStartDate", [(s.path, s.start) for s in e.section47s])
        blocks = [p for e in child.episodes for p in e.pre_proceedings]
        _duplicate(report, child, "PPStartDate", [(p.path, p.start) for p in blocks])


def _duplicate(report: ImportReport, child: ChildIn, tag: str, keyed: list[tuple[str, dt.date]]) -> None:
    seen = set()
    for path, key in keyed:
        if key in seen:
            report.problem(path, child.la_id, tag, f"another record here has the same date ({key}), so the import "
                           "could not tell them apart")  # fmt: skip
        seen.add(key)


# --- Writing ----------------------------------------------------------------------------------------------


def cin_census_import(*, content: bytes, source_name: str, imported_by, team: Team | None = None) -> ImportReport:
    """Import a census file: every problem reported and nothing written, or everything written at once."""
    report = ImportReport(KIND, source_name)
    census = read_census(content, report)
    if not report.ok or census.year is None:
        return report
    try:
        with transaction.atomic():
            _Import(census, report, ImportWriter(imported_by=imported_by, source_name=source_name), team).run()
            if not report.ok:
                raise ImportRefused(report)
    except ImportRefused:
        report.created.clear()
        report.updated.clear()
    return report


def default_team() -> Team:
    team, _ = Team.objects.get_or_create(name=DEFAULT_TEAM, defaults={"service": Service.ASSESSMENT})
    return team


class _Import:
    def __init__(self, census: CensusIn, report: ImportReport, writer: ImportWriter, team: Team | None) -> None:
        self.census = census
        self.year: CollectionYear = census.year
        self.report = report
        self.writer = writer
        self.team = team
        self.people: dict[str, Person] = {}
        self.episodes: dict[tuple[int, dt.date], CINEpisode] = {}  # (child pk, referral date)
        self.conferences: dict[tuple[int, dt.date], InitialChildProtectionConference] = {}  # (episode pk, date)
        self.touched: Counter = Counter()  # child pk → records created or changed

    def run(self) -> None:
        self._people()  # on a problem, carry on: every problem is collected, then everything is rolled back
        self._disabilities()
        self._episodes()
        self._assessments()
        self._cin_plans()
        self._section47s()
        self._cp_plans()
        self._pre_proceedings()
        for child_id in self.touched:
            self.writer.event(child_id=child_id, day=None, category="person", kind="import.cin_census",
                              summary=f"Record imported from the CIN census {self.year.label} ({self.writer.source_name})")  # fmt: skip
        self.writer.flush_events()

    def _count(self, label: str, created: int = 0, updated: int = 0, seen: int = 0) -> None:
        self.report.seen[label] += seen
        self.report.created[label] += created
        self.report.updated[label] += updated

    def _pairs(self):
        """(child in the file, its Person) for each child."""
        return ((child, self.people[child.la_id]) for child in self.census.children)

    # Children

    def _upn_reason(self, child: ChildIn) -> str:
        """Store a UPNunknown reason only if the record would not derive the same one by itself."""
        if child.upn or not child.upn_unknown:
            return ""
        derived = upn_unknown_reason(upn="", recorded="", born=child.born, year=self.year,
                                     nfa_only=all(e.nfa for e in child.episodes))  # fmt: skip
        return "" if derived == child.upn_unknown else child.upn_unknown

    def _people(self) -> None:
        existing = {
            p.la_person_id: p for p in Person.objects.filter(la_person_id__in=[c.la_id for c in self.census.children])
        }
        new, updated = [], 0
        for child in self.census.children:
            person = existing.get(child.la_id)
            if person is None:
                person = new_child(child.la_id, date_of_birth=child.born, expected_date_of_birth=child.expected,
                                   date_of_death=child.died, sex=child.sex, ethnicity=child.ethnicity, upn=child.upn,
                                   upn_unknown_reason=self._upn_reason(child))  # fmt: skip
                new.append(person)
            elif not person.is_child:
                self.report.problem(child.path, child.la_id, "LAchildID", "this ID belongs to an adult in the record")
            else:
                updated += self._update_person(person, child)
            self.people[child.la_id] = person
        self.writer.create(Person, new)
        for person in new:
            self.touched[person.pk] += 1
            self.writer.event(child_id=person.pk, day=None, category="person", kind="person.created",
                              summary=f"Child's record created from the CIN census ({self.writer.source_name})")  # fmt: skip
        self._count("Children", len(new), updated, len(self.census.children))

    def _update_person(self, person: Person, child: ChildIn) -> int:
        changes = {
            "date_of_birth": child.born,
            "expected_date_of_birth": child.expected,
            "date_of_death": child.died,
            "upn": child.upn,
            "sex": child.sex if child.sex != Sex.UNKNOWN else None,
            "ethnicity": child.ethnicity if child.ethnicity != Ethnicity.NOBT else None,
        }
        changes = {name: value for name, value in changes.items() if value}  # the file never clears a value
        if not (changes.get("upn") or person.upn) and (reason := self._upn_reason(child)):
            changes["upn_unknown_reason"] = reason
        if not self.writer.update(person, changes):
            return 0
        self.touched[person.pk] += 1
        return 1

    def _disabilities(self) -> None:
        people = [person for _, person in self._pairs()]
        existing = set(PersonDisability.objects.filter(person_id__in=pks(people)).values_list("person_id", "code"))
        new = [
            PersonDisability(person=person, code=code, recorded_on=self.year.end)
            for child, person in self._pairs()
            for code in child.disabilities
            if (person.pk, code) not in existing
        ]
        self.writer.create(PersonDisability, new)
        for row in new:
            self.touched[row.person_id] += 1
        self._count("Disabilities", len(new), 0, sum(len(c.disabilities) for c in self.census.children))

    # Episodes

    def _episodes(self) -> None:
        child_ids = [person.pk for _, person in self._pairs()]
        on_record = list(CINEpisode.objects.filter(child_id__in=child_ids))
        self.episodes = {(e.child_id, e.referral_date): e for e in on_record}
        referrals = group_by(on_record, lambda e: e.child_id)
        team = self.team or default_team()
        new, updated, seen = [], 0, 0
        for child, person in self._pairs():
            dates = sorted({e.referral_date for e in referrals[person.pk]} | {e.referral_date for e in child.episodes})
            for episode_in in child.episodes:
                seen += 1
                key = (person.pk, episode_in.referral_date)
                episode = self.episodes.get(key)
                if episode is None:
                    episode = self._new_episode(person, episode_in, dates, team)
                    self.episodes[key] = episode
                    new.append(episode)
                elif self._update_episode(episode, episode_in):
                    updated += 1
        self._check_one_open()
        self.writer.create(CINEpisode, new)
        for episode in new:
            self.touched[episode.child_id] += 1
            self.writer.event(child_id=episode.child_id, day=episode.referral_date, category="referral",
                              kind="referral.opened", summary=f"Referral accepted for {team} (imported)", source=episode)  # fmt: skip
            self._closed_event(episode)
        self._count("CIN episodes", len(new), updated, seen)

    def _new_episode(self, person: Person, e: EpisodeIn, dates: list[dt.date], team: Team) -> CINEpisode:
        window = e.referral_date - relativedelta(months=12)
        previous = max((d for d in dates if window <= d < e.referral_date), default=None)
        return CINEpisode(child=person, referral_date=e.referral_date, referral_source=e.source, primary_need=e.need,
                          referral_nfa=e.nfa, is_re_referral=previous is not None, previous_referral_date=previous,
                          team=team, assessment_due_date=due_date("assessment-completion", e.referral_date),
                          close_date=e.close_date, close_reason=e.close_reason, opened_by=self.writer.user)  # fmt: skip

    def _update_episode(self, episode: CINEpisode, e: EpisodeIn) -> bool:
        was_open = episode.close_date is None
        changes = {"referral_source": e.source, "referral_nfa": e.nfa}
        if e.need != PrimaryNeed.NOT_STATED:
            changes["primary_need"] = e.need
        if e.close_date:
            changes |= {"close_date": e.close_date, "close_reason": e.close_reason}
        if not self.writer.update(episode, changes):
            return False
        self.touched[episode.child_id] += 1
        if was_open:
            self._closed_event(episode)
        return True

    def _closed_event(self, episode: CINEpisode) -> None:
        if episode.close_date:
            self.writer.event(child_id=episode.child_id, day=episode.close_date, category="referral",
                              kind="episode.closed", summary=f"Episode closed: {episode.get_close_reason_display()} "
                              "(imported)", source=episode)  # fmt: skip

    def _check_one_open(self) -> None:
        """After the merge a child may have one open episode at most, as when the record is kept by hand."""
        open_episodes = group_by([e for e in self.episodes.values() if e.close_date is None], lambda e: e.child_id)
        for child, person in self._pairs():
            if len(open_episodes.get(person.pk, [])) > 1:
                dates = ", ".join(sorted(str(e.referral_date) for e in open_episodes[person.pk]))
                self.report.problem(child.path, child.la_id, "CINclosureDate",
                                    f"the child would have more than one open episode (referred {dates})")  # fmt: skip

    def _episode_rows(self):
        """(child in the file, the episode in the file, its CINEpisode) for every episode in the file."""
        for child, person in self._pairs():
            for e in child.episodes:
                yield child, e, self.episodes[(person.pk, e.referral_date)]

    # Assessments and CIN plans

    def _assessments(self) -> None:
        episodes = [episode for _, _, episode in self._episode_rows()]
        on_record = {(a.episode_id, a.start_date): a for a in Assessment.objects.filter(episode_id__in=pks(episodes))}
        new, updated, wanted_factors, seen = [], 0, [], 0
        for _, e, episode in self._episode_rows():
            for a in e.assessments:
                seen += 1
                assessment = on_record.get((episode.pk, a.start))
                if assessment is None:
                    assessment = Assessment(episode=episode, child_id=episode.child_id, start_date=a.start,
                                            started_by=self.writer.user)  # fmt: skip
                    if a.authorised:
                        assessment.status = Assessment.Status.AUTHORISED
                        assessment.authorised_date = a.authorised
                    new.append(assessment)
                elif a.authorised and self.writer.update(
                    assessment, {"authorised_date": a.authorised, "status": Assessment.Status.AUTHORISED}
                ):
                    updated += 1
                    self.touched[episode.child_id] += 1
                wanted_factors.append((assessment, a.factors))
        self.writer.create(Assessment, new)
        for assessment in new:
            self.touched[assessment.child_id] += 1
            self.writer.event(child_id=assessment.child_id, day=assessment.start_date, category="assessment",
                              kind="assessment.started", summary="Child and family assessment started (imported)",
                              source=assessment)  # fmt: skip
            if assessment.authorised_date:
                self.writer.event(child_id=assessment.child_id, day=assessment.authorised_date, category="assessment",
                                  kind="assessment.authorised", summary="Assessment authorised (imported)",
                                  source=assessment)  # fmt: skip
        self._count("Assessments", len(new), updated, seen)
        self._factors(wanted_factors)

    def _factors(self, wanted: list[tuple[Assessment, list[str]]]) -> None:
        existing = set(
            AssessmentFactorIdentified.objects.filter(assessment_id__in=pks(a for a, _ in wanted)).values_list(
                "assessment_id", "code"
            )
        )
        new = [
            AssessmentFactorIdentified(assessment=assessment, code=code)
            for assessment, codes in wanted
            for code in codes
            if (assessment.pk, code) not in existing
        ]
        self.writer.create(AssessmentFactorIdentified, new)
        self._count("Assessment factors", len(new), 0, sum(len(codes) for _, codes in wanted))

    def _cin_plans(self) -> None:
        episodes = [episode for _, _, episode in self._episode_rows()]
        on_record = {(p.episode_id, p.start_date): p for p in CINPlan.objects.filter(episode_id__in=pks(episodes))}
        interval = get_rule("cin-visit").amount
        new, ended, updated, seen = [], [], 0, 0
        for _, e, episode in self._episode_rows():
            for _path, start, end in e.cin_plans:
                seen += 1
                plan = on_record.get((episode.pk, start))
                if plan is None:
                    plan = CINPlan(episode=episode, child_id=episode.child_id, start_date=start, end_date=end,
                                   visit_interval_working_days=interval, created_by=self.writer.user,
                                   next_visit_due=apply_rule(get_rule("cin-visit"), start, amount=interval),
                                   next_review_due=due_date("cin-review", start))  # fmt: skip
                    new.append(plan)
                elif end and plan.end_date is None and self.writer.update(plan, {"end_date": end}):
                    updated += 1
                    ended.append(plan)
                    self.touched[episode.child_id] += 1
        self.writer.create(CINPlan, new)
        for plan in new:
            self.touched[plan.child_id] += 1
            self.writer.event(child_id=plan.child_id, day=plan.start_date, category="child_in_need",
                              kind="cin_plan.started", summary="Child in need plan started (imported)", source=plan)  # fmt: skip
        for plan in [p for p in new if p.end_date] + ended:
            self.writer.event(child_id=plan.child_id, day=plan.end_date, category="child_in_need",
                              kind="cin_plan.ended", summary="Child in need plan ended (imported)", source=plan)  # fmt: skip
        self._count("CIN plans", len(new), updated, seen)

    # Child protection

    def _section47s(self) -> None:
        episodes = [episode for _, _, episode in self._episode_rows()]
        on_record = {
            (s.episode_id, s.start_date): s
            for s in Section47Enquiry.objects.filter(episode_id__in=pks(episodes)).select_related("conference")
        }
        plan_starts = {(episode.pk, p.start) for _, e, episode in self._episode_rows() for p in e.cp_plans}
        new, concluded, conferences, updated, seen = [], [], [], 0, 0
        for _, e, episode in self._episode_rows():
            for s in e.section47s:
                seen += 1
                enquiry = on_record.get((episode.pk, s.start))
                if enquiry is None:
                    enquiry = self._new_section47(episode, s)
                    new.append(enquiry)
                elif self._update_section47(enquiry, s):
                    updated += 1
                    concluded.append(enquiry)
                    self.touched[episode.child_id] += 1
                if s.icpc and not hasattr(enquiry, "conference"):
                    outcome = InitialChildProtectionConference.Outcome
                    enquiry.conference = InitialChildProtectionConference(
                        section47=enquiry, child_id=episode.child_id, conference_date=s.icpc,
                        outcome=outcome.PLAN if (episode.pk, s.icpc) in plan_starts else outcome.NO_PLAN,
                        recorded_by=self.writer.user)  # fmt: skip
                    conferences.append(enquiry.conference)
        discussions = self.writer.create(StrategyDiscussion, [enquiry.strategy_discussion for enquiry in new])
        for enquiry, discussion in zip(new, discussions, strict=True):
            enquiry.strategy_discussion = discussion
        self.writer.create(Section47Enquiry, new)
        for conference in conferences:
            conference.section47 = conference.section47  # the enquiry has its key now
        self.writer.create(InitialChildProtectionConference, conferences)
        self._protection_events(new, concluded, conferences)
        self._count("Section 47 enquiries", len(new), updated, seen)
        self._count("Initial conferences", len(conferences), 0, sum(1 for _, e, _ in self._episode_rows()
                                                                    for s in e.section47s if s.icpc))  # fmt: skip
        self.conferences = {(c.section47.episode_id, c.conference_date): c for c in conferences}
        self.conferences |= {
            (s.episode_id, s.conference.conference_date): s.conference
            for s in on_record.values()
            if hasattr(s, "conference")
        }

    def _new_section47(self, episode: CINEpisode, s: Section47In) -> Section47Enquiry:
        # The census carries no strategy discussion, but an enquiry always starts from one: record the decision
        # on the enquiry's start date, saying where it came from.
        discussion = StrategyDiscussion(episode=episode, child_id=episode.child_id, held_on=s.start,
                                        agencies_present=StrategyDiscussion.Agency.SOCIAL_CARE,
                                        summary="Recorded by the CIN census import: the census holds only the "
                                        "section 47 enquiry that followed.", decision=StrategyDiscussion.Decision.SECTION_47,
                                        decided_on=s.start, recorded_by=self.writer.user)  # fmt: skip
        enquiry = Section47Enquiry(episode=episode, child_id=episode.child_id, strategy_discussion=discussion,
                                   start_date=s.start, icpc_target_date=s.target or due_date("icpc", s.start),
                                   recorded_by=self.writer.user)  # fmt: skip
        self._conclude(enquiry, s)
        return enquiry

    def _conclude(self, enquiry: Section47Enquiry, s: Section47In) -> None:
        if s.icpc:
            enquiry.outcome, enquiry.outcome_date = Section47Enquiry.Outcome.ICPC, s.icpc
        elif s.not_required:
            # The census does not date the decision; it was in the collection year, so no earlier than its start.
            enquiry.outcome = Section47Enquiry.Outcome.NO_ICPC
            enquiry.outcome_date = max(s.start, self.year.start)
            enquiry.no_icpc_reason = NOT_REQUIRED_REASON

    def _update_section47(self, enquiry: Section47Enquiry, s: Section47In) -> bool:
        if enquiry.outcome or not (s.icpc or s.not_required):
            return False
        probe = Section47Enquiry(start_date=enquiry.start_date)
        self._conclude(probe, s)
        changes = {"outcome": probe.outcome, "outcome_date": probe.outcome_date, "no_icpc_reason": probe.no_icpc_reason}
        return self.writer.update(enquiry, changes)

    def _protection_events(self, new, concluded, conferences) -> None:
        for enquiry in new:
            self.touched[enquiry.child_id] += 1
            self.writer.event(child_id=enquiry.child_id, day=enquiry.start_date, category="child_protection",
                              kind="section47.started", summary=f"Section 47 enquiry started: ICPC due by "
                              f"{enquiry.icpc_target_date:%d %b %Y} (imported)", source=enquiry)  # fmt: skip
        for enquiry in [e for e in new + concluded if e.outcome == Section47Enquiry.Outcome.NO_ICPC]:
            self.writer.event(child_id=enquiry.child_id, day=enquiry.outcome_date, category="child_protection",
                              kind="section47.concluded", summary="Section 47 enquiry concluded: no conference "
                              "needed (imported)", source=enquiry)  # fmt: skip
        for conference in conferences:
            self.touched[conference.child_id] += 1
            self.writer.event(child_id=conference.child_id, day=conference.conference_date, category="child_protection",
                              kind="icpc.held", summary=f"Initial child protection conference: "
                              f"{conference.get_outcome_display().lower()} (imported)", source=conference)  # fmt: skip

    def _cp_plans(self) -> None:
        people = [person for _, person in self._pairs()]
        on_record = {
            (p.child_id, p.start_date): p for p in ChildProtectionPlan.objects.filter(child_id__in=pks(people))
        }
        interval = get_rule("cp-visit").amount
        new, updated, seen, reviews_wanted = [], [], 0, []
        for _, e, episode in self._episode_rows():
            for p in e.cp_plans:
                seen += 1
                plan = on_record.get((episode.child_id, p.start))
                if plan is None:
                    plan = self._new_cp_plan(episode, p, interval)
                    on_record[(episode.child_id, p.start)] = plan
                    new.append(plan)
                else:
                    changes = {"latest_category": p.latest, "end_date": p.end, "number_of_previous_plans": p.previous}
                    if self.writer.update(plan, {k: v for k, v in changes.items() if v is not None}):
                        updated.append(plan)
                        self.touched[plan.child_id] += 1
                reviews_wanted.append((plan, p))
        self._check_one_open_plan(on_record.values())
        self.writer.create(ChildProtectionPlan, new)
        reviewed = self._reviews(reviews_wanted)
        self._rederive({plan.pk: plan for plan in updated + reviewed if plan not in new}.values())
        for plan in new:
            self.touched[plan.child_id] += 1
            self.writer.event(child_id=plan.child_id, day=plan.start_date, category="child_protection",
                              kind="cp_plan.started", summary=f"Child protection plan started: "
                              f"{plan.get_initial_category_display().lower()} (imported)", source=plan)  # fmt: skip
        for plan in [p for p in new + updated if p.end_date]:
            self.writer.event(child_id=plan.child_id, day=plan.end_date, category="child_protection",
                              kind="cp_plan.ended", summary="Child protection plan ended (imported)", source=plan)  # fmt: skip
        self._count("Child protection plans", len(new), len(updated), seen)

    def _new_cp_plan(self, episode: CINEpisode, p: CPPlanIn, interval: int) -> ChildProtectionPlan:
        conference = self.conferences.get((episode.pk, p.start))
        previous = p.previous
        if previous is None:
            previous = ChildProtectionPlan.objects.filter(child_id=episode.child_id, start_date__lt=p.start).count()
        plan = ChildProtectionPlan(episode=episode, child_id=episode.child_id, conference=conference,
                                   start_date=p.start, initial_category=p.initial, latest_category=p.latest,
                                   number_of_previous_plans=previous, visit_interval_working_days=interval,
                                   first_core_group_due=due_date("first-core-group", p.start), end_date=p.end)  # fmt: skip
        self._derive(plan, latest_visit=None, latest_review=max(p.reviews, default=None))
        return plan

    def _derive(self, plan: ChildProtectionPlan, *, latest_visit, latest_review) -> None:
        """Next visit and review as the protection services derive them (none once the plan has ended)."""
        if plan.end_date:
            plan.next_visit_due, plan.next_review_due = None, None
            return
        plan.next_visit_due = apply_rule(get_rule("cp-visit"), latest_visit or plan.start_date,
                                         amount=plan.visit_interval_working_days)  # fmt: skip
        if latest_review:
            plan.next_review_due = due_date("cp-later-review", latest_review)
        else:
            icpc = plan.conference.conference_date if plan.conference_id else plan.start_date
            plan.next_review_due = due_date("cp-first-review", icpc)

    def _check_one_open_plan(self, plans) -> None:
        open_plans = Counter(plan.child_id for plan in plans if plan.end_date is None)
        for child, person in self._pairs():
            if open_plans[person.pk] > 1:
                self.report.problem(child.path, child.la_id, "CPPendDate",
                                    "the child would have more than one open child protection plan")  # fmt: skip

    def _reviews(self, wanted: list[tuple[ChildProtectionPlan, CPPlanIn]]) -> list[ChildProtectionPlan]:
        """Create the review conferences not yet recorded; the plans that gained one."""
        existing = set(
            ReviewConference.objects.filter(plan_id__in=pks(plan for plan, _ in wanted)).values_list(
                "plan_id", "held_on"
            )
        )
        new = []
        for plan, p in wanted:
            for held in p.reviews:
                if (plan.pk, held) in existing:
                    continue
                ends = plan.end_date == held
                outcome = ReviewConference.Outcome.END if ends else ReviewConference.Outcome.CONTINUE
                new.append(ReviewConference(plan=plan, held_on=held, outcome=outcome, recorded_by=self.writer.user))
        self.writer.create(ReviewConference, new)
        for review in new:
            self.touched[review.plan.child_id] += 1
            self.writer.event(child_id=review.plan.child_id, day=review.held_on, category="child_protection",
                              kind="cp_review.held", summary="Child protection review conference (imported)",
                              source=review)  # fmt: skip
        self._count("Review conferences", len(new), 0, sum(len(p.reviews) for _, p in wanted))
        return [review.plan for review in new]

    def _rederive(self, plans) -> None:
        """Plans already on the record that the file changed: their next visit and review again."""
        plans = list(plans)
        latest = ChildProtectionPlan.objects.filter(pk__in=[p.pk for p in plans]).annotate(
            latest_visit=Max("visits__visit_date"), latest_review=Max("reviews__held_on")
        )
        dates = {row.pk: (row.latest_visit, row.latest_review) for row in latest}
        for plan in plans:
            before = (plan.next_visit_due, plan.next_review_due)
            visit, review = dates[plan.pk]
            self._derive(plan, latest_visit=visit, latest_review=review)
            after = (plan.next_visit_due, plan.next_review_due)
            plan.next_visit_due, plan.next_review_due = before
            self.writer.update(plan, {"next_visit_due": after[0], "next_review_due": after[1]})

    # Pre-proceedings (2026/27 on)

    def _pre_proceedings(self) -> None:
        """Pre-proceedings on child + decision date, under their episode; what the file leaves out is kept."""
        wanted = [(episode, p) for _, e, episode in self._episode_rows() for p in e.pre_proceedings]
        if not wanted:
            return
        child_ids = {episode.child_id for episode, _ in wanted}
        on_record = {(r.child_id, r.decision_date): r for r in PreProceedings.objects.filter(child_id__in=child_ids)}
        new, updated = [], 0
        for episode, p in wanted:
            values = {"letter_sent_on": p.letter, "fgdm_offered": p.offered, "fgdm_held": p.held,
                      "initial_meeting_date": p.meeting, "review_meetings": p.reviews,
                      "step_decision_date": p.step, "outcome": p.outcome or None, "court_application_date": p.court,
                      "proceedings_letter_date": p.letter_cp}  # fmt: skip
            values = {name: value for name, value in values.items() if value is not None}
            record = on_record.get((episode.child_id, p.start))
            if record is None:
                record = PreProceedings(child_id=episode.child_id, cin_episode=episode, decision_date=p.start,
                                        recorded_by=self.writer.user, **values)  # fmt: skip
                on_record[(episode.child_id, p.start)] = record
                new.append(record)
            elif self.writer.update(record, values):
                updated += 1
                self.touched[record.child_id] += 1
        self.writer.create(PreProceedings, new)
        for record in new:
            self.touched[record.child_id] += 1
            self.writer.event(child_id=record.child_id, day=record.decision_date, category="child_protection",
                              kind="preproceedings.started", summary="Pre-proceedings started (imported)",
                              source=record)  # fmt: skip
            if record.step_decision_date:
                self.writer.event(child_id=record.child_id, day=record.step_decision_date,
                                  category="child_protection", kind="preproceedings.ended",
                                  summary=f"Pre-proceedings ended: {record.get_outcome_display()} (imported)",
                                  source=record)  # fmt: skip
        self._count("Pre-proceedings", len(new), updated, len(wanted))
