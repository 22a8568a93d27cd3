"""Key-worker allocations over each episode's life, with history, and their chronology events.

An episode is allocated in the assessment team a few working days after referral, moves to a worker in the
long-term team when it transfers, is reallocated when a worker leaves (and now and then to balance
caseloads), and every allocation ends when the episode closes. No allocation lasts under three days (a case
about to transfer or close waits for the next team; a worker about to leave takes no new case). A share of open
episodes has no current allocation: transferred cases not yet picked up and new referrals still waiting.

Allocation is simulated in date order across all episodes, so a manager can see each worker's caseload on
the day: of two workers in post, the case goes to the one carrying less (newly qualified workers' caseloads
are protected), which keeps caseloads near the target rather than scattered.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
import statistics
from collections import Counter
from dataclasses import dataclass

from safeguard.workforce.models import Allocation, Worker

from .. import calibration as cal
from ..context import GenerationContext
from ..sampling import Weighted
from ..writer import EventLog, Table
from .workforce import CASE_HOLDING_ROLES

_DELAY = Weighted(cal.ALLOCATION_DELAY_WD)
KIND_LABEL = Allocation.Kind.KEY_WORKER.label
CLOSED = "Episode closed"
NEVER = dt.date.max
ASYE_WEIGHT = 1.4  # a newly qualified worker's case counts for more when comparing caseloads
# No allocation lasts less than this: a case about to transfer or close is left to the next team, and a worker about
# to leave is not given new cases (an episode under 24 hours is an error in the SSDA903: rule SW09STG2, 3 days).
MIN_ALLOCATION = dt.timedelta(days=3)


@dataclass(slots=True, eq=False)
class AllocationRecord:
    child_pk: int
    worker: Worker
    start: dt.date
    end: dt.date | None
    reason: str
    end_reason: str = ""
    pk: int | None = None


@dataclass(slots=True, eq=False)
class _Task:
    """Allocate `child_pk` in `team` from the task's day until `end` (None: still open at as-of)."""

    child_pk: int
    team: object
    end: dt.date | None
    end_reason: str
    reason: str
    previous: Worker | None = None


