"""Importing a CIN census file: the round trip, idempotency, all-or-nothing, every kind of problem, the command."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.accounts.models import Role
from safeguard.casework.models import Assessment, AssessmentFactorIdentified, CINEpisode, CINPlan
from safeguard.chronology.models import Event
from safeguard.people.models import Person, PersonDisability
from safeguard.protection.models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.returns.cin_census import cin_census_build
from safeguard.returns.imports.cin_census import cin_census_import
from safeguard.returns.years import CollectionYear
from safeguard.workdays.deadlines import due_date
from tests.casework.factories import AssessmentFactory, CINPlanFactory
from tests.factories import AdultFactory, EpisodeFactory, PersonFactory, TeamFactory, UserFactory
from tests.protection.factories import ConferenceFactory, PlanFactory, Section47Factory

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2025)
GENERATED_AT = dt.datetime(2026, 4, 2, 9, 30, tzinfo=dt.UTC)
# Every table the census import writes, in an order that deletes cleanly.
CENSUS_TABLES = [ReviewConference, ChildProtectionPlan, InitialChildProtectionConference, Section47Enquiry,
                 StrategyDiscussion, AssessmentFactorIdentified, Assessment, CINPlan, CINEpisode, PersonDisability,
                 Event]  # fmt: skip


@pytest.fixture
def importer(db):
    return UserFactory(role=Role.ANALYST, username="importer", first_name="Ina", last_name="Porter")


def build() -> bytes:
    return cin_census_build(year=YEAR, generated_at=GENERATED_AT)


def import_(content: bytes, user, name="cin-2025-26.xml", team=None):
    return cin_census_import(content=content, source_name=name, imported_by=user, team=team)


def record_rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in [*CENSUS_TABLES, Person]}


def flush_record() -> None:
    for model in CENSUS_TABLES:
        model.objects.all().delete()
    # Nothing refers to the people now; a plain DELETE skips collecting rows from every app's tables.
    Person.objects.all()._raw_delete(Person.objects.db)


def a_record() -> None:
    """A small authority: every part of the census, open and closed, with the derived UPN reasons."""
    older = PersonFactory(la_person_id="C0000001", upn="Y999280017026", sex="F", ethnicity="BAFR",
                          date_of_birth=dt.date(2012, 5, 5))  # fmt: skip
    PersonDisability.objects.create(person=older, code="AUT", recorded_on=dt.date(2024, 1, 1))
    PersonDisability.objects.create(person=older, code="LD", recorded_on=dt.date(2024, 1, 1))
    earlier = EpisodeFactory(child=older, referral_date=dt.date(2024, 11, 4), referral_source="5A", primary_need="N2",
                             close_date=dt.date(2025, 5, 30), close_reason="RC7")  # fmt: skip
    AssessmentFactory(episode=earlier, start_date=dt.date(2024, 11, 5), status=Assessment.Status.AUTHORISED,
                      authorised_date=dt.date(2024, 12, 20))  # fmt: skip
    CINPlanFactory(episode=earlier, start_date=dt.date(2025, 1, 6), end_date=dt.date(2025, 5, 30))
    episode = EpisodeFactory(child=older, referral_date=dt.date(2025, 6, 2), referral_source="1A", primary_need="N1")
    assessment = AssessmentFactory(episode=episode, start_date=dt.date(2025, 6, 3), status=Assessment.Status.AUTHORISED,
                                   authorised_date=dt.date(2025, 7, 1))  # fmt: skip
    for code in ("3A", "4A"):
        AssessmentFactorIdentified.objects.create(assessment=assessment, code=code)
    plan = PlanFactory(
        conference=ConferenceFactory(
            section47=Section47Factory(strategy_discussion__episode=episode, outcome=Section47Enquiry.Outcome.ICPC,
                                       strategy_discussion__held_on=dt.date(2025, 9, 1)),
            conference_date=dt.date(2025, 9, 19),
        ),
        initial_category="NEG", latest_category="EMO", number_of_previous_plans=1,
    )  # fmt: skip
    ReviewConference.objects.create(plan=plan, held_on=dt.date(2025, 12, 12), outcome="continue")
    Section47Factory(strategy_discussion__episode=episode, strategy_discussion__held_on=dt.date(2026, 2, 2),
                     outcome=Section47Enquiry.Outcome.NO_ICPC, outcome_date=dt.date(2026, 2, 20))  # fmt: skip
    young = PersonFactory(la_person_id="C0000002", upn="", date_of_birth=dt.date(2022, 3, 1), sex="M")
    EpisodeFactory(child=young, referral_date=dt.date(2025, 8, 1), referral_nfa=True, close_date=dt.date(2025, 8, 1),
                   close_reason="RC8", referral_source="3E")  # fmt: skip
    school_age = PersonFactory(la_person_id="C0000003", upn="", upn_unknown_reason="UN3", ethnicity="WBRI",
                               date_of_birth=dt.date(2011, 1, 1), date_of_death=dt.date(2026, 1, 10))  # fmt: skip
    closed = EpisodeFactory(child=school_age, referral_date=dt.date(2025, 4, 10), close_date=dt.date(2026, 1, 10),
                            close_reason="RC2")  # fmt: skip
    Section47Factory(strategy_discussion__episode=closed, strategy_discussion__held_on=dt.date(2025, 4, 11))
    CINPlanFactory(episode=closed, start_date=dt.date(2025, 6, 1), end_date=dt.date(2026, 1, 10))
    unborn = PersonFactory(la_person_id="C0000004", date_of_birth=None, expected_date_of_birth=dt.date(2026, 6, 1),
                           sex="U")  # fmt: skip
    EpisodeFactory(child=unborn, referral_date=dt.date(2026, 1, 5), referral_source="2B")


def test_build_import_build_gives_the_same_file(importer):
    a_record()
    before = build()
    flush_record()

    report = import_(before, importer)

    assert report.ok, report.text()
    assert build() == before
    assert report.created["Children"] == 4 and report.created["CIN episodes"] == 5


def test_importing_the_same_file_twice_changes_nothing(importer):
    a_record()
    content = build()
    flush_record()
    import_(content, importer)
    rows = record_rows()
    history = Person.history.count() + CINEpisode.history.count() + ChildProtectionPlan.history.count()

    again = import_(content, importer)

    assert again.ok and not again.changed
    assert again.summary_line().endswith("nothing to change (already imported)")
    assert record_rows() == rows
    assert Person.history.count() + CINEpisode.history.count() + ChildProtectionPlan.history.count() == history


def test_importing_over_the_same_record_changes_nothing(importer):
    a_record()
    content = build()
    rows = record_rows()

    report = import_(content, importer)

    assert report.ok and not report.changed, report.text()
    assert record_rows() == rows


def test_a_later_year_closes_what_an_earlier_year_left_open(importer):
    child = PersonFactory(la_person_id="C0000010")
    episode = EpisodeFactory(child=child, referral_date=dt.date(2025, 2, 3))
    earlier = cin_census_build(year=CollectionYear(2024), generated_at=GENERATED_AT)
    CINEpisode.objects.filter(pk=episode.pk).update(close_date=dt.date(2025, 10, 1), close_reason="RC7")
    later = build()
    flush_record()

    import_(earlier, importer, name="cin-2024-25.xml")
    assert CINEpisode.objects.get().close_date is None
    report = import_(later, importer)
    import_(earlier, importer, name="cin-2024-25.xml")  # an earlier file never reopens it

    imported = CINEpisode.objects.get()
    assert report.updated["CIN episodes"] == 1
    assert (imported.close_date, imported.close_reason) == (dt.date(2025, 10, 1), "RC7")
    assert imported.history.first().history_change_reason == "Imported from cin-2025-26.xml"
    assert Event.objects.filter(kind="episode.closed", child=imported.child).count() == 1


def test_imported_records_are_attributed_and_their_deadlines_derived(importer):
    a_record()
    content = build()
    flush_record()

    import_(content, importer)

    child = Person.objects.get(la_person_id="C0000001")
    assert child.first_name == "Name not recorded"
    created = child.history.earliest()
    assert (created.history_user, created.history_change_reason) == (importer, "Imported from cin-2025-26.xml")
    episodes = list(CINEpisode.objects.filter(child=child).order_by("referral_date"))
    assert all(e.opened_by == importer and e.team.name == "Imported records" for e in episodes)
    assert episodes[1].assessment_due_date == due_date("assessment-completion", dt.date(2025, 6, 2))
    assert episodes[1].is_re_referral and episodes[1].previous_referral_date == dt.date(2024, 11, 4)
    plan = ChildProtectionPlan.objects.get(child=child)
    assert plan.conference.conference_date == plan.start_date == dt.date(2025, 9, 19)
    assert plan.next_review_due == due_date("cp-later-review", dt.date(2025, 12, 12))
    assert plan.first_core_group_due == due_date("first-core-group", plan.start_date)
    opened = Event.objects.get(child=child, kind="referral.opened", source_id=episodes[1].pk)
    assert opened.occurred_at.date() == dt.date(2025, 6, 2) and opened.actor == importer
    assert "Imported from cin-2025-26.xml by Ina Porter" in opened.detail
    assert Event.objects.filter(child=child, kind="import.cin_census").count() == 1
    # The census does not carry the strategy discussion: one is recorded on the enquiry's start, saying so.
    discussion = StrategyDiscussion.objects.get(section47s__start_date=dt.date(2025, 9, 1))
    assert discussion.held_on == dt.date(2025, 9, 1) and "census" in discussion.summary


def test_upn_unknown_reasons_are_stored_only_when_not_derived(importer):
    a_record()
    content = build()
    flush_record()

    import_(content, importer)

    reasons = dict(Person.objects.values_list("la_person_id", "upn_unknown_reason"))
    assert reasons["C0000002"] == ""  # UN1, under six: derived again at the next build
    assert reasons["C0000003"] == "UN3"


def test_a_team_can_be_named(importer):
    a_record()
    content = build()
    flush_record()
    team = TeamFactory(name="Archive team")

    import_(content, importer, team=team)

    assert set(CINEpisode.objects.values_list("team__name", flat=True)) == {"Archive team"}


def test_censuses_before_2024_25_give_gender_current(importer):
    root = three_children()
    identifiers = root.find("Children/Child/ChildIdentifiers")
    sex = identifiers.find("Sex")
    sex.tag, sex.text = "GenderCurrent", "2"

    report = import_(ET.tostring(root), importer)

    assert report.ok, report.text()
    assert Person.objects.get(la_person_id="C0000021").sex == "F"


def test_an_episode_level_icpc_without_its_enquiry_is_a_warning(importer):
    root = three_children()
    details = root.find("Children/Child/CINdetails")
    details.insert(3, ET.Element("DateOfInitialCPC"))
    details[3].text = "2025-06-01"

    report = import_(ET.tostring(root), importer)

    assert report.ok and report.changed
    (warning,) = report.problems
    assert (warning.severity, warning.field) == ("warning", "DateOfInitialCPC")
    assert InitialChildProtectionConference.objects.count() == 0


# --- Problems ---------------------------------------------------------------------------------------------


def three_children() -> ET.Element:
    for la_id in ("C0000021", "C0000022", "C0000023"):
        EpisodeFactory(child=PersonFactory(la_person_id=la_id), referral_date=dt.date(2025, 5, 1))
    root = ET.fromstring(build())
    flush_record()
    return root


def problems(report) -> list[tuple[str, str, str]]:
    return [(p.where, p.child, p.field) for p in report.errors]


def test_a_bad_row_in_the_middle_writes_nothing_and_is_named(importer):
    root = three_children()
    middle = root.findall("Children/Child")[1]
    middle.find("CINdetails/CINreferralDate").text = "2025-02-30"

    report = import_(ET.tostring(root), importer)

    assert not report.ok
    assert problems(report) == [("/Message/Children/Child[2]/CINdetails[1]", "C0000022", "CINreferralDate")]
    assert "'2025-02-30' is not a date" in report.errors[0].message
    assert Person.objects.count() == 0 and CINEpisode.objects.count() == 0 and Event.objects.count() == 0


def test_every_problem_is_collected_not_just_the_first(importer):
    root = three_children()
    first, second, third = root.findall("Children/Child")
    first.find("CINdetails/ReferralSource").text = "9Z"
    second.find("ChildCharacteristics/Ethnicity").text = "XXXX"
    details = third.find("CINdetails")
    ET.SubElement(details, "CINclosureDate").text = "2025-04-01"
    ET.SubElement(details, "ReasonForClosure").text = "RC7"
    second.find("ChildIdentifiers").remove(second.find("ChildIdentifiers/PersonBirthDate"))

    report = import_(ET.tostring(root), importer)

    assert problems(report) == [
        ("/Message/Children/Child[1]/CINdetails[1]", "C0000021", "ReferralSource"),
        ("/Message/Children/Child[2]/ChildIdentifiers", "C0000022", "PersonBirthDate"),
        ("/Message/Children/Child[2]/ChildCharacteristics", "C0000022", "Ethnicity"),
        ("/Message/Children/Child[3]/CINdetails[1]", "C0000023", "CINclosureDate"),
    ]
    assert "'9Z' is not a DfE code" in report.errors[0].message
    assert "before the referral date" in report.errors[3].message
    assert Person.objects.count() == 0


def test_malformed_xml_is_named_by_line_and_column(importer):
    report = import_(b"<?xml version='1.0'?>\n<Message>\n  <Header>\n</Message>", importer)

    assert not report.ok
    assert report.errors[0].where == "line 4, column 2"
    assert "not well-formed" in report.errors[0].message


def test_a_file_that_is_not_a_census_is_refused(importer):
    report = import_(b"<Workbook/>", importer)

    assert problems(report) == [("/Workbook", "", "Message")]


@pytest.mark.parametrize(
    ("change", "where", "field"),
    [
        (lambda c: c.find("CINdetails/Assessments/AssessmentActualStartDate").__setattr__("text", ""),
         "/Message/Children/Child[1]/CINdetails[2]/Assessments[1]", "AssessmentActualStartDate"),
        (lambda c: c.find("CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors").__setattr__(
            "text", "99Z"),
         "/Message/Children/Child[1]/CINdetails[2]/Assessments[1]/FactorsIdentifiedAtAssessment/AssessmentFactors[1]",
         "AssessmentFactors"),
        (lambda c: c.find("ChildIdentifiers/UPN").__setattr__("text", "A999280017026"),
         "/Message/Children/Child[1]/ChildIdentifiers", "UPN"),
        (lambda c: c.find("ChildIdentifiers/Sex").__setattr__("text", "X"),
         "/Message/Children/Child[1]/ChildIdentifiers", "Sex"),
        (lambda c: c.find("CINdetails/ChildProtectionPlans/NumberOfPreviousCPP").__setattr__("text", "-1"),
         "/Message/Children/Child[1]/CINdetails[2]/ChildProtectionPlans[1]", "NumberOfPreviousCPP"),
        (lambda c: c.find("ChildCharacteristics/Disabilities/Disability").__setattr__("text", "BAD"),
         "/Message/Children/Child[1]/ChildCharacteristics/Disabilities/Disability[1]", "Disability"),
        (lambda c: c.find("CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate").__setattr__("text", "12/12/2025"),
         "/Message/Children/Child[1]/CINdetails[2]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[1]",
         "CPPreviewDate"),
        (lambda c: c.find("CINdetails/ReferralNFA").__setattr__("text", "maybe"),
         "/Message/Children/Child[1]/CINdetails[1]", "ReferralNFA"),
    ],
)  # fmt: skip
def test_each_kind_of_problem_is_named(importer, change, where, field):
    a_record()
    root = ET.fromstring(build())
    flush_record()
    first = root.find("Children/Child")
    if "CINdetails[2]" in where:
        first = _ChildWithSecondEpisode(first)
    change(first)

    report = import_(ET.tostring(root), importer)

    assert (where, "C0000001", field) in problems(report)
    assert Person.objects.count() == 0


class _ChildWithSecondEpisode:
    """Finds paths under the child's second CINdetails (the episode with the assessment and the plan)."""

    def __init__(self, child: ET.Element) -> None:
        self.details = child.findall("CINdetails")[1]

    def find(self, path: str) -> ET.Element:
        return self.details.find(path.removeprefix("CINdetails/"))


