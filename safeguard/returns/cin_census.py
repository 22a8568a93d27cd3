"""The Children in Need census (DfE, annual, XML) built from the live record.

Scope (DfE CIN census guide): every child with a children in need episode open at any point in the collection
year (referred on or before 31 March, not closed before 1 April), one `CINdetails` block per such episode, and
inside it the assessments, CIN plans, section 47 enquiries and child protection plans that were open at any
point in the year. Anything dated after the reference date has not happened yet as far as the return is
concerned, so a past year built from today's record is the census as it stood on its reference date.

Element order follows the XSD (liia-tools `cin-2022.xsd`), with `Sex` (M/F/U) in place of `GenderCurrent` from
2024/25. From 2026/27 each `CINdetails` ends with a `PreProceedings` block per pre-proceedings decided in the
year (module 5, pre-proceedings and FGDM: `PRE_PROCEEDINGS_ELEMENTS`; docs/domains/legal.md says where the
layout comes from); years before 2026/27 are written exactly as before. Reads are a handful of set-based
queries (no query per child), so a big city builds in seconds.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.casework.models import Assessment, AssessmentFactorIdentified, CINEpisode, CINPlan
from safeguard.legal.models import PreProceedings
from safeguard.people.models import Person, PersonDisability
from safeguard.protection.models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ReviewConference,
    Section47Enquiry,
)

from .registry import Progress, ReturnKind, ReturnOutput, register
from .years import CollectionYear

SOFTWARE_CODE = "Safeguard"
UNDER_SCHOOL_AGE = "UN1"  # UPN unknown: the child is under 6 and not yet assigned a UPN
NFA_ONLY = "UN7"  # UPN unknown: a referral with no further action
PRE_PROCEEDINGS_FIRST_YEAR = 2026  # the pre-proceedings module is collected from 2026/27
# The 2026/27 module 5 block, in data item order (N00826-N00835), as the DfE's 2026/27 validation rules name it.
PRE_PROCEEDINGS_ELEMENTS = (
    "PPStartDate",  # legal planning meeting that decided to start pre-proceedings
    "LBPSentDate",  # letter before proceedings sent
    "FGDMMeetingOffer",  # 1/0: FGDM meeting offered in the letter
    "FGDMMeetingFac",  # 1/0: FGDM meeting facilitated after the offer
    "InitialPPMeetingDate",
    "ReviewMeetingsCount",
    "StepDecisionDate",  # decision to step up or down
    "PPOutcome",  # CS131: A, B, C
    "CourtAppDate",  # care proceedings application
    "LetterInitCPDate",  # letter initiating care proceedings
)


@dataclass
class EpisodeData:
    pk: int
    child_id: int
    referral_date: dt.date
    referral_source: str
    primary_need: str
    referral_nfa: bool
    close_date: dt.date | None
    close_reason: str
    assessments: list[tuple] = field(default_factory=list)  # (pk, start, authorised)
    cin_plans: list[tuple] = field(default_factory=list)  # (start, end)
    section47s: list[tuple] = field(default_factory=list)  # (start, target, icpc date, icpc not required)
    cp_plans: list[tuple] = field(default_factory=list)  # (pk, start, end, initial, latest, previous)
    pre_proceedings: list[tuple] = field(default_factory=list)  # values in PRE_PROCEEDINGS_ELEMENTS order


def _in_year(qs: QuerySet, start_field: str, end_field: str, year: CollectionYear) -> QuerySet:
    """Rows that started by the reference date and had not ended before the year began."""
    return qs.filter(**{f"{start_field}__lte": year.end}).filter(
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": year.start})
    )


def episodes_in_scope(year: CollectionYear) -> QuerySet[CINEpisode]:
    return _in_year(CINEpisode.objects.all(), "referral_date", "close_date", year)


def _known_by(day: dt.date | None, year: CollectionYear) -> dt.date | None:
    """A date only counts if it had happened by the reference date."""
    return day if day is not None and day <= year.end else None


def _load_episodes(year: CollectionYear) -> dict[int, EpisodeData]:
    rows = episodes_in_scope(year).order_by("child_id", "referral_date", "id")
    episodes = {}
    for pk, child_id, referral, source, need, nfa, closed, reason in rows.values_list(
        "pk",
        "child_id",
        "referral_date",
        "referral_source",
        "primary_need",
        "referral_nfa",
        "close_date",
        "close_reason",
    ):
        closed = _known_by(closed, year)
        episodes[pk] = EpisodeData(pk, child_id, referral, source, need, nfa, closed, reason if closed else "")
    return episodes


def _attach_casework(episodes: dict[int, EpisodeData], year: CollectionYear) -> dict[int, list[str]]:
    in_scope = episodes_in_scope(year).values("pk")
    assessments = _in_year(Assessment.objects.filter(episode__in=in_scope), "start_date", "authorised_date", year)
    for pk, episode_id, start, authorised in assessments.order_by("start_date", "id").values_list(
        "pk", "episode_id", "start_date", "authorised_date"
    ):
        episodes[episode_id].assessments.append((pk, start, _known_by(authorised, year)))
    factors: dict[int, list[str]] = defaultdict(list)
    for assessment_id, code in (
        AssessmentFactorIdentified.objects.filter(assessment__in=assessments.values("pk"))
        .order_by("assessment_id", "code")
        .values_list("assessment_id", "code")
    ):
        factors[assessment_id].append(code)
    plans = _in_year(CINPlan.objects.filter(episode__in=in_scope), "start_date", "end_date", year)
    for episode_id, start, end in plans.order_by("start_date", "id").values_list(
        "episode_id", "start_date", "end_date"
    ):
        episodes[episode_id].cin_plans.append((start, _known_by(end, year)))
    return factors


def _attach_protection(episodes: dict[int, EpisodeData], year: CollectionYear) -> dict[int, list[dt.date]]:
    in_scope = episodes_in_scope(year).values("pk")
    conferences = dict(
        InitialChildProtectionConference.objects.filter(section47__episode__in=in_scope).values_list(
            "section47_id", "conference_date"
        )
    )
    enquiries = Section47Enquiry.objects.filter(episode__in=in_scope, start_date__lte=year.end)
    for pk, episode_id, start, target, outcome, outcome_date in enquiries.order_by("start_date", "id").values_list(
        "pk", "episode_id", "start_date", "icpc_target_date", "outcome", "outcome_date"
    ):
        icpc = _known_by(conferences.get(pk), year)
        concluded = icpc or _known_by(outcome_date, year)
        if concluded is not None and concluded < year.start:
            continue  # finished before the year began
        not_required = outcome == Section47Enquiry.Outcome.NO_ICPC and _known_by(outcome_date, year) is not None
        episodes[episode_id].section47s.append((start, target, icpc, not_required))
    plans = _in_year(ChildProtectionPlan.objects.filter(episode__in=in_scope), "start_date", "end_date", year)
    for row in plans.order_by("start_date", "id").values_list(
        "pk", "episode_id", "start_date", "end_date", "initial_category", "latest_category", "number_of_previous_plans"
    ):
        pk, episode_id, start, end, initial, latest, previous = row
        episodes[episode_id].cp_plans.append((pk, start, _known_by(end, year), initial, latest or initial, previous))
    reviews: dict[int, list[dt.date]] = defaultdict(list)
    for plan_id, held in (
        ReviewConference.objects.filter(plan__in=plans.values("pk"), held_on__gte=year.start, held_on__lte=year.end)
        .order_by("held_on")
        .values_list("plan_id", "held_on")
    ):
        reviews[plan_id].append(held)
    return reviews


def has_pre_proceedings(year: CollectionYear) -> bool:
    return year.first_year >= PRE_PROCEEDINGS_FIRST_YEAR


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def _attach_pre_proceedings(episodes: dict[int, EpisodeData], year: CollectionYear) -> None:
    """Pre-proceedings decided in the year (rule 9005: PPStartDate within the year), under the episode open on
    the decision date; a date after the reference date has not happened yet, and neither has the outcome."""
    rows = PreProceedings.objects.filter(
        cin_episode__in=episodes_in_scope(year).values("pk"), decision_date__range=(year.start, year.end)
    ).order_by("decision_date", "pk")
    for row in rows.values_list(
        "cin_episode_id", "decision_date", "letter_sent_on", "fgdm_offered", "fgdm_held", "initial_meeting_date",
        "review_meetings", "step_decision_date", "outcome", "court_application_date", "proceedings_letter_date",
    ):  # fmt: skip
        episode_id, start, letter, offered, held, meeting, reviews, step, outcome, court, letter_cp = row
        letter, meeting, step = (_known_by(day, year) for day in (letter, meeting, step))
        court, letter_cp = _known_by(court, year) if step else None, _known_by(letter_cp, year) if step else None
        episodes[episode_id].pre_proceedings.append((
            start, letter, _flag(offered) if letter else None, _flag(held) if letter else None, meeting,
            reviews if meeting else None, step, outcome if step else None, court, letter_cp if court else None,
        ))  # fmt: skip


def _children(year: CollectionYear) -> dict[int, tuple]:
    people = Person.objects.filter(pk__in=episodes_in_scope(year).values("child_id")).order_by("la_person_id")
    return {
        row[0]: row
        for row in people.values_list(
            "pk",
            "la_person_id",
            "upn",
            "upn_unknown_reason",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "date_of_death",
            "ethnicity",
        )
    }


def _disabilities(year: CollectionYear) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = PersonDisability.objects.filter(person__in=episodes_in_scope(year).values("child_id"))
    for person_id, code in rows.order_by("person_id", "code").values_list("person_id", "code").distinct():
        found[person_id].append(code)
    return found


def _text(parent: ET.Element, tag: str, value) -> None:
    """Append <tag>value</tag>, leaving out empty optional values as the XSD allows."""
    if value is None or value == "":
        return
    element = ET.SubElement(parent, tag)
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, dt.datetime):
        element.text = value.replace(microsecond=0, tzinfo=None).isoformat()
    elif isinstance(value, dt.date):
        element.text = value.isoformat()
    else:
        element.text = str(value)


def _header(message: ET.Element, year: CollectionYear, generated_at: dt.datetime) -> None:
    header = ET.SubElement(message, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    _text(details, "Collection", "CIN")
    _text(details, "Year", year.dfe_year)
    _text(details, "ReferenceDate", year.end)
    source = ET.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", settings.SAFEGUARD_AUTHORITY["la_code"])
    _text(source, "SoftwareCode", SOFTWARE_CODE)
    _text(source, "Release", _release())
    _text(source, "SerialNo", "001")
    _text(source, "DateTime", timezone.localtime(generated_at))


def _release() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("safeguard")
    except PackageNotFoundError:
        return "development"


def upn_unknown_reason(*, upn: str, recorded: str, born: dt.date | None, year: CollectionYear, nfa_only: bool) -> str:
    """Why a child has no UPN: the recorded reason, else one derived from the record — under 6 at the reference
    date (UN1) or referrals with no further action only (UN7). Nothing else is guessed."""
    if upn:
        return ""
    if recorded:
        return recorded
    if born is None or born + relativedelta(years=6) > year.end:
        return UNDER_SCHOOL_AGE
    return NFA_ONLY if nfa_only else ""


def _child_element(children: ET.Element, person: tuple, episodes: list[EpisodeData], context: dict) -> None:
    _pk, la_id, upn, recorded_reason, born, expected, sex, died, ethnicity = person
    year: CollectionYear = context["year"]
    child = ET.SubElement(children, "Child")
    identifiers = ET.SubElement(child, "ChildIdentifiers")
    _text(identifiers, "LAchildID", la_id)
    _text(identifiers, "UPN", upn)
    nfa_only = all(e.referral_nfa for e in episodes)
    reason = upn_unknown_reason(upn=upn, recorded=recorded_reason, born=born, year=year, nfa_only=nfa_only)
    _text(identifiers, "UPNunknown", reason)
    _text(identifiers, "PersonBirthDate", _known_by(born, year))
    if _known_by(born, year) is None:
        _text(identifiers, "ExpectedPersonBirthDate", expected)
    _text(identifiers, "Sex", sex if _known_by(born, year) else "U")
    _text(identifiers, "PersonDeathDate", _known_by(died, year))
    characteristics = ET.SubElement(child, "ChildCharacteristics")
    _text(characteristics, "Ethnicity", ethnicity)
    disabilities = ET.SubElement(characteristics, "Disabilities")
    for code in context["disabilities"].get(_pk) or ["NONE"]:
        _text(disabilities, "Disability", code)
    for episode in episodes:
        _cin_details(child, episode, context)


def _cin_details(child: ET.Element, e: EpisodeData, context: dict) -> None:
    details = ET.SubElement(child, "CINdetails")
    _text(details, "CINreferralDate", e.referral_date)
    _text(details, "ReferralSource", e.referral_source)
    _text(details, "PrimaryNeedCode", e.primary_need)
    _text(details, "CINclosureDate", e.close_date)
    _text(details, "ReasonForClosure", e.close_reason)
    # An ICPC is reported once (rule 2884): against its section 47, which is always in the file when the
    # conference fell in the year, so the episode-level date stays empty.
    for pk, start, authorised in e.assessments:
        assessment = ET.SubElement(details, "Assessments")
        _text(assessment, "AssessmentActualStartDate", start)
        _text(assessment, "AssessmentAuthorisationDate", authorised)
        codes = context["factors"].get(pk) if authorised else None
        if codes:
            factors = ET.SubElement(assessment, "FactorsIdentifiedAtAssessment")
            for code in codes:
                _text(factors, "AssessmentFactors", code)
    for start, end in e.cin_plans:
        plan = ET.SubElement(details, "CINPlanDates")
        _text(plan, "CINPlanStartDate", start)
        _text(plan, "CINPlanEndDate", end)
    for start, target, icpc, not_required in e.section47s:
        enquiry = ET.SubElement(details, "Section47")
        _text(enquiry, "S47ActualStartDate", start)
        _text(enquiry, "InitialCPCtarget", target)
        _text(enquiry, "DateOfInitialCPC", icpc)
        _text(enquiry, "ICPCnotRequired", not_required)
    _text(details, "ReferralNFA", e.referral_nfa)
    for pk, start, end, initial, latest, previous in e.cp_plans:
        plan = ET.SubElement(details, "ChildProtectionPlans")
        _text(plan, "CPPstartDate", start)
        _text(plan, "CPPendDate", end)
        _text(plan, "InitialCategoryOfAbuse", initial)
        _text(plan, "LatestCategoryOfAbuse", latest)
        _text(plan, "NumberOfPreviousCPP", previous)
        reviews = context["reviews"].get(pk)
        if reviews:
            element = ET.SubElement(plan, "Reviews")
            for held in reviews:
                _text(element, "CPPreviewDate", held)
    for values in e.pre_proceedings:  # empty before 2026/27
        block = ET.SubElement(details, "PreProceedings")
        for tag, value in zip(PRE_PROCEEDINGS_ELEMENTS, values, strict=True):
            _text(block, tag, value)


def cin_census_build(
    *, year: CollectionYear, generated_at: dt.datetime | None = None, progress: Progress | None = None
) -> bytes:
    """The census XML (UTF-8 bytes) for `year`, from the live record."""
    report = progress or (lambda step, done, total: None)
    report("Reading episodes", 0, 4)
    episodes = _load_episodes(year)
    report("Reading assessments and plans", 1, 4)
    factors = _attach_casework(episodes, year)
    report("Reading child protection", 2, 4)
    reviews = _attach_protection(episodes, year)
    if has_pre_proceedings(year):
        _attach_pre_proceedings(episodes, year)
    report("Writing the XML", 3, 4)
    by_child: dict[int, list[EpisodeData]] = defaultdict(list)
    for episode in episodes.values():
        by_child[episode.child_id].append(episode)
    context = {"year": year, "factors": factors, "reviews": reviews, "disabilities": _disabilities(year)}
    message = ET.Element("Message")
    _header(message, year, generated_at or timezone.now())
    children = ET.SubElement(message, "Children")
    for person in _children(year).values():
        _child_element(children, person, by_child[person[0]], context)
    ET.indent(message)
    report("Done", 4, 4)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)


def children_in(xml: bytes) -> Iterable[str]:
    """The LAchildIDs in a census file (for tests and reports)."""
    root = ET.fromstring(xml)
    return [element.text for element in root.iter("LAchildID")]


def _build_return(*, year: CollectionYear, progress: Progress | None = None) -> ReturnOutput:
    xml = cin_census_build(year=year, progress=progress)
    return ReturnOutput(
        files={f"cin-census-{year.label}.xml": xml},
        person_ids=set(episodes_in_scope(year).values_list("child_id", flat=True)),
    )


register(
    ReturnKind(
        key="cin-census",
        title="Children in need census",
        period="year",
        output="file",
        suffix=".xml",
        build=_build_return,
        description="The DfE's annual children in need census (XML), for a collection year.",
    )
)
