"""What is due for a looked-after child, the work items, the panel and the SSDA903 OC2 flags."""

import datetime as dt

import pytest

from safeguard.health.selectors import DENTAL, IHA, REVIEW, SDQ, health_due, oc2_status
from safeguard.health.work import health_checks_due
from safeguard.people.models import Person
from safeguard.people.panels import panels_for
from tests.factories import PersonFactory
from tests.lac.factories import looked_after_child

from .factories import (
    ConvictionFactory,
    DentalCheckFactory,
    HealthAssessmentFactory,
    ImmunisationStatusFactory,
    SDQScoreFactory,
    SubstanceMisuseFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _due(child, today=TODAY):
    return {d.kind: d for d in health_due(child, today)[1]}


def test_a_new_child_in_care_needs_an_iha_20_working_days_in():
    period = looked_after_child(start_date=dt.date(2026, 11, 2))
    due = _due(period.child)
    assert list(due) == [IHA]
    assert due[IHA].due_date == dt.date(2026, 11, 30)


def test_after_the_iha_the_review_is_due_and_dental_waits_for_twelve_months():
    period = looked_after_child(start_date=dt.date(2026, 3, 2))
    HealthAssessmentFactory(child=period.child, assessment_date=dt.date(2026, 3, 20))
    due = _due(period.child)
    assert set(due) == {REVIEW}
    assert due[REVIEW].due_date == dt.date(2027, 3, 20)


def test_an_iha_from_an_earlier_period_does_not_count():
    child = PersonFactory()
    HealthAssessmentFactory(child=child, assessment_date=dt.date(2024, 1, 10))
    looked_after_child(start_date=dt.date(2026, 11, 2), child=child)
    assert list(_due(child)) == [IHA]


def test_after_twelve_months_dental_and_sdq_are_due_from_the_latest():
    period = looked_after_child(start_date=dt.date(2025, 6, 2))
    child = period.child
    HealthAssessmentFactory(child=child, assessment_date=dt.date(2025, 6, 20))
    HealthAssessmentFactory(child=child, kind="review", assessment_date=dt.date(2026, 5, 1))
    DentalCheckFactory(child=child, check_date=dt.date(2025, 9, 1))
    due = _due(child)
    assert due[REVIEW].due_date == dt.date(2027, 5, 1) and due[REVIEW].last_done == dt.date(2026, 5, 1)
    assert due[DENTAL].due_date == dt.date(2026, 9, 1)
    # No SDQ yet: due when the first year in care was up.
    assert due[SDQ].due_date == dt.date(2026, 6, 2)


def test_no_sdq_for_a_three_year_old():
    period = looked_after_child(start_date=dt.date(2025, 6, 2), child=PersonFactory(date_of_birth=dt.date(2023, 1, 1)))
    assert SDQ not in _due(period.child) and DENTAL in _due(period.child)


def test_a_child_not_looked_after_has_nothing_due():
    assert health_due(PersonFactory(), TODAY) == (None, [])


def test_work_items_one_query_for_the_children(django_assert_num_queries):
    period = looked_after_child(start_date=dt.date(2025, 6, 2))
    PersonFactory()
    children = Person.objects.all()
    with django_assert_num_queries(1):
        items = list(health_checks_due(children))
    assert {i.kind for i in items} == {IHA, DENTAL, SDQ}
    assert {i.child_id for i in items} == {period.child_id}
    assert all(i.url == f"/health/children/{period.child_id}/" for i in items)


def test_work_items_only_for_the_children_asked_about():
    looked_after_child(start_date=dt.date(2025, 6, 2))
    assert list(health_checks_due(Person.objects.none())) == []


def test_panel_shows_for_looked_after_children_only(social_worker):
    period = looked_after_child(start_date=dt.date(2026, 11, 2))
    templates = [t for t, _ in panels_for(period.child, social_worker)]
    assert "health/panel.html" in templates
    assert "health/panel.html" not in [t for t, _ in panels_for(PersonFactory(), social_worker)]


# --- SSDA903 OC2 ----------------------------------------------------------------------------------

YEAR_END = dt.date(2026, 3, 31)


def test_oc2_only_for_children_looked_after_twelve_months_at_31_march():
    assert oc2_status(looked_after_child(start_date=dt.date(2025, 4, 1)).child, YEAR_END) is None
    assert oc2_status(looked_after_child(start_date=dt.date(2025, 3, 31)).child, YEAR_END) is not None


def test_oc2_flags_all_met():
    child = looked_after_child(start_date=dt.date(2024, 1, 8)).child
    HealthAssessmentFactory(child=child, assessment_date=dt.date(2024, 1, 20))
    HealthAssessmentFactory(child=child, kind="review", assessment_date=dt.date(2025, 12, 1))
    DentalCheckFactory(child=child, check_date=dt.date(2025, 6, 1))
    ImmunisationStatusFactory(child=child, status_date=dt.date(2025, 6, 1), up_to_date=True)
    SDQScoreFactory(child=child, completed_date=dt.date(2025, 9, 1), score=17)
    SubstanceMisuseFactory(child=child, identified_date=dt.date(2025, 5, 1), intervention_offered=True)
    ConvictionFactory(child=child, conviction_date=dt.date(2025, 8, 1))
    assert oc2_status(child, YEAR_END) == {
        "CONVICTED": 1,
        "HEALTH_CHECK": None,  # reported for under-5s only
        "IMMUNISATIONS": 1,
        "TEETH_CHECK": 1,
        "HEALTH_ASSESSMENT": 1,
        "SUBSTANCE_MISUSE": 1,
        "INTERVENTION_RECEIVED": 0,
        "INTERVENTION_OFFERED": 1,
        "SDQ_SCORE": 17,
        "SDQ_REASON": None,
    }


def test_oc2_flags_none_met():
    child = looked_after_child(start_date=dt.date(2024, 1, 8)).child
    HealthAssessmentFactory(child=child, assessment_date=dt.date(2024, 1, 20))
    DentalCheckFactory(child=child, check_date=dt.date(2025, 3, 31))  # a year and a day before
    ImmunisationStatusFactory(child=child, status_date=dt.date(2025, 6, 1), up_to_date=False)
    SDQScoreFactory(child=child, completed_date=dt.date(2025, 9, 1), score=None, reason="SDQ5")
    ConvictionFactory(child=child, conviction_date=dt.date(2026, 4, 1))  # the next year
    status = oc2_status(child, YEAR_END)
    assert status["CONVICTED"] == 0 and status["TEETH_CHECK"] == 0 and status["IMMUNISATIONS"] == 0
    assert status["HEALTH_ASSESSMENT"] == 0 and status["SUBSTANCE_MISUSE"] == 0
    assert status["INTERVENTION_OFFERED"] is None and status["INTERVENTION_RECEIVED"] is None
    assert (status["SDQ_SCORE"], status["SDQ_REASON"]) == (None, "SDQ5")


def test_oc2_health_check_for_an_under_five_follows_the_six_monthly_reviews():
    child = looked_after_child(
        start_date=dt.date(2024, 1, 8), child=PersonFactory(date_of_birth=dt.date(2022, 1, 1))
    ).child
    HealthAssessmentFactory(child=child, assessment_date=dt.date(2024, 1, 20))
    HealthAssessmentFactory(child=child, kind="review", assessment_date=dt.date(2025, 9, 1))
    assert oc2_status(child, YEAR_END)["HEALTH_CHECK"] == 0  # the review was due 1 March 2026
    HealthAssessmentFactory(child=child, kind="review", assessment_date=dt.date(2026, 2, 27))
    status = oc2_status(child, YEAR_END)
    assert status["HEALTH_CHECK"] == 1 and status["SDQ_SCORE"] is None