def test_duplicates_that_would_make_matching_ambiguous(importer):
    root = three_children()
    children = root.find("Children")
    first = root.find("Children/Child")
    children.append(ET.fromstring(ET.tostring(first)))  # the same LAchildID twice
    first.append(ET.fromstring(ET.tostring(first.find("CINdetails"))))  # the same referral twice, both open

    report = import_(ET.tostring(root), importer)

    assert ("/Message/Children/Child[4]", "C0000021", "LAchildID") in problems(report)
    assert ("/Message/Children/Child[1]/CINdetails[2]", "C0000021", "CINreferralDate") in problems(report)
    assert ("/Message/Children/Child[1]/CINdetails[2]", "C0000021", "CINclosureDate") in problems(report)


def test_conflicts_with_the_record_are_problems_too(importer):
    root = three_children()
    AdultFactory(la_person_id="C0000022")
    other = EpisodeFactory(child=PersonFactory(la_person_id="C0000023"), referral_date=dt.date(2025, 1, 6))

    report = import_(ET.tostring(root), importer)

    assert ("/Message/Children/Child[2]", "C0000022", "LAchildID") in problems(report)
    assert ("/Message/Children/Child[3]", "C0000023", "CINclosureDate") in problems(report)
    assert "more than one open episode" in report.errors[-1].message
    assert CINEpisode.objects.get() == other and Person.objects.count() == 2


