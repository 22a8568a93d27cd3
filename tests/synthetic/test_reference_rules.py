"""A generated authority's SSDA903 return keeps the DfE reference validator's rules that depend on the generator's
people, health, allocations, missing and postcode stages (scripts/reference/check_ssda903.sh runs the validator
itself; these tests state the same rules in Python so they fail here first).

One authority for the module, generated with an invented gazetteer (tests/synthetic/test_postcodes.py), built for
2025-26 and rolled back.
"""

import csv
import datetime as dt
import io
from collections import defaultdict

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from safeguard.lac.models import CarePeriod, Placement, PostcodeLocation
from safeguard.missing.models import MissingEpisode
from safeguard.people.models import Address, Person
from safeguard.returns.ssda903 import ssda903_build, ssda903_files
from safeguard.returns.ssda903_core import FILE_NAMES
from safeguard.returns.years import CollectionYear
from safeguard.synthetic.generator import generate_authority
from safeguard.synthetic.postcodes import GazetteerGeography
from safeguard.synthetic.stages.allocations import MIN_ALLOCATION
from safeguard.synthetic.stages.health import sdq_days
from safeguard.workforce.models import Allocation

from .test_postcodes import HOME, write_gazetteer

AS_OF = dt.date(2026, 4, 1)
POPULATION, YEARS, SEED = 6_000, 3, 2026
YEAR = CollectionYear(2025)  # 1 April 2025 to 31 March 2026
AUTHORITY = {"name": "Test authority (synthetic)", "la_code": HOME}


def _date(text: str) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Generate with the gazetteer, build 2025-26, read back what the tests need, roll back."""
    path = tmp_path_factory.mktemp("gazetteer") / "postcodes.csv"
    gazetteer = write_gazetteer(path, in_area=400, out_of_area=200)
    with override_settings(SAFEGUARD_AUTHORITY=AUTHORITY), django_db_blocker.unblock(), transaction.atomic():
        geography = GazetteerGeography.from_csv(path)
        generate_authority(population=POPULATION, years=YEARS, seed=SEED, as_of=AS_OF, geography=geography)
        files = ssda903_files(ssda903_build(year=YEAR))
        by_name = {file_name: table for table, file_name in FILE_NAMES.items()}
        result = {
            "tables": {by_name[n]: list(csv.DictReader(io.StringIO(c.decode()))) for n, c in files.items()},
            "gazetteer": gazetteer,
            "in_area": set(geography.in_area),
            "addresses": set(Address.objects.values_list("postcode", flat=True)),
            "placements": list(
                Placement.objects.values_list("postcode", "placement_type", "provider", "out_of_area", "distance_miles")
            ),
            "locations": set(PostcodeLocation.objects.values_list("postcode", flat=True)),
            "allocations": list(Allocation.objects.values_list("start_date", "end_date", "reason")),
            "periods": list(CarePeriod.objects.values_list("child_id", "start_date", "end_date")),
            "missing": list(MissingEpisode.objects.values_list("child_id", "start_at", "end_at")),
            "people": dict(Person.objects.values_list("pk", "la_person_id")),
        }
        transaction.set_rollback(True)
    return result


@pytest.fixture
def built(_built, db):
    return _built


def test_homes_and_placements_take_the_gazetteers_postcodes(built):
    assert built["addresses"] <= built["in_area"]
    assert built["gazetteer"] <= built["locations"]  # written as PostcodeLocation rows, full postcodes
    placements = built["placements"]
    assert placements and {p[0] for p in placements} <= built["gazetteer"]
    assert {p[0] for p in placements} - built["in_area"]  # some out of area
    assert all(p[4] is not None for p in placements if p[0])  # a distance for every one (home and place known)
    for postcode, kind, provider, out_of_area, _ in placements:
        if (provider == "PR1" and not kind.startswith(("U", "A"))) or kind in ("H5", "K3"):
            assert postcode in built["in_area"] and out_of_area is False, (kind, provider)  # rules 1015, 241


def test_episodes_carry_gazetteer_postcodes_and_no_home_postcode_for_uasc(built):
    tables = built["tables"]
    uasc = {row["CHILD"] for row in tables["UASC"]}
    rows = [row for row in tables["Episodes"] if row["LS"] not in ("V3", "V4")]
    assert rows
    for row in rows:
        assert row["PL_POST"] in built["gazetteer"]  # rules 169, 179, 392c
        if row["CHILD"] in uasc:
            assert row["HOME_POST"] == ""  # rule 406: no distance for UASC
        else:
            assert row["HOME_POST"] in built["gazetteer"]  # rules 392a, 392c


def test_every_child_the_oc2_asks_about_has_an_sdq_score_or_a_reason(built):
    rows = built["tables"]["OC2"]
    asked = [
        row for row in rows
        if _date(row["DOB"]) + relativedelta(years=4) <= YEAR.end
        and _date(row["DOB"]) + relativedelta(years=17) > YEAR.start
    ]  # fmt: skip
    assert len(asked) > 10
    assert [row["CHILD"] for row in asked if not (row["SDQ_SCORE"] or row["SDQ_REASON"])] == []  # rules 186, 197B
    assert sum(bool(row["SDQ_SCORE"]) for row in asked) > len(asked) / 2


def test_every_looked_after_child_has_a_upn_or_an_ssda903_reason_never_un4(built):
    header = built["tables"]["Header"]
    assert header
    assert [row["CHILD"] for row in header if row["UPN"] == "UN4"] == []  # rule 210
    in_episodes = {row["CHILD"] for row in built["tables"]["Episodes"] if row["LS"] not in ("V3", "V4")}
    assert [row["CHILD"] for row in header if row["CHILD"] in in_episodes and not row["UPN"]] == []  # rule 442


def test_no_key_worker_allocation_of_the_allocations_stage_lasts_under_three_days(built):
    ended = [(s, e) for s, e, reason in built["allocations"] if e is not None and reason != "Children in care"]
    assert ended
    assert [(s, e) for s, e in ended if e - s < MIN_ALLOCATION] == []  # rule SW09STG2


def test_no_missing_episode_from_care_ends_after_its_period_of_care(built):
    periods = defaultdict(list)
    for child, start, end in built["periods"]:
        periods[child].append((start, end))
    checked = 0
    for child, start_at, end_at in built["missing"]:
        began = timezone.localtime(start_at).date()
        for start, end in periods[child]:
            if end is not None and start <= began <= end:
                checked += 1
                assert end_at is not None and timezone.localtime(end_at).date() <= end  # rule 577
    assert checked


def test_sdq_days_fall_once_in_every_ssda903_year_from_the_first_anniversary():
    import random

    rng = random.Random(4)
    for _ in range(200):
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(1500))
        last = start + dt.timedelta(days=rng.randrange(200, 2500))
        days = sdq_days(start, last, rng)
        years = [day.year if day.month >= 4 else day.year - 1 for day in days]
        assert len(set(years)) == len(years)  # at most one in a year
        assert all(start + relativedelta(months=12) - dt.timedelta(days=46) <= day <= last for day in days)
        for year in range(start.year, last.year + 1):
            first, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
            if start <= first and end <= last:  # looked after for the whole year
                assert year in years, (start, last, days)
