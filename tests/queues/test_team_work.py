import datetime as dt
import re

from safeguard.access.models import AccessEvent
from safeguard.accounts.models import Role
from safeguard.workforce import work
from safeguard.workforce.models import Service, Worker
from tests.casework.factories import SubmittedAssessmentFactory
from tests.factories import EpisodeFactory, PersonFactory, TeamFactory, WorkerFactory, worker_user
from tests.protection.factories import PlanFactory
from tests.queues.conftest import queries_for

MON = dt.date(2026, 12, 7)


def worker_rows(page: str) -> dict[str, list[int]]:
    """The By worker table: name -> [children, overdue, today, week, later]."""
    table = page.split('id="workers"')[1].split("</table>")[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">\s*<td class=\"govuk-table__cell\">(.*?)</tr>", table, re.S)
    out = {}
    for row in rows:
        name = re.sub(r"<[^>]+>", "", row.split("</td>")[0]).strip()
        out[name] = [int(n) for n in re.findall(r"numeric\">(\d+)</td>", row)]
    return out


def test_team_queue_counts_per_worker_and_lists_unallocated_and_authorisations(
    client, manager, team, allocated_child, pin_today
):
    pin_today(MON)
    alice = WorkerFactory(team=team, first_name="Alice", last_name="Able")
    allocated_child(alice, MON - dt.timedelta(days=3))  # overdue
    allocated_child(alice, MON)  # due today
    bob = WorkerFactory(team=team, first_name="Bob", last_name="Best")
    waiting = allocated_child(bob, MON + dt.timedelta(days=20))
    assessment = SubmittedAssessmentFactory(episode=waiting.cin_episodes.get(), child=waiting)
    nobody = PersonFactory(first_name="Nadia", last_name="Noone")
    EpisodeFactory(child=nobody, team=team, assessment_due_date=MON + dt.timedelta(days=1))
    elsewhere = allocated_child(WorkerFactory(team=TeamFactory()), MON, first_name="Other")
    client.force_login(manager)

    page = client.get(f"/queues/teams/{team.pk}/").content.decode()

    rows = worker_rows(page)
    assert rows["Alice Able"] == [2, 1, 1, 0, 0]
    assert rows["Bob Best"][:1] == [1] and sum(rows["Bob Best"][1:]) == 1
    assert rows["No social worker in this team"] == [1, 0, 0, 1, 0]
    unallocated = page.split('id="unallocated"')[1].split("</table>")[0]
    assert "Nadia Noone" in unallocated
    authorisations = page.split('id="authorisations"')[1]
    assert f"/casework/children/{waiting.pk}/assessments/{assessment.pk}/" in authorisations
    assert "Other Example" not in page  # another team's child
    event = AccessEvent.objects.get()
    assert elsewhere.pk not in set(event.children.values_list("child_id", flat=True))
    assert nobody.pk in set(event.children.values_list("child_id", flat=True))


def test_an_authorisation_clears_when_the_manager_authorises(client, manager, team, allocated_child, pin_today):
    pin_today(MON)
    child = allocated_child(WorkerFactory(team=team), MON + dt.timedelta(days=20), first_name="Zara")
    assessment = SubmittedAssessmentFactory(episode=child.cin_episodes.get(), child=child)
    client.force_login(manager)
    url = f"/queues/teams/{team.pk}/"
    assert "Zara Example" in client.get(url).content.decode().split('id="authorisations"')[1]

    assessment.status = assessment.Status.AUTHORISED
    assessment.authorised_date = MON
    assessment.save()

    assert "No assessments are waiting for authorisation." in client.get(url).content.decode()


def test_manager_sees_teams_in_their_service_only(client, manager, team):
    same_service = TeamFactory(service=team.service)
    other_service = TeamFactory(service=Service.CHILDREN_IN_CARE)
    client.force_login(manager)
    assert client.get(f"/queues/teams/{same_service.pk}/").status_code == 200
    assert client.get(f"/queues/teams/{other_service.pk}/").status_code == 404
    assert client.get("/queues/teams/999999/").status_code == 404


def test_social_workers_cannot_open_a_team_queue(client, social_worker, team):
    other = TeamFactory(service=team.service)
    client.force_login(social_worker)
    assert client.get(f"/queues/teams/{other.pk}/").status_code == 404
    assert client.get(f"/queues/teams/{team.pk}/").status_code == 404  # team queues are for managers


def test_senior_leader_gets_404(client, team):
    leader = worker_user(Role.SENIOR_LEADER, team=team, worker_role=Worker.Role.TEAM_MANAGER)
    client.force_login(leader)
    assert client.get(f"/queues/teams/{team.pk}/").status_code == 404


def test_query_count_is_bounded_for_fifty_children(
    client, manager, team, allocated_child, pin_today, django_assert_max_num_queries
):
    pin_today(MON)
    workers = [WorkerFactory(team=team) for _ in range(5)]

    def add(numbers):
        for n in numbers:
            child = allocated_child(workers[n % 5], MON + dt.timedelta(days=n % 10))
            if n % 5 == 0:
                PlanFactory(conference__section47__strategy_discussion__episode=child.cin_episodes.get())
            if n % 7 == 0:
                SubmittedAssessmentFactory(episode=child.cin_episodes.get(), child=child)
            if n % 10 == 0:
                EpisodeFactory(team=team)

    client.force_login(manager)
    add(range(10))
    for_ten = queries_for(lambda: client.get(f"/queues/teams/{team.pk}/"))
    # a query or two per provider, plus the team's lists (key workers: their allocations, then each worker once)
    assert for_ten <= len(work._providers) + 21
    add(range(10, 50))
    with django_assert_max_num_queries(for_ten):  # five times the children, not one more query
        page = client.get(f"/queues/teams/{team.pk}/").content.decode()
    assert "55 children" in page
    assert "5 open episodes without an allocated social worker" in page
    assert "8 assessments waiting for authorisation" in page
