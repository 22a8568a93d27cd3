"""PEP due dates, the work items, the panel."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguard.education.selectors import INITIAL_PEP, PEP_REVIEW, open_missing_education, pep_due
from safeguard.education.work import peps_due
from safeguard.people.models import Person
from safeguard.people.panels import panels_for
from tests.factories import PersonFactory
from tests.lac.factories import looked_after_child

from .factories import CMEFactory, PEPFactory

pytestmark = pytest.mark.django_db
IN_AUTUMN = dt.date(2026, 11, 23)


def test_initial_pep_due_10_working_days_into_care():
    period = looked_after_child(start_date=dt.date(2026, 11, 2))
    due = pep_due(period.child, IN_AUTUMN)[1]
    assert (due.kind, due.due_date) == (INITIAL_PEP, dt.date(2026, 11, 16))


def test_review_due_by_the_end_of_this_term_when_none_held_in_it():
    period = looked_after_child(start_date=dt.date(2026, 3, 2))
    PEPFactory(child=period.child, meeting_date=dt.date(2026, 3, 10))
    due = pep_due(period.child, IN_AUTUMN)[1]
    assert (due.kind, due.due_date, due.term.name) == (PEP_REVIEW, dt.date(2026, 12, 18), "Autumn term 2026")
    assert due.label == "PEP review (Autumn term 2026)"


def test_a_pep_in_the_summer_holiday_counts_for_the_autumn_term():
    period = looked_after_child(start_date=dt.date(2026, 3, 2))
    PEPFactory(child=period.child, meeting_date=dt.date(2026, 3, 10))
    PEPFactory(child=period.child, kind="review", meeting_date=dt.date(2026, 8, 28))
    due = pep_due(period.child, IN_AUTUMN)[1]
    assert (due.term.name, due.due_date) == ("Spring term 2027", dt.date(2027, 3, 25))


def test_no_pep_for_a_child_below_school_age():
    period = looked_after_child(start_date=dt.date(2026, 3, 2), child=PersonFactory(date_of_birth=dt.date(2023, 1, 1)))
    assert pep_due(period.child, IN_AUTUMN) == (period, None)


def test_not_looked_after():
    assert pep_due(PersonFactory(), IN_AUTUMN) == (None, None)


def test_work_items(django_assert_max_num_queries):
    new = looked_after_child(start_date=timezone.localdate() - dt.timedelta(days=3))
    PersonFactory()
    with django_assert_max_num_queries(3):
        items = list(peps_due(Person.objects.all()))
    assert [(i.child_id, i.kind) for i in items] == [(new.child_id, INITIAL_PEP)]
    assert items[0].url == f"/education/children/{new.child_id}/"
    assert list(peps_due(Person.objects.none())) == []


def test_panel_for_any_child_shows_missing_education(social_worker):
    record = CMEFactory()
    context = dict(panels_for(record.child, social_worker))["education/panel.html"]
    assert context["cme"] == record and context["pep"] is None


def test_open_missing_education_only_for_the_children_given():
    open_one = CMEFactory(reported_date=dt.date(2026, 9, 1))
    later = CMEFactory(reported_date=dt.date(2026, 10, 1), status="tracing")
    CMEFactory(status="closed", resolved_date=dt.date(2026, 10, 9))
    hidden = CMEFactory()
    children = Person.objects.exclude(pk=hidden.child_id)
    assert list(open_missing_education(children)) == [open_one, later]


def test_a_child_who_started_school_in_care_has_the_initial_pep_from_then():
    period = looked_after_child(start_date=dt.date(2024, 3, 4), child=PersonFactory(date_of_birth=dt.date(2022, 6, 1)))
    due = pep_due(period.child, IN_AUTUMN)[1]
    # Reception from 1 September 2026; 10 working days on.
    assert (due.kind, due.due_date) == (INITIAL_PEP, dt.date(2026, 9, 15))
