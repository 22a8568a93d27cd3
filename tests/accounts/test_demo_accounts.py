"""Demo accounts: one per role, each linked to the generated worker its role needs; idempotent."""

import pytest

from safeguard.accounts.demo import DEMO_PASSWORD, demo_accounts_create
from safeguard.accounts.models import Role, User
from safeguard.workforce.models import Service, Worker
from tests.factories import TeamFactory, WorkerFactory


@pytest.fixture
def workforce(db):
    assessment = TeamFactory(service=Service.ASSESSMENT)
    in_care = TeamFactory(service=Service.CHILDREN_IN_CARE)
    leaving = TeamFactory(service=Service.LEAVING_CARE)
    quality = TeamFactory(service=Service.QUALITY_ASSURANCE)
    return {
        "socialworker": WorkerFactory(team=assessment, role=Worker.Role.SOCIAL_WORKER),
        "manager": WorkerFactory(team=assessment, role=Worker.Role.TEAM_MANAGER),
        "carer": WorkerFactory(team=in_care, role=Worker.Role.SOCIAL_WORKER),
        "adviser": WorkerFactory(team=leaving, role=Worker.Role.PERSONAL_ADVISER),
        "chair": WorkerFactory(team=quality, role=Worker.Role.CONFERENCE_CHAIR),
        "iro": WorkerFactory(team=quality, role=Worker.Role.IRO),
    }


def test_each_practice_account_is_linked_to_the_right_worker(workforce):
    accounts = {account.username: account for account in demo_accounts_create()}

    for username, worker in workforce.items():
        worker.refresh_from_db()
        assert worker.user.username == username, username
    assert accounts["iro"].role == Role.CONFERENCE_CHAIR
    assert accounts["carer"].role == Role.SOCIAL_WORKER
    assert User.objects.get(username="adviser").check_password(DEMO_PASSWORD)


def test_running_it_twice_creates_nothing_more(workforce):
    demo_accounts_create()
    count = User.objects.count()
    demo_accounts_create()
    assert User.objects.count() == count
