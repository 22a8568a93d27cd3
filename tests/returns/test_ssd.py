"""The SSD export: every table's header is the SSD's field list, and the main tables map the record as documented."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from safeguard.careleavers.models import AdviserContact, PathwayPlan
from safeguard.casework.models import Assessment, AssessmentChildSeen, AssessmentFactorIdentified, CINPlanVisit
from safeguard.frontdoor.models import Contact, ContactDecision
from safeguard.people.models import Address, Person, PersonDisability, Relationship
from safeguard.protection.models import ReviewConference, Section47Enquiry
from safeguard.returns.registry import return_kind
from safeguard.returns.ssd import MANIFEST, ssd_build
from safeguard.returns.ssd.core import NOT_HELD, cell
from safeguard.returns.ssd.tables import caseload_date
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Allocation
from tests.adoption.factories import JourneyFactory
from tests.careleavers.factories import care_leaver
from tests.carereviews.factories import IROContactFactory, LookedAfterReviewFactory, StatutoryVisitFactory
from tests.casework.factories import AssessmentFactory, CINPlanFactory
from tests.factories import AdultFactory, AllocationFactory, EpisodeFactory, PersonFactory, UserFactory, WorkerFactory
from tests.lac.factories import CareLegalStatusFactory, CarePeriodFactory, PlacementFactory, PostcodeLocationFactory
from tests.missing.factories import MissingEpisodeFactory, ReturnHomeInterviewFactory
from tests.protection.factories import ConferenceFactory, PlanFactory, Section47Factory, VisitFactory

pytestmark = pytest.mark.django_db

FIELDS_FILE = Path(__file__).with_name("test_ssd_fields.txt")
TODAY = dt.date(2026, 4, 1)


def ssd_fields() -> dict[str, list[str]]:
    """The field lists copied from the SSD's YAML (test_ssd_fields.txt names the file and commit of each)."""
    tables = {}
    for line in FIELDS_FILE.read_text().splitlines():
        if line and not line.startswith("#"):
            table, fields = line.split(":", 1)
            tables[table] = fields.split()
    return tables


ON_POSTGRESQL = connection.vendor == "postgresql"


def same_files_both_ways(today: dt.date = TODAY) -> dict[str, bytes]:
    """The export by the portable path (the csv module); on PostgreSQL also by COPY, which must write the very same
    bytes for every table (the manifest differs only in its timings and `written_by`)."""
    portable = ssd_build(today=today, use_copy=False)
    files = {name: portable.read(name) for name in portable.files}
    if ON_POSTGRESQL:
        copied = ssd_build(today=today, use_copy=True)
        for name in files:
            if name != MANIFEST:
                assert copied.read(name) == files[name], f"COPY and Python differ in {name}"
    return files


def export(today: dt.date = TODAY) -> dict[str, list[dict]]:
    """Every table as rows of dicts; every test that reads an export this way also checks the two paths agree."""
    return {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
        for name, content in same_files_both_ways(today).items()
    }


def headers(files: dict[str, bytes]) -> dict[str, list[str]]:
    return {name.removesuffix(".csv"): next(csv.reader(io.StringIO(c.decode("utf-8")))) for name, c in files.items()}


def only(rows: list[dict], **match) -> dict:
    found = [row for row in rows if all(row[key] == value for key, value in match.items())]
    assert len(found) == 1, f"{len(found)} rows match {match}"
    return found[0]


def test_every_table_is_written_with_the_ssd_field_names_in_the_ssd_order():
    expected = ssd_fields()
    assert len(expected) == 38  # the 36 core tables, ssd_linked_identifiers and ssd_department

    files = same_files_both_ways()

    written = headers({name: content for name, content in files.items() if name != MANIFEST})
    assert set(written) == set(expected)
    for table, fields in expected.items():
        assert written[table] == fields, table


def test_the_manifest_counts_rows_and_lists_the_fields_not_held():
    PersonFactory.create_batch(2)
    AdultFactory()  # adults are not in the SSD's person table

    manifest = {row["table"]: row for row in export()["ssd_export_manifest"]}

    assert manifest["ssd_person"]["rows"] == "2"
    assert manifest["ssd_person"]["fields_not_held"] == "pers_legacy_id pers_send_flag pers_nationality"
    assert manifest["ssd_voice_of_child"]["rows"] == "0"
    assert manifest["ssd_cla_episodes"]["file"] == "ssd_cla_episodes.csv"


