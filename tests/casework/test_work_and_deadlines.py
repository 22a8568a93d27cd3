import datetime as dt

import pytest
from django.utils import timezone

from safeguard.casework.models import Assessment, CINPlanVisit
from safeguard.people.models import Person
from safeguard.workdays import calendar, deadlines
from safeguard.workdays.models import CalendarOverride
from safeguard.workforce.work import work_items_for
from tests.factories import EpisodeFactory

from .factories import AssessmentFactory, CINPlanFactory, SubmittedAssessmentFactory

pytestmark = pytest.mark.django_db


def items(*children, kind=None):
    found = work_items_for(Person.objects.filter(pk__in=[c.pk for c in children]))
    return [i for i in found if kind is None or i.kind == kind]


class TestAssessmentWorkItems:
    def test_open_episode_without_an_assessment(self):
        episode = EpisodeFactory()
        [item] = items(episode.child)
        assert (item.kind, item.due_date) == ("Child and family assessment", episode.assessment_due_date)
        assert item.url == f"/casework/children/{episode.child_id}/episodes/{episode.pk}/"

    def test_in_progress_still_due(self):
        a = AssessmentFactory()
        assert [i.kind for i in items(a.child)] == ["Child and family assessment"]

    def test_submitted_is_awaiting_authorisation(self):
        a = SubmittedAssessmentFactory()
        assert [i.kind for i in items(a.child)] == ["Assessment awaiting authorisation"]

    def test_authorised_or_closed_drops_off(self):
        a = AssessmentFactory(status=Assessment.Status.AUTHORISED, authorised_date=timezone.localdate())
        closed = EpisodeFactory(close_date=timezone.localdate(), close_reason="RC8")
        assert items(a.child, closed.child) == []

    def test_only_the_given_children(self):
        EpisodeFactory()
        mine = EpisodeFactory()
        assert [i.child_id for i in items(mine.child)] == [mine.child_id]


class TestCINPlanWorkItems:
    def test_visit_and_review(self):
        plan = CINPlanFactory()
        got = {i.kind: i.due_date for i in items(plan.child) if i.kind.startswith("Child in need")}
        assert got == {"Child in need visit": plan.next_visit_due, "Child in need plan review": plan.next_review_due}
        assert items(plan.child, kind="Child in need visit")[0].url.endswith(f"/cin-plans/{plan.pk}/")

    def test_ended_plan_has_no_work(self):
        plan = CINPlanFactory(end_date=timezone.localdate())
        assert items(plan.child, kind="Child in need visit") == []
        assert items(plan.child, kind="Child in need plan review") == []


class TestRederive:
    def test_a_new_closure_day_moves_the_next_visit(self):
        plan = CINPlanFactory(
            episode=EpisodeFactory(referral_date=dt.date(2026, 11, 2)), start_date=dt.date(2026, 11, 2)
        )
        CINPlanVisit.objects.create(plan=plan, visit_date=dt.date(2026, 11, 16))
        plan.next_visit_due = calendar.add_working_days(dt.date(2026, 11, 16), 20)
        plan.save()
        assert plan.next_visit_due == dt.date(2026, 12, 14)
        CalendarOverride.objects.create(date=dt.date(2026, 12, 1), kind="local_closure", description="Training")
        calendar.invalidate()
        deadlines.rederive_all()
        plan.refresh_from_db()
        assert plan.next_visit_due == dt.date(2026, 12, 15)  # anchored on the latest visit, one day later

    def test_a_plan_with_its_own_interval_keeps_it_when_the_calendar_changes(self):
        plan = CINPlanFactory(
            episode=EpisodeFactory(referral_date=dt.date(2026, 11, 2)),
            start_date=dt.date(2026, 11, 2),
            visit_interval_working_days=10,
        )
        CINPlanVisit.objects.create(plan=plan, visit_date=dt.date(2026, 11, 23))
        CalendarOverride.objects.create(date=dt.date(2026, 12, 1), kind="local_closure", description="Training")
        calendar.invalidate()
        deadlines.rederive_all()
        plan.refresh_from_db()
        # 10 working days from Mon 23 Nov, skipping the closure on Tue 1 Dec: Tue 8 Dec.
        assert plan.next_visit_due == dt.date(2026, 12, 8)
