"""Children at risk of immediate harm: each section at its edges, clearing, scope and permissions."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from safeguard.access.models import AccessEvent, InspectorGrant
from safeguard.access.selectors import visible_people
from safeguard.accounts.models import Role
from safeguard.codelists import CategoryOfAbuse
from safeguard.protection import services
from safeguard.protection.models import InitialChildProtectionConference, StrategyDiscussion
from safeguard.queues import at_risk as registry
from safeguard.queues import selectors
from safeguard.workforce.models import Service
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, TeamFactory, UserFactory, WorkerFactory
from tests.protection.factories import PlanFactory, Section47Factory, StrategyDiscussionFactory, VisitFactory
from tests.queues.conftest import queries_for

FRI = dt.date(2026, 12, 4)
MON = dt.date(2026, 12, 7)
CHRISTMAS_EVE = dt.date(2026, 12, 24)  # Thu; 25 Fri and 28 Mon (Boxing Day substitute) are bank holidays
TUE_AFTER_CHRISTMAS = dt.date(2026, 12, 29)


def section(page: str, key: str) -> str:
    return page.split(f'id="{key}"')[1].split("</table>")[0]


def rows(page: str, key: str) -> list[list[str]]:
    """The cells of a section's rows, tags stripped."""
    body = section(page, key).split("<tbody")[1]
    found = []
    for tr in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        if cells != ["None."]:
            found.append(cells)
    return found


@pytest.fixture
def worker(team):
    return WorkerFactory(team=team, first_name="Sam", last_name="Carter")


def allocated_episode(worker, **person):
    child = PersonFactory(**person)
    AllocationFactory(child=child, worker=worker)
    return EpisodeFactory(child=child, team=worker.team, referral_date=dt.date(2026, 11, 2))


def s47_due(worker, target: dt.date, **person):
    episode = allocated_episode(worker, **person)
    return Section47Factory(
        strategy_discussion__episode=episode,
        strategy_discussion__held_on=dt.date(2026, 11, 2),
        icpc_target_date=target,
    )


def plan_visit_due(worker, due: dt.date, *, start=dt.date(2026, 11, 30), **person):
    episode = allocated_episode(worker, **person)
    return PlanFactory(
        conference__section47__strategy_discussion__episode=episode,
        conference__section47__strategy_discussion__held_on=dt.date(2026, 11, 2),
        start_date=start,
        next_visit_due=due,
    )


