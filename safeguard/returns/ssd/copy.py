"""The SSD tables PostgreSQL writes itself: `COPY (SELECT ...) TO STDOUT WITH (FORMAT csv)`, streamed to the file.

For the tables that are straight mappings of Safeguard's columns (or close to it: a label, an outcome JSON built from
one decision, "the allocation running on that day") the SELECT below formats every value as `core.cell()` does, so
the file is byte for byte what the portable path (`core.py`, the csv module) writes from the same data:

- every column is text, and an empty value is NULL (COPY writes NULL unquoted and "" quoted; the csv module writes
  both as nothing), so each expression is wrapped in `NULLIF(..., '')`;
- dates `to_char(d, 'YYYY-MM-DD')`; date-times in the project's time zone `YYYY-MM-DD HH24:MI:SS` (truncated, as
  `cell()` drops microseconds); booleans Y/N; numerics without trailing zeros (`trim_scale`);
- JSON is built as text with the same key order and separators as `json.dumps` (strings via `to_json`, which
  leaves non-ASCII as it is: `cell()` writes JSON with `ensure_ascii=False` to match).

Both paths read the same rows in the same order (`ORDER BY` the same keys), and `tests/returns/test_ssd.py` runs
both on the same data on PostgreSQL and compares the files. A table not listed in `COPY_SQL` is written by Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import BinaryIO

from django.conf import settings
from django.db import connection
from django.db.models import TextChoices

from safeguard.casework.models import Assessment
from safeguard.codelists import ReferralSource
from safeguard.people.models import Person, Relationship
from safeguard.protection.models import InitialChildProtectionConference, Section47Enquiry
from safeguard.workforce.models import Allocation, Service

from . import tables as T
from .core import Context

# --- formatting in SQL, mirroring core.cell() ------------------------------------------------------------------


def quote(value: str) -> str:
    """A SQL string literal (for constants from the code: labels, codes, the time zone)."""
    return "'" + str(value).replace("'", "''") + "'"


def day(column: str) -> str:
    return f"to_char({column}, 'YYYY-MM-DD')"


def stamp(column: str) -> str:
    return f"to_char({column} AT TIME ZONE {quote(settings.TIME_ZONE)}, 'YYYY-MM-DD HH24:MI:SS')"


def yn(condition: str) -> str:
    """Y/N, blank when NULL; the condition is evaluated once (it may be a subquery)."""
    return f"CASE ({condition}) WHEN TRUE THEN 'Y' WHEN FALSE THEN 'N' END"


def num(column: str) -> str:
    return f"trim_scale({column})::text"


def mapped(column: str, mapping: dict, default: str | None = None) -> str:
    """CASE column WHEN key THEN value ...: a dict lookup; `default` is the SQL for anything else."""
    whens = " ".join(f"WHEN {quote(key)} THEN {quote(value)}" for key, value in mapping.items())
    return f"CASE {column} {whens} ELSE {default if default is not None else 'NULL'} END"


def label(choices: type[TextChoices], column: str) -> str:
    """core.label: the choice's label, the stored value if it is not a choice, blank when blank."""
    return mapped(column, dict(choices.choices), default=column)


def json_object(items: Iterable[tuple[str, str]]) -> str:
    """`json.dumps` of a flat dict: each item is (key, SQL giving the value's JSON text)."""
    parts = []
    for index, (key, value) in enumerate(items):
        prefix = ("{" if index == 0 else ", ") + f'"{key}": '
        parts.append(f"{quote(prefix)} || {value}")
    return "(" + " || ".join(parts) + " || '}')"


def json_text(expression: str) -> str:
    """A JSON string of a text value, "" when NULL."""
    return f"to_json(COALESCE({expression}, ''))::text"


def outcome_json(keys: Iterable[str], flags: dict[str, str] | None, when: str | None, **extra: str) -> str:
    """core.outcome_json: every key "", Y/N for `flags` (key → SQL condition) when `when` holds (or always)."""
    items = []
    for key in keys:
        if flags and key in flags:
            value = f"CASE WHEN {flags[key]} THEN '\"Y\"' ELSE '\"N\"' END"
            if when is not None:
                value = f"CASE WHEN {when} THEN {value} ELSE '\"\"' END"
        else:
            value = "'\"\"'"
        items.append((key, value))
    items.extend(extra.items())
    return json_object(items)


