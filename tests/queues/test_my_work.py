import datetime as dt
import re

from safeguard.access.models import AccessEvent
from safeguard.access.selectors import visible_people
from safeguard.queues import selectors
from safeguard.workforce import work
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, WorkerFactory
from tests.protection.factories import PlanFactory
from tests.queues.conftest import queries_for

MON = dt.date(2026, 12, 7)
FRI = dt.date(2026, 12, 4)
ASSESSMENT = "Child and family assessment"


def row(kind: str) -> str:
    return f'<td class="govuk-table__cell">{kind}</td>'


def counts(page: str) -> dict[str, int]:
    found = re.findall(r'margin-bottom-0">(\d+)</span>([a-z ]+)</p>', page)
    return {label: int(count) for count, label in found}


def groups(queue):
    return {label: [item.child_name for item in items] for label, items in queue.groups.items()}


def test_items_are_grouped_at_their_edges(social_worker, allocated_child):
    worker = social_worker.worker
    allocated_child(worker, MON - dt.timedelta(days=1), first_name="Yesterday")
    allocated_child(worker, MON, first_name="Today")
    allocated_child(worker, MON + dt.timedelta(days=1), first_name="Tomorrow")
    allocated_child(worker, MON + dt.timedelta(days=7), first_name="Week")
    allocated_child(worker, MON + dt.timedelta(days=8), first_name="Later")

    queue = selectors.my_work(worker, visible_people(social_worker), MON)

    assert groups(queue) == {
        "overdue": ["Yesterday Example"],
        "due today": ["Today Example"],
        "due this week": ["Tomorrow Example", "Week Example"],
        "later": ["Later Example"],
    }
    assert queue.counts == {"overdue": 1, "due today": 1, "due this week": 2, "later": 1}


def test_friday_deadline_is_overdue_on_monday(social_worker, allocated_child):
    allocated_child(social_worker.worker, FRI, first_name="Friday")
    queue = selectors.my_work(social_worker.worker, visible_people(social_worker), MON)
    assert groups(queue)["overdue"] == ["Friday Example"]
    # ...but on the Friday itself it is due today.
    queue = selectors.my_work(social_worker.worker, visible_people(social_worker), FRI)
    assert groups(queue)["due today"] == ["Friday Example"]


def test_only_children_allocated_to_the_worker_now(social_worker, team, allocated_child):
    mine = allocated_child(social_worker.worker, MON, first_name="Mine")
    colleague = WorkerFactory(team=team)
    allocated_child(colleague, MON, first_name="Colleagues")
    ended = PersonFactory(first_name="Ended")
    EpisodeFactory(child=ended, team=team, assessment_due_date=MON)
    AllocationFactory(child=ended, worker=social_worker.worker, end_date=MON - dt.timedelta(days=3))

    queue = selectors.my_work(social_worker.worker, visible_people(social_worker), MON)

    assert [child.pk for child in queue.children] == [mine.pk]
    assert {item.child_id for item in queue.items} == {mine.pk}


def test_page_filters_by_type_and_links_each_row_to_the_child(client, social_worker, allocated_child, pin_today):
    pin_today(MON)
    child = allocated_child(social_worker.worker, MON, first_name="Ada")
    plan = PlanFactory(conference__section47__strategy_discussion__episode=child.cin_episodes.get(), start_date=MON)
    client.force_login(social_worker)

    page = client.get("/queues/my-work/").content.decode()
    assert ASSESSMENT in page and "Child protection visit" in page
    assert f'href="/casework/children/{child.pk}/episodes/' in page
    assert f'href="/protection/children/{child.pk}/plans/{plan.pk}/"' in page

    filtered = client.get("/queues/my-work/", {"type": "Child protection visit"}).content.decode()
    assert row("Child protection visit") in filtered
    assert row(ASSESSMENT) not in filtered
    assert f'<option value="{ASSESSMENT}">' in filtered  # the filter still offers every type present
    assert counts(filtered) == {"overdue": 0, "due today": 0, "due this week": 0, "later": 1}


def test_the_children_shown_are_recorded_once(client, social_worker, allocated_child, pin_today):
    pin_today(MON)
    first = allocated_child(social_worker.worker, MON)
    second = allocated_child(social_worker.worker, MON + dt.timedelta(days=2))
    client.force_login(social_worker)

    assert client.get("/queues/my-work/").status_code == 200

    event = AccessEvent.objects.get()
    assert event.action == AccessEvent.Action.LIST
    assert set(event.children.values_list("child_id", flat=True)) == {first.pk, second.pk}


def test_a_user_without_a_worker_gets_403(client, analyst):
    client.force_login(analyst)
    assert client.get("/queues/my-work/").status_code == 403


def test_home_sends_social_workers_to_my_work_and_managers_to_team_work(client, social_worker, manager, team):
    client.force_login(social_worker)
    assert client.get("/").url == "/queues/my-work/"
    client.force_login(manager)
    assert client.get("/").url == f"/queues/teams/{team.pk}/"


def test_query_count_is_bounded_for_fifty_children(
    client, social_worker, allocated_child, pin_today, django_assert_max_num_queries
):
    pin_today(MON)

    def add(numbers):
        for n in numbers:
            child = allocated_child(social_worker.worker, MON + dt.timedelta(days=n % 10))
            if n % 5 == 0:
                PlanFactory(conference__section47__strategy_discussion__episode=child.cin_episodes.get())

    client.force_login(social_worker)
    add(range(10))
    for_ten = queries_for(lambda: client.get("/queues/my-work/"))
    assert for_ten <= len(work._providers) + 15  # a query or two per provider, plus session, user, access log
    add(range(10, 50))
    with django_assert_max_num_queries(for_ten):  # five times the children, not one more query
        page = client.get("/queues/my-work/").content.decode()
    assert "50 children allocated to you" in page
    assert sum(counts(page).values()) == 80  # 50 assessments; 10 plans: core group, visit, review


def test_long_groups_show_their_first_rows_and_link_to_the_rest(
    client, social_worker, allocated_child, pin_today, monkeypatch
):
    from safeguard.queues import views

    monkeypatch.setattr(views, "ROWS_SHOWN", 2)
    pin_today(MON)
    later = [
        allocated_child(social_worker.worker, MON + dt.timedelta(days=10 + i), first_name=f"L{i}") for i in range(3)
    ]
    client.force_login(social_worker)

    page = client.get("/queues/my-work/").content.decode()
    assert "L0 Example" in page and "L1 Example" in page and "L2 Example" not in page
    assert "Show all 3 later" in page and "?type=&amp;show=later#later" in page
    # Only the children whose names were on the page are in the access log.
    event = AccessEvent.objects.get()
    assert set(event.children.values_list("child_id", flat=True)) == {later[0].pk, later[1].pk}

    everything = client.get("/queues/my-work/", {"show": "later"}).content.decode()
    assert "L2 Example" in everything and "Show all" not in everything
    assert set(AccessEvent.objects.latest("pk").children.values_list("child_id", flat=True)) == {c.pk for c in later}