def test_person_maps_identity_and_derives_is_mother():
    mother = PersonFactory(sex="F", ethnicity="BAFR", nhs_number="9434765919", gender_identity="same",
                           upn_unknown_reason="UN3")  # fmt: skip
    baby = PersonFactory(date_of_birth=None, expected_date_of_birth=dt.date(2026, 6, 1), sex="U")
    Relationship.objects.create(person=baby, related_person=mother, type=Relationship.Type.PARENT)
    father = PersonFactory(sex="M", gender_identity="man", upn="A999280017026", nhs_number="")
    Relationship.objects.create(person=PersonFactory(), related_person=father, type=Relationship.Type.PARENT)
    PersonDisability.objects.create(person=mother, code="AUT", recorded_on=dt.date(2024, 1, 1))

    tables = export()

    row = only(tables["ssd_person"], pers_person_id=mother.la_person_id)
    assert (row["pers_sex"], row["pers_gender"], row["pers_ethnicity"]) == ("F", "02", "BAFR")
    assert (row["pers_common_child_id"], row["pers_upn_unknown"], row["pers_is_mother"]) == ("9434765919", "UN3", "Y")
    assert row["pers_dob"] == "2015-06-01" and row["pers_legacy_id"] == ""
    unborn = only(tables["ssd_person"], pers_person_id=baby.la_person_id)
    assert (unborn["pers_dob"], unborn["pers_expected_dob"], unborn["pers_is_mother"]) == ("", "2026-06-01", "N")
    assert only(tables["ssd_person"], pers_person_id=father.la_person_id)["pers_is_mother"] == "N"  # not female
    assert only(tables["ssd_person"], pers_person_id=father.la_person_id)["pers_gender"] == "01"
    disability = only(tables["ssd_disability"], disa_person_id=mother.la_person_id)
    assert disability["disa_disability_code"] == "AUT"
    identifiers = {(row["link_person_id"], row["link_identifier_type"], row["link_identifier_value"])
                   for row in tables["ssd_linked_identifiers"]}  # fmt: skip
    assert identifiers == {(mother.la_person_id, "NHS Number", "9434765919"),
                           (father.la_person_id, "Unique Pupil Number", "A999280017026")}  # fmt: skip


def test_address_is_the_ssd_json_with_the_postcode_compacted():
    child = PersonFactory()
    PostcodeLocationFactory(postcode="NB1 2AB", easting=431000, northing=434000)
    address = Address.objects.create(person=child, line_1="12 Mill Lane", town="Northbridge", postcode="nb1 2ab",
                                     start_date=dt.date(2020, 1, 1))  # fmt: skip
    Address.objects.create(
        person=AdultFactory(), line_1="1 Elsewhere", postcode="NB9 9ZZ", start_date=dt.date(2020, 1, 1)
    )

    rows = export()["ssd_address"]

    row = only(rows, addr_table_id=str(address.pk))
    assert len(rows) == 1  # adults' addresses are not exported
    assert row["addr_person_id"] == child.la_person_id and row["addr_address_postcode"] == "NB12AB"
    located = json.loads(row["addr_address_json"])
    assert list(located) == ["ROOM", "FLOOR", "FLAT", "BUILDING", "HOUSE", "STREET", "TOWN", "UPRN", "EASTING",
                             "NORTHING"]  # fmt: skip
    assert (located["STREET"], located["TOWN"], located["EASTING"]) == ("12 Mill Lane", "Northbridge", "431000")


def test_awkward_text_is_written_identically_by_both_paths():
    """Commas, quotes, new lines, non-ASCII letters, blank lines of an address, a postcode found only by its
    outward code and one not found at all: the CSV quoting and the JSON must not depend on the path."""
    PostcodeLocationFactory(postcode="NB2", easting=432000, northing=435000)
    child = PersonFactory(last_name="Ó Súilleabháin")
    Address.objects.create(person=child, line_1='Flat 2, "The Maltings"', line_2="", town="Bry\nn Côte",
                           postcode=" nb2   7xy ", start_date=dt.date(2020, 1, 1))  # fmt: skip
    Address.objects.create(person=child, line_1="", line_2="Zoë's Yard", town="", postcode="",
                           start_date=dt.date(2021, 1, 1), end_date=dt.date(2022, 2, 2))  # fmt: skip
    Address.objects.create(
        person=child, line_1="1 Nowhere", town="Q", postcode="ZZ99 9ZZ", start_date=dt.date(2023, 1, 1)
    )
    EpisodeFactory(child=child)

    rows = export()["ssd_address"]  # compares the COPY and Python files on PostgreSQL

    located = [json.loads(row["addr_address_json"]) for row in rows]
    assert [(a["STREET"], a["TOWN"], a["EASTING"]) for a in located] == [
        ('Flat 2, "The Maltings"', "Bry\nn Côte", "432000"),  # by the outward code NB2
        ("Zoë's Yard", "", ""),
        ("1 Nowhere", "Q", ""),
    ]
    assert [row["addr_address_postcode"] for row in rows] == ["NB27XY", "", "ZZ999ZZ"]
    assert rows[1]["addr_address_end_date"] == "2022-02-02"


