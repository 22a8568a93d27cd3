"""Care leaver deadline rules at their edges, re-derivation, and the work items."""

import datetime as dt

import pytest

from safeguard.careleavers import services
from safeguard.careleavers.models import CareLeaver, PathwayPlan
from safeguard.people.models import Person
from safeguard.workdays.deadlines import due_date, invalidate_rules, rederive_all
from safeguard.workdays.models import DeadlineRule
from safeguard.workforce.work import work_items_for

from .conftest import TODAY
from .factories import care_leaver

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "anchor", "expected"),
    [
        # Months: the same day number, or the month's last day when it has none.
        ("careleaver-needs-assessment", D(2026, 11, 30), D(2027, 2, 28)),
        ("careleaver-needs-assessment", D(2026, 12, 25), D(2027, 3, 25)),
        ("careleaver-pathway-review", D(2026, 8, 31), D(2027, 2, 28)),
        ("careleaver-pathway-review", D(2026, 9, 29), D(2027, 3, 29)),  # Easter Monday 2027: not moved
        ("careleaver-pa-contact", D(2026, 12, 31), D(2027, 2, 28)),
        ("careleaver-pa-contact", D(2026, 10, 28), D(2026, 12, 28)),  # Boxing Day substitute: still due
        # Calendar days: weekends and bank holidays count.
        ("careleaver-pa-first", D(2026, 12, 21), D(2026, 12, 28)),
        ("careleaver-pa-first", D(2026, 12, 25), D(2027, 1, 1)),
        ("careleaver-pa-first", D(2027, 3, 22), D(2027, 3, 29)),
    ],
)
def test_rule_edges(code, anchor, expected):
    assert due_date(code, anchor) == expected


def test_rules_are_statutory_and_not_locally_configurable():
    rules = DeadlineRule.objects.filter(code__startswith="careleaver-")
    assert {r.code: (r.amount, r.unit) for r in rules} == {
        "careleaver-needs-assessment": (3, "months"),
        "careleaver-pathway-review": (6, "months"),
        "careleaver-pa-first": (7, "calendar_days"),
        "careleaver-pa-contact": (2, "months"),
    }
    assert not any(r.locally_configurable for r in rules)


def test_a_rule_change_re_derives_stored_deadlines(today, pa_user):
    today(TODAY)
    first = care_leaver(date_of_birth=D(2010, 5, 10), start=D(2024, 1, 1), end=D(2026, 11, 2))
    second = care_leaver(date_of_birth=D(2010, 5, 10), start=D(2024, 1, 1), end=D(2026, 11, 2))
    services.adviser_contact_record(
        care_leaver_id=second.pk, contact_date=D(2026, 11, 6), kind="visit", in_touch=True, recorded_by=pa_user
    )
    plan = services.pathway_plan_start(care_leaver_id=second.pk, start_date=D(2026, 6, 1), created_by=pa_user)
    DeadlineRule.objects.filter(code="careleaver-pa-first").update(amount=5)
    DeadlineRule.objects.filter(code="careleaver-pa-contact").update(amount=1)
    DeadlineRule.objects.filter(code="careleaver-pathway-review").update(amount=3)
    DeadlineRule.objects.filter(code="careleaver-needs-assessment").update(amount=1)
    invalidate_rules()
    rederive_all()
    first.refresh_from_db()
    second.refresh_from_db()
    plan.refresh_from_db()
    assert first.next_pa_contact_due == D(2026, 11, 7)
    assert second.next_pa_contact_due == D(2026, 12, 6)
    assert first.needs_assessment_due == D(2026, 6, 10)
    assert plan.next_review_due == D(2026, 9, 1)


def _kinds(child):
    return {item.kind: item.due_date for item in work_items_for(Person.objects.filter(pk=child.pk))}


def test_work_items_for_a_relevant_young_person(today, pa_user):
    today(TODAY)
    cl = care_leaver(date_of_birth=D(2010, 5, 10), start=D(2024, 1, 1), end=D(2026, 11, 2))
    services.pathway_plan_start(care_leaver_id=cl.pk, start_date=D(2026, 6, 1), created_by=pa_user)
    assert _kinds(cl.child) == {
        "Leaving care needs assessment": D(2026, 8, 10),
        "Personal adviser contact": D(2026, 11, 9),
        "Pathway plan review": D(2026, 12, 1),
    }
    cl.refresh_from_db()
    services.needs_assessment_complete(
        care_leaver_id=cl.pk, expected_version=cl.version, completed_on=D(2026, 8, 1), recorded_by=pa_user
    )
    assert "Leaving care needs assessment" not in _kinds(cl.child)


def test_birthday_work_item_shows_from_3_months_before_and_clears_when_recorded(today, pa_user):
    today(D(2026, 10, 31))
    # Left care at 17; 18 on 1 Feb 2027 (the 17th birthday, 1 Feb 2026, was while still in care).
    cl = care_leaver(date_of_birth=D(2009, 2, 1), start=D(2022, 1, 1), end=D(2026, 6, 1))
    assert cl.next_birthday_contact_due == D(2027, 2, 1)
    assert "Birthday contact (care leaver)" not in _kinds(cl.child)
    today(D(2026, 11, 1))
    assert _kinds(cl.child)["Birthday contact (care leaver)"] == D(2027, 2, 1)
    services.birthday_contact_record(
        care_leaver_id=cl.pk,
        age=18,
        in_touch="YES",
        accommodation="D1",
        activity="F2",
        contact_date=D(2026, 11, 1),
        recorded_by=pa_user,
    )
    assert "Birthday contact (care leaver)" not in _kinds(cl.child)


def test_no_work_items_once_duties_end(today):
    today(D(2025, 6, 1))
    cl = care_leaver(date_of_birth=D(2005, 1, 10), start=D(2020, 1, 1), end=D(2023, 1, 10))
    assert _kinds(cl.child)
    today(TODAY)
    services.care_leaver_refresh(child=cl.child)
    assert _kinds(cl.child) == {}
    assert CareLeaver.objects.get().category == "none"
    assert not PathwayPlan.objects.exists()
