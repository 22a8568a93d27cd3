"""Importing an SSDA903 folder: the round trip, idempotency, all-or-nothing, the problems, the command line."""

import datetime as dt
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.adoption.models import PreviousPermanenceRecord
from safeguard.asylum.models import UASCRecord
from safeguard.chronology.models import Event
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement
from safeguard.legal.models import DeprivationOfLibertyOrder
from safeguard.missing.models import MissingEpisode
from safeguard.people.models import Person
from safeguard.returns.imports.ssda903 import ssda903_import
from safeguard.returns.ssda903 import ssda903_build, ssda903_files
from safeguard.returns.years import CollectionYear
from tests.asylum.factories import UASCRecordFactory
from tests.factories import PersonFactory, UserFactory
from tests.lac.factories import CarePeriodFactory
from tests.missing.factories import MissingEpisodeFactory

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2025)
TABLES = [DeprivationOfLibertyOrder, MissingEpisode, UASCRecord, PreviousPermanenceRecord, Placement, CareLegalStatus,
          CarePeriod, Event]  # fmt: skip


@pytest.fixture
def importer(db):
    return UserFactory(role=Role.ANALYST, username="importer")


def write_folder(folder, year=YEAR):
    folder.mkdir(exist_ok=True)
    for name, content in ssda903_files(ssda903_build(year=year)).items():
        (folder / name).write_bytes(content)
    return folder


def read_folder(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


def flush_record() -> None:
    for model in TABLES:
        model.objects.all().delete()
    # Nothing refers to the people now; a plain DELETE skips collecting rows from every app's tables.
    Person.objects.all()._raw_delete(Person.objects.db)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in [*TABLES, Person]}


def at(day: dt.date, hour=20) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def a_record() -> None:
    """Moves, a change of legal status, a period that ended, a UASC child, missing episodes, previous permanence."""
    moving = CarePeriodFactory(child=PersonFactory(la_person_id="L0000001", sex="F", ethnicity="WBRI",
                                                   date_of_birth=dt.date(2012, 3, 4), upn="Y999280017026"),
                               start_date=dt.date(2025, 5, 1))  # fmt: skip
    first = Placement.objects.get(period=moving)
    first.end_date, first.change_reason = dt.date(2025, 10, 1), "CREQB"
    first.save()
    Placement.objects.create(period=moving, child=moving.child, start_date=dt.date(2025, 10, 1), placement_type="K2",
                             provider="PR4", postcode="QA1 7AZ", urn="SC123456")  # fmt: skip
    status = CareLegalStatus.objects.get(period=moving)
    status.legal_status, status.end_date = "V2", dt.date(2026, 1, 10)
    status.save()
    CareLegalStatus.objects.create(
        period=moving, child=moving.child, legal_status="C2", start_date=dt.date(2026, 1, 10)
    )
    MissingEpisodeFactory(child=moving.child, start_at=at(dt.date(2025, 7, 1)), end_at=at(dt.date(2025, 7, 2), 9),
                          missing_type="A")  # fmt: skip
    # A second time the same day: matched by its place among that day's episodes.
    MissingEpisodeFactory(child=moving.child, start_at=at(dt.date(2025, 7, 1), 22), end_at=at(dt.date(2025, 7, 1), 23))
    PreviousPermanenceRecord.objects.create(child=moving.child, period=moving, previous_permanence="P2",
                                            la_code="201", order_date=dt.date(2019, 3, 2))  # fmt: skip
    home = CarePeriodFactory(child=PersonFactory(la_person_id="L0000002", sex="M", date_of_birth=dt.date(2022, 1, 1),
                                                 upn=""), start_date=dt.date(2025, 6, 1),
                             end_date=dt.date(2025, 12, 1), end_reason="E4A")  # fmt: skip
    CareLegalStatus.objects.filter(period=home).update(end_date=dt.date(2025, 12, 1))
    Placement.objects.filter(period=home).update(end_date=dt.date(2025, 12, 1))
    PreviousPermanenceRecord.objects.create(child=home.child, period=home, previous_permanence="Z1")
    arrived = CarePeriodFactory(child=PersonFactory(la_person_id="L0000003", sex="M", date_of_birth=dt.date(2009, 2, 14),
                                                    upn="", upn_unknown_reason="UN4"),
                                start_date=dt.date(2025, 5, 1), placement_type="R1")  # fmt: skip
    UASCRecordFactory(child=arrived.child, became_uasc_on=dt.date(2025, 5, 1))
    PreviousPermanenceRecord.objects.create(child=arrived.child, period=arrived, previous_permanence="Z1")