def test_a_build_into_a_folder_streams_each_file_there_and_names_the_paths(tmp_path):
    child = PersonFactory()

    output = ssd_build(today=TODAY, directory=tmp_path)

    assert set(output.files) == {f"{table}.csv" for table in ssd_fields()} | {MANIFEST}
    assert all(output.files[name] == tmp_path / name and (tmp_path / name).is_file() for name in output.files)
    assert output.read("ssd_person.csv").decode().splitlines()[1].startswith(child.la_person_id + ",")
    assert output.size("ssd_person.csv") == (tmp_path / "ssd_person.csv").stat().st_size
    in_memory = ssd_build(today=TODAY)
    assert all(output.read(name) == in_memory.read(name) for name in output.files if name != MANIFEST)
    manifest = {row["table"]: row for row in csv.DictReader(io.StringIO(output.read(MANIFEST).decode()))}
    assert manifest["ssd_person"]["written_by"] == ("copy" if ON_POSTGRESQL else "python")
    assert manifest["ssd_cla_episodes"]["written_by"] == "python"  # derived in Python on every database
    assert b"\r\n" not in output.read("ssd_person.csv")  # one line ending on both paths


def test_contacts_carry_the_decision_as_the_ssd_outcome_json():
    child = PersonFactory()
    user = UserFactory()
    received = timezone.make_aware(dt.datetime(2026, 3, 16, 10, 30))
    decided, waiting = (
        Contact.objects.create(child=child, group_reference=reference, received_at=received, source="2A",
                               summary="Synthetic concern", rag="amber", decision_due_date=dt.date(2026, 3, 17),
                               recorded_by=user)
        for reference in ("FAM-1", "")
    )  # fmt: skip
    ContactDecision.objects.create(contact=decided, outcome=ContactDecision.Outcome.REFERRAL, reason="Referral",
                                   decided_by=user, decided_at=received)  # fmt: skip

    tables = export()

    row = only(tables["ssd_contacts"], cont_contact_id=str(decided.pk))
    assert row["cont_person_id"] == child.la_person_id
    assert (row["cont_contact_date"], row["cont_contact_source_code"]) == ("2026-03-16 10:30:00", "2A")
    assert row["cont_contact_source_desc"] == "Schools"
    outcome = json.loads(row["cont_contact_outcome_json"])
    assert (outcome["NEW_REFERRAL_FLAG"], outcome["NFA_FLAG"], outcome["MISSING_FLAG"]) == ("Y", "N", "")
    pending = json.loads(only(tables["ssd_contacts"], cont_contact_id=str(waiting.pk))["cont_contact_outcome_json"])
    assert set(pending.values()) == {""} and len(pending) == 10  # every key, nothing decided yet
    assert tables["ssd_family"] == [{"fami_family_id": "FAM-1", "fami_person_id": child.la_person_id}]


