"""Pre-proceedings (PLO) and deprivation of liberty orders.

Runs after the "looked after" stage and READS child protection plans, periods of care, their first legal status
and children's home placements back from the database; it draws from its own random generator, so nothing
earlier changes and no calibrated rate moves (it adds records, it does not decide who is in need or in care).

- Children entering care under an interim or full care order: about half had pre-proceedings first (national
  studies put it between a third and a half of care proceedings), decided 8-20 weeks before care began (but after
  the referral; with under 3 weeks to go there are none: an urgent application), stepped up (outcome B) a week
  or three before, with the court application before care started.
- Children on a child protection plan that lasted 6 months or more: about 1 in 8 enter pre-proceedings 3-9
  months into the plan; most step down (A) after about 16 weeks, a few end otherwise (C), some are under way
  at as-of. Letters follow within a week; FGDM is offered in about 80% of letters and held after about 60% of
  offers; an initial meeting 1-3 weeks after the letter, 0-3 reviews.
- Deprivation of liberty orders for a few looked-after children aged 13-17 in a children's home (K2; the SSDA903
  expects K2 and refuses K1, P1, R5, K3 during an order: rules 709, 710): about 4% of such placements, from a
  few weeks in, ending within the placement (or open at as-of).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import F, Q

from safeguard.codelists import LegalStatus, PlacementType
from safeguard.lac.models import CareLegalStatus, Placement
from safeguard.legal.models import DeprivationOfLibertyOrder, PreProceedings, PreProceedingsOutcome
from safeguard.protection.models import ChildProtectionPlan

from ..context import GenerationContext
from ..writer import EventLog, Table

CARE_PROCEEDINGS_PLO_RATE = 0.5
LONG_PLAN = relativedelta(months=6)
CP_PLO_RATE = 0.125
STEP_DOWN, OTHER_END = 0.9, 0.04  # of pre-proceedings that end without proceedings (the rest: step up)
FGDM_OFFERED, FGDM_HELD = 0.8, 0.6
DOLO_RATE = 0.04  # of children's home placements of 13-17 year olds
COURT_ORDERS = (LegalStatus.INTERIM_CARE_ORDER, LegalStatus.FULL_CARE_ORDER)
PRE_SOURCE, DOLO_SOURCE = PreProceedings._meta.label_lower, DeprivationOfLibertyOrder._meta.label_lower

PRE_COLUMNS = ["child_id", "cin_episode_id", "decision_date", "letter_sent_on", "fgdm_offered", "fgdm_held",
               "initial_meeting_date", "review_meetings", "step_decision_date", "outcome", "court_application_date",
               "proceedings_letter_date", "recorded_by_id", "notes"]  # fmt: skip
DOLO_COLUMNS = ["child_id", "period_id", "start_date", "end_date", "authorisation", "court_reference", "recorded_by_id",
                "notes"]  # fmt: skip


@dataclass
class _Plo:
    child: int
    episode: int
    decided: dt.date
    ends: dt.date | None  # the decision to step up or down, if it had happened by as-of
    outcome: str
    court: dt.date | None = None


def write_legal(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("legal")
    events = EventLog(ctx.import_user)
    planned = _before_care(ctx, rng) + _from_protection(ctx, rng)
    taken: set[int] = set()
    chosen = []
    for plo in sorted(planned, key=lambda p: (p.child, p.decided)):
        if plo.child not in taken:  # one pre-proceedings per child is plenty for a demo
            taken.add(plo.child)
            chosen.append(plo)
    counts = {"pre-proceedings": _write_pre_proceedings(ctx, rng, events, chosen)}
    counts["deprivation of liberty orders"] = _write_orders(ctx, rng, events)
    counts["events"] = events.flush()
    return counts


def _before_care(ctx: GenerationContext, rng: random.Random) -> list[_Plo]:
    """Pre-proceedings stepped up to the care proceedings that brought a child into care in the window, under the
    episode the child was open to (decided after the referral: a child referred days before care had none)."""
    first = (
        CareLegalStatus.objects.filter(period__start_date__gte=ctx.start, period__start_date__lt=ctx.as_of)
        .filter(start_date=F("period__start_date"), legal_status__in=COURT_ORDERS)  # the status care began under
        .exclude(period__cin_episode__isnull=True)
        .order_by("child_id", "period__start_date", "pk")
        .values_list("child_id", "period__start_date", "period__cin_episode_id", "period__cin_episode__referral_date")
    )
    planned = []
    for child, began, episode, referred in first:
        if rng.random() >= CARE_PROCEEDINGS_PLO_RATE:
            continue
        step = began - dt.timedelta(days=rng.randint(7, 21))
        decided = max(began - dt.timedelta(days=rng.randint(56, 140)), referred + dt.timedelta(days=rng.randint(3, 10)))
        if step - decided < dt.timedelta(days=21) or decided < ctx.start:
            continue  # too little time for pre-proceedings: an urgent application instead
        court = step + dt.timedelta(days=rng.randint(1, 6))
        planned.append(_Plo(child, episode, decided, step, PreProceedingsOutcome.STEP_UP, min(court, began)))
    return planned


def _from_protection(ctx: GenerationContext, rng: random.Random) -> list[_Plo]:
    """Pre-proceedings for children on long child protection plans (most step down)."""
    plans = (
        ChildProtectionPlan.objects.filter(start_date__lt=ctx.as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=ctx.start))
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "episode_id", "start_date", "end_date")
    )
    planned = []
    for child, episode, started, ended in plans:
        last = min(ended or ctx.as_of, ctx.as_of)
        if last - started < dt.timedelta(days=183) or rng.random() >= CP_PLO_RATE:
            continue
        decided = started + dt.timedelta(days=rng.randint(90, 270))
        if decided >= last or decided < ctx.start:
            continue
        step = decided + dt.timedelta(days=rng.randint(84, 140))
        draw = rng.random()
        outcome = PreProceedingsOutcome.STEP_DOWN if draw < STEP_DOWN else PreProceedingsOutcome.OTHER
        if draw >= STEP_DOWN + OTHER_END:
            outcome = PreProceedingsOutcome.STEP_UP
        court = step + dt.timedelta(days=rng.randint(1, 10)) if outcome == PreProceedingsOutcome.STEP_UP else None
        if step >= ctx.as_of:
            step, court = None, None
        planned.append(_Plo(child, episode, decided, step, outcome, court))
    return planned


def _before(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day is not None and day < as_of else None


def _write_pre_proceedings(ctx: GenerationContext, rng: random.Random, events: EventLog, chosen: list[_Plo]) -> int:
    rows = []
    for plo in chosen:
        letter = _before(plo.decided + dt.timedelta(days=rng.randint(1, 7)), ctx.as_of)
        if plo.ends is not None and letter is not None and letter > plo.ends:
            letter = plo.ends
        offered = (rng.random() < FGDM_OFFERED) if letter else None
        held = (rng.random() < FGDM_HELD) if offered else (False if offered is False else None)
        meeting = _before(letter + dt.timedelta(days=rng.randint(7, 21)), ctx.as_of) if letter else None
        if meeting and plo.ends and meeting > plo.ends:
            meeting = None
        reviews = rng.randint(0, 3) if meeting and plo.ends else (0 if meeting else None)
        court = _before(plo.court, ctx.as_of) if plo.ends else None
        letter_cp = _before(court + dt.timedelta(days=rng.randint(0, 2)), ctx.as_of) if court else None
        outcome = plo.outcome if plo.ends else ""
        rows.append((plo.child, plo.episode, plo.decided, letter, offered, held, meeting, reviews, plo.ends, outcome,
                     court, letter_cp, ctx.import_user.pk, ""))  # fmt: skip
    keys = Table(PreProceedings, PRE_COLUMNS).insert_returning_keys(rows)
    labels = dict(PreProceedingsOutcome.choices)
    for pk, row in zip(keys, rows, strict=True):
        child, decided, ends, outcome = row[0], row[2], row[8], row[9]
        events.add(child_pk=child, at=ctx.at(decided, 12), category="child_protection", kind="preproceedings.started",
                   summary=f"Pre-proceedings started (decision {decided:%-d %b %Y})", source=PRE_SOURCE,
                   source_pk=pk)  # fmt: skip
        if ends:
            events.add(child_pk=child, at=ctx.at(ends, 12), category="child_protection", kind="preproceedings.ended",
                       summary=f"Pre-proceedings ended {ends:%-d %b %Y}: {labels[outcome]}",
                       source=PRE_SOURCE, source_pk=pk)  # fmt: skip
    return len(rows)


def _write_orders(ctx: GenerationContext, rng: random.Random, events: EventLog) -> int:
    homes = (
        Placement.objects.filter(placement_type=PlacementType.CHILDRENS_HOME, start_date__lt=ctx.as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=ctx.start))
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "period_id", "start_date", "end_date", "child__date_of_birth")
    )
    rows, last_child = [], None
    for child, period, placed, left, born in homes:
        if born is None or child == last_child or rng.random() >= DOLO_RATE:
            continue
        start = max(placed, ctx.start) + dt.timedelta(days=rng.randint(14, 60))
        if not 13 <= relativedelta(start, born).years <= 17:
            continue
        until = min(left or ctx.as_of, ctx.as_of, born + relativedelta(years=18) - dt.timedelta(days=1))
        if start >= until:
            continue
        end = start + dt.timedelta(days=rng.randint(60, 270))
        end = end if end < until else (None if until == ctx.as_of and left is None else until)
        authorisation = rng.choice(["inherent"] * 4 + ["cop"])
        reference = f"FD{start:%y}P{rng.randint(1, 99999):05d}"
        rows.append((child, period, start, end, authorisation, reference, ctx.import_user.pk, ""))
        last_child = child
    keys = Table(DeprivationOfLibertyOrder, DOLO_COLUMNS).insert_returning_keys(rows)
    for pk, (child, _, start, end, *_rest) in zip(keys, rows, strict=True):
        events.add(child_pk=child, at=ctx.at(start, 12), category="looked_after", kind="dolo.started",
                   summary=f"Deprivation of liberty order from {start:%-d %b %Y}", source=DOLO_SOURCE,
                   source_pk=pk)  # fmt: skip
        if end:
            events.add(child_pk=child, at=ctx.at(end, 12), category="looked_after", kind="dolo.ended",
                       summary=f"Deprivation of liberty order ended {end:%-d %b %Y}",
                       source=DOLO_SOURCE, source_pk=pk)  # fmt: skip
    return len(rows)