def test_build_import_build_gives_the_same_files(importer, tmp_path):
    a_record()
    before = read_folder(write_folder(tmp_path / "before"))
    flush_record()

    report = ssda903_import(folder=tmp_path / "before", imported_by=importer)

    assert report.ok, report.text()
    assert read_folder(write_folder(tmp_path / "after")) == before
    assert (report.created["Children"], report.created["Periods of care"], report.created["Placements"]) == (3, 3, 4)


def test_the_imported_record_is_the_one_the_lac_app_keeps(importer, tmp_path):
    a_record()
    write_folder(tmp_path / "ssda903")
    flush_record()

    ssda903_import(folder=tmp_path / "ssda903", imported_by=importer)

    period = CarePeriod.objects.get(child__la_person_id="L0000001")
    statuses = list(period.legal_statuses.order_by("start_date").values_list("legal_status", "start_date", "end_date"))
    assert statuses == [("V2", dt.date(2025, 5, 1), dt.date(2026, 1, 10)), ("C2", dt.date(2026, 1, 10), None)]
    placements = list(period.placements.order_by("start_date"))
    assert [(p.placement_type, p.end_date, p.change_reason) for p in placements] == [
        ("U6", dt.date(2025, 10, 1), "CREQB"), ("K2", None, "")]  # fmt: skip
    assert period.history.earliest().history_change_reason == "Imported from ssda903"
    assert Event.objects.filter(child=period.child, kind="care.started").get().occurred_at.date() == period.start_date
    uasc = UASCRecord.objects.get(child__la_person_id="L0000003")
    assert (uasc.became_uasc_on, uasc.ceased_on) == (dt.date(2025, 5, 1), None)  # DUC was the 18th birthday
    missing = MissingEpisode.objects.get(missing_type="A")
    assert missing.rhi_due_date is not None and missing.recorded_by == importer


def test_importing_the_same_folder_twice_changes_nothing(importer, tmp_path):
    a_record()
    write_folder(tmp_path / "ssda903")
    flush_record()
    ssda903_import(folder=tmp_path / "ssda903", imported_by=importer)
    rows = row_counts()

    again = ssda903_import(folder=tmp_path / "ssda903", imported_by=importer)

    assert again.ok and not again.changed, again.text()
    assert row_counts() == rows


def test_importing_over_the_same_record_changes_nothing(importer, tmp_path):
    a_record()
    write_folder(tmp_path / "ssda903")
    rows = row_counts()

    report = ssda903_import(folder=tmp_path / "ssda903", imported_by=importer)

    assert report.ok and not report.changed, report.text()
    assert row_counts() == rows


def test_a_later_year_extends_the_period_an_earlier_year_created(importer, tmp_path):
    period = CarePeriodFactory(child=PersonFactory(la_person_id="L0000009", sex="M", date_of_birth=dt.date(2010, 1, 1),
                                                   upn="Y999280017026"), start_date=dt.date(2024, 6, 1))  # fmt: skip
    # Missing over the reference date: no MIS_END in 2024-25, filled in by 2025-26.
    MissingEpisodeFactory(child=period.child, start_at=at(dt.date(2025, 3, 30)), end_at=at(dt.date(2025, 4, 2)))
    write_folder(tmp_path / "2024-25", CollectionYear(2024))
    Placement.objects.filter(period=period).update(end_date=dt.date(2025, 9, 1), change_reason="CARPL")
    Placement.objects.create(period=period, child=period.child, start_date=dt.date(2025, 9, 1), placement_type="U4",
                             provider="PR1", postcode="NB3 3AA")  # fmt: skip
    CarePeriod.objects.filter(pk=period.pk).update(end_date=dt.date(2026, 2, 1), end_reason="E4A")
    CareLegalStatus.objects.filter(period=period).update(end_date=dt.date(2026, 2, 1))
    Placement.objects.filter(period=period, end_date__isnull=True).update(end_date=dt.date(2026, 2, 1))
    later = read_folder(write_folder(tmp_path / "2025-26"))
    flush_record()

    ssda903_import(folder=tmp_path / "2024-25", imported_by=importer)
    report = ssda903_import(folder=tmp_path / "2025-26", imported_by=importer)

    assert report.ok, report.text()
    imported = CarePeriod.objects.get()
    assert (imported.start_date, imported.end_date, imported.end_reason) == (
        dt.date(2024, 6, 1), dt.date(2026, 2, 1), "E4A")  # fmt: skip
    assert MissingEpisode.objects.get().end_at is not None
    assert read_folder(write_folder(tmp_path / "again")) == later