def write_allocations(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("allocations")
    allocations = _simulate(ctx, _Roster(ctx.workers), rng)
    ctx.allocations = allocations
    pks = Table(Allocation, _COLUMNS).insert_returning_keys(_row(ctx, a) for a in allocations)
    for allocation, pk in zip(allocations, pks, strict=True):
        allocation.pk = pk
    events = EventLog(ctx.import_user)
    for allocation in allocations:
        _allocation_events(ctx, events, allocation, rng)
    counts = {"allocations": len(allocations), "events": events.flush()}
    return counts | _caseload_indicators(ctx, allocations)


class _Roster:
    """Case-holding workers by team, and each one's caseload as the simulation moves through time."""

    def __init__(self, workers: list[Worker]) -> None:
        self.by_team: dict[int, list[Worker]] = {}
        for worker in workers:
            if worker.role in CASE_HOLDING_ROLES:
                self.by_team.setdefault(worker.team_id, []).append(worker)
        self.ends: dict[int, list[dt.date]] = {}  # per worker: end dates of the cases they hold

    def caseload(self, worker: Worker, day: dt.date) -> float:
        ends = self.ends.setdefault(worker.pk, [])
        while ends and ends[0] <= day:
            heapq.heappop(ends)
        return len(ends) * (ASYE_WEIGHT if worker.role == Worker.Role.ASYE else 1)

    def pick(self, team, day: dt.date, rng: random.Random, besides: Worker | None) -> Worker | None:
        in_post = [
            w
            for w in self.by_team.get(team.pk, ())
            if w.start_date <= day and (w.end_date is None or w.end_date >= day + MIN_ALLOCATION) and w is not besides
        ]
        if not in_post:
            return None
        # New cases go to the lighter of two workers; a reallocation goes to whoever carries least (often a
        # new starter building up a caseload).
        candidates = in_post if besides is not None else rng.sample(in_post, min(2, len(in_post)))
        return min(candidates, key=lambda w: self.caseload(w, day))

    def hold(self, worker: Worker, until: dt.date | None) -> None:
        heapq.heappush(self.ends.setdefault(worker.pk, []), until or NEVER)

    def next_starter(self, team, day: dt.date) -> Worker | None:
        starters = [w for w in self.by_team.get(team.pk, ()) if w.start_date > day]
        return min(starters, key=lambda w: w.start_date, default=None)


def _simulate(ctx: GenerationContext, roster: _Roster, rng: random.Random) -> list[AllocationRecord]:
    queue: list[tuple[dt.date, int, _Task]] = []
    order = itertools.count()
    for episode in ctx.plan.episodes:
        for day, task in _episode_tasks(ctx, episode, rng):
            heapq.heappush(queue, (day, next(order), task))
    allocations = []
    while queue:
        day, _, task = heapq.heappop(queue)
        allocation, follow_on = _allocate(ctx, task, day, roster, rng)
        if allocation:
            allocations.append(allocation)
        if follow_on:
            heapq.heappush(queue, (follow_on[0], next(order), follow_on[1]))
    return allocations


def _episode_tasks(ctx: GenerationContext, episode, rng: random.Random) -> list[tuple[dt.date, _Task]]:
    child = episode.child.pk
    start = ctx.add_working_days(episode.referral_date, _DELAY(rng))
    if episode.transfer_date:
        tasks = [
            (start, _Task(child, episode.referral_team, episode.transfer_date, f"Transferred to {episode.team}",
                          "New referral")),
            (episode.transfer_date, _Task(child, episode.team, episode.close_date, CLOSED,
                                          "Transferred from the assessment team")),
        ]  # fmt: skip
    else:
        tasks = [(start, _Task(child, episode.team, episode.close_date, CLOSED, "New referral"))]
    if episode.close_date is None and rng.random() < cal.UNALLOCATED_OPEN_SHARE:
        tasks.pop()  # the team holding it now has not allocated it yet
    return tasks


def _allocate(ctx, task: _Task, day: dt.date, roster: _Roster, rng: random.Random):
    """One allocation from `day`, and the task that continues it (a reallocation), if any."""
    until = task.end or ctx.as_of
    if day >= until or (task.end is not None and task.end < day + MIN_ALLOCATION):
        return None, None
    worker = roster.pick(task.team, day, rng, task.previous)
    if worker is None:  # nobody in post: wait for the next starter
        starter = roster.next_starter(task.team, day)
        return None, (starter.start_date, task) if starter and starter.start_date < until else None
    stop, why = task.end, task.end_reason
    length = (until - day).days
    if worker.end_date is not None and worker.end_date < until:
        stop, why = worker.end_date, "Social worker left"
    elif length > 180 and rng.random() < cal.MID_EPISODE_REALLOCATION_PER_YEAR * length / 365:
        stop, why = day + dt.timedelta(days=rng.randint(60, length - 30)), "Caseload balancing"
    roster.hold(worker, stop)
    allocation = AllocationRecord(task.child_pk, worker, day, stop, task.reason, why if stop else "")
    if stop is None or stop == task.end:
        return allocation, None
    follow_on = _Task(task.child_pk, task.team, task.end, task.end_reason, f"Reallocated: {why.lower()}", worker)
    return allocation, (stop, follow_on)


_COLUMNS = ["child_id", "worker_id", "team_id", "kind", "start_date", "end_date", "reason", "allocated_by_id"]


def _row(ctx: GenerationContext, a: AllocationRecord) -> tuple:
    return (a.child_pk, a.worker.pk, a.worker.team_id, Allocation.Kind.KEY_WORKER, a.start, a.end, a.reason,
            ctx.import_user.pk)  # fmt: skip


def _allocation_events(ctx, events: EventLog, allocation: AllocationRecord, rng: random.Random) -> None:
    worker = allocation.worker
    events.add(
        child_pk=allocation.child_pk,
        at=ctx.at(allocation.start, 10, rng.randint(0, 59)),
        category="allocation",
        kind="allocation.started",
        summary=f"{KIND_LABEL}: {worker.full_name} ({worker.team})",
        detail=allocation.reason,
        source="workforce.allocation",
        source_pk=allocation.pk,
    )
    if allocation.end is not None:
        # A reallocation ends the old allocation before the new one starts; a closure ends it after the close.
        hour = 17 if allocation.end_reason == CLOSED else 9
        events.add(
            child_pk=allocation.child_pk,
            at=ctx.at(allocation.end, hour, rng.randint(0, 59)),
            category="allocation",
            kind="allocation.ended",
            summary=f"{KIND_LABEL} ended: {worker.full_name}",
            detail=allocation.end_reason,
            source="workforce.allocation",
            source_pk=allocation.pk,
        )


def _caseload_indicators(ctx: GenerationContext, allocations: list[AllocationRecord]) -> dict[str, int]:
    current = Counter(a.worker.pk for a in allocations if a.end is None)
    holders = [w for w in ctx.workers if w.role in CASE_HOLDING_ROLES and w.end_date is None]
    loads = sorted(current.get(w.pk, 0) for w in holders) or [0]
    allocated = {a.child_pk for a in allocations if a.end is None}
    open_children = [e.child.pk for e in ctx.plan.episodes if e.close_date is None]
    return {
        "unallocated open episodes": sum(child not in allocated for child in open_children),
        "caseload median": round(statistics.median(loads)),
        "caseload p10": loads[len(loads) // 10],
        "caseload p90": loads[len(loads) * 9 // 10],
    }
