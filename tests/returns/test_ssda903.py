"""The SSDA903 return built from the record: scope at the edges of the year, the reference date as a horizon, each
table's derived columns, exact column order and date format, and the command line."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguard.adoption.models import PreviousPermanenceRecord
from safeguard.careleavers.models import BirthdayContact, CareLeaver
from safeguard.lac.models import CareLegalStatus, Placement
from safeguard.people.models import Relationship
from safeguard.returns.registry import return_kind
from safeguard.returns.ssda903 import ssda903_build, ssda903_files
from safeguard.returns.ssda903_core import FILE_NAMES, TABLES, tables_for
from safeguard.returns.years import CollectionYear
from safeguard.workforce.models import Allocation
from tests.adoption.factories import AdopterFactory, JourneyFactory
from tests.asylum.factories import UASCRecordFactory
from tests.carereviews.factories import LookedAfterReviewFactory
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, WorkerFactory
from tests.health.factories import (
    ConvictionFactory,
    DentalCheckFactory,
    HealthAssessmentFactory,
    ImmunisationStatusFactory,
    SDQScoreFactory,
    SubstanceMisuseFactory,
)
from tests.lac.factories import CarePeriodFactory
from tests.missing.factories import MissingEpisodeFactory

YEAR = CollectionYear(2025)  # 1 April 2025 to 31 March 2026
pytestmark = pytest.mark.django_db


def tables(year: CollectionYear = YEAR) -> dict[str, list[dict]]:
    """Every table as the CSV reader sees it: {table: [row as {column: text}]}."""
    files = ssda903_files(ssda903_build(year=year))
    by_name = {file_name: table for table, file_name in FILE_NAMES.items()}
    return {by_name[name]: list(csv.DictReader(io.StringIO(content.decode()))) for name, content in files.items()}


def rows_for(table: list[dict], child) -> list[dict]:
    return [row for row in table if row["CHILD"] == child.la_person_id]


def in_care(start: dt.date, end: dt.date | None = None, reason: str = "", **child):
    return CarePeriodFactory(
        child=PersonFactory(**child), start_date=start, end_date=end, end_reason=reason if end else ""
    )


# --- Layout -------------------------------------------------------------------------------------------------------


def test_every_table_has_the_dfe_columns_in_order_and_dolo_only_from_2026_27():
    built = ssda903_files(ssda903_build(year=YEAR))
    assert list(built) == [FILE_NAMES[name] for name in TABLES if name != "DoLo"]
    for table, file_name in FILE_NAMES.items():
        if table == "DoLo":
            continue
        header = built[file_name].decode().splitlines()[0]
        assert header == ",".join(TABLES[table])
    assert TABLES["Episodes"] == ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                                  "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")  # fmt: skip
    assert "DoLo" not in tables_for(YEAR)
    later = ssda903_build(year=CollectionYear(2026))
    assert "dolo.csv" in ssda903_files(later)
    assert ssda903_files(later)["dolo.csv"].decode().splitlines() == ["CHILD,DOB,DOLO_START,DOLO_END"]  # no orders


# --- Episodes ------------------------------------------------------------------------------------------------------


def test_episodes_open_at_any_point_in_the_year_with_dates_as_dd_mm_yyyy():
    ended_day_before = in_care(dt.date(2024, 6, 1), dt.date(2025, 3, 31), "E4A")
    ended_first_day = in_care(dt.date(2024, 6, 1), dt.date(2025, 4, 1), "E4A")
    starts_last_day = in_care(dt.date(2026, 3, 31))
    starts_after = in_care(dt.date(2026, 4, 1))

    episodes = tables()["Episodes"]

    assert rows_for(episodes, ended_day_before.child) == []
    assert rows_for(episodes, starts_after.child) == []
    (first_day,) = rows_for(episodes, ended_first_day.child)
    assert (first_day["DECOM"], first_day["DEC"], first_day["REC"]) == ("01/06/2024", "01/04/2025", "E4A")
    (last_day,) = rows_for(episodes, starts_last_day.child)
    assert (last_day["DECOM"], last_day["RNE"], last_day["LS"], last_day["PLACE"], last_day["DEC"]) == (
        "31/03/2026", "S", "C2", "U6", "")  # fmt: skip


def test_what_happened_after_31_march_is_left_blank():
    period = in_care(dt.date(2025, 9, 1), dt.date(2026, 5, 1), "E4A")
    first = Placement.objects.get(period=period)
    first.end_date, first.change_reason = dt.date(2026, 4, 10), "CARPL"
    first.save()
    Placement.objects.create(period=period, child=period.child, start_date=dt.date(2026, 4, 10),
                             placement_type="U4", provider="PR1", postcode="NB3 1AA")  # fmt: skip

    (episode,) = rows_for(tables()["Episodes"], period.child)

    assert (episode["DEC"], episode["REC"], episode["REASON_PLACE_CHANGE"]) == ("", "", "")


def test_a_move_in_the_year_ends_one_episode_and_starts_the_next_with_full_postcodes():
    period = in_care(dt.date(2024, 5, 1))
    first = Placement.objects.get(period=period)
    first.end_date, first.change_reason, first.postcode = dt.date(2025, 10, 1), "CREQB", "nb2  3cd"
    first.save()
    Placement.objects.create(period=period, child=period.child, start_date=dt.date(2025, 10, 1),
                             placement_type="K2", provider="PR4", postcode="QA1 7AZ", urn="SC123456")  # fmt: skip

    before, after = rows_for(tables()["Episodes"], period.child)

    assert (before["DECOM"], before["DEC"], before["REC"], before["REASON_PLACE_CHANGE"]) == (
        "01/05/2024", "01/10/2025", "X1", "CREQB")  # fmt: skip
    assert (before["HOME_POST"], before["PL_POST"]) == ("NB1 1AA", "NB2 3CD")  # full postcodes: rule 392c
    assert (after["RNE"], after["PLACE"], after["PLACE_PROVIDER"], after["PL_POST"], after["URN"]) == (
        "P", "K2", "PR4", "QA1 7AZ", "SC123456")  # fmt: skip


def test_uasc_children_have_no_postcodes_and_a_date_ceased():
    arrived = in_care(dt.date(2025, 5, 1), date_of_birth=dt.date(2009, 2, 14))
    UASCRecordFactory(child=arrived.child, became_uasc_on=dt.date(2025, 4, 20))
    status_granted = in_care(dt.date(2024, 5, 1), date_of_birth=dt.date(2008, 7, 1))
    UASCRecordFactory(child=status_granted.child, became_uasc_on=dt.date(2024, 4, 20), ceased_on=dt.date(2025, 9, 1))

    built = tables()

    (episode,) = rows_for(built["Episodes"], arrived.child)
    assert (episode["HOME_POST"], episode["PL_POST"]) == ("", "NB2 3CD")  # no distance (406); placing area (169)
    assert rows_for(built["UASC"], arrived.child)[0]["DUC"] == "14/02/2027"  # the 18th birthday
    assert rows_for(built["UASC"], status_granted.child)[0]["DUC"] == "01/09/2025"


# --- Header ---------------------------------------------------------------------------------------------------------


def test_header_sex_upn_and_mother():
    mother = in_care(dt.date(2024, 1, 1), sex="F", date_of_birth=dt.date(2009, 5, 1), upn="A123456789012")
    baby = PersonFactory(date_of_birth=dt.date(2025, 8, 20))
    Relationship.objects.create(person=baby, related_person=mother.child, type=Relationship.Type.PARENT)
    girl = in_care(dt.date(2024, 1, 1), sex="F", date_of_birth=dt.date(2022, 1, 1))
    boy = in_care(dt.date(2024, 1, 1), sex="M", date_of_birth=dt.date(2012, 1, 1))

    ret = ssda903_build(year=YEAR)
    header = tables()["Header"]

    assert rows_for(header, mother.child)[0] | {} == {
        "CHILD": mother.child.la_person_id, "SEX": "F", "DOB": "01/05/2009", "ETHNIC": "NOBT",
        "UPN": "A123456789012", "MOTHER": "1", "MC_DOB": "20/08/2025"}  # fmt: skip
    assert (rows_for(header, girl.child)[0]["MOTHER"], rows_for(header, girl.child)[0]["UPN"]) == ("0", "UN1")
    assert (rows_for(header, boy.child)[0]["MOTHER"], rows_for(header, boy.child)[0]["UPN"]) == ("", "")
    assert [(f.child_id, f.field) for f in ret.findings if f.table == "Header"] == [(boy.child_id, "UPN")]


# --- Reviews, Missing ---------------------------------------------------------------------------------------------


def test_reviews_in_the_year_only():
    period = in_care(dt.date(2024, 1, 1))
    for day in (dt.date(2025, 3, 31), dt.date(2025, 4, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1)):
        LookedAfterReviewFactory(period=period, review_date=day, participation="PN1")

    reviews = rows_for(tables()["Reviews"], period.child)

    assert [(r["REVIEW"], r["REVIEW_CODE"]) for r in reviews] == [("01/04/2025", "PN1"), ("31/03/2026", "PN1")]


def test_missing_episodes_while_looked_after_in_the_year():
    period = in_care(dt.date(2025, 6, 1))

    def at(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(20)))

    MissingEpisodeFactory(child=period.child, start_at=at(dt.date(2025, 5, 1)))  # before care
    MissingEpisodeFactory(child=period.child, start_at=at(dt.date(2025, 7, 1)), missing_type="A")
    MissingEpisodeFactory(child=period.child, start_at=at(dt.date(2026, 3, 31)), end_at=at(dt.date(2026, 4, 2)))

    missing = rows_for(tables()["Missing"], period.child)

    assert [(m["MISSING"], m["MIS_START"], m["MIS_END"]) for m in missing] == [
        ("A", "01/07/2025", "02/07/2025"),
        ("M", "31/03/2026", ""),  # returned after the reference date
    ]


# --- OC2 --------------------------------------------------------------------------------------------------------------


def test_oc2_only_for_children_looked_after_for_the_whole_year():
    twelve_months = in_care(dt.date(2025, 4, 1))
    a_day_short = in_care(dt.date(2025, 4, 2))
    left_on_31_march = in_care(dt.date(2024, 1, 1), dt.date(2026, 3, 31), "E4A")
    left_30_march = in_care(dt.date(2024, 1, 1), dt.date(2026, 3, 30), "E4A")

    oc2 = tables()["OC2"]

    assert rows_for(oc2, twelve_months.child) and rows_for(oc2, left_on_31_march.child)
    assert rows_for(oc2, a_day_short.child) == [] == rows_for(oc2, left_30_march.child)


def test_oc2_columns_follow_the_childs_age_and_record():
    teenager = in_care(dt.date(2023, 1, 1), date_of_birth=dt.date(2011, 6, 1)).child
    ConvictionFactory(child=teenager, conviction_date=dt.date(2025, 7, 1))
    DentalCheckFactory(child=teenager, check_date=dt.date(2025, 8, 1))
    HealthAssessmentFactory(child=teenager, assessment_date=dt.date(2025, 9, 1))
    ImmunisationStatusFactory(child=teenager, status_date=dt.date(2025, 9, 1), up_to_date=True)
    SDQScoreFactory(child=teenager, completed_date=dt.date(2025, 10, 1), score=17)
    SubstanceMisuseFactory(child=teenager, identified_date=dt.date(2025, 11, 1), intervention_offered=True)
    toddler = in_care(dt.date(2024, 1, 1), date_of_birth=dt.date(2023, 2, 1)).child
    HealthAssessmentFactory(child=toddler, assessment_date=dt.date(2026, 1, 10))
    seven = in_care(dt.date(2023, 1, 1), date_of_birth=dt.date(2018, 6, 1)).child
    SDQScoreFactory(child=seven, completed_date=dt.date(2025, 10, 1), score=None, reason="SDQ2")

    ret = ssda903_build(year=YEAR)
    oc2 = tables()["OC2"]

    def fields(child):
        row = rows_for(oc2, child)[0]
        return {column: row[column] for column in TABLES["OC2"][2:]}

    assert fields(teenager) == {
        "SDQ_SCORE": "17", "SDQ_REASON": "", "CONVICTED": "1", "HEALTH_CHECK": "", "IMMUNISATIONS": "1",
        "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0",
        "INTERVENTION_OFFERED": "1"}  # fmt: skip
    assert fields(toddler) == {
        "SDQ_SCORE": "", "SDQ_REASON": "", "CONVICTED": "", "HEALTH_CHECK": "1", "IMMUNISATIONS": "0",
        "TEETH_CHECK": "0", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0", "INTERVENTION_RECEIVED": "",
        "INTERVENTION_OFFERED": ""}  # fmt: skip
    assert (fields(seven)["SDQ_SCORE"], fields(seven)["SDQ_REASON"], fields(seven)["CONVICTED"]) == ("", "SDQ2", "")
    assert not [f for f in ret.findings if f.table == "OC2"]


def test_a_missing_sdq_is_a_finding():
    child = in_care(dt.date(2023, 1, 1), date_of_birth=dt.date(2015, 1, 1)).child

    ret = ssda903_build(year=YEAR)

    assert [(f.child_id, f.table, f.field, f.severity) for f in ret.findings if f.table == "OC2"] == [
        (child.pk, "OC2", "SDQ_SCORE", "error")
    ]


# --- OC3 --------------------------------------------------------------------------------------------------------------


def birthday_record(child, age: int, birthday: dt.date, **answers):
    leaver, _ = CareLeaver.objects.get_or_create(
        child=child, defaults={"category": "former_relevant", "category_since": dt.date(2024, 1, 1)}
    )
    values = {"in_touch": "YES", "activity": "F2", "accommodation": "D1"} | answers
    return BirthdayContact.objects.create(care_leaver=leaver, child=child, age=age, birthday=birthday,
                                          recorded_at=timezone.now(), **values)  # fmt: skip


def test_oc3_for_17th_to_21st_birthdays_in_the_year():
    seventeen = in_care(dt.date(2020, 1, 1), dt.date(2025, 1, 10), "E5", date_of_birth=dt.date(2008, 4, 1)).child
    birthday_record(seventeen, 17, dt.date(2025, 4, 1))
    last_year = PersonFactory(date_of_birth=dt.date(2006, 3, 31))
    birthday_record(last_year, 19, dt.date(2025, 3, 31))
    extended = PersonFactory(date_of_birth=dt.date(2003, 6, 1))
    birthday_record(extended, 22, dt.date(2025, 6, 1))

    built = tables()

    assert [(r["IN_TOUCH"], r["ACTIV"], r["ACCOM"]) for r in rows_for(built["OC3"], seventeen)] == [("YES", "F2", "D1")]
    assert rows_for(built["OC3"], last_year) == [] == rows_for(built["OC3"], extended)
    header = rows_for(built["Header"], seventeen)[0]
    assert header["MOTHER"] == ""  # not looked after in the year: no mother details (rule 628)


def test_no_oc3_for_a_birthday_spent_in_care():
    still_in_care = in_care(dt.date(2020, 1, 1), None, "", date_of_birth=dt.date(2008, 5, 1)).child
    birthday_record(still_in_care, 17, dt.date(2025, 5, 1))
    left_on_the_day = in_care(dt.date(2020, 1, 1), dt.date(2025, 6, 1), "E5", date_of_birth=dt.date(2008, 6, 1)).child
    birthday_record(left_on_the_day, 17, dt.date(2025, 6, 1))

    built = tables()

    assert rows_for(built["OC3"], still_in_care) == []
    # Care ended on the birthday itself: still looked after that day for the DfE (rule 1016: DEC >= the birthday).
    assert rows_for(built["OC3"], left_on_the_day) == []


# --- Adoption -------------------------------------------------------------------------------------------------------


def test_ad1_and_placed_adoption():
    adopters = AdopterFactory()
    adopted = JourneyFactory(period=in_care(dt.date(2024, 1, 10), dt.date(2025, 11, 1), "E11"),
                             decision_date=dt.date(2024, 5, 1), match_date=dt.date(2025, 2, 1), adopter=adopters,
                             early_permanence="ffa", adoption_order_date=dt.date(2025, 11, 1))  # fmt: skip
    reversed_later = JourneyFactory(period=in_care(dt.date(2024, 2, 1)), decision_date=dt.date(2025, 1, 5),
                                    reversed_date=dt.date(2026, 5, 1), reversed_reason="RD3")  # fmt: skip
    reversed_in_year = JourneyFactory(period=in_care(dt.date(2024, 2, 1)), decision_date=dt.date(2024, 9, 5),
                                      reversed_date=dt.date(2025, 6, 1), reversed_reason="RD1")  # fmt: skip

    built = tables()

    assert rows_for(built["AD1"], adopted.child)[0] | {} == {
        "CHILD": adopted.child.la_person_id, "DOB": "01/06/2015", "DATE_INT": "01/05/2024", "DATE_MATCH": "01/02/2025",
        "FOSTER_CARE": "1", "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}  # fmt: skip
    placed = {row["CHILD"]: row for row in built["PlacedAdoption"]}
    assert placed[reversed_later.child.la_person_id]["DATE_PLACED_CEASED"] == ""
    assert placed[reversed_in_year.child.la_person_id]["DATE_PLACED_CEASED"] == "01/06/2025"
    assert placed[reversed_in_year.child.la_person_id]["REASON_PLACED_CEASED"] == "RD1"
    assert placed[adopted.child.la_person_id]["DATE_PLACED"] == "01/05/2024"
    assert rows_for(built["AD1"], reversed_later.child) == []


def test_previous_permanence_for_children_who_started_care_in_the_year():
    recorded = in_care(dt.date(2025, 5, 1))
    PreviousPermanenceRecord.objects.create(child=recorded.child, period=recorded, previous_permanence="P2",
                                            la_code="201", order_date=dt.date(2019, 3, 2))  # fmt: skip
    not_known = in_care(dt.date(2025, 6, 1))
    PreviousPermanenceRecord.objects.create(child=not_known.child, period=not_known, previous_permanence="Z1")
    unrecorded = in_care(dt.date(2025, 7, 1))
    in_care(dt.date(2024, 7, 1))  # started before the year: not asked

    ret = ssda903_build(year=YEAR)
    rows = tables()["PrevPerm"]

    assert [(r["PREV_PERM"], r["LA_PERM"], r["DATE_PERM"]) for r in rows] == [
        ("P2", "201", "02/03/2019"),
        ("Z1", "", ""),
    ]
    assert [(f.child_id, f.table) for f in ret.findings if f.table == "PrevPerm"] == [(unrecorded.child_id, "PrevPerm")]


# --- Social worker episodes ----------------------------------------------------------------------------------------


def test_social_worker_episodes_with_the_reason_for_each_change():
    period = in_care(dt.date(2024, 1, 1))
    child = period.child
    assessment, care = TeamFactory(), TeamFactory()
    first = AllocationFactory(child=child, worker=WorkerFactory(team=assessment), start_date=dt.date(2023, 12, 1),
                              end_date=dt.date(2025, 5, 1))  # fmt: skip
    leaver = WorkerFactory(team=care, end_date=dt.date(2025, 9, 1))
    AllocationFactory(child=child, worker=leaver, start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 9, 1))
    last = AllocationFactory(child=child, worker=WorkerFactory(team=care), start_date=dt.date(2025, 9, 1),
                             end_date=dt.date(2026, 1, 15))  # the case closed: still the last social worker  # fmt: skip
    AllocationFactory(child=child, worker=WorkerFactory(team=care), kind=Allocation.Kind.IRO,
                      start_date=dt.date(2024, 1, 1))  # an IRO is not a social worker episode  # fmt: skip

    rows = rows_for(tables()["SWEpisodes"], child)

    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        (first.worker.staff_id, "01/12/2023", "01/05/2025", "FCONTA"),
        (leaver.staff_id, "01/05/2025", "01/09/2025", "TSPROC"),  # moved from assessment to the care team
        (last.worker.staff_id, "01/09/2025", "", "LEFTRL"),
    ]


# --- Scale and the command line --------------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_children():
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            ssda903_build(year=YEAR)
        return len(captured)

    in_care(dt.date(2024, 1, 1), sex="F")
    in_care(dt.date(2025, 6, 1))
    few = queries()
    for _ in range(6):
        in_care(dt.date(2024, 1, 1), sex="F")
        in_care(dt.date(2025, 6, 1))
    assert queries() == few


def test_the_command_writes_the_folder_with_last_years_tables(tmp_path):
    period = in_care(dt.date(2024, 1, 1))
    CareLegalStatus.objects.filter(period=period).update(legal_status="C1")
    out = tmp_path / "ssda903"

    call_command("returns", "build", "ssda903", "--year", "2025-26", "--with-previous", "--out", str(out),
                 stderr=io.StringIO())  # fmt: skip

    names = sorted(path.name for path in out.iterdir())
    assert "episodes.csv" in names and "episodes_last.csv" in names and len(names) == 22
    assert period.child.la_person_id in (out / "episodes_last.csv").read_text()
    assert return_kind("ssda903").output == "directory"


def test_a_file_where_the_folder_should_be_is_a_one_line_error(tmp_path):
    not_a_folder = tmp_path / "ssda903.csv"
    not_a_folder.write_text("")

    with pytest.raises(CommandError) as error:
        call_command("returns", "build", "ssda903", "--year", "2025-26", "--out", str(not_a_folder))

    assert str(error.value) == f"{not_a_folder} is a file, not a folder"