def test_cin_episodes_assessments_factors_plans_and_visits_join():
    worker = WorkerFactory()
    episode = EpisodeFactory(referral_date=dt.date(2025, 6, 2), primary_need="N1", referral_source="3A",
                             close_date=dt.date(2026, 2, 1), close_reason="RC1")  # fmt: skip
    AllocationFactory(child=episode.child, worker=worker, start_date=dt.date(2025, 6, 2))
    assessment = AssessmentFactory(episode=episode, start_date=dt.date(2025, 6, 3), outcome=Assessment.Outcome.NO_FURTHER_ACTION,
                                   status=Assessment.Status.AUTHORISED, authorised_date=dt.date(2025, 7, 1))  # fmt: skip
    AssessmentChildSeen.objects.create(assessment=assessment, seen_on=dt.date(2025, 6, 4), seen_alone=False)
    for code in ("3A", "1B"):
        AssessmentFactorIdentified.objects.create(assessment=assessment, code=code)
    unseen = AssessmentFactory(episode=episode, start_date=dt.date(2025, 8, 1))
    plan = CINPlanFactory(episode=episode, start_date=dt.date(2025, 7, 2), end_date=dt.date(2025, 12, 1))
    visit = CINPlanVisit.objects.create(plan=plan, visit_date=dt.date(2025, 7, 20), child_seen=True, seen_alone=False)

    tables = export()

    row = only(tables["ssd_cin_episodes"], cine_referral_id=str(episode.pk))
    assert (row["cine_person_id"], row["cine_referral_date"], row["cine_cin_primary_need_code"]) == (
        episode.child.la_person_id, "2025-06-02", "N1")  # fmt: skip
    assert (row["cine_referral_source_code"], row["cine_referral_source_desc"]) == ("3A", "Health services – GP")
    assert (row["cine_close_reason"], row["cine_close_date"], row["cine_referral_nfa"]) == ("RC1", "2026-02-01", "N")
    assert row["cine_referral_team"] == str(episode.team_id)
    outcome = json.loads(row["cine_referral_outcome_json"])
    assert (outcome["SINGLE_ASSESSMENT_FLAG"], outcome["STRATEGY_DISCUSSION_FLAG"]) == ("Y", "N")

    assessed = only(tables["ssd_cin_assessments"], cina_assessment_id=str(assessment.pk))
    assert (assessed["cina_referral_id"], assessed["cina_assessment_start_date"]) == (str(episode.pk), "2025-06-03")
    assert (assessed["cina_assessment_child_seen"], assessed["cina_assessment_auth_date"]) == ("Y", "2025-07-01")
    assert assessed["cina_assessment_outcome_nfa"] == "Y"
    assert json.loads(assessed["cina_assessment_outcome_json"])["NFA_FLAG"] == "Y"
    assert assessed["cina_assessment_worker_id"] == str(worker.pk)  # the allocated worker, nobody having submitted
    open_one = only(tables["ssd_cin_assessments"], cina_assessment_id=str(unseen.pk))
    assert (open_one["cina_assessment_child_seen"], open_one["cina_assessment_outcome_nfa"]) == ("N", "")
    factors = only(tables["ssd_assessment_factors"], cinf_assessment_id=str(assessment.pk))
    assert json.loads(factors["cinf_assessment_factors_json"]) == ["1B", "3A"]

    cin_plan = only(tables["ssd_cin_plans"], cinp_cin_plan_id=str(plan.pk))
    assert (cin_plan["cinp_referral_id"], cin_plan["cinp_cin_plan_start"], cin_plan["cinp_cin_plan_end"]) == (
        str(episode.pk), "2025-07-02", "2025-12-01")  # fmt: skip
    assert cin_plan["cinp_cin_plan_worker_id"] == str(worker.pk)
    cin_visit = only(tables["ssd_cin_visits"], cinv_cin_visit_id=str(visit.pk))
    assert (cin_visit["cinv_cin_plan_id"], cin_visit["cinv_cin_visit_seen"], cin_visit["cinv_cin_visit_seen_alone"]) == (
        str(plan.pk), "Y", "N")  # fmt: skip
    assert cin_visit["cinv_cin_visit_bedroom"] == ""