def test_a_placement_reported_under_its_new_code_in_a_later_year_is_the_same_placement(importer, tmp_path):
    """Z1 was split into Z11-Z14 from April 2025: 2024-25 reports an open placement as Z1, 2025-26 as Z12."""
    period = CarePeriodFactory(child=PersonFactory(la_person_id="L0000010", sex="F", date_of_birth=dt.date(2011, 5, 5),
                                                   upn="Y999280017026"), start_date=dt.date(2024, 9, 2),
                               placement_type="Z12")  # fmt: skip
    Placement.objects.filter(period=period).update(provider="", urn="")  # no provider or URN for Z codes
    earlier = read_folder(write_folder(tmp_path / "2024-25", CollectionYear(2024)))
    later = read_folder(write_folder(tmp_path / "2025-26"))
    assert b",Z1," in earlier["episodes.csv"] and b",Z12," in later["episodes.csv"]
    flush_record()

    ssda903_import(folder=tmp_path / "2024-25", imported_by=importer)
    assert Placement.objects.get().placement_type == "Z1"  # all the 2024-25 file can say
    report = ssda903_import(folder=tmp_path / "2025-26", imported_by=importer)

    assert report.ok, report.text()
    assert Placement.objects.get().placement_type == "Z12"
    assert read_folder(write_folder(tmp_path / "again-2025-26")) == later
    assert read_folder(write_folder(tmp_path / "again-2024-25", CollectionYear(2024))) == earlier
    again = ssda903_import(folder=tmp_path / "2024-25", imported_by=importer)
    assert again.ok, again.text()
    assert Placement.objects.get().placement_type == "Z12"  # an earlier year does not undo it
    del period


def test_deprivation_of_liberty_orders_from_2026_27_round_trip(importer, tmp_path):
    from tests.legal.factories import DoLoFactory

    year = CollectionYear(2026)
    period = CarePeriodFactory(child=PersonFactory(la_person_id="L0000011", sex="M", date_of_birth=dt.date(2011, 2, 3),
                                                   upn="Y999280017026"), start_date=dt.date(2026, 1, 5),
                               placement_type="K2")  # fmt: skip
    DoLoFactory(child=period.child, period=period, start_date=dt.date(2026, 5, 4), end_date=dt.date(2026, 8, 28))
    DoLoFactory(child=period.child, period=period, start_date=dt.date(2026, 9, 7))
    before = read_folder(write_folder(tmp_path / "before", year))
    assert before["dolo.csv"].count(b"\n") == 3
    flush_record()

    report = ssda903_import(folder=tmp_path / "before", imported_by=importer)

    assert report.ok, report.text()
    orders = DeprivationOfLibertyOrder.objects.order_by("start_date")
    assert [(o.start_date, o.end_date, o.authorisation) for o in orders] == [
        (dt.date(2026, 5, 4), dt.date(2026, 8, 28), "unknown"),
        (dt.date(2026, 9, 7), None, "unknown"),
    ]
    assert all(order.period.start_date == dt.date(2026, 1, 5) for order in orders)
    assert read_folder(write_folder(tmp_path / "after", year)) == before
    counts = row_counts()
    assert ssda903_import(folder=tmp_path / "before", imported_by=importer).ok
    assert row_counts() == counts


def test_a_deprivation_of_liberty_order_outside_care_is_a_problem(importer, tmp_path):
    from tests.legal.factories import DoLoFactory

    year = CollectionYear(2026)
    period = CarePeriodFactory(child=PersonFactory(la_person_id="L0000012", sex="F", date_of_birth=dt.date(2011, 2, 3),
                                                   upn="Y999280017026"), start_date=dt.date(2026, 1, 5),
                               placement_type="K2")  # fmt: skip
    DoLoFactory(child=period.child, period=period, start_date=dt.date(2026, 5, 4))
    folder = write_folder(tmp_path / "bad", year)
    dolo = (folder / "dolo.csv").read_text().replace("04/05/2026", "04/05/2025")
    (folder / "dolo.csv").write_text(dolo)
    flush_record()

    report = ssda903_import(folder=folder, imported_by=importer)

    assert not report.ok
    assert "not in any of the child's periods of care" in report.text()
    assert row_counts()["Person"] == 0  # all or nothing