def one_outcome(mapping: dict, column: str) -> dict[str, str]:
    """tables._one_outcome: Y on the recorded outcome's flag, N on the others the record could have set."""
    return {flag: f"{column} = {quote(outcome)}" for outcome, flag in mapping.items()}


def select(columns: list[str], rest: str) -> str:
    """SELECT every column as text, blank as NULL."""
    return "SELECT " + ", ".join(f"NULLIF(({column})::text, '')" for column in columns) + " " + rest


def running_on(table: str, key: str, start: str, end: str, value: str, condition: str, where: str, day_sql: str):
    """core.Spans.on in SQL: of the spans of this key that had started by the day and not ended before it, the
    latest-starting (the higher id on a tie)."""
    return (
        f"(SELECT s.{value} FROM {table} s WHERE s.{key} = {where} AND {condition} AND s.{start} <= {day_sql} "
        f"AND (s.{end} IS NULL OR s.{end} >= {day_sql}) ORDER BY s.{start} DESC, s.id DESC LIMIT 1)"
    )


CHILD = quote(Person.Kind.CHILD)
KEY_WORKER = f"s.kind = {quote(Allocation.Kind.KEY_WORKER)}"


def worker_of(user_column: str) -> str:
    """The worker id of a user (Worker.user is one-to-one)."""
    return f"(SELECT w.id FROM workforce_worker w WHERE w.user_id = {user_column})"


# --- the tables ----------------------------------------------------------------------------------------------------


def _person(context: Context) -> str:
    gender = mapped(
        "p.gender_identity", T.GENDER_CODES, default=f"CASE WHEN p.gender_identity = 'same' THEN "
        f"{mapped('p.sex', T.SEX_TO_GENDER, default=quote('00'))} END",
    )  # fmt: skip
    parent = quote(Relationship.Type.PARENT)
    is_parent = f"EXISTS (SELECT 1 FROM people_relationship r WHERE r.related_person_id = p.id AND r.type = {parent})"
    return select(
        ["p.la_person_id", "p.sex", gender, "p.ethnicity", day("p.date_of_birth"), "p.nhs_number", "NULL",
         "p.upn_unknown_reason", "NULL", day("p.expected_date_of_birth"), day("p.date_of_death"),
         f"CASE WHEN {is_parent} AND p.sex <> 'M' THEN 'Y' ELSE 'N' END", "NULL"],
        f"FROM people_person p WHERE p.kind = {CHILD} ORDER BY p.la_person_id",
    )  # fmt: skip


def _family(context: Context) -> str:
    return (
        "SELECT DISTINCT NULLIF(c.group_reference, ''), NULLIF(p.la_person_id, '') FROM frontdoor_contact c "
        f"JOIN people_person p ON p.id = c.child_id WHERE c.group_reference <> '' AND p.kind = {CHILD} "
        "ORDER BY 1, 2"
    )


def _address(context: Context) -> str:
    # lac.locations: the postcode normalised ("NB12AB" -> "NB1 2AB"), looked up in full, else by its outward code.
    compact = "upper(translate(a.postcode, E' \\t\\n\\r\\f\\v', ''))"
    full = f"CASE WHEN length({compact}) > 4 THEN left({compact}, -3) || ' ' || right({compact}, 3) ELSE {compact} END"
    located = "CASE WHEN f.id IS NOT NULL THEN f.{column} ELSE o.{column} END::text"
    street = "concat_ws(', ', NULLIF(a.line_1, ''), NULLIF(a.line_2, ''))"
    address = json_object(
        [(key, "'\"\"'") for key in T.ADDRESS_KEYS[:5]]
        + [("STREET", json_text(street)), ("TOWN", json_text("a.town")), ("UPRN", "'\"\"'")]
        + [(key, json_text(located.format(column=key.lower()))) for key in ("EASTING", "NORTHING")]
    )  # fmt: skip
    # The postcode forms are computed once per row in a materialised CTE (inlined, PostgreSQL repeats them).
    addresses = (
        f"WITH a AS MATERIALIZED (SELECT a.*, p.la_person_id, {compact} AS compact, {full} AS full_postcode "
        f"FROM people_address a JOIN people_person p ON p.id = a.person_id WHERE p.kind = {CHILD}) "
    )
    return addresses + select(
        ["a.id", address, "a.la_person_id", "NULL", day("a.start_date"), day("a.end_date"), "a.compact"],
        "FROM a LEFT JOIN lac_postcodelocation f ON f.postcode = a.full_postcode AND a.full_postcode <> '' "
        "LEFT JOIN lac_postcodelocation o ON o.postcode = split_part(a.full_postcode, ' ', 1) "
        "AND split_part(a.full_postcode, ' ', 1) <> '' ORDER BY a.id",
    )


