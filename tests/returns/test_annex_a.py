"""Annex A: the workbook's sheets and headings against the template, the coded values, the command line."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from safeguard import codelists
from safeguard.returns import annex_a_template as template
from safeguard.returns.annex_a import annex_a_build
from safeguard.returns.registry import return_kind
from tests.factories import EpisodeFactory, PersonFactory
from tests.returns import annex_a_template_spec as spec

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 31)  # six months from 1 October 2025; twelve months from 1 April 2025


def read(content: bytes) -> dict[str, list[dict]]:
    book = load_workbook(io.BytesIO(content))  # not read-only: that mode drops trailing blank cells
    sheets = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        headings = list(rows[0])
        sheets[sheet.title] = [dict(zip(headings, map(_plain, row), strict=True)) for row in rows[1:]]
    return sheets


def _plain(value):
    """Dates come back from Excel as midnight datetimes."""
    return value.date() if isinstance(value, dt.datetime) else value


def build(as_of: dt.date = AS_OF) -> dict[str, list[dict]]:
    return read(annex_a_build(as_of=as_of).workbook)


def rows_for(sheets: dict, sheet: str, child) -> list[dict]:
    return [row for row in sheets[sheet] if row["Child Unique ID"] == child.la_person_id]


def test_sheets_and_headings_are_the_templates_in_order():
    book = load_workbook(io.BytesIO(annex_a_build(as_of=AS_OF).workbook), read_only=True)

    assert book.sheetnames == list(spec.SHEETS)
    for sheet in book.worksheets:
        header = next(sheet.iter_rows(max_row=1, values_only=True))
        assert list(header) == spec.headings(sheet.title), sheet.title


def test_early_help_has_its_headings_and_no_rows_because_safeguard_records_none():
    EpisodeFactory(referral_date=dt.date(2026, 1, 5))

    sheets = read(annex_a_build(as_of=AS_OF).workbook)

    assert sheets["List 2"] == []
    assert len(sheets["List 3"]) == 1


@pytest.mark.parametrize("mapping", sorted(spec.CODED_SAMPLES))
def test_coded_values_carry_the_templates_prefixes(mapping):
    ours = {
        "gender": template.GENDER,
        "ethnicity": template.ETHNICITY,
        "source": template.SOURCE,
        "need": template.NEED,
        "legal_status": template.LEGAL_STATUS,
        "placement_type": template.PLACEMENT_TYPE,
        "reason_ceased": template.REASON_CEASED,
    }[mapping]
    for code, expected in spec.CODED_SAMPLES[mapping].items():
        assert template.coded(ours, code) == expected


@pytest.mark.parametrize(
    ("choices", "mapping"),
    [
        (codelists.Sex, template.GENDER),
        (codelists.Ethnicity, template.ETHNICITY),
        (codelists.ReferralSource, template.SOURCE),
        (codelists.PrimaryNeed, template.NEED),
        (codelists.CategoryOfNeed, template.NEED),
        (codelists.ReasonForClosure, template.CLOSURE_REASON),
        (codelists.CategoryOfAbuse, template.CATEGORY_OF_ABUSE),
        (codelists.LegalStatus, template.LEGAL_STATUS),
        (codelists.PlacementType, template.PLACEMENT_TYPE),
        (codelists.PlacementProvider, template.PLACEMENT_PROVIDER),
        (codelists.CareLeaverInTouch, template.IN_TOUCH),
        (codelists.ReasonPlacedForAdoptionCeased, template.NO_LONGER_PLACED_REASON),
    ],
)
def test_every_safeguard_code_has_a_coded_value(choices, mapping):
    assert [code for code in choices.values if template.coded(mapping, code) is None] == []


def test_care_leaver_codes_split_into_the_templates_columns():
    for code in codelists.CareLeaverAccommodation.values:
        if code != "0":
            assert template.ACCOMMODATION[code[0]] and template.SUITABILITY[code[1]]
    assert template.coded(template.ACCOMMODATION, "D") == (
        "D: Semi-independent, transitional accommodation and self-contained accommodation"
    )
    assert [code for code in codelists.CareLeaverActivity.values if code != "0" and code not in template.ACTIVITY] == []
    assert template.coded(template.REASON_CEASED, "E11") == "a) E11: Adopted - application unopposed"
    assert template.coded(template.SOURCE, "") is None
    assert (template.yes_no(True), template.yes_no(False), template.yes_no(None)) == ("a) Yes", "b) No", None)


def test_every_reason_ceased_except_the_retired_ones_is_coded():
    uncoded = [code for code in codelists.ReasonEpisodeCeased.values if code not in template.REASON_CEASED]
    assert set(uncoded) <= {"E42", "E43", "E44"}  # pre-2015 codes; the template folds E43/E44 into E46/E48


def test_the_command_line_writes_the_workbook(tmp_path):
    child = PersonFactory(sex="F", ethnicity="WBRI", date_of_birth=dt.date(2016, 4, 1))
    EpisodeFactory(child=child, referral_date=dt.date(2026, 3, 2))
    out = tmp_path / "f.xlsx"

    call_command("returns", "build", "annex-a", "--as-of", "2026-03-31", "--out", str(out))

    sheets = read(out.read_bytes())
    (row,) = sheets["List 3"]
    assert row["Child Unique ID"] == child.la_person_id
    assert (row["Gender"], row["Ethnicity"], row["Date of Birth"], row["Age of Child (Years)"]) == (
        "b) Female",
        "a) WBRI",
        dt.date(2016, 4, 1),
        9,  # 10 on 1 April 2026, the day after
    )
    assert row["Date of referral"] == dt.date(2026, 3, 2)


def test_a_bad_date_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match="'2026-02-30' is not a date: write it as YYYY-MM-DD"):
        call_command("returns", "build", "annex-a", "--as-of", "2026-02-30", "--out", str(tmp_path / "f.xlsx"))


def test_registered_with_progress_and_the_people_it_is_about():
    kind = return_kind("annex-a")
    child = EpisodeFactory(referral_date=dt.date(2026, 1, 5)).child
    steps = []

    result = kind.build(as_of=AS_OF, progress=lambda step, done, total: steps.append((step, done, total)))

    assert (kind.period, kind.output, kind.suffix) == ("as_of", "file", ".xlsx")
    assert list(result.files) == ["annex-a-2026-03-31.xlsx"]
    assert result.person_ids == {child.pk}
    assert steps[0] == ("List 1: Contacts", 0, 12) and steps[-1] == ("Done", 12, 12)
    assert [step for step, _, _ in steps[:11]] == [f"{sheet}: {title}" for sheet, title in template.TITLES.items()]


def test_cells_keep_their_types_and_text_is_never_a_formula():
    """Free text typed into the record (a name, a team) could start with "=": it must reach inspectors as text."""
    import xlsxwriter

    from safeguard.returns.annex_a import DATE_FORMAT, _write_cells

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "default_date_format": DATE_FORMAT})
    sheet = book.add_worksheet("List 1")
    _write_cells(sheet, 0, ['=HYPERLINK("x")', dt.date(2026, 3, 31), 7, None, "", "a) Male"])
    book.close()

    cells = next(load_workbook(io.BytesIO(out.getvalue()))["List 1"].iter_rows())
    assert [cell.data_type for cell in cells[:3]] == ["s", "d", "n"]
    assert [cell.value for cell in cells] == ['=HYPERLINK("x")', dt.datetime(2026, 3, 31), 7, None, None, "a) Male"]
    assert cells[1].number_format == DATE_FORMAT
