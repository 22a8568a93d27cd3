"""The CIN census built from the record: scope, the reference date, element order, the derived codes."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.casework.models import Assessment, AssessmentFactorIdentified
from safeguard.people.models import PersonDisability
from safeguard.protection.models import ReviewConference, Section47Enquiry
from safeguard.returns.cin_census import cin_census_build, upn_unknown_reason
from safeguard.returns.years import CollectionYear
from tests.casework.factories import AssessmentFactory, CINPlanFactory
from tests.factories import EpisodeFactory, PersonFactory
from tests.protection.factories import ConferenceFactory, PlanFactory, Section47Factory

YEAR = CollectionYear(2025)  # 1 April 2025 to 31 March 2026
pytestmark = pytest.mark.django_db

CHILD_IDENTIFIERS = ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
                     "Sex", "PersonDeathDate"]  # fmt: skip
CIN_DETAILS = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
               "DateOfInitialCPC", "Assessments", "CINPlanDates", "Section47", "ReferralNFA",
               "ChildProtectionPlans"]  # fmt: skip


def census() -> ET.Element:
    return ET.fromstring(cin_census_build(year=YEAR))


def child(root: ET.Element, la_id: str) -> ET.Element | None:
    for element in root.iter("Child"):
        if element.findtext("ChildIdentifiers/LAchildID") == la_id:
            return element
    return None


def in_order(tags: list[str], sequence: list[str]) -> bool:
    positions = [sequence.index(tag) for tag in tags]
    return positions == sorted(positions)


def test_the_collection_year_is_parsed_strictly():
    assert CollectionYear.parse("2025-26") == YEAR == CollectionYear.parse("2025/2026")
    assert (YEAR.start, YEAR.end, YEAR.dfe_year, YEAR.label) == (
        dt.date(2025, 4, 1),
        dt.date(2026, 3, 31),
        2026,
        "2025-26",
    )
    for bad in ("2025", "2025-27", "25-26", "2025-2027"):
        with pytest.raises(ValueError):
            CollectionYear.parse(bad)


def test_scope_is_episodes_open_at_any_point_in_the_year():
    closed_before = EpisodeFactory(
        referral_date=dt.date(2024, 5, 1), close_date=dt.date(2025, 3, 31), close_reason="RC7"
    )
    closed_on_first_day = EpisodeFactory(
        referral_date=dt.date(2024, 5, 1), close_date=dt.date(2025, 4, 1), close_reason="RC7"
    )
    still_open = EpisodeFactory(referral_date=dt.date(2023, 1, 9))
    referred_after = EpisodeFactory(referral_date=dt.date(2026, 4, 1))

    root = census()

    assert child(root, closed_before.child.la_person_id) is None
    assert child(root, closed_on_first_day.child.la_person_id) is not None
    assert child(root, still_open.child.la_person_id) is not None
    assert child(root, referred_after.child.la_person_id) is None
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert root.findtext("Header/CollectionDetails/Year") == "2026"


def test_what_happened_after_the_reference_date_is_left_out():
    episode = EpisodeFactory(referral_date=dt.date(2026, 2, 2), close_date=dt.date(2026, 5, 1), close_reason="RC7")
    AssessmentFactory(episode=episode, start_date=dt.date(2026, 2, 3), authorised_date=dt.date(2026, 4, 20),
                      status=Assessment.Status.AUTHORISED)  # fmt: skip

    details = child(census(), episode.child.la_person_id).find("CINdetails")

    assert details.find("CINclosureDate") is None and details.find("ReasonForClosure") is None
    assessment = details.find("Assessments")
    assert assessment.findtext("AssessmentActualStartDate") == "2026-02-03"
    assert assessment.find("AssessmentAuthorisationDate") is None


def test_elements_follow_the_schema_order_and_codes_are_the_dfe_ones():
    person = PersonFactory(upn="", sex="F", ethnicity="BAFR", date_of_birth=dt.date(2012, 5, 5))
    PersonDisability.objects.create(person=person, code="AUT", recorded_on=dt.date(2024, 1, 1))
    episode = EpisodeFactory(child=person, referral_date=dt.date(2025, 6, 2), primary_need="N1")
    assessment = AssessmentFactory(episode=episode, start_date=dt.date(2025, 6, 3), status=Assessment.Status.AUTHORISED,
                                   authorised_date=dt.date(2025, 7, 1))  # fmt: skip
    AssessmentFactorIdentified.objects.create(assessment=assessment, code="3A")
    CINPlanFactory(episode=episode, start_date=dt.date(2025, 7, 2), end_date=dt.date(2025, 9, 1))
    plan = PlanFactory(
        conference=ConferenceFactory(
            section47=Section47Factory(
                strategy_discussion__episode=episode,
                strategy_discussion__held_on=dt.date(2025, 9, 1),
                outcome=Section47Enquiry.Outcome.ICPC,
            ),
            conference_date=dt.date(2025, 9, 19),
        )
    )
    ReviewConference.objects.create(plan=plan, held_on=dt.date(2025, 12, 12), outcome="continue")
    ReviewConference.objects.create(plan=plan, held_on=dt.date(2026, 5, 1), outcome="continue")  # after the year

    element = child(census(), person.la_person_id)

    identifiers = [e.tag for e in element.find("ChildIdentifiers")]
    assert in_order(identifiers, CHILD_IDENTIFIERS)
    assert element.findtext("ChildIdentifiers/Sex") == "F"
    assert element.findtext("ChildIdentifiers/UPNunknown") is None  # school age, no reason recorded: not guessed
    assert [d.text for d in element.iter("Disability")] == ["AUT"]
    details = element.find("CINdetails")
    assert in_order([e.tag for e in details], CIN_DETAILS)
    assert details.find("DateOfInitialCPC") is None  # reported once, against its section 47 (rule 2884)
    assert details.findtext("Section47/DateOfInitialCPC") == "2025-09-19"
    assert details.findtext("Section47/ICPCnotRequired") == "false"
    assert details.findtext("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors") == "3A"
    assert details.findtext("CINPlanDates/CINPlanEndDate") == "2025-09-01"
    cpp = details.find("ChildProtectionPlans")
    assert cpp.findtext("CPPstartDate") == "2025-09-19" and cpp.findtext("InitialCategoryOfAbuse") == "NEG"
    assert [r.text for r in cpp.iter("CPPreviewDate")] == ["2025-12-12"]
    assert details.findtext("ReferralNFA") == "false"


def test_an_enquiry_concluded_no_conference_needed():
    episode = EpisodeFactory(referral_date=dt.date(2025, 10, 1))
    Section47Factory(strategy_discussion__episode=episode, strategy_discussion__held_on=dt.date(2025, 10, 2),
                     outcome=Section47Enquiry.Outcome.NO_ICPC, outcome_date=dt.date(2025, 10, 20))  # fmt: skip

    enquiry = child(census(), episode.child.la_person_id).find("CINdetails/Section47")

    assert enquiry.findtext("ICPCnotRequired") == "true"
    assert enquiry.find("DateOfInitialCPC") is None


@pytest.mark.parametrize(
    ("upn", "recorded", "born", "nfa_only", "expected"),
    [
        ("A999280017026", "", dt.date(2012, 1, 1), False, ""),
        ("", "UN3", dt.date(2012, 1, 1), False, "UN3"),
        ("", "", dt.date(2020, 4, 1), False, "UN1"),  # 6 on 1 April 2026: still under 6 on 31 March
        ("", "", dt.date(2020, 3, 31), False, ""),  # 6 on the reference date: of school age, reason not guessed
        ("", "", dt.date(2012, 1, 1), True, "UN7"),
        ("", "", None, False, "UN1"),  # unborn
    ],
)
def test_upn_unknown_reason(upn, recorded, born, nfa_only, expected):
    assert upn_unknown_reason(upn=upn, recorded=recorded, born=born, year=YEAR, nfa_only=nfa_only) == expected


def test_an_unborn_child_is_sex_u_with_an_expected_date():
    unborn = PersonFactory(date_of_birth=None, expected_date_of_birth=dt.date(2026, 6, 1), sex="F")
    EpisodeFactory(child=unborn, referral_date=dt.date(2026, 1, 5))

    identifiers = child(census(), unborn.la_person_id).find("ChildIdentifiers")

    assert identifiers.findtext("Sex") == "U"
    assert identifiers.findtext("ExpectedPersonBirthDate") == "2026-06-01"
    assert identifiers.find("PersonBirthDate") is None


def test_the_command_writes_the_file_and_refuses_bad_arguments(tmp_path):
    EpisodeFactory(referral_date=dt.date(2025, 6, 2))
    out = tmp_path / "cin.xml"
    call_command("returns", "build", "cin-census", "--year", "2025-26", "--out", str(out))
    assert ET.parse(out).getroot().tag == "Message"
    with pytest.raises(CommandError, match="does not exist"):
        call_command("returns", "build", "cin-census", "--year", "2025-26", "--out", str(tmp_path / "no" / "x.xml"))
    with pytest.raises(CommandError, match="not a collection year"):
        call_command("returns", "build", "cin-census", "--year", "2025", "--out", str(out))
