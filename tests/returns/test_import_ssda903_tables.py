"""Importing the SSDA903 tables beyond Episodes: Reviews, OC2, OC3, AD1, PlacedAdoption and SWEpisodes.

The round trip (build, import into an empty record, build again: the same files) covers every table with rows; the
rest shows what the import records where the return says less than the record keeps, and the problems it names.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from safeguard.accounts.models import Role
from safeguard.adoption.models import AdoptionJourney, PreviousPermanenceRecord
from safeguard.asylum.models import UASCRecord
from safeguard.careleavers.models import BirthdayContact, CareLeaver
from safeguard.careleavers.services import care_leaver_refresh
from safeguard.carereviews.models import LookedAfterReview
from safeguard.chronology.models import Event
from safeguard.health.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQScore,
    SubstanceMisuse,
)
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement
from safeguard.missing.models import MissingEpisode
from safeguard.people.models import Person
from safeguard.returns.imports.report import ImportReport
from safeguard.returns.imports.ssda903 import read_tables, ssda903_import
from safeguard.returns.imports.ssda903_tables import IRO_NOT_RECORDED, collection_year
from safeguard.returns.years import CollectionYear
from safeguard.workforce.models import Allocation, Worker
from tests.carereviews.factories import IROFactory
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory, WorkerFactory
from tests.lac.factories import CarePeriodFactory
from tests.returns.test_import_ssda903 import a_record, at, read_folder, write_folder

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2025)
D = dt.date
# In the order a delete can go (what refers to a row first). Workers and teams stay: an authority loads its
# workforce before its history, and the import matches SW_ID to them.
RECORD = [Event, BirthdayContact, CareLeaver, AdoptionJourney, LookedAfterReview, Conviction, DentalCheck,
          HealthAssessment, ImmunisationStatus, SDQScore, SubstanceMisuse, Allocation, MissingEpisode, UASCRecord,
          PreviousPermanenceRecord, Placement, CareLegalStatus, CarePeriod]  # fmt: skip


@pytest.fixture
def importer(db):
    return UserFactory(role=Role.ANALYST, username="importer")


def flush_record() -> None:
    for model in RECORD:
        model.objects.all().delete()
    Person.objects.all()._raw_delete(Person.objects.db)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in [*RECORD, Person, Worker]}


def ended(period: CarePeriod, day: dt.date, reason: str) -> CarePeriod:
    CarePeriod.objects.filter(pk=period.pk).update(end_date=day, end_reason=reason)
    CareLegalStatus.objects.filter(period=period).update(end_date=day)
    Placement.objects.filter(period=period).update(end_date=day)
    period.refresh_from_db()
    return period


def child(la_id: str, born: dt.date, sex="M", upn="") -> Person:
    return PersonFactory(la_person_id=la_id, date_of_birth=born, sex=sex, ethnicity="WBRI", upn=upn)


def a_fuller_record() -> dict:
    """a_record's children, plus reviews, health, adoption, care leavers and social workers: a row in every table."""
    a_record()
    moving = CarePeriod.objects.get(child__la_person_id="L0000001")
    iro = IROFactory(staff_id="SW900001")
    AllocationFactory(child=moving.child, worker=iro, kind=Allocation.Kind.IRO, start_date=moving.start_date)
    LookedAfterReview.objects.create(period=moving, child=moving.child, review_date=D(2025, 5, 28), participation="PN1",
                                     iro=iro)  # fmt: skip
    LookedAfterReview.objects.create(period=moving, child=moving.child, review_date=D(2025, 11, 20), participation="PN7",
                                     iro=iro)  # fmt: skip
    # Social workers: first contact, another worker in the team, the worker left, a move to another team.
    team_a, team_b = TeamFactory(name="Children in care A"), TeamFactory(name="Children in care B")
    w1, w2 = WorkerFactory(staff_id="SW100001", team=team_a), WorkerFactory(staff_id="SW100002", team=team_a)
    w2.end_date = D(2025, 9, 1)
    w2.save()
    w3, w4 = WorkerFactory(staff_id="SW100003", team=team_a), WorkerFactory(staff_id="SW100004", team=team_b)
    for worker, start, end in [(w1, D(2025, 5, 1), D(2025, 7, 1)), (w2, D(2025, 7, 1), D(2025, 9, 1)),
                               (w3, D(2025, 9, 1), D(2025, 11, 3)), (w4, D(2025, 11, 3), None)]:  # fmt: skip
        AllocationFactory(child=moving.child, worker=worker, start_date=start, end_date=end)

    # In care since 2023 (OC2): every health fact, and a decision to place for adoption reversed in the year.
    settled = CarePeriodFactory(child=child("L0000004", D(2015, 2, 1)), start_date=D(2023, 1, 10))
    kid = settled.child
    Conviction.objects.create(child=kid, conviction_date=D(2025, 9, 1), offence="Criminal damage")
    DentalCheck.objects.create(child=kid, check_date=D(2025, 6, 1))
    HealthAssessment.objects.create(child=kid, kind="review", assessment_date=D(2025, 12, 1), assessed_by="LAC nurse")
    ImmunisationStatus.objects.create(child=kid, status_date=D(2025, 6, 1), up_to_date=True)
    SubstanceMisuse.objects.create(child=kid, identified_date=D(2025, 10, 1), intervention_offered=True)
    SDQScore.objects.create(child=kid, completed_date=D(2025, 7, 1), score=14)
    AdoptionJourney.objects.create(child=kid, period=settled, decision_date=D(2025, 6, 2), reversed_date=D(2025, 12, 1),
                                   reversed_reason="RD1")  # fmt: skip
    AllocationFactory(child=kid, worker=w1, start_date=D(2023, 1, 10))
    # An under-5 in care since 2024: a health assessment early in the year, so the 6-monthly check is overdue.
    toddler = CarePeriodFactory(child=child("L0000005", D(2022, 6, 1), "F"), start_date=D(2024, 5, 1))
    HealthAssessment.objects.create(child=toddler.child, kind="review", assessment_date=D(2025, 5, 1), assessed_by="GP")
    SDQScore.objects.create(child=toddler.child, completed_date=D(2025, 5, 1), reason="SDQ1")  # not reported: under 4
    LookedAfterReview.objects.create(period=toddler, child=toddler.child, review_date=D(2025, 10, 1),
                                     participation="PN0", iro=IROFactory())  # fmt: skip
    # Adopted in the year by their foster carers.
    adopted = ended(CarePeriodFactory(child=child("L0000006", D(2021, 3, 3)), start_date=D(2023, 3, 1),
                                      placement_type="A6"), D(2026, 2, 10), "E11")  # fmt: skip
    AdoptionJourney.objects.create(child=adopted.child, period=adopted, decision_date=D(2024, 6, 1),
                                   match_date=D(2025, 4, 20), early_permanence="foster_carer", number_of_adopters=2,
                                   adopter_sexes="MF", adopter_legal_status="L11", adoption_order_date=D(2026, 2, 10))  # fmt: skip
    # Care leavers: one who left care in the year before their 17th birthday, one who left years ago (OC3 only).
    leaver = ended(CarePeriodFactory(child=child("L0000007", D(2008, 8, 15), "F"), start_date=D(2020, 1, 6),
                                     legal_status="C2"), D(2025, 8, 14), "E8")  # fmt: skip
    record = care_leaver_refresh(child=leaver.child, as_of=D(2025, 9, 1))
    BirthdayContact.objects.create(care_leaver=record, child=leaver.child, age=17, birthday=D(2025, 8, 15),
                                   in_touch="YES", activity="F2", accommodation="D1", recorded_at=at(D(2025, 8, 20)))  # fmt: skip
    older = ended(CarePeriodFactory(child=child("L0000008", D(2005, 10, 1)), start_date=D(2018, 4, 1),
                                    legal_status="C2"), D(2022, 3, 1), "E8")  # fmt: skip
    record = care_leaver_refresh(child=older.child, as_of=D(2025, 9, 1))
    BirthdayContact.objects.create(care_leaver=record, child=older.child, age=20, birthday=D(2025, 10, 1),
                                   in_touch="NO", activity="0", accommodation="0", recorded_at=at(D(2025, 10, 2)))  # fmt: skip
    return {"workers": [w1, w2, w3, w4], "iro": iro}


