"""The one place that decides who may see which person, and records that they did.

Every page, list, search, API and export that shows a child's record gets the record through
`person_for_viewer` or `people_for_listing`; both write an append-only AccessEvent before the page is
returned. A record the viewer may not see raises Http404, so it does not exist for them.

Scopes (docs/decisions/0004-need-to-know.md):
- social worker, conference chair/IRO: children currently allocated to them or to anyone in their team,
  and children whose open episode sits with their team;
- team manager: the same across every team in their service;
- front-door worker, performance analyst, senior leader: everyone;
- inspector: everyone, read-only, only inside an active grant window;
- administrator: no one (they run the system, not cases).
Adults are visible where a child they are linked to is visible. Restricted people are hidden from
everyone not named on a permit, whatever the role, and so is everything linked to them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.casework.models import CINEpisode
from safeguard.people.models import Person, Relationship
from safeguard.workforce.models import Allocation, Team

from .models import AccessEvent, AccessEventChild, InspectorGrant, RestrictedAccessPermit

SERVICE_WIDE_ROLES = {Role.FRONT_DOOR, Role.ANALYST, Role.SENIOR_LEADER}
TEAM_ROLES = {Role.SOCIAL_WORKER, Role.CONFERENCE_CHAIR}


def active_grant(user, at=None) -> InspectorGrant | None:
    at = at or timezone.now()
    return (
        InspectorGrant.objects.filter(inspector=user, revoked_at__isnull=True, starts_at__lte=at, ends_at__gt=at)
        .order_by("-ends_at")
        .first()
    )


def visible_people(user) -> QuerySet[Person]:
    """Every person `user` may see, as a lazy queryset (composable with any filter)."""
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    scope = _role_scope(user)
    if scope is None:
        people = Person.objects.none()
    elif scope == "all":
        people = Person.objects.all()
    else:
        children = _without_restricted(Person.objects.filter(scope), user)
        people = Person.objects.filter(scope | _adults_linked_to(children))
    return _without_restricted(people, user)


def _role_scope(user) -> Q | str | None:
    if user.role in SERVICE_WIDE_ROLES:
        return "all"
    if user.role == Role.INSPECTOR:
        return "all" if active_grant(user) else None
    worker = getattr(user, "worker", None)
    if worker is None or user.role not in TEAM_ROLES | {Role.TEAM_MANAGER}:
        return None
    # The team ids go into the query as literals, not a subquery: PostgreSQL can then combine the worker and team
    # indexes (a bitmap OR) instead of filtering every current allocation in the city — 0.5 ms instead of 15 ms.
    teams = (
        list(Team.objects.filter(service=worker.team.service).values_list("pk", flat=True))
        if user.role == Role.TEAM_MANAGER
        else [worker.team_id]
    )
    current = Allocation.objects.filter(end_date__isnull=True)
    allocated = current.filter(Q(worker=worker) | Q(team_id__in=teams)).values("child_id")
    open_episodes = CINEpisode.objects.filter(close_date__isnull=True, team_id__in=teams).values("child_id")
    return Q(kind=Person.Kind.CHILD) & (Q(pk__in=allocated) | Q(pk__in=open_episodes))


def _adults_linked_to(children: QuerySet[Person]) -> Q:
    child_ids = children.values("pk")
    as_related = Relationship.objects.filter(person__in=child_ids).values("related_person_id")
    as_subject = Relationship.objects.filter(related_person__in=child_ids).values("person_id")
    return Q(kind=Person.Kind.ADULT) & (Q(pk__in=as_related) | Q(pk__in=as_subject))


def _without_restricted(people: QuerySet[Person], user) -> QuerySet[Person]:
    # A restricted person is hidden unless the user holds a permit; people linked to a restricted person
    # stay visible themselves, but the link (relationship, contact) is filtered wherever it is shown.
    permitted = RestrictedAccessPermit.objects.filter(user=user).values("person_id")
    return people.filter(Q(is_restricted=False) | Q(pk__in=permitted))


def can_see(user, person_id: int) -> bool:
    return visible_people(user).filter(pk=person_id).exists()


def person_for_viewer(request, person_id: int, *, what: str) -> Person:
    """The person, if the signed-in user may see them, after recording the view; otherwise Http404."""
    person = visible_people(request.user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    _record(request, action=AccessEvent.Action.VIEW, what=what, people=[person], single=person)
    return person


def people_for_listing(request, people: Iterable[Person], *, what: str, action: str = AccessEvent.Action.LIST) -> list:
    """Record that a list, search result or export showed these people (already visibility-filtered)."""
    people = list(people)
    if people:
        _record(request, action=action, what=what, people=people, single=None)
    return people


def record_export(request, people: Iterable[Person], *, what: str) -> list:
    return people_for_listing(request, people, what=what, action=AccessEvent.Action.EXPORT)


def _record(request, *, action: str, what: str, people: list[Person], single: Person | None) -> AccessEvent:
    user = request.user
    now = timezone.now()
    grant = active_grant(user, now) if user.role == Role.INSPECTOR else None
    event = AccessEvent.objects.create(
        user=user,
        role=user.role,
        action=action,
        what=what[:100],
        path=request.get_full_path()[:500],
        occurred_at=now,
        grant=grant,
        child=single,
    )
    unique_ids = dict.fromkeys(p.pk for p in people)
    AccessEventChild.objects.bulk_create(
        [AccessEventChild(event=event, child_id=pk, occurred_at=now) for pk in unique_ids], batch_size=1000
    )
    return event


def viewers_of(person: Person, *, limit: int = 500) -> QuerySet[AccessEventChild]:
    """Who viewed, listed or exported this person, newest first (for the manager-only page)."""
    return (
        AccessEventChild.objects.filter(child=person)
        .select_related("event", "event__user", "event__grant")
        .order_by("-occurred_at")[:limit]
    )