def test_section_47_conference_plan_visits_and_reviews_join_with_the_review_due_dates():
    episode = EpisodeFactory(referral_date=dt.date(2025, 9, 1))
    plan = PlanFactory(
        conference=ConferenceFactory(
            section47=Section47Factory(strategy_discussion__episode=episode,
                                       strategy_discussion__held_on=dt.date(2025, 9, 1),
                                       outcome=Section47Enquiry.Outcome.ICPC, outcome_date=dt.date(2025, 9, 19)),
            conference_date=dt.date(2025, 9, 19),
        ),
        latest_category="",
    )  # fmt: skip
    no_conference = Section47Factory(strategy_discussion__episode=episode, outcome=Section47Enquiry.Outcome.NO_ICPC,
                                     outcome_date=dt.date(2025, 10, 20))  # fmt: skip
    first = ReviewConference.objects.create(plan=plan, held_on=dt.date(2025, 12, 12), outcome="continue")
    second = ReviewConference.objects.create(plan=plan, held_on=dt.date(2026, 3, 10), outcome="end")
    visit = VisitFactory(plan=plan, visit_date=dt.date(2025, 10, 1), seen_alone=True)
    conference, enquiry = plan.conference, plan.conference.section47

    tables = export()

    s47 = only(tables["ssd_s47_enquiry"], s47e_s47_enquiry_id=str(enquiry.pk))
    assert (s47["s47e_referral_id"], s47["s47e_s47_start_date"], s47["s47e_s47_end_date"]) == (
        str(episode.pk), "2025-09-01", "2025-09-19")  # fmt: skip
    assert json.loads(s47["s47e_s47_outcome_json"])["CP_CONFERENCE_FLAG"] == "Y"
    other = only(tables["ssd_s47_enquiry"], s47e_s47_enquiry_id=str(no_conference.pk))
    assert json.loads(other["s47e_s47_outcome_json"])["CP_CONFERENCE_FLAG"] == "N"

    icpc = only(tables["ssd_initial_cp_conference"], icpc_icpc_id=str(conference.pk))
    assert (icpc["icpc_s47_enquiry_id"], icpc["icpc_cp_plan_id"], icpc["icpc_referral_id"]) == (
        str(enquiry.pk), str(plan.pk), str(episode.pk))  # fmt: skip
    assert (icpc["icpc_icpc_target_date"], icpc["icpc_icpc_date"]) == (str(enquiry.icpc_target_date), "2025-09-19")
    assert icpc["icpc_icpc_outcome_cp_flag"] == "Y"

    cp_plan = only(tables["ssd_cp_plans"], cppl_cp_plan_id=str(plan.pk))
    assert (cp_plan["cppl_icpc_id"], cp_plan["cppl_referral_id"], cp_plan["cppl_person_id"]) == (
        str(conference.pk), str(episode.pk), episode.child.la_person_id)  # fmt: skip
    assert (cp_plan["cppl_cp_plan_initial_category"], cp_plan["cppl_cp_plan_latest_category"]) == ("NEG", "NEG")

    reviews = {row["cppr_cp_review_id"]: row for row in tables["ssd_cp_reviews"]}
    assert reviews[str(first.pk)]["cppr_cp_review_due"] == str(due_date("cp-first-review", dt.date(2025, 9, 19)))
    assert reviews[str(second.pk)]["cppr_cp_review_due"] == str(due_date("cp-later-review", dt.date(2025, 12, 12)))
    assert (reviews[str(first.pk)]["cppr_cp_review_outcome"], reviews[str(second.pk)]["cppr_cp_review_outcome"]) == (
        "Y", "N")  # fmt: skip
    cp_visit = only(tables["ssd_cp_visits"], cppv_visit_id=str(visit.pk))
    assert (cp_visit["cppv_cp_plan_id"], cp_visit["cppv_cp_visit_date"], cp_visit["cppv_cp_visit_seen_alone"]) == (
        str(plan.pk), "2025-10-01", "Y")  # fmt: skip


def test_looked_after_episodes_placements_reviews_and_visits_join():
    PostcodeLocationFactory(postcode="NB2 3CD", la_code="888")
    period = CarePeriodFactory(start_date=dt.date(2025, 1, 10), legal_status="V2", placement_type="U6")
    first_placement = period.placements.get()
    first_placement.end_date, first_placement.change_reason = dt.date(2025, 6, 1), "CARPL"
    first_placement.save()
    period.legal_statuses.update(end_date=dt.date(2025, 3, 1))
    CareLegalStatusFactory(period=period, legal_status="C2", start_date=dt.date(2025, 3, 1))
    second_placement = PlacementFactory(period=period, start_date=dt.date(2025, 6, 1), placement_type="U4")
    first = LookedAfterReviewFactory(period=period, review_date=dt.date(2025, 2, 3))
    second = LookedAfterReviewFactory(period=period, review_date=dt.date(2025, 5, 1), participation="PN7")
    IROContactFactory(period=period, contact_date=dt.date(2025, 4, 20))
    visit = StatutoryVisitFactory(period=period, visit_date=dt.date(2025, 7, 1), seen_alone=True)

    tables = export()

    episodes = [row for row in tables["ssd_cla_episodes"] if row["clae_cla_id"] == str(period.pk)]
    assert [(e["clae_cla_episode_id"], e["clae_cla_episode_start_reason"], e["clae_cla_episode_ceased"]) for e in
            episodes] == [(f"{period.pk}-20250110", "S", "2025-03-01"), (f"{period.pk}-20250301", "L", "2025-06-01"),
                          (f"{period.pk}-20250601", "P", "")]  # fmt: skip
    assert [e["clae_cla_placement_id"] for e in episodes] == [str(first_placement.pk)] * 2 + [str(second_placement.pk)]
    assert {e["clae_entered_care_date"] for e in episodes} == {"2025-01-10"}
    assert episodes[1]["clae_cla_last_iro_contact_date"] == "2025-04-20"

    placement = only(tables["ssd_cla_placement"], clap_cla_placement_id=str(first_placement.pk))
    assert (placement["clap_cla_episode_id"], placement["clap_cla_id"]) == (f"{period.pk}-20250110", str(period.pk))
    assert (placement["clap_cla_placement_type"], placement["clap_cla_placement_end_date"]) == ("U6", "2025-06-01")
    assert (placement["clap_cla_placement_change_reason"], placement["clap_cla_placement_la"]) == ("CARPL", "888")
    moved = only(tables["ssd_cla_placement"], clap_cla_placement_id=str(second_placement.pk))
    assert moved["clap_cla_episode_id"] == f"{period.pk}-20250601"
    statuses = [row["lega_legal_status"] for row in tables["ssd_legal_status"]
                if row["lega_person_id"] == period.child.la_person_id]  # fmt: skip
    assert sorted(statuses) == ["C2", "V2"]

    reviewed = {row["clar_cla_review_id"]: row for row in tables["ssd_cla_reviews"]}
    assert reviewed[str(first.pk)]["clar_cla_episode_id"] == f"{period.pk}-20250110"
    assert reviewed[str(first.pk)]["clar_cla_review_due_date"] == str(due_date("lac-review-first", period.start_date))
    assert reviewed[str(second.pk)]["clar_cla_review_due_date"] == str(due_date("lac-review-second", first.review_date))
    assert reviewed[str(second.pk)]["clar_cla_episode_id"] == f"{period.pk}-20250301"
    assert reviewed[str(second.pk)]["clar_cla_review_participation"] == "PN7"
    assert reviewed[str(second.pk)]["clar_cla_review_last_iro_contact_date"] == "2025-04-20"
    visited = only(tables["ssd_cla_visits"], clav_cla_visit_id=str(visit.pk))
    assert (visited["clav_cla_episode_id"], visited["clav_cla_id"], visited["clav_cla_visit_seen_alone"]) == (
        f"{period.pk}-20250601", str(period.pk), "Y")  # fmt: skip


