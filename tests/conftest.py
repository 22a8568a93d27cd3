import pytest

from safeguard.accounts.models import Role

from .factories import TeamFactory, UserFactory, worker_user


@pytest.fixture(autouse=True)
def _fresh_caches():
    # The calendar and rule caches are per process; each test starts from the database.
    from safeguard.workdays import calendar, deadlines

    calendar.invalidate()
    deadlines.invalidate_rules()
    yield
    calendar.invalidate()
    deadlines.invalidate_rules()


@pytest.fixture
def team(db):
    return TeamFactory()


@pytest.fixture
def social_worker(team):
    return worker_user(Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def manager(team):
    from safeguard.workforce.models import Worker

    return worker_user(Role.TEAM_MANAGER, team=team, worker_role=Worker.Role.TEAM_MANAGER)


@pytest.fixture
def front_door_user(db):
    from safeguard.workforce.models import Service, Worker

    return worker_user(
        Role.FRONT_DOOR, team=TeamFactory(name="MASH", service=Service.FRONT_DOOR), worker_role=Worker.Role.MASH_WORKER
    )


@pytest.fixture
def analyst(db):
    return UserFactory(role=Role.ANALYST)


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that create many users use a fast hasher instead.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
