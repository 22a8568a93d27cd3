"""Every child-related URL: 404 without need-to-know, and exactly one access event per successful view.

The URLs are discovered from the URLconf (any route taking person_id or contact_id), so a new page that
forgets the visibility selector fails here without anyone having to remember to add it. Routes that also
take the id of a record hanging off the child (an assessment, a plan...) get it from a `sweep_kwargs(case)`
function in `tests/<app>/sweep.py`, which builds that record for the sweep's child.
"""

import datetime as dt
import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from safeguard.access.models import AccessEvent
from safeguard.accounts.models import Role
from safeguard.frontdoor.models import Contact
from safeguard.workforce.models import Service, Worker
from tests.factories import (
    AllocationFactory,
    EpisodeFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
    worker_user,
)

CHILD_KWARGS = {"person_id", "contact_id"}


def child_urls():
    found = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and set(pattern.pattern.converters) & CHILD_KWARGS:
                found.append((f"{namespace}{pattern.name}", set(pattern.pattern.converters)))

    walk(get_resolver().url_patterns)
    return found


def test_the_sweep_finds_the_child_pages():
    names = {name for name, _ in child_urls()}
    assert {"people:detail", "people:chronology", "people:viewers", "frontdoor:contact", "workforce:allocate"} <= names


@pytest.fixture
def case(db):
    """A child open to an assessment team, allocated, with a contact; and people inside and outside the service."""
    team = TeamFactory(service=Service.ASSESSMENT)
    child = PersonFactory()
    worker = WorkerFactory(team=team)
    AllocationFactory(child=child, worker=worker)
    EpisodeFactory(child=child, team=team)
    recorder = UserFactory(role=Role.FRONT_DOOR)
    contact = Contact.objects.create(
        child=child,
        group_reference="G-test",
        received_at=timezone.now() - dt.timedelta(hours=2),
        source="6",
        summary="Synthetic concern",
        rag="amber",
        decision_due_date=timezone.localdate(),
        recorded_by=recorder,
    )
    inside_manager = worker_user(Role.TEAM_MANAGER, team=team, worker_role=Worker.Role.TEAM_MANAGER)
    other_team = TeamFactory(service=Service.CHILDREN_IN_CARE)
    outside_manager = worker_user(Role.TEAM_MANAGER, team=other_team, worker_role=Worker.Role.TEAM_MANAGER)
    built = {
        "child": child,
        "contact": contact,
        "inside": inside_manager,
        "outside": outside_manager,
        "team": team,
        "worker": worker,
        "episode": child.cin_episodes.get(),
    }
    built["kwargs"] = {"person_id": child.pk, "contact_id": contact.pk}
    for module in _sweep_modules():
        built["kwargs"].update(module.sweep_kwargs(built))
    return built


def _sweep_modules():
    import tests

    for info in pkgutil.iter_modules(tests.__path__):
        try:
            yield importlib.import_module(f"tests.{info.name}.sweep")
        except ModuleNotFoundError:
            continue


def _url(name, converters, case):
    missing = set(converters) - set(case["kwargs"])
    assert not missing, f"{name} takes {missing}: add them to a tests/<app>/sweep.py sweep_kwargs(case)"
    return reverse(name, kwargs={k: case["kwargs"][k] for k in converters})


@pytest.mark.parametrize(("name", "converters"), child_urls(), ids=[n for n, _ in child_urls()])
def test_no_need_to_know_means_not_found(client, case, name, converters):
    client.force_login(case["outside"])
    before = AccessEvent.objects.count()
    response = client.get(_url(name, converters, case))
    assert response.status_code == 404
    assert AccessEvent.objects.count() == before, "a refused request must not be recorded as a view"


@pytest.mark.parametrize(("name", "converters"), child_urls(), ids=[n for n, _ in child_urls()])
def test_each_successful_view_writes_exactly_one_access_event(client, case, name, converters):
    client.force_login(case["inside"])
    before = AccessEvent.objects.count()
    response = client.get(_url(name, converters, case))
    assert response.status_code == 200
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.latest("id")
    assert event.user == case["inside"]
    assert event.child == case["child"]
    assert event.action == AccessEvent.Action.VIEW


@pytest.mark.parametrize(("name", "converters"), child_urls(), ids=[n for n, _ in child_urls()])
def test_restricted_child_is_hidden_even_from_the_allocated_service(client, case, name, converters):
    child = case["child"]
    child.is_restricted = True
    child.save()
    client.force_login(case["inside"])
    assert client.get(_url(name, converters, case)).status_code == 404


@pytest.mark.parametrize(("name", "converters"), child_urls(), ids=[n for n, _ in child_urls()])
def test_anonymous_visitors_are_sent_to_sign_in(client, case, name, converters):
    response = client.get(_url(name, converters, case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_not_found_page_is_in_the_service_style(client, case):
    client.force_login(case["outside"])
    response = client.get(reverse("people:detail", args=[case["child"].pk]))
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and case["child"].first_name not in body and "govuk-template" in body
