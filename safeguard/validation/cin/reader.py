"""Read a CIN census XML file into Polars frames, one per table of the DfE's data model.

Streaming (lxml iterparse, each <Child> cleared once read), so a national file stays within memory. Tables and
their parent keys (`CINdetailsID`, `AssessmentID`, `CPPID` count from 1 within their parent, as the DfE's
reference validator numbers them):

    Header                 Collection, Year, ReferenceDate, SourceLevel, LEA, SoftwareCode, Release, SerialNo, DateTime
    ChildIdentifiers       LAchildID, UPN, FormerUPN, UPNunknown, PersonBirthDate, ExpectedPersonBirthDate, Sex, ...
    ChildCharacteristics   LAchildID, Ethnicity
    Disabilities           LAchildID, Disability                                   (one row per code)
    CINdetails             LAchildID, CINdetailsID, CINreferralDate, ReferralSource, PrimaryNeedCode, ...
    Assessments            LAchildID, CINdetailsID, AssessmentID, AssessmentActualStartDate, ..., FactorCount
    AssessmentFactors      LAchildID, CINdetailsID, AssessmentID, AssessmentFactor (one row per code)
    CINplanDates           LAchildID, CINdetailsID, CINPlanStartDate, CINPlanEndDate
    Section47              LAchildID, CINdetailsID, S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC, ...
    ChildProtectionPlans   LAchildID, CINdetailsID, CPPID, CPPstartDate, CPPendDate, categories, NumberOfPreviousCPP
    Reviews                LAchildID, CINdetailsID, CPPID, CPPreviewDate           (one row per review date)

Every table has a `row` column (its position in the table, from 0). Values are strings; every column whose name
contains "date" is parsed to a Date, and a value that is not a date becomes null (as the reference validator
does), so a "must be present" rule also catches an unreadable date. Missing optional elements are nulls.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
from lxml import etree

from ..engine import Frames
from ..errors import InputError

HEADER = ["Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo",
          "DateTime"]  # fmt: skip
IDENTIFIERS = ["UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate", "GenderCurrent", "Sex",
               "PersonDeathDate"]  # fmt: skip
DETAILS = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
           "DateOfInitialCPC", "ReferralNFA"]  # fmt: skip
ASSESSMENT = ["AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate"]
PLAN_DATES = ["CINPlanStartDate", "CINPlanEndDate"]
SECTION47 = ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"]
PROTECTION = ["CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"]

COLUMNS = {
    "ChildIdentifiers": ["LAchildID", *IDENTIFIERS],
    "ChildCharacteristics": ["LAchildID", "Ethnicity"],
    "Disabilities": ["LAchildID", "Disability"],
    "CINdetails": ["LAchildID", "CINdetailsID", *DETAILS],
    "Assessments": ["LAchildID", "CINdetailsID", "AssessmentID", *ASSESSMENT, "FactorCount"],
    "AssessmentFactors": ["LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"],
    "CINplanDates": ["LAchildID", "CINdetailsID", *PLAN_DATES],
    "Section47": ["LAchildID", "CINdetailsID", *SECTION47],
    "ChildProtectionPlans": ["LAchildID", "CINdetailsID", "CPPID", *PROTECTION],
    "Reviews": ["LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"],
}
LOCATIONS = (("CINdetailsID", "CINdetails"), ("AssessmentID", "Assessments"), ("CPPID", "ChildProtectionPlans"))
INTEGER_COLUMNS = {"CINdetailsID", "AssessmentID", "CPPID", "FactorCount"}


def _text(element, tag: str) -> str | None:
    found = element.find(tag)
    if found is None or found.text is None:
        return None
    value = found.text.strip()
    return value or None


class _Tables:
    def __init__(self) -> None:
        self.columns = {name: {column: [] for column in columns} for name, columns in COLUMNS.items()}

    def add(self, table: str, values: dict) -> None:
        for column, store in self.columns[table].items():
            store.append(values.get(column))

    def child(self, child) -> None:
        # One pass over each element's children (the first of a repeated element wins); text is stripped and
        # empty values made null later, column by column.
        values: dict = {}
        characteristics = None
        details = []
        for element in child:
            tag = element.tag
            if tag == "ChildIdentifiers":
                values = _fields(element)
            elif tag == "ChildCharacteristics":
                characteristics = element
            elif tag == "CINdetails":
                details.append(element)
        child_id = _stripped(values.get("LAchildID"))
        values["LAchildID"] = child_id
        self.add("ChildIdentifiers", values)
        ethnicity = None
        if characteristics is not None:
            ethnicity = characteristics.findtext("Ethnicity")
            for disability in characteristics.iterfind("Disabilities/Disability"):
                self.add("Disabilities", {"LAchildID": child_id, "Disability": disability.text})
        self.add("ChildCharacteristics", {"LAchildID": child_id, "Ethnicity": ethnicity})
        for number, element in enumerate(details, start=1):
            self._details(element, {"LAchildID": child_id, "CINdetailsID": number})

    def _details(self, details, keys: dict) -> None:
        values = dict(keys)
        assessments, plans, enquiries, protection = 0, [], [], 0
        for element in details:
            tag = element.tag
            if tag == "Assessments":
                assessments += 1
                self._assessment(element, keys | {"AssessmentID": assessments})
            elif tag == "CINPlanDates":
                plans.append(keys | _fields(element))
            elif tag == "Section47":
                enquiries.append(keys | _fields(element))
            elif tag == "ChildProtectionPlans":
                protection += 1
                self._protection(element, keys | {"CPPID": protection})
            elif tag not in values and isinstance(tag, str):
                values[tag] = element.text
        self.add("CINdetails", values)
        for row in plans:
            self.add("CINplanDates", row)
        for row in enquiries:
            self.add("Section47", row)

    def _assessment(self, assessment, keys: dict) -> None:
        factors = [f.text for f in assessment.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")]
        self.add("Assessments", keys | _fields(assessment) | {"FactorCount": len(factors)})
        for factor in factors:
            self.add("AssessmentFactors", keys | {"AssessmentFactor": factor})

    def _protection(self, plan, keys: dict) -> None:
        self.add("ChildProtectionPlans", keys | _fields(plan))
        for review in plan.iterfind("Reviews/CPPreviewDate"):
            self.add("Reviews", keys | {"CPPreviewDate": review.text})

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: _frame(columns) for name, columns in self.columns.items()}


def _fields(element) -> dict:
    """The text of an element's children by tag; the first of a repeated tag wins."""
    return {child.tag: child.text for child in reversed(element)}


