"""`safeguard returns validate cin-census`: exit 0 without errors, 1 with, 2 with one line when unreadable."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .cin_builder import census, child

# Eight disability codes, so that query 2887Q (fewer than 8 codes used in the whole return) stays quiet.
DISABILITIES = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"]
VALID = census(child(disabilities=DISABILITIES))
FAULTY = census(child(Sex="X", disabilities=DISABILITIES))  # 4180
QUERY_ONLY = census(child(FormerUPN="12345", disabilities=DISABILITIES))  # 1560Q


def validate(path, *extra) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "returns", "validate", "cin-census", str(path), "--year", "2025-26", *extra, stdout=out, stderr=err
        )
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def write(tmp_path, content: bytes, name="census.xml"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_valid_return_exits_0(tmp_path):
    status, out = validate(write(tmp_path, VALID))
    assert status == 0
    assert "0 errors" in out and "109 rules run" in out and "0 queries" in out


def test_queries_alone_exit_0_and_are_listed(tmp_path):
    status, out = validate(write(tmp_path, QUERY_ONLY))
    assert status == 0
    assert "QUERY 1560Q  C1" in out


def test_errors_exit_1_with_one_line_per_finding(tmp_path):
    status, out = validate(write(tmp_path, FAULTY))
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("ERROR 4180   C1")
    assert "Sex must be provided and equal M, F, or U" in lines[0]
    assert lines[-1].endswith("1 errors (1 children) and 0 queries from 1 rules")


def test_json_and_csv(tmp_path):
    path = write(tmp_path, FAULTY)
    status, out = validate(path, "--format", "json")
    document = json.loads(out)
    assert status == 1
    assert document["errors"] == 1
    assert document["findings"] == [
        {"child": "C1", "code": "4180", "severity": "error", "table": "ChildIdentifiers", "fields": "Sex",
         "location": "", "message": "Sex must be provided and equal M, F, or U"}
    ]  # fmt: skip
    status, out = validate(path, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 1
    assert [(row["child"], row["code"], row["table"]) for row in rows] == [("C1", "4180", "ChildIdentifiers")]


def test_a_subset_of_rules(tmp_path):
    status, out = validate(write(tmp_path, FAULTY), "--rules", "8520,1560Q")
    assert status == 0
    assert "2 rules run" in out
    with pytest.raises(CommandError, match="Unknown rule code"):
        validate(write(tmp_path, FAULTY), "--rules", "9999")


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"<Message><Header></Message>", "is not well-formed XML"),
        (b"", "is not well-formed XML"),
        ("<?xml version='1.0' encoding='utf-8'?><Message>caf\u00e9</Message>".encode("latin-1"), "not well-formed"),
        (b"<?xml version='1.0'?><Return><Child/></Return>", "root element is <Return>"),
    ],
    ids=["malformed", "empty", "wrong-encoding", "not-a-census"],
)
def test_unreadable_input_exits_2_with_one_line(tmp_path, content, reason):
    with pytest.raises(CommandError) as raised:
        validate(write(tmp_path, content))
    assert raised.value.returncode == 2
    assert reason in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_missing_file_or_unknown_year_exits_2(tmp_path):
    with pytest.raises(CommandError, match="is not a file") as raised:
        validate(tmp_path / "missing.xml")
    assert raised.value.returncode == 2
    out = io.StringIO()
    with pytest.raises(CommandError, match="no CIN census rules for 2024-25") as raised:
        call_command("returns", "validate", "cin-census", str(write(tmp_path, FAULTY)), "--year", "2024-25", stdout=out)
    assert raised.value.returncode == 2