@pytest.fixture
def built(tmp_path):
    """A folder built from the fuller record, the record then emptied (workers stay)."""
    a_fuller_record()
    folder = write_folder(tmp_path / "ssda903")
    flush_record()
    return folder


def test_every_table_has_rows_to_round_trip(built):
    files = read_folder(built)
    for name in ("reviews.csv", "oc2.csv", "oc3.csv", "ad1.csv", "placed_for_adoption.csv", "sw_episodes.csv"):
        assert len(files[name].splitlines()) >= 2, name
    assert b"L0000001,04/03/2012,SW100004,03/11/2025,,TSPROC" in files["sw_episodes.csv"]
    assert b"LEFTRL" in files["sw_episodes.csv"] and b"OTHERS" in files["sw_episodes.csv"]


def test_build_import_build_gives_the_same_files(importer, tmp_path, built):
    before = read_folder(built)

    report = ssda903_import(folder=built, imported_by=importer)

    assert report.ok, report.text()
    assert read_folder(write_folder(tmp_path / "after")) == before
    assert report.created["Looked-after reviews"] == 3
    assert report.created["Adoption journeys"] == 2
    assert report.created["Social worker allocations"] == 5
    assert report.created["Birthday records"] == 2


def test_importing_the_same_folder_twice_changes_nothing(importer, built):
    ssda903_import(folder=built, imported_by=importer)
    rows = row_counts()

    again = ssda903_import(folder=built, imported_by=importer)

    assert again.ok and not again.changed, again.text()
    assert row_counts() == rows