def _disability(context: Context) -> str:
    return select(
        ["p.la_person_id", "d.id", "d.code"],
        f"FROM people_persondisability d JOIN people_person p ON p.id = d.person_id WHERE p.kind = {CHILD} "
        "ORDER BY d.id",
    )


def _contacts(context: Context) -> str:
    outcome = outcome_json(T.CONTACT_OUTCOME_KEYS, one_outcome(T.CONTACT_OUTCOME_FLAGS, "d.outcome"),
                           "COALESCE(d.outcome, '') <> ''")  # fmt: skip
    return select(
        ["c.id", "p.la_person_id", stamp("c.received_at"), "c.source", label(ReferralSource, "c.source"), outcome],
        "FROM frontdoor_contact c JOIN people_person p ON p.id = c.child_id "
        "LEFT JOIN frontdoor_contactdecision d ON d.contact_id = c.id ORDER BY c.id",
    )


def _cin_episodes(context: Context) -> str:
    flags = {
        "SINGLE_ASSESSMENT_FLAG": "EXISTS (SELECT 1 FROM casework_assessment x WHERE x.episode_id = e.id)",
        "NFA_FLAG": "e.referral_nfa",
        "STRATEGY_DISCUSSION_FLAG": "EXISTS (SELECT 1 FROM protection_strategydiscussion x WHERE x.episode_id = e.id)",
        "CP_CONFERENCE_FLAG": "EXISTS (SELECT 1 FROM protection_initialchildprotectionconference x "
        "JOIN protection_section47enquiry s ON s.id = x.section47_id WHERE s.episode_id = e.id)",
        "CLA_REQUEST_FLAG": "EXISTS (SELECT 1 FROM lac_careperiod x WHERE x.cin_episode_id = e.id)",
    }
    return select(
        ["e.id", "p.la_person_id", day("e.referral_date"), "e.primary_need", "e.referral_source",
         label(ReferralSource, "e.referral_source"), outcome_json(T.REFERRAL_OUTCOME_KEYS, flags, None),
         yn("e.referral_nfa"), "e.close_reason", day("e.close_date"), "e.team_id", worker_of("e.opened_by_id")],
        "FROM casework_cinepisode e JOIN people_person p ON p.id = e.child_id ORDER BY e.id",
    )  # fmt: skip


def _assessments(context: Context) -> str:
    allocated = running_on("workforce_allocation", "child_id", "start_date", "end_date", "worker_id", KEY_WORKER,
                           "a.child_id", "a.start_date")  # fmt: skip
    has_outcome = "a.outcome <> ''"
    flags = one_outcome(T.ASSESSMENT_OUTCOME_FLAGS, "a.outcome")
    total = f"(CASE WHEN {has_outcome} THEN ({' + '.join(f'({c})::int' for c in flags.values())}) ELSE 0 END)::text"
    outcome = outcome_json(T.ASSESSMENT_OUTCOME_KEYS, flags, has_outcome, TOTAL_NO_OF_OUTCOMES=total,
                           COMMENTS="'\"\"'")  # fmt: skip
    nfa = f"CASE WHEN {has_outcome} THEN {yn('a.outcome = ' + quote(Assessment.Outcome.NO_FURTHER_ACTION))} END"
    return select(
        ["a.id", "p.la_person_id", "a.episode_id", day("a.start_date"),
         yn("EXISTS (SELECT 1 FROM casework_assessmentchildseen x WHERE x.assessment_id = a.id)"),
         day("a.authorised_date"), outcome, nfa, "e.team_id",
         f"COALESCE({worker_of('a.submitted_by_id')}, {worker_of('a.started_by_id')}, {allocated})"],
        "FROM casework_assessment a JOIN people_person p ON p.id = a.child_id "
        "JOIN casework_cinepisode e ON e.id = a.episode_id ORDER BY a.id",
    )  # fmt: skip


