"""The "looked after" generator stage: coherent with episodes and ages, calibrated, deterministic."""

import datetime as dt
import hashlib
import itertools

import pytest
from django.db import transaction

from safeguard.codelists import PLACEMENT_TYPES_WITHOUT_PROVIDER, PLACEMENT_TYPES_WITHOUT_URN, placement_type_valid_on
from safeguard.lac import selectors
from safeguard.lac.locations import LocationIndex
from safeguard.lac.models import CareLegalStatus, CarePeriod, CarePlan, Placement
from safeguard.synthetic import generator
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.sampling import add_years

pytestmark = pytest.mark.django_db(transaction=False)

AS_OF = dt.date(2026, 11, 23)
POPULATION, YEARS = 14_000, 3


class _Rollback(Exception):
    pass


def _run_to_looked_after(seed: int) -> tuple[GenerationContext, dict]:
    ctx = GenerationContext(population=POPULATION, years=YEARS, seed=seed, as_of=AS_OF)
    for name, stage in generator.STAGES:
        counts = stage(ctx)
        if name == "looked after":
            return ctx, counts
    raise AssertionError("no looked after stage")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for query in (
        CarePeriod.objects.order_by("child__la_person_id", "start_date").values_list(
            "child__la_person_id", "start_date", "end_date", "end_reason", "category_of_need", "home_postcode"),
        Placement.objects.order_by("child__la_person_id", "start_date").values_list(
            "child__la_person_id", "start_date", "end_date", "placement_type", "provider", "postcode",
            "distance_miles", "change_reason"),
        CareLegalStatus.objects.order_by("child__la_person_id", "start_date").values_list(
            "child__la_person_id", "start_date", "end_date", "legal_status"),
    ):  # fmt: skip
        for row in query:
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                ctx, counts = _run_to_looked_after(seed=5)
                facts = _facts(ctx)
                facts["counts"] = counts
                facts["fingerprint"] = _fingerprint()
                raise _Rollback
        except _Rollback:
            pass
        try:
            with transaction.atomic():
                _run_to_looked_after(seed=5)
                facts["fingerprint again"] = _fingerprint()
                raise _Rollback
        except _Rollback:
            pass
    return facts


def _facts(ctx) -> dict:
    periods = list(CarePeriod.objects.select_related("child", "cin_episode"))
    statuses, placements = {}, {}
    for row in CareLegalStatus.objects.order_by("start_date", "pk"):
        statuses.setdefault(row.period_id, []).append(row)
    for row in Placement.objects.order_by("start_date", "pk"):
        placements.setdefault(row.period_id, []).append(row)
    day = AS_OF - dt.timedelta(days=1)
    in_care = selectors.looked_after_on(day)
    return {
        "ctx": ctx,
        "periods": periods,
        "statuses": statuses,
        "placements": placements,
        "in care": in_care.count(),
        "foster": Placement.objects.filter(
            end_date__isnull=True, period__end_date__isnull=True, placement_type__startswith="U"
        ).count(),
        "starts": CarePeriod.objects.filter(start_date__gte=ctx.start).count(),
        "care plans": CarePlan.objects.count(),
        "index": LocationIndex.everything(),
    }


def test_counts_are_reported_and_the_stage_is_deterministic(generated):
    counts = generated["counts"]
    assert counts["care periods"] == len(generated["periods"]) > 0
    assert counts["placements"] == sum(len(p) for p in generated["placements"].values())
    assert generated["fingerprint"] == generated["fingerprint again"]


def test_children_looked_after_on_as_of_and_starts_follow_the_calibration(generated):
    scale = POPULATION / 280_000
    assert 0.85 * 1_900 * scale <= generated["in care"] <= 1.15 * 1_900 * scale
    assert 0.6 * 760 * scale * YEARS <= generated["starts"] <= 1.6 * 760 * scale * YEARS
    assert 0.55 <= generated["foster"] / generated["in care"] <= 0.9
    assert generated["care plans"] < len(generated["periods"]), "some care plans are missing (seeded breaches)"


def test_periods_are_children_with_an_open_episode_throughout(generated):
    for period in generated["periods"]:
        dob = period.child.date_of_birth
        assert dob <= period.start_date < add_years(dob, 18)
        assert period.end_date is None or period.end_date <= add_years(dob, 18)
        assert (period.end_date is None) == (period.end_reason == "")
        episode = period.cin_episode
        assert episode is not None and episode.child_id == period.child_id
        assert episode.referral_date <= period.start_date
        if period.end_date is None:
            assert episode.close_date is None
        else:
            assert episode.close_date is None or episode.close_date >= period.end_date


def test_statuses_and_placements_cover_each_period_without_gaps(generated):
    for period in generated["periods"]:
        for rows in (generated["statuses"][period.pk], generated["placements"][period.pk]):
            assert rows[0].start_date == period.start_date
            for before, after in itertools.pairwise(rows):
                assert before.end_date == after.start_date
            assert rows[-1].end_date == period.end_date


def test_moves_have_reasons_and_distances_follow_the_reference_postcodes(generated):
    index = generated["index"]
    for period in generated["periods"]:
        rows = generated["placements"][period.pk]
        assert all(p.change_reason for p in rows[:-1])
        for placement in rows:
            located = index.locate(period.home_postcode, placement.postcode)
            assert (placement.distance_miles, placement.out_of_area) == (located.distance_miles, located.out_of_area)


def test_placement_codes_urns_and_providers_agree_with_the_dfe_rules(generated):
    """Codes valid at each placement's last day (H5 recoded K3 from April 2024, Z1 as Z11-Z14 from April 2025, no
    P2); Ofsted URN exactly where rules 218/222 want one; no provider for temporary and other placements (213/526);
    no residential school under 4 (373); not placed with parents under section 20 (378); SGO to former foster carers
    only from a foster placement (516)."""
    kinds = set()
    for period in generated["periods"]:
        dob = period.child.date_of_birth
        rows = generated["placements"][period.pk]
        statuses = generated["statuses"][period.pk]
        for placement in rows:
            kind = placement.placement_type
            kinds.add(kind)
            last = placement.end_date or AS_OF
            assert placement_type_valid_on(kind, last), (kind, placement.start_date, last)
            assert kind != "P2"
            assert bool(placement.urn) == (kind not in PLACEMENT_TYPES_WITHOUT_URN), (kind, placement.urn)
            assert (placement.provider == "") == (kind in PLACEMENT_TYPES_WITHOUT_PROVIDER), kind
            if kind == "S1":
                assert add_years(dob, 4) <= placement.start_date
            if kind == "P1":
                during = [s for s in statuses if s.start_date <= placement.start_date]
                assert during[-1].legal_status != "V2"
        if period.end_reason in ("E45", "E46"):
            assert rows[-1].placement_type.startswith("U")
    assert {"K3", "U6"} <= kinds


def test_placements_for_adoption_follow_a_placement_order_and_fostering_for_adoption(generated):
    for period in generated["periods"]:
        rows = generated["placements"][period.pk]
        codes = [s.legal_status for s in generated["statuses"][period.pk]]
        for before, after in itertools.pairwise(rows):
            if after.placement_type in ("A5", "A6"):
                assert "E1" in codes
            if after.placement_type == "A5":  # the foster carers who are approved adopters: same carers, same URN
                assert before.placement_type in ("U2", "U5") and after.same_carer_as_previous
                assert (after.urn, after.postcode) == (before.urn, before.postcode)