def test_importing_over_the_same_record_changes_nothing(importer, tmp_path):
    a_fuller_record()
    folder = write_folder(tmp_path / "ssda903")
    rows = row_counts()

    report = ssda903_import(folder=folder, imported_by=importer)

    assert report.ok and not report.changed, report.text()
    assert row_counts() == rows


def test_what_the_import_records_for_each_table(importer, built):
    report = ssda903_import(folder=built, imported_by=importer)
    assert report.ok, report.text()

    # Reviews: chaired by the IRO allocated in the record? Not after the record was emptied: the placeholder IRO.
    reviews = LookedAfterReview.objects.filter(child__la_person_id="L0000001").order_by("review_date")
    assert [(r.review_date, r.participation, r.iro.staff_id) for r in reviews] == [
        (D(2025, 5, 28), "PN1", IRO_NOT_RECORDED), (D(2025, 11, 20), "PN7", IRO_NOT_RECORDED)]  # fmt: skip
    assert Worker.objects.get(staff_id=IRO_NOT_RECORDED).role == Worker.Role.IRO
    assert Event.objects.filter(kind="lac_review.held", child__la_person_id="L0000001").count() == 2
    # Social workers: the workforce's own workers, in their teams; the current one open.
    allocations = Allocation.objects.filter(child__la_person_id="L0000001").order_by("start_date")
    assert [(a.worker.staff_id, a.team.name, a.end_date) for a in allocations] == [
        ("SW100001", "Children in care A", D(2025, 7, 1)), ("SW100002", "Children in care A", D(2025, 9, 1)),
        ("SW100003", "Children in care A", D(2025, 11, 3)), ("SW100004", "Children in care B", None)]  # fmt: skip
    assert allocations[3].reason == "Imported from SSDA903: SW_REASON TSPROC"
    # OC2: one fact per flag, dated 31 March, saying where it came from.
    assert Conviction.objects.get(child__la_person_id="L0000004").conviction_date == YEAR.end
    misuse = SubstanceMisuse.objects.get(child__la_person_id="L0000004")
    assert (misuse.intervention_offered, misuse.intervention_received) == (True, False)
    assert SDQScore.objects.get(child__la_person_id="L0000004").score == 14
    assert HealthAssessment.objects.get(child__la_person_id="L0000005").assessment_date == YEAR.start
    # Adoption: one journey per decision, AD1 and PlacedAdoption merged.
    journey = AdoptionJourney.objects.get(child__la_person_id="L0000006")
    assert (journey.decision_date, journey.match_date, journey.adoption_order_date, journey.early_permanence,
            journey.adopter_sexes) == (D(2024, 6, 1), D(2025, 4, 20), D(2026, 2, 10), "foster_carer", "MF")  # fmt: skip
    assert journey.period.end_reason == "E11"
    reversed_journey = AdoptionJourney.objects.get(child__la_person_id="L0000004")
    assert (reversed_journey.reversed_date, reversed_journey.reversed_reason) == (D(2025, 12, 1), "RD1")
    # OC3: a care leaver from the imported care history; the one whose care ended years ago is held, with a warning.
    assert CareLeaver.objects.get(child__la_person_id="L0000007").category != "none"
    assert BirthdayContact.objects.get(child__la_person_id="L0000007").age == 17
    assert CareLeaver.objects.get(child__la_person_id="L0000008").category == "none"
    warned = {(p.child, p.field) for p in report.problems if p.severity == "warning"}
    assert ("L0000008", "CHILD") in warned