def _factors(context: Context) -> str:
    return (
        "SELECT f.assessment_id::text, f.assessment_id::text, "
        "'[' || string_agg(to_json(f.code)::text, ', ' ORDER BY f.code) || ']' "
        "FROM casework_assessmentfactoridentified f GROUP BY f.assessment_id ORDER BY f.assessment_id"
    )


def _cin_plans(context: Context) -> str:
    allocated = running_on("workforce_allocation", "child_id", "start_date", "end_date", "worker_id", KEY_WORKER,
                           "c.child_id", "c.start_date")  # fmt: skip
    return select(
        ["c.id", "c.episode_id", "p.la_person_id", day("c.start_date"), day("c.end_date"), "e.team_id", allocated],
        "FROM casework_cinplan c JOIN people_person p ON p.id = c.child_id "
        "JOIN casework_cinepisode e ON e.id = c.episode_id ORDER BY c.id",
    )


def _visits(table: str, ids: int) -> Callable[[Context], str]:
    """CIN and CP plan visits: the visit id (twice for CP visits), plan, date, seen, seen alone, bedroom (not held)."""

    def sql(context: Context) -> str:
        return select(
            ["v.id", "v.plan_id"] + ["v.id"] * (ids - 1)
            + [day("v.visit_date"), yn("v.child_seen"), yn("v.seen_alone"), "NULL"],
            f"FROM {table} v ORDER BY v.id",
        )  # fmt: skip

    return sql


def _s47(context: Context) -> str:
    icpc = quote(Section47Enquiry.Outcome.ICPC)
    outcome = outcome_json(
        T.S47_OUTCOME_KEYS, {"CP_CONFERENCE_FLAG": f"s.outcome = {icpc}"}, "s.outcome <> ''",
        TOTAL_NO_OF_OUTCOMES=f"(CASE WHEN s.outcome = {icpc} THEN 1 ELSE 0 END)::text", OUTCOME_COMMENTS="'\"\"'",
    )  # fmt: skip
    return select(
        ["s.id", "s.episode_id", "p.la_person_id", day("s.start_date"), day("s.outcome_date"), "NULL", outcome,
         worker_of("s.recorded_by_id"), "e.team_id"],
        "FROM protection_section47enquiry s JOIN people_person p ON p.id = s.child_id "
        "JOIN casework_cinepisode e ON e.id = s.episode_id ORDER BY s.id",
    )  # fmt: skip


def _icpc(context: Context) -> str:
    plan = quote(InitialChildProtectionConference.Outcome.PLAN)
    has_outcome = "c.outcome <> ''"
    outcome = outcome_json(
        T.ICPC_OUTCOME_KEYS, {"CP_FLAG": f"c.outcome = {plan}"}, has_outcome,
        TOTAL_NO_OF_OUTCOMES=f"(CASE WHEN c.outcome = {plan} THEN 1 ELSE 0 END)::text", COMMENTS="'\"\"'",
    )  # fmt: skip
    return select(
        ["c.id", "c.id", "c.section47_id", "p.la_person_id",
         "(SELECT x.id FROM protection_childprotectionplan x WHERE x.conference_id = c.id LIMIT 1)",
         "s.episode_id", "NULL", day("s.icpc_target_date"), day("c.conference_date"),
         f"CASE WHEN {has_outcome} THEN {yn('c.outcome = ' + plan)} END", outcome, "e.team_id", "c.chair_id"],
        "FROM protection_initialchildprotectionconference c JOIN people_person p ON p.id = c.child_id "
        "JOIN protection_section47enquiry s ON s.id = c.section47_id "
        "JOIN casework_cinepisode e ON e.id = s.episode_id ORDER BY c.id",
    )  # fmt: skip


def _cp_plans(context: Context) -> str:
    return select(
        ["c.id", "c.episode_id", "c.conference_id", "p.la_person_id", day("c.start_date"), day("c.end_date"),
         "c.initial_category", "NULL", "COALESCE(NULLIF(c.latest_category, ''), c.initial_category)"],
        "FROM protection_childprotectionplan c JOIN people_person p ON p.id = c.child_id ORDER BY c.id",
    )  # fmt: skip


