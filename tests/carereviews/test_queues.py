"""Work items, the child's-page panel, the at-risk list and the IRO's schedule: in when they should be, out when not."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.carereviews import at_risk, selectors, services
from safeguard.carereviews.models import ReviewSchedule
from safeguard.jinja2_env import date_uk
from safeguard.people.models import Person
from safeguard.queues.at_risk import sources
from safeguard.workforce.work import work_items_for
from tests.factories import PersonFactory

from .factories import IROFactory

pytestmark = pytest.mark.django_db

D = dt.date
ALL = Person.objects.all


@pytest.fixture(autouse=True)
def _pinned(today):
    today(D(2026, 11, 20))


def _items(children, kind):
    return [(item.child_id, item.due_date) for item in work_items_for(children) if item.kind == kind]


def test_work_items_for_the_next_review_and_visit(in_care):
    period = in_care(D(2026, 11, 2))
    other = in_care(D(2026, 11, 2))
    children = Person.objects.filter(pk=period.child_id)
    assert _items(children, "Looked-after review") == [(period.child_id, D(2026, 11, 30))]
    assert _items(children, "Statutory visit (looked after)") == [(period.child_id, D(2026, 11, 9))]
    assert other.child_id not in {item.child_id for item in work_items_for(children)}
    item = next(i for i in work_items_for(children) if i.kind == "Looked-after review")
    assert item.url == reverse("carereviews:child", args=[period.child_id])


def test_work_item_for_the_iros_next_contact(in_care, iro_user):
    period = in_care(D(2026, 11, 2), iro=iro_user.worker)
    children = Person.objects.filter(pk=period.child_id)
    # No contact yet: due by the first review (30 Nov), before six months from becoming looked after.
    assert _items(children, "IRO contact with the child") == [(period.child_id, D(2026, 11, 30))]
    services.iro_contact_record(period=period, contact_date=D(2026, 11, 16), kind="visit", recorded_by=iro_user)
    assert _items(children, "IRO contact with the child") == [(period.child_id, D(2026, 11, 30))]
    services.review_record(period=period, review_date=D(2026, 11, 20), participation="PN1", recorded_by=iro_user)
    # Before the second review (20 Feb 2027), which comes before six months after the contact (16 May 2027).
    assert _items(children, "IRO contact with the child") == [(period.child_id, D(2027, 2, 20))]


def test_no_work_items_once_care_has_ended(in_care):
    period = in_care(D(2026, 9, 1))
    period.end_date = D(2026, 11, 1)
    period.save()
    kinds = {item.kind for item in work_items_for(ALL())}
    assert not kinds & {"Looked-after review", "Statutory visit (looked after)", "IRO contact with the child"}


def test_visits_overdue_selector_and_at_risk_rows(in_care, social_worker):
    late = in_care(D(2026, 9, 1))
    services.visit_record(period=late, visit_date=D(2026, 9, 4), child_seen=True, recorded_by=social_worker)
    # Due 16 Oct 2026: overdue on 20 Nov.
    due_today = in_care(D(2026, 9, 1))
    ReviewSchedule.objects.filter(period=due_today).update(next_visit_due=D(2026, 11, 20))
    never_seen = in_care(D(2026, 11, 2))  # first visit due 9 Nov
    today = D(2026, 11, 20)
    found = {row.period_id for row in selectors.visits_overdue(ALL(), today)}
    assert found == {late.pk, never_seen.pk}
    assert set(at_risk._candidates(today)) == {late.child_id, never_seen.child_id}
    rows = {row.child.pk: row for row in at_risk.overdue_visits(ALL(), today)}
    assert rows[late.child_id].late_date == D(2026, 10, 16)
    assert rows[late.child_id].detail == "Last seen 4 Sep 2026"
    assert rows[late.child_id].working_days_late == 25
    assert rows[never_seen.child_id].detail == "Not seen since the placement started"
    # Only the children asked about.
    assert at_risk.overdue_visits(Person.objects.filter(pk=late.child_id), today)[0].child.pk == late.child_id
    assert len(at_risk.overdue_visits(Person.objects.filter(pk=late.child_id), today)) == 1


def test_the_at_risk_source_is_registered():
    keys = {source.key: source for source in sources()}
    assert keys["lac-visits-overdue"].rows is at_risk.overdue_visits


def test_reviews_overdue(in_care):
    late = in_care(D(2026, 9, 1))  # first review due 29 Sep 2026
    in_care(D(2026, 11, 2))
    assert [row.period_id for row in selectors.reviews_overdue(ALL(), D(2026, 11, 20))] == [late.pk]


def test_iro_schedules_only_their_current_children(in_care, iro_user):
    mine = in_care(D(2026, 9, 1), iro=iro_user.worker)
    in_care(D(2026, 9, 1), iro=IROFactory())
    assert [row.period_id for row in selectors.iro_schedules(iro_user.worker, ALL())] == [mine.pk]
    assert list(selectors.iro_schedules(iro_user.worker, Person.objects.none())) == []


def test_panel_shows_the_schedule_and_iro(client, in_care, social_worker, iro_user):
    period = in_care(timezone.localdate() - dt.timedelta(days=60), iro=iro_user.worker)
    client.force_login(social_worker)
    body = client.get(reverse("people:detail", args=[period.child_id])).content.decode()
    assert 'id="carereviews-panel"' in body
    assert iro_user.worker.full_name in body and "Overdue" in body
    assert reverse("carereviews:child", args=[period.child_id]) in body
    row = ReviewSchedule.objects.get(period=period)
    contact_due = body.split('id="panel-next-iro-contact">')[1].split("</dd>")[0]
    assert date_uk(row.next_iro_contact_due) in contact_due and "Overdue" in contact_due


def test_iro_list_shows_their_next_contact(client, in_care, iro_user):
    period = in_care(D(2026, 9, 1), iro=iro_user.worker)
    services.iro_contact_record(period=period, contact_date=D(2026, 11, 2), kind="visit", recorded_by=iro_user)
    client.force_login(iro_user)
    body = client.get(reverse("carereviews:iro_list")).content.decode()
    assert "Your next contact due" in body
    # Six months after the contact is 2 May 2027, but the first review (29 Sep 2026) is still to be held.
    assert ReviewSchedule.objects.get(period=period).next_iro_contact_due == D(2026, 9, 29)
    assert "29 Sep 2026" in body.split('id="iro-reviews"')[1]


def test_no_panel_for_a_child_never_looked_after(client, social_worker, team):
    from tests.factories import EpisodeFactory

    child = PersonFactory()
    EpisodeFactory(child=child, team=team)
    client.force_login(social_worker)
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="carereviews-panel"' not in body
