"""Work queues, computed on every request from the records and their derived deadlines; nothing is stored.

- my work: the work items for the children currently allocated to a worker;
- team work: the same across a team's children, per worker, with unallocated episodes and authorisations;
- at risk: children at risk of immediate harm, from the child protection records.

Every function takes children already filtered by `visible_people(viewer)`, materialises the few ids it needs
once, and reads each list in one query (select_related or one lookup query per page, never one per row).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from safeguard.casework.models import CINEpisode
from safeguard.casework.selectors import assessments_awaiting_authorisation
from safeguard.people.models import Person
from safeguard.workforce.models import Allocation, Team, Worker
from safeguard.workforce.work import WorkItem, work_items_for

from .at_risk import AtRiskRow, AtRiskSection  # noqa: F401 (re-exported for callers)
from .at_risk import sources as at_risk_sources

OVERDUE = "overdue"
DUE_TODAY = "due today"
DUE_THIS_WEEK = "due this week"
LATER = "later"
GROUPS = (OVERDUE, DUE_TODAY, DUE_THIS_WEEK, LATER)


def group_of(item: WorkItem, today: dt.date) -> str:
    """Overdue (before today), due today, due this week (the next 7 days), later."""
    if item.due_date < today:
        return OVERDUE
    if item.due_date == today:
        return DUE_TODAY
    if item.due_date <= today + dt.timedelta(days=7):
        return DUE_THIS_WEEK
    return LATER


@dataclass
class Queue:
    """Work items for a set of children, grouped by when they are due."""

    today: dt.date
    children: list[Person]
    items: list[WorkItem]  # after the type filter
    kinds: list[str]  # every type present before the filter, for the filter's options
    kind: str  # the type filtered by, or ""
    groups: dict[str, list[WorkItem]] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {group: len(items) for group, items in self.groups.items()}

    def shown(self, *, limit: int, expanded: str = "") -> dict[str, list[WorkItem]]:
        """The rows each group shows: the first `limit` (most overdue first), or all of the `expanded` group.

        A team's queue runs to hundreds of rows, most of them due weeks ahead; the page stays quick to read and to
        load by showing the first rows of each group with a link to the whole group.
        """
        return {group: items if group == expanded else items[:limit] for group, items in self.groups.items()}


def children_in(rows) -> list[Person]:
    """The children named in these rows (work items or at-risk rows), for the access log: only what was shown."""
    seen: dict[int, Person] = {}
    for row in rows:
        child = getattr(row, "child", None)
        if child is not None:
            seen.setdefault(child.pk, child)
        else:
            seen.setdefault(row.child_id, Person(pk=row.child_id))
    return list(seen.values())


def _visible_children(visible: QuerySet[Person], candidate_ids) -> list[Person]:
    """The candidates the viewer may see, as Person rows (one query).

    Candidates are found first from the small indexed tables (allocations, episodes, protection records) and
    passed as a literal id list, so the visibility rules are checked for those rows only, not the whole city.
    """
    ids = list(candidate_ids)
    if not ids:
        return []
    return list(
        visible.filter(kind=Person.Kind.CHILD, pk__in=ids)
        .only("id", "first_name", "last_name", "kind")
        .order_by("last_name", "first_name", "id")
    )


def _ids(people: list[Person]) -> QuerySet[Person]:
    return people_with_ids([person.pk for person in people])


def people_with_ids(ids: list[int]) -> QuerySet[Person]:
    """People by id, for the providers and selectors that each filter `child__in=` it.

    On PostgreSQL the ids travel as one array parameter (`unnest`), not a literal list of a thousand
    placeholders in every query: building and sending that text cost more than running the queries.
    """
    if connection.vendor == "postgresql" and ids:
        return Person.objects.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (list(ids),)))
    return Person.objects.filter(pk__in=list(ids))


def child_ids_in(ids: list[int]):
    """The right-hand side of a `child__in=` filter for these ids, without joining the people table again.

    On PostgreSQL one array parameter (`unnest`); the work-item query repeats it in each of its branches, and
    going through `people_person` in each cost more than the branch itself.
    """
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
    return list(ids)


def _queue(people: list[Person], today: dt.date, kind: str = "") -> Queue:
    # The work items are read over these ids (one array parameter), not the visibility subquery.
    names = {person.pk: person.full_name for person in people}
    all_items = work_items_for(child_ids_in([person.pk for person in people]), names=names) if people else []
    kinds = sorted({item.kind for item in all_items})
    items = [item for item in all_items if item.kind == kind] if kind else all_items
    groups: dict[str, list[WorkItem]] = {group: [] for group in GROUPS}
    for item in items:  # already in due-date order
        groups[group_of(item, today)].append(item)
    return Queue(today=today, children=people, items=items, kinds=kinds, kind=kind, groups=groups)


def my_work(worker: Worker, visible: QuerySet[Person], today: dt.date, *, kind: str = "") -> Queue:
    """Work items for the children currently allocated to `worker` (any kind of allocation) that the viewer sees."""
    current = Allocation.objects.filter(worker=worker, end_date__isnull=True).values_list("child_id", flat=True)
    return _queue(_visible_children(visible, set(current)), today, kind)


def team_child_ids(team: Team) -> set[int]:
    """The team's children: allocated to someone in the team now, or with an open episode in the team."""
    allocated = (
        Allocation.objects.filter(team=team, end_date__isnull=True).order_by().values_list("child_id", flat=True)
    )
    open_episodes = (
        CINEpisode.objects.filter(team=team, close_date__isnull=True).order_by().values_list("child_id", flat=True)
    )
    return set(allocated.union(open_episodes).order_by())