def test_missing_episodes_say_whether_a_return_interview_was_offered_and_accepted():
    interviewed = ReturnHomeInterviewFactory(response="declined").episode
    still_missing = MissingEpisodeFactory(end_at=None, missing_type="A")
    not_offered = MissingEpisodeFactory()

    rows = export()["ssd_missing"]

    row = only(rows, miss_table_id=str(interviewed.pk))
    assert (row["miss_la_person_id"], row["miss_mis_epi_type"]) == (interviewed.child.la_person_id, "M")
    assert (row["miss_mis_epi_rhi_offered"], row["miss_mis_epi_rhi_accepted"]) == ("Y", "N")
    open_row = only(rows, miss_table_id=str(still_missing.pk))
    assert (open_row["miss_mis_epi_end"], open_row["miss_mis_epi_rhi_offered"], open_row["miss_mis_epi_type"]) == (
        "", "", "A")  # fmt: skip
    assert only(rows, miss_table_id=str(not_offered.pk))["miss_mis_epi_rhi_offered"] == "N"


def test_care_leavers_split_accommodation_and_name_their_personal_adviser():
    leaver = care_leaver(date_of_birth=dt.date(2006, 5, 1), start=dt.date(2020, 1, 6), end=dt.date(2024, 5, 1),
                         team=None, as_of=TODAY)  # fmt: skip
    leaver.in_touch, leaver.accommodation, leaver.activity = "YES", "D2", "F2"
    leaver.save()
    adviser = AllocationFactory(
        child=leaver.child, kind=Allocation.Kind.PERSONAL_ADVISER, start_date=dt.date(2024, 5, 1)
    )
    AdviserContact.objects.create(care_leaver=leaver, child=leaver.child, contact_date=dt.date(2026, 2, 1),
                                  kind="visit", in_touch=True)  # fmt: skip
    PathwayPlan.objects.create(care_leaver=leaver, child=leaver.child, start_date=dt.date(2025, 11, 10))

    row = only(export()["ssd_care_leavers"], clea_table_id=str(leaver.pk))

    assert row["clea_person_id"] == leaver.child.la_person_id
    assert row["clea_care_leaver_eligibility"] == "Former Relevant"
    assert (row["clea_care_leaver_accommodation"], row["clea_care_leaver_accom_suitable"]) == ("D", "2")
    assert (row["clea_care_leaver_in_touch"], row["clea_care_leaver_latest_contact"]) == ("YES", "2026-02-01")
    assert (row["clea_care_leaver_activity"], row["clea_pathway_plan_review_date"]) == ("F2", "2025-11-10")
    assert row["clea_care_leaver_personal_advisor"] == str(adviser.worker_id)
    assert row["clea_care_leaver_allocated_team"] == str(adviser.team_id)


