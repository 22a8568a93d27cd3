import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from safeguard.access.models import AccessEvent, AppendOnlyError
from safeguard.access.selectors import visible_people
from safeguard.access.services import inspector_grant_create, inspector_grant_revoke
from safeguard.accounts.models import Role
from tests.factories import PASSWORD, PersonFactory, UserFactory


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from safeguard import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_argon2_hash_format():
    assert make_password("a long synthetic passphrase").startswith("argon2$")


def test_sessions_expire():
    assert django_settings.SESSION_COOKIE_AGE <= 60 * 60
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and django_settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.django_db
def test_strict_content_security_policy_header(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("people:search"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client):
    user = UserFactory(username="lockme")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "lockme", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "lockme", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Your account is locked" in response.content
    assert "_auth_user_id" not in client.session
    assert user.pk


@pytest.mark.django_db
def test_login_works_and_csrf_is_enforced(client):
    UserFactory(username="worker1")
    response = client.post(reverse("accounts:login"), {"username": "worker1", "password": PASSWORD})
    assert response.status_code == 302
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("accounts:login"), {"username": "worker1", "password": PASSWORD}).status_code == 403


@pytest.mark.django_db
class TestInspectors:
    def test_no_grant_no_records(self, admin_user):
        inspector = UserFactory(role=Role.INSPECTOR)
        PersonFactory()
        assert visible_people(inspector).count() == 0

    def test_inside_the_window_everything_unrestricted_read_only(self, client, admin_user):
        inspector = UserFactory(role=Role.INSPECTOR)
        child = PersonFactory()
        restricted = PersonFactory(is_restricted=True)
        now = timezone.now()
        grant = inspector_grant_create(
            inspector=inspector,
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(days=5),
            reason="ILACS",
            granted_by=admin_user,
        )
        assert list(visible_people(inspector)) == [child]
        client.force_login(inspector)
        assert client.get(reverse("people:detail", args=[child.pk])).status_code == 200
        assert AccessEvent.objects.get(child=child).grant == grant
        assert client.get(reverse("people:detail", args=[restricted.pk])).status_code == 404
        assert client.post(reverse("people:add_flag", args=[child.pk]), {}).status_code == 403
        inspector_grant_revoke(grant_id=grant.pk, revoked_by=admin_user)
        assert client.get(reverse("people:detail", args=[child.pk])).status_code == 404

    def test_expired_window(self, admin_user):
        inspector = UserFactory(role=Role.INSPECTOR)
        PersonFactory()
        now = timezone.now()
        inspector_grant_create(
            inspector=inspector,
            starts_at=now - dt.timedelta(days=10),
            ends_at=now - dt.timedelta(days=1),
            reason="Past",
            granted_by=admin_user,
        )
        assert visible_people(inspector).count() == 0


@pytest.mark.django_db
def test_access_events_are_append_only(client, analyst):
    child = PersonFactory()
    client.force_login(analyst)
    client.get(reverse("people:detail", args=[child.pk]))
    event = AccessEvent.objects.get()
    event.what = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