# --- Problems ---------------------------------------------------------------------------------------------


def test_a_bad_row_in_the_middle_writes_nothing_and_is_named(importer, tmp_path):
    a_record()
    folder = write_folder(tmp_path / "ssda903")
    flush_record()
    episodes = (folder / "episodes.csv").read_text().splitlines()
    episodes[2] = episodes[2].replace(",K2,", ",ZZ,")  # the move, line 3 of 5
    (folder / "episodes.csv").write_text("\r\n".join(episodes) + "\r\n")

    report = ssda903_import(folder=folder, imported_by=importer)

    assert [(p.where, p.child, p.field) for p in report.errors] == [("episodes.csv line 3", "L0000001", "PLACE")]
    assert "'ZZ' is not a DfE code for PLACE" in report.errors[0].message
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_every_problem_is_collected(importer, tmp_path):
    a_record()
    folder = write_folder(tmp_path / "ssda903")
    flush_record()
    header = (folder / "header.csv").read_text().splitlines()
    header[1] = header[1].replace("04/03/2012", "2012-03-04")
    header[3] = header[3].replace(",M,", ",X,")
    (folder / "header.csv").write_text("\r\n".join(header) + "\r\n")
    (folder / "missing.csv").write_text("CHILD,DOB,MISSING,MIS_START,MIS_END\r\nL0000099,,M,01/07/2025,\r\n")
    (folder / "notes.csv").write_text("CHILD,NOTE\r\nL0000001,hello\r\n")

    report = ssda903_import(folder=folder, imported_by=importer)

    found = {(p.where, p.child, p.field) for p in report.errors}
    assert found == {
        ("header.csv line 2", "L0000001", "DOB"),
        ("header.csv line 4", "L0000003", "SEX"),
        ("missing.csv line 2", "L0000099", "CHILD"),
        ("notes.csv line 1", "", "columns"),
    }
    assert Person.objects.count() == 0


def test_episodes_that_do_not_join_up_are_problems(importer, tmp_path):
    a_record()
    folder = write_folder(tmp_path / "ssda903")
    flush_record()
    episodes = (folder / "episodes.csv").read_text().splitlines()
    episodes[2] = episodes[2].replace("01/10/2025,P,", "02/10/2025,P,")  # does not start the day the last ended
    (folder / "episodes.csv").write_text("\r\n".join(episodes) + "\r\n")
    report = ssda903_import(folder=folder, imported_by=importer)

    assert [(p.where, p.field) for p in report.errors] == [("episodes.csv line 3", "DECOM")]


def test_last_years_tables_are_not_imported_but_reported_as_warnings(importer, tmp_path):
    a_record()
    folder = write_folder(tmp_path / "ssda903")
    flush_record()
    (folder / "dolo.csv").write_text("CHILD,DOB,DOLO_START,DOLO_END\r\nL0000001,04/03/2012,01/06/2025,\r\n")
    shutil.copy(folder / "header.csv", folder / "header_last.csv")

    report = ssda903_import(folder=folder, imported_by=importer)

    assert report.ok
    assert [(p.where, p.field) for p in report.problems if p.severity == "warning"] == [("header_last.csv", "file")]
    assert DeprivationOfLibertyOrder.objects.get().start_date == dt.date(2025, 6, 1)  # DoLo is imported


# --- The command line -------------------------------------------------------------------------------------


def test_the_command_imports_a_folder_and_refuses_a_bad_one(importer, tmp_path, capsys):
    a_record()
    folder = write_folder(tmp_path / "ssda903")
    flush_record()

    call_command("returns", "import", "ssda903", str(folder), "--user", "importer")
    assert "Periods of care: 3 in the file, 3 created, 0 updated" in capsys.readouterr().out

    (folder / "uasc.csv").write_text("CHILD,SEX,DOB,DUC\r\nL0000001,F,04/03/2012,31/31/2026\r\n")
    with pytest.raises(CommandError) as refused:
        call_command("returns", "import", "ssda903", str(folder), "--user", "importer")
    assert str(refused.value).startswith("SSDA903 import of ssda903 refused: 1 problem, nothing was written")
    assert "error: uasc.csv line 2 child L0000001 DUC: '31/31/2026' is not a date" in capsys.readouterr().out
    with pytest.raises(CommandError, match="is not a folder of SSDA903 CSV tables"):
        call_command("returns", "import", "ssda903", str(folder / "header.csv"), "--user", "importer")
