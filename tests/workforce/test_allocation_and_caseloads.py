import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from safeguard.access.models import AccessEvent
from safeguard.chronology.models import Event
from safeguard.workforce import services
from safeguard.workforce.models import Allocation
from safeguard.workforce.selectors import team_caseload, unallocated_open_episodes, worker_caseload
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, WorkerFactory


@pytest.mark.django_db
class TestAllocation:
    def test_reallocation_ends_the_previous_allocation_and_keeps_history(self, manager, team):
        child = PersonFactory()
        first, second = WorkerFactory(team=team), WorkerFactory(team=team)
        today = timezone.localdate()
        services.allocation_allocate(
            child=child, worker=first, start_date=today - dt.timedelta(days=30), allocated_by=manager
        )
        services.allocation_allocate(child=child, worker=second, start_date=today, allocated_by=manager)
        rows = list(Allocation.objects.filter(child=child).order_by("start_date"))
        assert [(a.worker, a.end_date) for a in rows] == [(first, today), (second, None)]
        assert Event.objects.filter(child=child, kind="allocation.ended").count() == 1

    def test_only_managers_allocate(self, social_worker, team):
        with pytest.raises(PermissionDenied):
            services.allocation_allocate(
                child=PersonFactory(),
                worker=WorkerFactory(team=team),
                start_date=timezone.localdate(),
                allocated_by=social_worker,
            )

    def test_future_and_backdated_allocations_are_refused(self, manager, team):
        child, worker = PersonFactory(), WorkerFactory(team=team)
        with pytest.raises(ValidationError):
            services.allocation_allocate(
                child=child, worker=worker, allocated_by=manager, start_date=timezone.localdate() + dt.timedelta(days=1)
            )
        services.allocation_allocate(child=child, worker=worker, allocated_by=manager, start_date=timezone.localdate())
        with pytest.raises(ValidationError):
            services.allocation_allocate(
                child=child,
                worker=WorkerFactory(team=team),
                allocated_by=manager,
                start_date=timezone.localdate() - dt.timedelta(days=5),
            )


@pytest.mark.django_db
class TestCaseloads:
    def test_worker_caseload_lists_due_and_overdue_work(self, manager, team):
        worker = WorkerFactory(team=team)
        overdue_child, due_child = PersonFactory(), PersonFactory()
        for child in (overdue_child, due_child):
            AllocationFactory(child=child, worker=worker)
        today = timezone.localdate()
        EpisodeFactory(child=overdue_child, team=team, assessment_due_date=today - dt.timedelta(days=2))
        EpisodeFactory(child=due_child, team=team, assessment_due_date=today)
        caseload = worker_caseload(worker, manager)
        assert {c.pk for c in caseload.children} == {overdue_child.pk, due_child.pk}
        assert caseload.counts["overdue"] == 1 and caseload.counts["due today"] == 1
        assert [i.child_id for i in caseload.items] == [overdue_child.pk, due_child.pk]

    def test_team_caseload_includes_unallocated_open_episodes(self, manager, team):
        waiting = EpisodeFactory(team=team)
        allocated = EpisodeFactory(team=team)
        AllocationFactory(child=allocated.child, worker=WorkerFactory(team=team))
        assert {c.pk for c in team_caseload(team, manager).children} == {waiting.child_id, allocated.child_id}
        assert [e.pk for e in unallocated_open_episodes(team, manager)] == [waiting.pk]

    def test_caseload_page_records_one_list_event_with_every_child(self, client, manager, team):
        worker = WorkerFactory(team=team)
        children = [AllocationFactory(worker=worker).child for _ in range(3)]
        client.force_login(manager)
        response = client.get(reverse("workforce:worker_caseload", args=[worker.pk]))
        assert response.status_code == 200
        event = AccessEvent.objects.get()
        assert event.action == "list"
        assert set(event.children.values_list("child_id", flat=True)) == {c.pk for c in children}

    def test_team_page_of_another_service_is_not_found(self, client, social_worker):
        other = WorkerFactory()
        client.force_login(social_worker)
        assert client.get(reverse("workforce:team_caseload", args=[other.team_id])).status_code == 404