# --- The command line -------------------------------------------------------------------------------------


def test_the_command_imports_and_prints_the_report(importer, tmp_path, capsys):
    a_record()
    path = tmp_path / "cin.xml"
    path.write_bytes(build())
    flush_record()

    call_command("returns", "import", "cin-census", str(path), "--user", "importer")

    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("CIN census import of cin.xml: ")
    assert "CIN episodes: 5 in the file, 5 created, 0 updated" in out
    assert Person.objects.count() == 4


def test_the_command_refuses_a_bad_file_with_a_one_line_reason(importer, tmp_path, capsys):
    root = three_children()
    root.findall("Children/Child")[1].find("CINdetails/CINreferralDate").text = "yesterday"
    path = tmp_path / "bad.xml"
    path.write_bytes(ET.tostring(root))

    with pytest.raises(CommandError) as refused:
        call_command("returns", "import", "cin-census", str(path), "--user", "importer")

    reason = str(refused.value)
    assert "\n" not in reason
    assert reason.startswith("CIN census import of bad.xml refused: 1 problem, nothing was written")
    assert "Child[2]/CINdetails[1] CINreferralDate" in reason
    assert "error: /Message/Children/Child[2]/CINdetails[1] child C0000022 CINreferralDate" in capsys.readouterr().out
    assert Person.objects.count() == 0


def test_the_command_refuses_bad_arguments(importer, tmp_path):
    path = tmp_path / "cin.xml"
    path.write_bytes(b"<Message/>")
    with pytest.raises(CommandError, match="There is no user called 'nobody'"):
        call_command("returns", "import", "cin-census", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="There is no team called 'Nowhere'"):
        call_command("returns", "import", "cin-census", str(path), "--user", "importer", "--team", "Nowhere")
    with pytest.raises(CommandError, match="is not a CIN census XML file"):
        call_command("returns", "import", "cin-census", str(tmp_path / "missing.xml"), "--user", "importer")