def test_a_social_worker_the_record_does_not_know_is_created_and_named(importer, built):
    text = (built / "sw_episodes.csv").read_text().replace("SW100004", "SW555555")
    (built / "sw_episodes.csv").write_text(text)

    report = ssda903_import(folder=built, imported_by=importer)

    assert report.ok, report.text()
    worker = Worker.objects.get(staff_id="SW555555")
    assert (worker.first_name, worker.last_name, worker.team.name, worker.user) == (
        "Name not recorded", "SW555555", "Imported records", None)  # fmt: skip
    assert Allocation.objects.get(worker=worker).end_date is None
    assert [p.field for p in report.problems if "SW555555" in p.message] == ["SW_ID"]


def test_a_worker_who_left_is_given_the_leaving_date_when_created(importer, built):
    text = (built / "sw_episodes.csv").read_text().replace("SW100002", "SW777777")
    (built / "sw_episodes.csv").write_text(text)

    ssda903_import(folder=built, imported_by=importer)

    assert Worker.objects.get(staff_id="SW777777").end_date == D(2025, 9, 1)  # the next episode says LEFTRL


def test_a_later_allocation_ends_the_open_one(importer, built):
    """The record's current social worker started before the file's last episode: the file's is the later news."""
    kid = PersonFactory(la_person_id="L0000001", date_of_birth=D(2012, 3, 4), sex="F", ethnicity="WBRI",
                        upn="Y999280017026")  # fmt: skip
    earlier = AllocationFactory(child=kid, worker=WorkerFactory(), start_date=D(2025, 4, 1))

    report = ssda903_import(folder=built, imported_by=importer)

    assert report.ok, report.text()
    earlier.refresh_from_db()
    assert earlier.end_date == D(2025, 5, 1)
    assert Allocation.objects.filter(child=kid, end_date__isnull=True).get().worker.staff_id == "SW100004"


def test_the_collection_year_comes_from_the_latest_date_in_the_folder(built):
    assert collection_year(read_tables(built, ImportReport("SSDA903", "x"))) == YEAR


# --- Problems: named by file, line, child and column; nothing written ------------------------------------------


def replace_line(path, number: int, old: str, new: str) -> None:
    lines = path.read_text().splitlines()
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("\r\n".join(lines) + "\r\n")


def line_of(path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def assert_nothing_written() -> None:
    assert Person.objects.count() == 0
    assert not Allocation.objects.filter(kind=Allocation.Kind.KEY_WORKER).exists()
    assert LookedAfterReview.objects.count() == AdoptionJourney.objects.count() == BirthdayContact.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "find", "old", "new", "column", "message"),
    [
        ("reviews.csv", "L0000005", "PN0", "PN1", "REVIEW_CODE", "PN1, but the child was under 4 on 01/10/2025: PN0"),
        ("reviews.csv", "28/05/2025", "28/05/2025", "28/05/2024", "REVIEW",
         "28/05/2024 is not in any of the child's periods of care"),
        ("oc2.csv", "L0000004", ",14,", ",41,", "SDQ_SCORE", "'41' is not a score from 0 to 40"),
        ("oc2.csv", "L0000004", ",14,,1,", ",14,,2,", "CONVICTED", "'2' is not 0 or 1"),
        ("oc3.csv", "L0000007", "YES", "MAYBE", "IN_TOUCH", "'MAYBE' is not a DfE code for IN_TOUCH"),
        ("ad1.csv", "L0000006", "20/04/2025", "20/04/2023", "DATE_MATCH", "20/04/2023 is before DATE_INT 01/06/2024"),
        ("ad1.csv", "L0000006", ",MF,", ",XY,", "SEX_ADOPTR", "'XY' is not a DfE code for SEX_ADOPTR"),
        ("placed_for_adoption.csv", "L0000004", "RD1", "", "REASON_PLACED_CEASED",
         "missing: the decision ceased (DATE_PLACED_CEASED)"),
        ("sw_episodes.csv", "SW100002", "01/09/2025,", "01/10/2025,", "SW_DECOM",
         "01/09/2025 is before the last episode ended (01/10/2025)"),
        ("sw_episodes.csv", "SW100004", "TSPROC", "moved", "SW_REASON",
         "'moved' is not a DfE code for SW_REASON (six capital letters)"),
    ],
)  # fmt: skip
def test_a_bad_value_is_named_and_nothing_is_written(importer, built, name, find, old, new, column, message):
    path = built / name
    number = line_of(path, find)
    replace_line(path, number, old, new)
    if column == "SW_DECOM":  # the change above ends the second episode late: the third episode is the problem
        number += 1

    report = ssda903_import(folder=built, imported_by=importer)

    assert not report.ok
    assert [(p.where, p.field, p.message) for p in report.errors] == [(f"{name} line {number}", column, message)]
    assert_nothing_written()