@dataclass
class WorkerRow:
    worker: Worker | None  # None: children with no key worker in this team
    children: int
    counts: dict[str, int]


@dataclass
class TeamWork:
    team: Team
    queue: Queue
    workers: list[WorkerRow]
    unallocated: list[CINEpisode]
    awaiting_authorisation: list
    worker_of: dict[int, Worker]  # child id -> current key worker (in any team)


def team_work(team: Team, visible: QuerySet[Person], today: dt.date, *, kind: str = "") -> TeamWork:
    people = _visible_children(visible, team_child_ids(team))
    queue = _queue(people, today, kind)
    ids = [person.pk for person in people]
    worker_of = _key_workers(ids)
    team_workers = list(
        Worker.objects.filter(team=team)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("last_name", "first_name", "id")
    )
    children_per_worker = Counter(worker.pk for worker in worker_of.values())
    counts: dict[int | None, Counter] = defaultdict(Counter)
    in_team = {worker.pk for worker in team_workers}
    for item in queue.items:
        worker = worker_of.get(item.child_id)
        counts[worker.pk if worker and worker.pk in in_team else None][group_of(item, today)] += 1
    rows = [
        WorkerRow(worker=w, children=children_per_worker[w.pk], counts={g: counts[w.pk][g] for g in GROUPS})
        for w in team_workers
    ]
    others = sum(1 for pk in ids if pk not in worker_of or worker_of[pk].pk not in in_team)
    if others or counts[None]:
        rows.append(WorkerRow(worker=None, children=others, counts={g: counts[None][g] for g in GROUPS}))
    unallocated = _unallocated_open_episodes(team, ids)
    awaiting = list(assessments_awaiting_authorisation(_ids(people))) if ids else []
    return TeamWork(
        team=team,
        queue=queue,
        workers=rows,
        unallocated=unallocated,
        awaiting_authorisation=awaiting,
        worker_of=worker_of,
    )


def _unallocated_open_episodes(team: Team, visible_ids: list[int]) -> list[CINEpisode]:
    """Open episodes in the team whose child has no current allocated social worker, oldest referral first.

    The same rows as workforce.selectors.unallocated_open_episodes, restricted to the visible ids already read
    (that selector re-runs the visibility query as a subquery, which costs seconds on a big city).
    """
    if not visible_ids:
        return []
    key_worker = Allocation.objects.filter(
        child=OuterRef("child"), kind=Allocation.Kind.KEY_WORKER, end_date__isnull=True
    )
    return list(
        CINEpisode.objects.filter(team=team, close_date__isnull=True, child_id__in=visible_ids)
        .exclude(Exists(key_worker))
        .select_related("child")
        .order_by("referral_date", "id")
    )


def _key_workers(child_ids) -> dict[int, Worker]:
    """Each child's current allocated social worker (two queries). The workers are loaded once each, not once per
    child: a thousand children share a few hundred workers, and building model objects is most of the cost."""
    if not child_ids:
        return {}
    worker_of_child = dict(
        Allocation.objects.filter(
            child_id__in=list(child_ids), kind=Allocation.Kind.KEY_WORKER, end_date__isnull=True
        ).values_list("child_id", "worker_id")
    )
    workers = Worker.objects.select_related("team").in_bulk(set(worker_of_child.values()))
    return {child_id: workers[worker_id] for child_id, worker_id in worker_of_child.items()}


# --- Children at risk of immediate harm ------------------------------------------------------------
# The lists come from the registry in at_risk.py; each domain registers its own (protection/at_risk.py, ...).


def at_risk_children(visible: QuerySet[Person], team: Team | None = None, today: dt.date | None = None):
    """The visible children who could appear on the at-risk queue, optionally only the team's (two queries).

    Every source names its candidates (children with an enquiry awaiting conference, an open plan, a missing
    episode...); only those few children are checked against the viewer's visibility.
    """
    today = today or timezone.localdate()
    queries = []
    for source in at_risk_sources():
        found = source.candidates(today)
        queries.extend(found if isinstance(found, tuple) else (found,))
    queries = [query.order_by() for query in queries]
    candidates: set[int] = set(queries[0].union(*queries[1:]).order_by()) if queries else set()
    if team is not None:
        candidates &= team_child_ids(team)
    ids = list(visible.filter(kind=Person.Kind.CHILD, pk__in=list(candidates)).values_list("pk", flat=True))
    return people_with_ids(ids)


def at_risk(children: QuerySet[Person], today: dt.date) -> list[AtRiskSection]:
    """Every registered at-risk list for these children (one query each), then workers and teams (two queries)."""
    # Longest overdue first in every list, so the first rows shown are the most urgent.
    sections = [
        AtRiskSection(
            source.key,
            source.title,
            source.date_label,
            sorted(source.rows(children, today), key=lambda row: row.late_date),
        )
        for source in at_risk_sources()
    ]
    _attach_workers_and_teams(sections)
    return sections


def _attach_workers_and_teams(sections: list[AtRiskSection]) -> None:
    rows = [row for section in sections for row in section.rows]
    ids = {row.child.pk for row in rows}
    workers = _key_workers(ids)
    missing_team = {row.child.pk for row in rows if row.team is None and row.child.pk not in workers}
    episode_team: dict[int, Team] = {}
    if missing_team:
        episodes = (
            CINEpisode.objects.filter(child_id__in=missing_team, close_date__isnull=True)
            .select_related("team")
            .order_by("referral_date")
        )
        episode_team = {episode.child_id: episode.team for episode in episodes}
    for row in rows:
        worker = workers.get(row.child.pk)
        row.worker = worker
        if row.team is None:
            row.team = worker.team if worker else episode_team.get(row.child.pk)
