"""Demo accounts for a generated authority: one per role, linked to generated workers where the role needs one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from safeguard.access.models import InspectorGrant
from safeguard.workforce.models import Service, Worker

from .models import Role, User

DEMO_PASSWORD = "safeguard-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    description: str


def _busiest(workers):
    return (
        workers.filter(end_date__isnull=True, user__isnull=True)
        .annotate(current=Count("allocations", filter=Q(allocations__end_date__isnull=True)))
        .order_by("-current", "pk")
        .first()
    )


@transaction.atomic
def demo_accounts_create() -> list[DemoAccount]:
    """Create (or refresh) one account per role. Idempotent: running it twice changes nothing more."""
    social_worker = _busiest(Worker.objects.filter(role=Worker.Role.SOCIAL_WORKER, team__service=Service.ASSESSMENT))
    team = social_worker.team if social_worker else None
    manager = Worker.objects.filter(role=Worker.Role.TEAM_MANAGER, team=team).first() if team else None
    front_door = _busiest(Worker.objects.filter(role=Worker.Role.MASH_WORKER))
    chair = _busiest(Worker.objects.filter(role=Worker.Role.CONFERENCE_CHAIR))
    iro = _busiest(Worker.objects.filter(role=Worker.Role.IRO))
    in_care = _busiest(Worker.objects.filter(role=Worker.Role.SOCIAL_WORKER, team__service=Service.CHILDREN_IN_CARE))
    adviser = _busiest(Worker.objects.filter(role=Worker.Role.PERSONAL_ADVISER))
    plan = [
        ("socialworker", Role.SOCIAL_WORKER, social_worker, "a social worker in an assessment team"),
        ("manager", Role.TEAM_MANAGER, manager, "that social worker's team manager"),
        ("frontdoor", Role.FRONT_DOOR, front_door, "a front-door (MASH) worker"),
        ("chair", Role.CONFERENCE_CHAIR, chair, "a child protection conference chair"),
        ("carer", Role.SOCIAL_WORKER, in_care, "a social worker in a children in care team"),
        ("iro", Role.CONFERENCE_CHAIR, iro, "an independent reviewing officer (IRO)"),
        ("adviser", Role.SOCIAL_WORKER, adviser, "a personal adviser in the leaving care team"),
        ("analyst", Role.ANALYST, None, "a performance analyst"),
        ("leader", Role.SENIOR_LEADER, None, "a senior leader (director)"),
        ("inspector", Role.INSPECTOR, None, "an Ofsted inspector with a 14-day read-only grant"),
        ("admin", Role.ADMINISTRATOR, None, "an administrator (Django admin: users, calendar, grants)"),
    ]
    created = []
    for username, role, worker, description in plan:
        user = _account(username, role, worker)
        created.append(
            DemoAccount(username, role, description + (f": {worker.full_name}, {worker.team}" if worker else ""))
        )
        if role == Role.INSPECTOR:
            _grant(user)
    return created


def _account(username: str, role: str, worker: Worker | None) -> User:
    names = (worker.first_name, worker.last_name) if worker else (username.capitalize(), "(demo)")
    user, _ = User.objects.get_or_create(username=username, defaults={"role": role})
    user.role = role
    user.first_name, user.last_name = names
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.set_password(DEMO_PASSWORD)
    user.save()
    if worker is not None and worker.user_id != user.pk:
        Worker.objects.filter(user=user).update(user=None)
        worker.user = user
        worker.save()
    return user


def _grant(inspector: User) -> None:
    now = timezone.now()
    if not InspectorGrant.objects.filter(inspector=inspector, ends_at__gt=now, revoked_at__isnull=True).exists():
        admin = User.objects.get(username="admin") if User.objects.filter(username="admin").exists() else inspector
        InspectorGrant.objects.create(
            inspector=inspector,
            starts_at=now,
            ends_at=now + dt.timedelta(days=14),
            reason="Demo inspection (ILACS)",
            granted_by=admin,
        )
