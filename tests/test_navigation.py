"""The header's links follow the role and the worker's service."""

import pytest
from django.test import RequestFactory

from safeguard.accounts.models import Role
from safeguard.web.context_processors import navigation
from safeguard.workforce.models import Service, Worker
from tests.factories import TeamFactory, UserFactory, worker_user

pytestmark = pytest.mark.django_db


def links(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [item["text"] for item in navigation(request)["nav_items"]]


def test_an_iro_has_their_reviews_and_a_personal_adviser_the_care_leavers():
    iro = worker_user(
        Role.CONFERENCE_CHAIR, team=TeamFactory(service=Service.QUALITY_ASSURANCE), worker_role=Worker.Role.IRO
    )
    adviser = worker_user(team=TeamFactory(service=Service.LEAVING_CARE), worker_role=Worker.Role.PERSONAL_ADVISER)
    assert "My reviews" in links(iro) and "Care leavers" not in links(iro)
    assert "Care leavers" in links(adviser) and "My reviews" not in links(adviser)


def test_leaders_see_the_service_wide_lists_and_social_workers_do_not():
    leader = UserFactory(role=Role.SENIOR_LEADER)
    assert {"At risk", "Care leavers", "Adoption", "Missing education"} <= set(links(leader))
    social_worker = worker_user(team=TeamFactory(service=Service.ASSESSMENT))
    assert not {"Care leavers", "Adoption", "Missing education", "My reviews"} & set(links(social_worker))