def at_risk_page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get("/queues/at-risk/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_icpc_target_passed_on_friday_is_one_working_day_late_on_monday(client, manager, worker, pin_today):
    pin_today(MON)
    late = s47_due(worker, FRI, first_name="Late")
    s47_due(worker, MON, first_name="Today")  # the target is today: not late yet

    page = at_risk_page(client, manager)

    assert rows(page, "late-icpc") == [
        ["Late Example", worker.team.name, "Sam Carter", "4 Dec 2026", "1", "Section 47 started 2 Nov 2026"]
    ]
    assert f'href="/protection/children/{late.child_id}/section-47/{late.pk}/"' in section(page, "late-icpc")


def test_working_days_late_skip_christmas_bank_holidays(manager, worker):
    s47_due(worker, CHRISTMAS_EVE, first_name="Holly")
    sections = selectors.at_risk(visible_people(manager), TUE_AFTER_CHRISTMAS)
    [row] = sections[0].rows
    assert (row.late_date, row.working_days_late) == (CHRISTMAS_EVE, 1)


def test_late_icpc_clears_when_the_conference_is_recorded(client, manager, worker, pin_today):
    pin_today(MON)
    s47 = s47_due(worker, FRI, first_name="Clara")
    assert len(rows(at_risk_page(client, manager), "late-icpc")) == 1

    services.icpc_record(
        section47_id=s47.pk,
        conference_date=MON,
        outcome=InitialChildProtectionConference.Outcome.PLAN,
        initial_category=CategoryOfAbuse.NEGLECT,
        recorded_by=manager,
    )

    page = at_risk_page(client, manager)
    assert rows(page, "late-icpc") == []
    # The new plan's first visit is not due yet, so nothing else appears for her.
    assert "Clara Example" not in page


def test_overdue_visit_listed_from_the_day_after_and_clears_with_a_visit(client, manager, worker, pin_today):
    pin_today(MON)
    plan = plan_visit_due(worker, FRI, first_name="Vic")
    plan_visit_due(worker, MON, first_name="Due")

    page = at_risk_page(client, manager)
    assert [r[0] for r in rows(page, "overdue-visit")] == ["Vic Example"]
    assert rows(page, "overdue-visit")[0][3:5] == ["4 Dec 2026", "1"]

    services.cp_visit_record(plan_id=plan.pk, visit_date=MON, child_seen=True, seen_alone=False, recorded_by=manager)

    assert rows(at_risk_page(client, manager), "overdue-visit") == []


def test_child_not_seen_within_the_interval(manager, worker):
    # Plan from Mon 16 Nov, every 10 working days: the child should have been seen by Mon 30 Nov.
    start = dt.date(2026, 11, 16)
    plan = plan_visit_due(worker, dt.date(2027, 1, 1), start=start, first_name="Nell")
    VisitFactory(plan=plan, visit_date=dt.date(2026, 11, 20), child_seen=False)  # a visit, child not seen

    on_time = selectors.at_risk(visible_people(manager), dt.date(2026, 11, 30))[2]
    assert on_time.rows == []
    [row] = selectors.at_risk(visible_people(manager), dt.date(2026, 12, 1))[2].rows
    assert (row.late_date, row.working_days_late) == (dt.date(2026, 11, 30), 1)
    assert row.detail.startswith("Not seen since the plan started")

    VisitFactory(plan=plan, visit_date=dt.date(2026, 11, 27), child_seen=True)
    assert selectors.at_risk(visible_people(manager), dt.date(2026, 12, 1))[2].rows == []


def test_unallocated_child_with_open_section_47_clears_when_allocated(client, manager, team, pin_today):
    pin_today(MON)
    child = PersonFactory(first_name="Una")
    episode = EpisodeFactory(child=child, team=team)
    Section47Factory(strategy_discussion__episode=episode, strategy_discussion__held_on=FRI, icpc_target_date=MON)

    assert rows(at_risk_page(client, manager), "unallocated") == [
        ["Una Example", team.name, "Unallocated", "4 Dec 2026", "1", "Open section 47 enquiry"]
    ]

    AllocationFactory(child=child, worker=WorkerFactory(team=team))
    assert rows(at_risk_page(client, manager), "unallocated") == []


def test_strategy_discussion_without_outcome_clears_when_decided(client, manager, worker, pin_today):
    pin_today(MON)
    episode = allocated_episode(worker, first_name="Sid")
    sd = StrategyDiscussionFactory(episode=episode, held_on=FRI)

    assert [r[0] for r in rows(at_risk_page(client, manager), "no-outcome")] == ["Sid Example"]

    services.strategy_discussion_decide(
        discussion_id=sd.pk,
        expected_version=sd.version,
        decision=StrategyDiscussion.Decision.CHILD_IN_NEED,
        decided_on=MON,
        decided_by=manager,
    )
    assert rows(at_risk_page(client, manager), "no-outcome") == []


def test_manager_sees_their_service_and_can_filter_by_team(client, manager, worker, pin_today):
    pin_today(MON)
    sibling_team = TeamFactory(service=worker.team.service, name="Assessment team East")
    s47_due(worker, FRI, first_name="Mine")
    s47_due(WorkerFactory(team=sibling_team), FRI, first_name="Sibling")
    s47_due(WorkerFactory(team=TeamFactory(service=Service.CHILDREN_IN_CARE)), FRI, first_name="Elsewhere")

    page = at_risk_page(client, manager)
    assert sorted(r[0] for r in rows(page, "late-icpc")) == ["Mine Example", "Sibling Example"]
    assert f'<option value="{sibling_team.pk}">' in page

    filtered = at_risk_page(client, manager, team=sibling_team.pk)
    assert [r[0] for r in rows(filtered, "late-icpc")] == ["Sibling Example"]

    # A team outside the manager's service is not offered, and asking for it shows no more than before.
    elsewhere = TeamFactory(service=Service.CHILDREN_IN_CARE)
    assert f'<option value="{elsewhere.pk}">' not in page
    unchanged = at_risk_page(client, manager, team=elsewhere.pk)
    assert sorted(r[0] for r in rows(unchanged, "late-icpc")) == ["Mine Example", "Sibling Example"]


def test_senior_leaders_and_analysts_see_the_whole_authority(client, analyst, worker, pin_today):
    pin_today(MON)
    s47_due(worker, FRI, first_name="Mine")
    s47_due(WorkerFactory(team=TeamFactory(service=Service.CHILDREN_IN_CARE)), FRI, first_name="Elsewhere")
    leader = UserFactory(role=Role.SENIOR_LEADER)
    for user in (analyst, leader):
        page = at_risk_page(client, user)
        assert sorted(r[0] for r in rows(page, "late-icpc")) == ["Elsewhere Example", "Mine Example"]


def test_the_children_shown_are_recorded_in_one_event(client, manager, worker, pin_today):
    pin_today(MON)
    first = s47_due(worker, FRI)
    second = plan_visit_due(worker, FRI)
    at_risk_page(client, manager)
    event = AccessEvent.objects.get()
    assert set(event.children.values_list("child_id", flat=True)) == {first.child_id, second.child_id}


def test_social_workers_and_front_door_get_403(client, social_worker, front_door_user):
    for user in (social_worker, front_door_user):
        client.force_login(user)
        assert client.get("/queues/at-risk/").status_code == 403


def test_inspectors_only_inside_their_window(client, admin_user):
    inspector = UserFactory(role=Role.INSPECTOR)
    client.force_login(inspector)
    assert client.get("/queues/at-risk/").status_code == 403
    now = timezone.now()
    InspectorGrant.objects.create(
        inspector=inspector,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
        reason="Ofsted ILACS",
        granted_by=admin_user,
    )
    assert client.get("/queues/at-risk/").status_code == 200


def test_query_count_is_bounded_for_fifty_children(
    client, manager, team, worker, pin_today, django_assert_max_num_queries
):
    pin_today(MON)

    def add(numbers):
        for n in numbers:
            match n % 5:
                case 0:
                    s47_due(worker, FRI)
                case 1:
                    plan_visit_due(worker, FRI)
                case 2:
                    plan_visit_due(worker, dt.date(2027, 1, 4), start=dt.date(2026, 10, 1))  # not seen
                case 3:
                    StrategyDiscussionFactory(episode=allocated_episode(worker), held_on=FRI)
                case 4:
                    episode = EpisodeFactory(team=team)
                    Section47Factory(strategy_discussion__episode=episode, icpc_target_date=MON)

    client.force_login(manager)
    add(range(10))
    for_ten = queries_for(lambda: client.get("/queues/at-risk/"))
    assert for_ten <= 2 * len(registry.sources()) + 15  # candidates and rows per list, plus workers and teams
    add(range(10, 50))
    with django_assert_max_num_queries(for_ten):  # five times the children, not one more query
        page = client.get("/queues/at-risk/").content.decode()
    assert [
        len(rows(page, key)) for key in ("late-icpc", "overdue-visit", "not-seen", "no-outcome", "unallocated")
    ] == [
        10,
        10,
        10,
        10,
        10,
    ]


def test_a_registered_source_appears_on_the_page_for_its_visible_candidates(client, manager, worker, monkeypatch):
    """Domains add lists through the registry; only visible candidates reach the source's rows."""
    from safeguard.queues import at_risk as registry
    from safeguard.queues.at_risk import AtRiskRow, AtRiskSource

    shown = allocated_episode(worker, first_name="Shown").child
    hidden = PersonFactory(first_name="Hidden")  # no need-to-know for the manager
    seen_by_rows = []

    def rows(children, today):
        seen_by_rows.extend(children)
        return [AtRiskRow(child=child, late_date=today, working_days_late=0, detail="Test risk") for child in children]

    ids = [shown.pk, hidden.pk]
    monkeypatch.setitem(
        registry._SOURCES,
        "test-risk",
        AtRiskSource("test-risk", "A test risk", "Since", 99, lambda today: _ids_query(ids), rows),
    )
    page = at_risk_page(client, manager)
    assert [r[0] for r in rows_of(page)] == ["Shown " + shown.last_name]
    assert seen_by_rows == [shown]


def _ids_query(ids):
    from safeguard.people.models import Person

    return Person.objects.filter(pk__in=ids).values_list("pk", flat=True)


def rows_of(page):
    return rows(page, "test-risk")


def test_long_lists_show_the_longest_overdue_first_and_link_to_the_rest(
    client, manager, worker, pin_today, monkeypatch
):
    from safeguard.queues import views

    monkeypatch.setattr(views, "AT_RISK_ROWS_SHOWN", 1)
    pin_today(MON)
    s47_due(worker, FRI, first_name="Recent")
    s47_due(worker, FRI - dt.timedelta(days=7), first_name="Oldest")

    page = at_risk_page(client, manager)
    assert [r[0] for r in rows(page, "late-icpc")] == ["Oldest Example"]
    assert "Show all 2" in page
    assert len(rows(at_risk_page(client, manager, show="late-icpc"), "late-icpc")) == 2


def test_candidates_are_only_the_children_on_each_list_now(worker):
    """The page checks visibility only for candidates: an allocated plan visited in time is not one of them."""
    on_time = plan_visit_due(worker, MON + dt.timedelta(days=14), start=MON)
    overdue = plan_visit_due(worker, FRI, start=dt.date(2026, 11, 2))
    unallocated = PlanFactory(start_date=MON, next_visit_due=MON + dt.timedelta(days=14))

    def candidates(key: str) -> set[int]:
        found = next(source for source in registry.sources() if source.key == key).candidates(MON)
        found = found if isinstance(found, tuple) else (found,)
        return {child_id for query in found for child_id in query}

    assert candidates("overdue-visit") == {overdue.child_id}
    assert candidates("not-seen") == {overdue.child_id}  # not seen since 2 Nov: beyond 10 working days
    assert candidates("unallocated") == {unallocated.child_id}
    assert on_time.child_id not in set().union(*(candidates(key) for key in ("overdue-visit", "not-seen")))
