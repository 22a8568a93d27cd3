"""Small CIN census documents for the rule tests: a valid child by default, one element changed per test.

A document is nested dicts: a dict is an element's children in order, a list repeats the element, None leaves it
out, anything else is the element's text.
"""

from __future__ import annotations

import copy
import datetime as dt
from xml.etree import ElementTree as ET

import polars as pl

from safeguard.validation.cin.reader import read_census
from safeguard.validation.cin.rules_2025_26 import RULES
from safeguard.validation.engine import run

REFERENCE_DATE = dt.date(2026, 3, 31)
EVERY_RULE = RULES


def assessment(**fields) -> dict:
    return {
        "AssessmentActualStartDate": "2025-06-03",
        "AssessmentAuthorisationDate": "2025-07-01",
        "FactorsIdentifiedAtAssessment": {"AssessmentFactors": ["1A"]},
    } | fields


def section47(**fields) -> dict:
    return {"S47ActualStartDate": "2025-06-04", "InitialCPCtarget": "2025-06-25", "DateOfInitialCPC": "2025-06-20",
            "ICPCnotRequired": None} | fields  # fmt: skip


def protection_plan(*reviews: str, **fields) -> dict:
    return {
        "CPPstartDate": "2025-06-20",
        "CPPendDate": None,
        "InitialCategoryOfAbuse": "NEG",
        "LatestCategoryOfAbuse": "NEG",
        "NumberOfPreviousCPP": "0",
        "Reviews": {"CPPreviewDate": list(reviews)} if reviews else None,
    } | fields


def cin_plan(**fields) -> dict:
    return {"CINPlanStartDate": "2025-07-02", "CINPlanEndDate": None} | fields


def episode(*, assessments=None, plans=(), enquiries=None, protection=(), **fields) -> dict:
    """A referral going on to further action, with one completed assessment unless told otherwise; with child
    protection plans, a section 47 whose conference was on the (default) plan start date unless told otherwise."""
    if enquiries is None:
        enquiries = [section47()] if protection else []
    return {
        "CINreferralDate": "2025-06-02",
        "ReferralSource": "1A",
        "PrimaryNeedCode": "N1",
        "CINclosureDate": None,
        "ReasonForClosure": None,
        "DateOfInitialCPC": None,
        "Assessments": [assessment()] if assessments is None else list(assessments),
        "CINPlanDates": list(plans),
        "Section47": list(enquiries),
        "ReferralNFA": "false",
        "ChildProtectionPlans": list(protection),
    } | fields


def child(la_id: str = "C1", *, episodes=None, disabilities=("NONE",), ethnicity="WBRI", **identifiers) -> dict:
    """A child under school age (no UPN: UN1), born 1 January 2022, with one open episode."""
    return {
        "ChildIdentifiers": {
            "LAchildID": la_id,
            "UPN": None,
            "FormerUPN": None,
            "UPNunknown": "UN1",
            "PersonBirthDate": "2022-01-01",
            "ExpectedPersonBirthDate": None,
            "Sex": "F",
            "PersonDeathDate": None,
        }
        | identifiers,
        "ChildCharacteristics": {
            "Ethnicity": ethnicity,
            "Disabilities": {"Disability": list(disabilities)} if disabilities is not None else None,
        },
        "CINdetails": [episode()] if episodes is None else list(episodes),
    }


def header(**fields) -> dict:
    collection = {"Collection": "CIN", "Year": "2026", "ReferenceDate": REFERENCE_DATE.isoformat()}
    source = {"SourceLevel": "L", "LEA": "999", "SoftwareCode": "Tests", "Release": "1", "SerialNo": "001",
              "DateTime": "2026-04-01T09:00:00"}  # fmt: skip
    return {
        "CollectionDetails": {k: fields.pop(k, v) for k, v in collection.items()},
        "Source": {k: fields.pop(k, v) for k, v in source.items()},
    }


def _build(parent: ET.Element, tag: str, value) -> None:
    if value is None:
        return
    if isinstance(value, list):
        for item in value:
            _build(parent, tag, item)
        return
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for child_tag, child_value in value.items():
            _build(element, child_tag, child_value)
    else:
        element.text = str(value)


def census(*children: dict, header_fields: dict | None = None) -> bytes:
    message = ET.Element("Message")
    _build(message, "Header", header(**(header_fields or {})))
    _build(message, "Children", {"Child": [copy.deepcopy(c) for c in children] or [child()]})
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)


def findings(xml: bytes, *codes: str) -> pl.DataFrame:
    """The findings of the given rules, or of the whole set."""
    rules = EVERY_RULE.only(codes) if codes else RULES
    return run(rules, read_census(xml, period_end=REFERENCE_DATE))


def flagged(xml: bytes, code: str) -> list[tuple]:
    """(child, table, location) of each finding of rule `code`."""
    return [(row["child"], row["table"], row["location"]) for row in findings(xml, code).iter_rows(named=True)]
