"""The generated authority's children in care, adoptions, care leavers, repeat plans and caseloads follow the
calibration (/work/shared/reference/calibration.md; before/after figures in docs/synthetic-calibration.md).

One authority of 20,000 children over 5 years for the module (about a fourteenth of the big city); flows are
averaged over the last 3 years, so each figure rests on enough children for a tolerance of about two standard
errors around its target.
"""

import datetime as dt

import pytest
from django.db import transaction

from safeguard.casework.models import CINEpisode
from safeguard.lac.models import CarePeriod
from safeguard.synthetic.generator import generate_authority
from safeguard.synthetic.measures import calibration_figures
from safeguard.synthetic.sampling import add_years

AS_OF = dt.date(2026, 3, 31)
POPULATION, YEARS, SEED = 20_000, 5, 2026
SCALE = POPULATION / 280_000
MEASURED_YEARS = 3


@pytest.fixture(scope="module")
def _measured(django_db_setup, django_db_blocker):
    """Generate once, measure, roll back; the tests read the figures (and a few rows, in `coherence`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = generate_authority(population=POPULATION, years=YEARS, seed=SEED, as_of=AS_OF)
        measured = calibration_figures(AS_OF, MEASURED_YEARS)
        measured["counts"] = summary.counts
        measured["coherence"] = _coherence()
        transaction.set_rollback(True)
    return measured


@pytest.fixture
def figures(_measured, db):
    return _measured


def _coherence() -> dict:
    periods = list(CarePeriod.objects.select_related("child", "cin_episode"))
    next_referrals = {}
    for child_id, referral in CINEpisode.objects.order_by("referral_date").values_list("child_id", "referral_date"):
        next_referrals.setdefault(child_id, []).append(referral)
    return {"periods": periods, "referrals": next_referrals}


def _within(figures, name, low, high):
    value = figures[name]
    assert low <= value <= high, f"{name}: {value:.3f} not within {low:.3f}–{high:.3f}"


def test_legal_statuses_of_children_looked_after(figures):
    # DfE: care orders ≈ 77% (interim and full), placement orders ≈ 6%, accommodated under section 20 ≈ 17%.
    _within(figures, "care orders", 0.68, 0.85)
    _within(figures, "placement orders", 0.03, 0.10)
    _within(figures, "section 20", 0.11, 0.24)


def test_placements_of_children_looked_after(figures):
    # DfE: ≈ 67% in foster care; ≈ 22% placed more than 20 miles from home.
    _within(figures, "foster", 0.58, 0.76)
    _within(figures, "children's homes", 0.06, 0.22)
    _within(figures, "over 20 miles", 0.14, 0.30)


def test_looked_after_population_is_stable(figures):
    # ≈ 1,900 looked after and ≈ 760 starts and ceases a year per 280,000 children, neither growing nor shrinking.
    _within(figures, "looked after", 0.85 * 1_900 * SCALE, 1.15 * 1_900 * SCALE)
    _within(figures, "starts", 0.75 * 760 * SCALE, 1.25 * 760 * SCALE)
    assert 0.8 <= figures["ceases"] / figures["starts"] <= 1.25
    assert 0.85 <= figures["looked after"] / figures["looked after earlier"] <= 1.15


def test_adoptions_and_their_timeliness(figures):
    # ≈ 70 adoptions a year per 280,000 children; entry to care → placed ≈ 19 months; order → match ≈ 6–7 months.
    _within(figures, "adoptions", 0.5 * 70 * SCALE, 1.6 * 70 * SCALE)
    _within(figures, "entry to placed (months)", 15, 23)
    _within(figures, "order to match (months)", 5, 9)


def test_care_leavers(figures):
    # ≈ 1,000 care leavers (relevant and former relevant, 17–21) per 280,000 children; at 19–21 ≈ 91% in touch,
    # ≈ 50% in education, employment or training, ≈ 85% in suitable accommodation.
    _within(figures, "care leavers 17-21", 0.7 * 1_000 * SCALE, 1.35 * 1_000 * SCALE)
    _within(figures, "in touch at 19-21", 0.84, 0.97)
    _within(figures, "EET at 19-21", 0.36, 0.66)  # ≈ 130 records here: two and a half standard errors
    _within(figures, "suitable at 19-21", 0.76, 0.93)


def test_second_and_subsequent_plans(figures):
    # "Low twenties %" of plans starting are a second or subsequent plan (the window sees only the last few years).
    _within(figures, "cp plans started", 0.75 * 1_430 * SCALE, 1.3 * 1_430 * SCALE)
    _within(figures, "second or subsequent plans", 0.14, 0.30)


def test_caseloads_of_children_in_care_workers_advisers_and_iros(figures):
    # National social worker caseload 16.0 (a big city's ≈ 20); personal advisers ≈ 20; IROs ≈ 55.
    _within(figures, "children in care caseload median", 12, 22)
    assert figures["children in care caseload max"] <= 30
    _within(figures, "personal adviser caseload median", 12, 28)
    _within(figures, "IRO caseload median", 35, 70)


def test_children_stay_open_to_the_service_while_in_care_and_are_not_referred_again(figures):
    periods = figures["coherence"]["periods"]
    referrals = figures["coherence"]["referrals"]
    assert len(periods) == figures["counts"]["care periods"]
    for period in periods:
        episode = period.cin_episode
        assert episode.referral_date <= period.start_date
        if period.end_date is None:
            assert episode.close_date is None
        else:  # the episode may run on after care ends (support at home), never closes before
            assert episode.close_date is None or episode.close_date >= period.end_date
            assert period.end_date <= add_years(period.child.date_of_birth, 18)
        # No new referral for the child while looked after (a sibling's may come; the child's own does not).
        last_day = period.end_date or AS_OF
        assert not [r for r in referrals.get(period.child_id, []) if period.start_date < r < last_day]