def test_an_ad1_row_for_a_child_not_adopted_is_refused(importer, built):
    with (built / "ad1.csv").open("a") as out:
        out.write("L0000004,01/02/2015,01/06/2025,,0,1,F1,L0\r\n")

    report = ssda903_import(folder=built, imported_by=importer)

    assert [(p.where, p.child, p.field) for p in report.errors] == [("ad1.csv line 3", "L0000004", "CHILD")]
    assert_nothing_written()


def test_a_review_for_a_child_not_in_the_header_is_refused(importer, built):
    with (built / "reviews.csv").open("a") as out:
        out.write("L0000099,01/02/2015,01/06/2025,PN1\r\n")

    report = ssda903_import(folder=built, imported_by=importer)

    assert [(p.child, p.field, p.message) for p in report.errors] == [("L0000099", "CHILD", "not in the Header table")]
    assert_nothing_written()


def test_oc2_flags_the_record_contradicts_are_kept_with_a_warning(importer, tmp_path):
    a_fuller_record()
    folder = write_folder(tmp_path / "ssda903")
    replace_line(folder / "oc2.csv", line_of(folder / "oc2.csv", "L0000004"), ",14,,1,", ",14,,0,")

    report = ssda903_import(folder=folder, imported_by=importer)

    assert report.ok and not report.changed, report.text()
    assert [(p.child, p.field) for p in report.problems if p.severity == "warning"] == [("L0000004", "CONVICTED")]
    assert Conviction.objects.filter(~Q(offence="Criminal damage")).count() == 0


def test_the_command_takes_the_year_when_the_folder_cannot_tell(importer, built, capsys):
    with pytest.raises(CommandError):
        call_command("returns", "import", "ssda903", str(built), "--user", "importer", "--year", "2024-25")
    out = capsys.readouterr().out
    assert "error: oc3.csv line 2 child L0000007 DOB: no 17th to 21st birthday falls in 2024-25" in out
    assert_nothing_written()

    call_command("returns", "import", "ssda903", str(built), "--user", "importer", "--year", "2025-26")
    assert "Birthday records: 2 in the file, 2 created, 0 updated" in capsys.readouterr().out


def test_what_the_record_lacks_is_filled_in_and_reviews_go_to_the_childs_iro(importer, tmp_path):
    record = a_fuller_record()
    folder = write_folder(tmp_path / "ssda903")
    LookedAfterReview.objects.filter(child__la_person_id="L0000001").delete()
    AdoptionJourney.objects.filter(child__la_person_id="L0000004").update(reversed_date=None, reversed_reason="")

    report = ssda903_import(folder=folder, imported_by=importer)

    assert report.ok, report.text()
    assert (report.created["Looked-after reviews"], report.updated["Adoption journeys"]) == (2, 1)
    iros = set(LookedAfterReview.objects.filter(child__la_person_id="L0000001").values_list("iro", flat=True))
    assert iros == {record["iro"].pk}
    journey = AdoptionJourney.objects.get(child__la_person_id="L0000004")
    assert (journey.reversed_date, journey.reversed_reason, journey.next_review_due) == (D(2025, 12, 1), "RD1", None)
    assert journey.history.latest().history_change_reason == "Imported from ssda903"
    assert not Worker.objects.filter(staff_id=IRO_NOT_RECORDED).exists()


def test_a_decision_before_the_period_the_record_has_goes_on_the_next_period_with_a_warning(importer, built):
    path = built / "placed_for_adoption.csv"
    replace_line(path, line_of(path, "L0000004"), "02/06/2025", "01/12/2022")  # the period began 10/01/2023

    report = ssda903_import(folder=built, imported_by=importer)

    assert report.ok, report.text()
    assert [(p.child, p.field) for p in report.problems if p.field == "DATE_PLACED"] == [("L0000004", "DATE_PLACED")]
    journey = AdoptionJourney.objects.get(child__la_person_id="L0000004")
    assert (journey.decision_date, journey.period.start_date) == (D(2022, 12, 1), D(2023, 1, 10))