def _stripped(text: str | None) -> str | None:
    value = (text or "").strip()
    return value or None


def _frame(columns: dict[str, list]) -> pl.DataFrame:
    schema = {name: (pl.Int32 if name in INTEGER_COLUMNS else pl.String) for name in columns}
    frame = pl.DataFrame(columns, schema=schema)
    text = [name for name, kind in schema.items() if kind == pl.String]
    frame = frame.with_columns(pl.col(name).str.strip_chars().replace("", None) for name in text)
    parsed = [
        pl.col(name).str.to_date("%Y-%m-%d", strict=False)
        for name in columns
        if "date" in name.lower() and name != "DateTime"
    ]
    return frame.with_columns(parsed).with_row_index("row")


def read_tables(source: Path | str | bytes) -> dict[str, pl.DataFrame]:
    """The census file (a path, or the document's bytes) as a dict of DataFrames; InputError with a one-line
    reason if it cannot be read."""
    if isinstance(source, bytes):
        name, stream = "the census", io.BytesIO(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{path} is not a file")
        name, stream = path.name, str(path)
    tables = _Tables()
    header: dict = {}
    root_checked = False
    try:
        # Only <Child> and <Header> reach Python; everything inside a child is read from its element.
        for _event, element in etree.iterparse(stream, events=("end",), tag=("Child", "Header"), huge_tree=True):
            if not root_checked:
                _check_root(element.getroottree().getroot().tag, name)
                root_checked = True
            if element.tag == "Child":
                tables.child(element)
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
            else:
                header = {tag: _text(element, f"CollectionDetails/{tag}") for tag in HEADER[:3]}
                header |= {tag: _text(element, f"Source/{tag}") for tag in HEADER[3:]}
    except etree.XMLSyntaxError as error:
        raise InputError(f"{name} is not well-formed XML: {_one_line(error)}") from None
    except (UnicodeDecodeError, LookupError) as error:
        raise InputError(f"{name} cannot be decoded: {_one_line(error)}") from None
    except OSError as error:
        raise InputError(f"{name} cannot be read: {_one_line(error)}") from None
    if not root_checked:
        raise InputError(f"{name} is not a CIN census file: it has no <Header> and no <Child>")
    frames = tables.frames()
    frames["Header"] = _frame({tag: [header.get(tag)] for tag in HEADER})
    return frames


def _check_root(tag, name: str) -> None:
    if _local(tag) != "Message":
        raise InputError(f"{name} is not a CIN census file: its root element is <{_local(tag)}>, not <Message>")
    if "}" in str(tag):
        raise InputError(f"{name} uses an XML namespace; the CIN census has none")


def _local(tag) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def census_frames(tables: dict[str, pl.DataFrame], *, period_end: dt.date) -> Frames:
    """The frames the rules run on. The census period ends on the header's ReferenceDate when it is a date, else
    on `period_end` (the collection year's 31 March), and starts the day after the same date a year before."""
    reference = tables["Header"]["ReferenceDate"][0]
    end = reference if isinstance(reference, dt.date) else period_end
    start = _year_before(end) + dt.timedelta(days=1)
    return Frames(
        tables={name: frame.lazy() for name, frame in tables.items()},
        period_start=start,
        period_end=end,
        locations=LOCATIONS,
    )


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def read_census(source: Path | str | bytes, *, period_end: dt.date) -> Frames:
    return census_frames(read_tables(source), period_end=period_end)