def _by_child(table: str, columns: list[str]) -> Callable[[Context], str]:
    """A health or legal table: its id, the child's LA id, then `columns` (SQL over the row `t`)."""

    def sql(context: Context) -> str:
        return select(
            ["t.id", "p.la_person_id", *columns],
            f"FROM {table} t JOIN people_person p ON p.id = t.child_id ORDER BY t.id",
        )

    return sql


def _involvements(context: Context) -> str:
    referral = running_on("casework_cinepisode", "child_id", "referral_date", "close_date", "id", "TRUE",
                          "a.child_id", "a.start_date")  # fmt: skip
    return select(
        ["a.id", "a.worker_id", label(Allocation.Kind, "a.kind"), "a.team_id", day("a.start_date"),
         day("a.end_date"), "NULL", "p.la_person_id", referral],
        "FROM workforce_allocation a JOIN people_person p ON p.id = a.child_id ORDER BY a.id",
    )  # fmt: skip


def _department(context: Context) -> str:
    return select(["t.id", "t.name", "t.service", label(Service, "t.service")], "FROM workforce_team t ORDER BY t.id")


def _linked_identifiers(context: Context) -> str:
    return (
        "SELECT id, la, kind, value, NULLIF(starts, ''), NULLIF(ends, '') FROM ("
        f"SELECT 1 AS part, p.id AS pk, 'UPN-' || p.id AS id, NULLIF(p.la_person_id, '') AS la, "
        "'Unique Pupil Number' AS kind, p.upn AS value, NULL AS starts, NULL AS ends "
        f"FROM people_person p WHERE p.kind = {CHILD} AND p.upn <> '' "
        f"UNION ALL SELECT 2, p.id, 'NHS-' || p.id, NULLIF(p.la_person_id, ''), 'NHS Number', p.nhs_number, NULL, NULL "
        f"FROM people_person p WHERE p.kind = {CHILD} AND p.nhs_number <> '' "
        "UNION ALL SELECT 3, s.id, 'HO-' || s.id, NULLIF(p.la_person_id, ''), 'Home Office Registration', "
        f"s.home_office_reference, {day('s.start_date')}, {day('s.end_date')} FROM asylum_immigrationstatus s "
        f"JOIN people_person p ON p.id = s.child_id WHERE p.kind = {CHILD} AND s.home_office_reference <> ''"
        ") identifiers ORDER BY part, pk"
    )


COPY_SQL: dict[str, Callable[[Context], str]] = {
    "ssd_person": _person,
    "ssd_family": _family,
    "ssd_address": _address,
    "ssd_disability": _disability,
    "ssd_contacts": _contacts,
    "ssd_cin_episodes": _cin_episodes,
    "ssd_cin_assessments": _assessments,
    "ssd_assessment_factors": _factors,
    "ssd_cin_plans": _cin_plans,
    "ssd_cin_visits": _visits("casework_cinplanvisit", 1),
    "ssd_s47_enquiry": _s47,
    "ssd_initial_cp_conference": _icpc,
    "ssd_cp_plans": _cp_plans,
    "ssd_cp_visits": _visits("protection_protectionvisit", 2),
    "ssd_legal_status": _by_child("lac_carelegalstatus", ["t.legal_status", day("t.start_date"), day("t.end_date")]),
    "ssd_cla_immunisations": _by_child("health_immunisationstatus", [yn("t.up_to_date")]),
    "ssd_sdq_scores": _by_child("health_sdqscore", [day("t.completed_date"), "t.reason", "t.score"]),
    "ssd_cla_substance_misuse": _by_child(
        "health_substancemisuse", [day("t.identified_date"), "t.substance", yn("t.intervention_received")]
    ),
    "ssd_cla_convictions": _by_child("health_conviction", [day("t.conviction_date"), "t.offence"]),
    "ssd_involvements": _involvements,
    "ssd_linked_identifiers": _linked_identifiers,
    "ssd_department": _department,
}


@contextmanager
def without_jit():
    """PostgreSQL's JIT compiles each of these wide SELECTs anew (0.2-1 s each on the big city, more than it saves
    on a single pass over the rows): off for the export's session, then back as it was."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('jit', 'off', false)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', %s, false)", [before])


def copy_rows(sql: str, out: BinaryIO) -> int:
    """Stream `COPY (sql) TO STDOUT` as CSV into `out`; returns the number of rows."""
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
        with raw.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            for data in copy:
                out.write(data)
        return raw.rowcount
