"""Supervision: each case-holding worker is supervised about monthly by the team's manager, discussing a few of
the children they hold that day, with a decision for each (oversight.SupervisionRecord / SupervisionChild).

The team manager has no login in generated data, so the import user stands in as the supervisor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from safeguard.oversight.models import SupervisionChild, SupervisionRecord

from .. import calibration as cal
from ..context import GenerationContext
from ..writer import Table
from .workforce import CASE_HOLDING_ROLES

_DECISIONS = [
    "Plan progressing; continue visits at the set frequency.",
    "Update the chronology and complete the outstanding actions before the next review.",
    "Discuss step-down at the next review.",
    "Seek the school's view before the next visit.",
    "Risk increased: consider a strategy discussion.",
]


def write_supervision(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("supervision")
    held: dict[int, list] = defaultdict(list)
    for allocation in ctx.allocations:
        held[allocation.worker.pk].append(allocation)
    sessions, children = [], []
    first = ctx.start
    for worker in ctx.workers:
        if worker.role not in CASE_HOLDING_ROLES:
            continue
        day = max(first, worker.start_date) + dt.timedelta(days=rng.randint(20, 35))
        last = min(worker.end_date or ctx.as_of, ctx.as_of)
        while day < last:
            current = [a.child_pk for a in held[worker.pk] if a.start <= day and (a.end is None or a.end > day)]
            picked = rng.sample(current, min(cal.SUPERVISION_CHILDREN, len(current)))
            sessions.append((worker.pk, ctx.import_user.pk, day, "Monthly supervision.", picked))
            day += dt.timedelta(days=rng.randint(25, 38))
    pks = Table(SupervisionRecord, ["worker_id", "supervisor_id", "held_on", "notes"]).insert_returning_keys(
        row[:4] for row in sessions
    )
    for (*_, picked), pk in zip(sessions, pks, strict=True):
        children += [(pk, child, rng.choice(_DECISIONS)) for child in picked]
    written = Table(SupervisionChild, ["supervision_id", "child_id", "decision"]).insert(children)
    return {"supervisions": len(sessions), "children discussed": written}