def test_permanence_gathers_adoption_journeys_and_other_orders():
    from safeguard.adoption.models import PermanenceOrder

    journey = JourneyFactory(placement_order_date=dt.date(2025, 6, 1), match_date=dt.date(2025, 9, 1),
                             placed_date=dt.date(2025, 9, 20), early_permanence="foster_carer", adopter_sexes="MF",
                             adopter_legal_status="L11", number_of_adopters=2)  # fmt: skip
    PermanenceOrder.objects.create(child=journey.child, period=journey.period, journey=journey, kind="adoption",
                                   order_date=dt.date(2026, 2, 2), carer="adopters", reason_ceased="E11")  # fmt: skip
    sgo_period = CarePeriodFactory(start_date=dt.date(2024, 1, 5))
    sgo = PermanenceOrder.objects.create(child=sgo_period.child, period=sgo_period, kind="sgo",
                                         order_date=dt.date(2025, 8, 8), carer="kin", reason_ceased="E47")  # fmt: skip

    rows = export()["ssd_permanence"]

    adoption = only(rows, perm_table_id=f"AJ-{journey.pk}")
    assert (adoption["perm_cla_id"], adoption["perm_adm_decision_date"]) == (
        str(journey.period_id), str(journey.decision_date))  # fmt: skip
    assert (adoption["perm_placement_order_date"], adoption["perm_matched_date"]) == ("2025-06-01", "2025-09-01")
    assert (adoption["perm_placed_for_adoption_date"], adoption["perm_adopted_by_carer_flag"]) == ("2025-09-20", "Y")
    assert (adoption["perm_permanence_order_date"], adoption["perm_permanence_order_type"]) == (
        "2026-02-02",
        "Adoption",
    )
    assert (adoption["perm_adopter_sex"], adoption["perm_number_of_adopters"]) == ("MF", "2")
    guardianship = only(rows, perm_table_id=f"PO-{sgo.pk}")
    assert (guardianship["perm_person_id"], guardianship["perm_permanence_order_type"]) == (
        sgo_period.child.la_person_id, "Special Guardianship")  # fmt: skip
    assert guardianship["perm_adopted_by_carer_flag"] == "" and guardianship["perm_adm_decision_date"] == ""


def test_professionals_and_involvements_with_the_caseload_on_the_previous_30_september():
    worker = WorkerFactory(employment="agency", staff_id="SW123456")
    child = PersonFactory()
    episode = EpisodeFactory(child=child, referral_date=dt.date(2025, 5, 1))
    held = AllocationFactory(child=child, worker=worker, start_date=dt.date(2025, 5, 2))
    AllocationFactory(worker=worker, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 9, 1))  # ended before
    AllocationFactory(worker=worker, start_date=dt.date(2025, 10, 1))  # began after

    tables = export(today=dt.date(2026, 4, 1))

    professional = only(tables["ssd_professionals"], prof_professional_id=str(worker.pk))
    assert (professional["prof_staff_id"], professional["prof_social_worker_registration_no"]) == ("SW123456",) * 2
    assert (professional["prof_professional_caseload"], professional["prof_agency_worker_flag"]) == ("1", "Y")
    assert professional["prof_professional_department"] == worker.team.name
    assert professional["prof_professional_job_title"] == "Social worker"
    involvement = only(tables["ssd_involvements"], invo_involvements_id=str(held.pk))
    assert (involvement["invo_professional_id"], involvement["invo_person_id"]) == (str(worker.pk), child.la_person_id)
    assert (involvement["invo_referral_id"], involvement["invo_professional_team"]) == (
        str(episode.pk),
        str(held.team_id),
    )
    assert involvement["invo_professional_role_id"] == "Allocated social worker"
    assert only(tables["ssd_department"], dept_team_id=str(worker.team_id))["dept_team_name"] == worker.team.name


@pytest.mark.parametrize(
    ("today", "census"),
    [(dt.date(2026, 4, 1), dt.date(2025, 9, 30)), (dt.date(2025, 9, 30), dt.date(2025, 9, 30)),
     (dt.date(2025, 10, 1), dt.date(2025, 9, 30)), (dt.date(2025, 9, 29), dt.date(2024, 9, 30))],
)  # fmt: skip
def test_the_caseload_census_day_is_the_previous_30_september(today, census):
    assert caseload_date(today) == census


def test_cells_are_written_in_one_format():
    assert cell(None) == "" and cell("") == "" and cell(NOT_HELD is NOT_HELD) == "Y" and cell(False) == "N"
    assert cell(dt.date(2026, 3, 1)) == "2026-03-01"
    assert cell(timezone.make_aware(dt.datetime(2026, 7, 1, 9, 5, 7, 123))) == "2026-07-01 09:05:07"  # local time
    assert cell(["1A", "2B"]) == '["1A", "2B"]' and cell(0) == "0"


def test_the_command_line_writes_one_csv_per_table(tmp_path):
    child = PersonFactory()
    out = tmp_path / "ssd"

    call_command("returns", "build", "ssd", "--out", str(out))

    written = sorted(path.name for path in out.iterdir())
    assert written == sorted([f"{table}.csv" for table in ssd_fields()] + [MANIFEST])
    with (out / "ssd_person.csv").open(newline="", encoding="utf-8") as handle:
        assert [row["pers_person_id"] for row in csv.DictReader(handle)] == [child.la_person_id]


def test_the_return_is_registered_for_the_analyst_pages():
    kind = return_kind("ssd")
    output = kind.build(progress=lambda step, done, total: None)

    assert (kind.period, kind.output) == ("none", "directory")
    assert MANIFEST in output.files
    assert output.person_ids == set(Person.objects.filter(kind=Person.Kind.CHILD).values_list("pk", flat=True))


@pytest.mark.skipif(not ON_POSTGRESQL, reason="COPY is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_postgresql_writes_its_tables_in_a_second_thread_with_the_same_result(tmp_path):
    """Committed data (as in production), so the second connection sees it: the parallel build writes the same."""
    child = PersonFactory(last_name="Nuñez")
    Contact.objects.create(child=child, received_at=timezone.now(), source="1A", summary="Synthetic",
                           rag="amber", decision_due_date=TODAY, recorded_by=UserFactory())  # fmt: skip
    EpisodeFactory(child=child)

    parallel = ssd_build(today=TODAY, directory=tmp_path)  # by default: parallel, COPY
    portable = ssd_build(today=TODAY, use_copy=False)

    assert list(parallel.files) == list(portable.files)  # the SSD's order, the manifest last
    for name in portable.files:
        if name != MANIFEST:
            assert parallel.read(name) == portable.read(name), name
    assert parallel.read("ssd_contacts.csv").count(b"\n") == 2


def test_pre_proceedings_with_their_outcome_earlier_periods_and_plans_in_the_referral():
    from safeguard.legal.models import PreProceedingsOutcome
    from tests.legal.factories import PreProceedingsFactory

    episode = EpisodeFactory(referral_date=dt.date(2025, 1, 6))
    PlanFactory(episode=episode, child=episode.child, start_date=dt.date(2025, 2, 3))
    first = PreProceedingsFactory(child=episode.child, cin_episode=episode, decision_date=dt.date(2025, 3, 3),
                                  step_decision_date=dt.date(2025, 6, 2), outcome=PreProceedingsOutcome.STEP_DOWN)  # fmt: skip
    second = PreProceedingsFactory(
        child=episode.child, cin_episode=episode, decision_date=dt.date(2025, 9, 1),
        letter_sent_on=dt.date(2025, 9, 5), initial_meeting_date=dt.date(2025, 9, 15), review_meetings=2,
        step_decision_date=dt.date(2025, 12, 1), outcome=PreProceedingsOutcome.STEP_UP,
        court_application_date=dt.date(2025, 12, 8), proceedings_letter_date=dt.date(2025, 12, 9),
    )  # fmt: skip
    open_now = PreProceedingsFactory(decision_date=dt.date(2026, 3, 2))

    rows = export()["ssd_pre_proceedings"]

    assert [row["prep_table_id"] for row in rows] == [str(first.pk), str(second.pk), str(open_now.pk)]
    stepped_up = only(rows, prep_table_id=str(second.pk))
    assert stepped_up["prep_person_id"] == episode.child.la_person_id
    assert stepped_up["prep_pre_pro_outcome"] == "Decision to Issue Care Proceedings"
    assert (stepped_up["prep_pre_pro_decision_date"], stepped_up["prep_agree_stepdown_issue_date"]) == (
        "2025-09-01",
        "2025-12-01",
    )
    assert stepped_up["prep_pre_pro_letter_date"] == "2025-09-05"
    assert stepped_up["prep_care_pro_letter_date"] == "2025-12-09"
    assert (stepped_up["prep_pre_pro_meetings_num"], stepped_up["prep_initial_pre_pro_meeting_date"]) == (
        "2",
        "2025-09-15",
    )
    assert (stepped_up["prep_prev_pre_proc_child"], stepped_up["prep_cp_plans_referral_period"]) == ("1", "1")
    assert only(rows, prep_table_id=str(first.pk))["prep_pre_pro_outcome"] == "Decision to step down"
    still_open = only(rows, prep_table_id=str(open_now.pk))
    assert (still_open["prep_pre_pro_outcome"], still_open["prep_prev_pre_proc_child"]) == ("", "0")
    assert still_open["prep_cp_plans_referral_period"] == "0"  # no episode: no plans counted
    assert stepped_up["prep_court_reference"] == ""  # care proceedings are not recorded
