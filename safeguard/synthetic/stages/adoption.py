"""Adoption and permanence: children's adoption journeys (with reg 36 reviews and visits), prospective adopter
households, permanence orders and previous permanence.

Runs after the "looked after" stage and reads its periods, placements and legal statuses back from the database:
- every period that ended E11/E12 gets a completed journey. The move to the adopters is the start of the period's
  first A3-A6 placement when the care record has one (else about 7 months before the order, as nationally); a U2/U5
  placement before it makes the journey fostering for adoption (else ≈ 10% are FFA/concurrent from a date before the
  match); the placement order is the start of an E1 legal status when there is one, else placement order → match is
  drawn with a median of about 6 months (national A2 is around 6 months); the ADM decision precedes the order by
  1-4 months; about 5% are placed on parental consent with no placement order;
- open periods with a placement order (E1) have a journey in progress at as-of (decided, matched, or placed when the
  care record shows an A3-A6 placement) or, when a later legal status replaced the order, reversed on that day;
  about 12% of young children recently in care have a decision only;
- periods that ended other than by adoption after a placement order (E1) or a placement for adoption (A3-A6) have
  a journey reversed by the day care ended (or when a later legal status replaced the order);
- periods that ended in a special guardianship order for a child under 5 had an adoption plan reversed in ≈ 30%;
- the journey agrees with the care record: adopted from an A3/A5 placement (the foster carers) is fostering for
  adoption (AD1 FOSTER_CARE 1); from A4/A6 it never is (rule 335);
- reviews and visits follow the reg 36 schedule (adoption.schedule.next_due, the services' own function) with
  ≈ 88% on time; ≈ 10% of open journeys have missed their latest review or visit at as-of so queues show them;
- adopter households: one for each matched child, plus ≈ 0.25 per adoption still in assessment or who left, so
  ≈ 1.2 households per adoption; their stages run backwards from the match (approved 1-10 months before it);
- permanence orders for every adoption (E11/E12), child arrangements (E41) and special guardianship (E45-E48) ending;
- previous permanence (SSDA903 PrevPerm) for every period of care starting in the window: an earlier order (with the
  DfE number of the authority that arranged it, usually this one) for ≈ 3%, Z1 ("none, or not known") for the rest.
Every step has its chronology event, with the kinds the services write.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from safeguard.adoption import schedule
from safeguard.adoption.models import (
    Adopter,
    AdoptionJourney,
    AdoptionReview,
    AdoptionVisit,
    PermanenceOrder,
    PreviousPermanenceRecord,
)
from safeguard.adoption.services import SGO_REASONS
from safeguard.chronology.models import Category
from safeguard.codelists import LA_PERM_CODES
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement
from safeguard.people.ages import age_on

from ..context import GenerationContext
from ..sampling import lognormal_days
from ..writer import EventLog, Table
from .people import ctx_la_code

ADOPTED = ("E11", "E12")
SGO = ("E45", "E46", "E47", "E48")
PLACED_FOR_ADOPTION = ("A3", "A4", "A5", "A6")
FFA_PLACEMENTS = ("U2", "U5")
WITH_CURRENT_CARERS = ("A3", "A5")
NOT_WITH_CURRENT_CARERS = ("A4", "A6")
FFA_SHARE = 0.10
CONSENT_SHARE = 0.05
DECISION_ONLY_SHARE = 0.12
REVERSED_SGO_SHARE = 0.30
ON_TIME = 0.88
NEGLECTED = 0.10
EXTRA_HOUSEHOLDS = 0.25
PREVIOUS_PERMANENCE = 0.03
CARER_BY_REC = {rec: carer for carer, rec in SGO_REASONS.items()}
FIRST_NAMES = """Sam Alex Jo Chris Jamie Robin Kim Lee Morgan Taylor Ash Charlie Drew Frankie Jess Max Nat Pat Ray Toni
Amir Priya Grace Daniel Sarah Hannah Tom Ben Emma Laura Omar Aisha Mei Kofi Ruth David""".split()
SURNAMES = """Ashdown Brightwell Colbeck Dunmore Elsworth Fairholme Greystone Hartwell Ingleby Jessop Kingsley Lockwood
Merriman Northcote Oakley Pemberton Quarry Redfern Stanway Thornbury Underhill Vickery Westbrook Yardley""".split()
HOUSEHOLDS = (("MF", "L11", 50), ("MF", "L3", 12), ("FF", "L12", 8), ("MM", "L12", 6), ("FF", "L2", 3), ("F1", "L0", 18),
              ("M1", "L0", 3))  # fmt: skip
LEFT_REASONS = (("withdrew", 60), ("not_approved", 20), ("transferred", 10), ("other", 10))
REVERSAL_REASONS = (("RD1", 35), ("RD2", 15), ("RD3", 30), ("RD4", 20))
PREVIOUS = (("P1", 25), ("P2", 45), ("P3", 25), ("P4", 5))  # earlier orders; every other starter has Z1
OTHER_LAS = ("330", "350", "380", "800", "850", "886", "929", "WAL", "SCO")  # where an earlier order was arranged


@dataclass
class Journey:
    child_id: int
    period_id: int
    entered: dt.date
    decision: dt.date
    order: dt.date | None = None
    consent: dt.date | None = None
    early: str = ""
    early_date: dt.date | None = None
    match: dt.date | None = None
    placed: dt.date | None = None
    adopted: dt.date | None = None
    adopted_rec: str = ""
    reversed: dt.date | None = None
    reversed_reason: str = ""
    household: int | None = None  # index into the households list
    reviews: list[dt.date] = field(default_factory=list)
    visits: list[dt.date] = field(default_factory=list)

    @property
    def authority(self) -> dt.date | None:
        dates = [d for d in (self.order, self.consent) if d]
        return min(dates) if dates else None

    @property
    def end(self) -> dt.date | None:
        return self.adopted or self.reversed


def _pick(rng: random.Random, weighted):
    values = [w[:-1] if len(w) > 2 else w[0] for w in weighted]
    return rng.choices(values, [w[-1] for w in weighted])[0]


def _between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, max((high - low).days, 0)))


class _Care:
    """The care records the stage reads, three queries in all."""

    def __init__(self, ctx: GenerationContext) -> None:
        self.periods = list(
            CarePeriod.objects.filter(start_date__lt=ctx.as_of)
            .values_list("pk", "child_id", "start_date", "end_date", "end_reason", "child__date_of_birth")
            .order_by("pk")
        )
        wanted = [*PLACED_FOR_ADOPTION, *FFA_PLACEMENTS]
        self.placements: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
        for period_id, start, kind in (
            Placement.objects.filter(placement_type__in=wanted).values_list("period_id", "start_date", "placement_type")
            .order_by("start_date")
        ):  # fmt: skip
            self.placements[period_id].append((start, kind))
        self.placement_orders = dict(
            CareLegalStatus.objects.filter(legal_status="E1")
            .order_by("-start_date")
            .values_list("period_id", "start_date")
        )
        # A placement order followed by another legal status was revoked (the plan for adoption changed).
        self.revoked: dict[int, dt.date] = {}
        for period_id, start in (
            CareLegalStatus.objects.filter(period_id__in=list(self.placement_orders)).exclude(legal_status="E1")
            .order_by("start_date").values_list("period_id", "start_date")
        ):  # fmt: skip
            if start > self.placement_orders[period_id]:
                self.revoked.setdefault(period_id, start)

    def first(self, period_id: int, kinds) -> dt.date | None:
        return next((start for start, kind in self.placements.get(period_id, []) if kind in kinds), None)

    def kind(self, period_id: int, start: dt.date | None) -> str | None:
        """The placement for adoption (A3-A6) starting on `start`, if the care record has one."""
        return next(
            (k for day, k in self.placements.get(period_id, []) if day == start and k in PLACED_FOR_ADOPTION), None
        )


def _completed(rng: random.Random, care: _Care, row) -> Journey:
    period_id, child_id, entered, ended, rec, _dob = row
    placed = care.first(period_id, PLACED_FOR_ADOPTION)
    span = (ended - entered).days
    if placed is None or not entered < placed <= ended:
        gap = min(lognormal_days(rng, 210, 0.35), max(span - 60, 1))
        placed = max(ended - dt.timedelta(days=gap), entered + dt.timedelta(days=min(30, span)))
    match = max(placed - dt.timedelta(days=rng.randint(7, 42)), entered)
    order = care.placement_orders.get(period_id)
    if order is None or not entered <= order <= match:
        a2 = lognormal_days(rng, 180, 0.6)
        order = max(match - dt.timedelta(days=a2), entered + dt.timedelta(days=min(60, (match - entered).days)))
    decision = max(order - dt.timedelta(days=rng.randint(30, 120)), entered)
    journey = Journey(
        child_id, period_id, entered, decision, match=match, placed=placed, adopted=ended, adopted_rec=rec
    )
    if rng.random() < CONSENT_SHARE and period_id not in care.placement_orders:
        journey.consent = order
    else:
        journey.order = order
    ffa = care.first(period_id, FFA_PLACEMENTS)
    adoptive = care.kind(period_id, placed)
    if adoptive in WITH_CURRENT_CARERS and ffa and ffa <= match:
        # Adopted by the foster carers (A3/A5): AD1 FOSTER_CARE 1 (rule 335), early permanence from that placement.
        journey.decision = min(decision, ffa)
        journey.early, journey.early_date = "ffa", ffa
    elif ffa and decision <= ffa <= match and adoptive not in NOT_WITH_CURRENT_CARERS:
        journey.early, journey.early_date = "ffa", ffa
    elif adoptive is None and rng.random() < FFA_SHARE:
        # Only when the care record has no placement for adoption: an A4/A6 placement means "not with the current
        # foster carers", which FFA or concurrent planning would contradict (rule 335).
        journey.early = rng.choice(("ffa", "ffa", "concurrent"))
        journey.early_date = _between(rng, decision, match)
    return journey


def _in_progress(rng: random.Random, care: _Care, row, as_of: dt.date) -> Journey | None:
    period_id, child_id, entered, _ended, _rec, dob = row
    order = care.placement_orders.get(period_id)
    latest = as_of - dt.timedelta(days=1)
    if order is None:
        young = dob is not None and age_on(dob, entered) < 4
        if not young or (as_of - entered).days < 60 or rng.random() >= DECISION_ONLY_SHARE:
            return None
        return Journey(child_id, period_id, entered, _between(rng, entered + dt.timedelta(days=30), latest))
    decision = max(order - dt.timedelta(days=rng.randint(30, 120)), entered)
    journey = Journey(child_id, period_id, entered, decision, order=order)
    if period_id in care.revoked:
        journey.reversed, journey.reversed_reason = care.revoked[period_id], _pick(rng, REVERSAL_REASONS)
        return journey
    placed = care.first(period_id, PLACED_FOR_ADOPTION)
    if placed and placed > order:
        journey.placed = placed
        journey.match = max(placed - dt.timedelta(days=rng.randint(7, 42)), order)
    else:
        # Matched by as-of only if the drawn wait for a match (median ≈ 6 months) has already run.
        match = order + dt.timedelta(days=lognormal_days(rng, 180, 0.6))
        journey.match = match if match <= latest else None
    return journey


def _abandoned(rng: random.Random, care: _Care, row) -> Journey | None:
    """A period that ended other than by adoption although the child had a placement order (E1) or had been placed
    for adoption (A3-A6): the decision was reversed (the order revoked) by the day care ended, so PlacedAdoption has
    DATE_PLACED_CEASED and REASON_PLACED_CEASED (reference validator rules 553, 557, 551)."""
    period_id, child_id, entered, ended, _rec, _dob = row
    order = care.placement_orders.get(period_id)
    placed = care.first(period_id, PLACED_FOR_ADOPTION)
    if order is None and placed is None:
        return None
    authority = order or placed
    decision = max(authority - dt.timedelta(days=rng.randint(30, 120)), entered)
    journey = Journey(child_id, period_id, entered, decision, order=order)
    if placed is not None:
        journey.placed = placed
        journey.match = max(placed - dt.timedelta(days=rng.randint(7, 42)), order or decision)
        if care.kind(period_id, placed) in WITH_CURRENT_CARERS:
            ffa = care.first(period_id, FFA_PLACEMENTS)
            journey.early, journey.early_date = "ffa", ffa if ffa and ffa <= journey.match else decision
    revoked = care.revoked.get(period_id)
    journey.reversed = revoked if revoked and revoked <= ended else ended
    journey.reversed = max(journey.reversed, journey.placed or journey.decision)
    journey.reversed_reason = _pick(rng, REVERSAL_REASONS)
    return journey


def _reversed(rng: random.Random, row) -> Journey | None:
    period_id, child_id, entered, ended, _rec, dob = row
    if dob is None or age_on(dob, entered) >= 5 or (ended - entered).days < 150 or rng.random() >= REVERSED_SGO_SHARE:
        return None
    decision = _between(rng, entered + dt.timedelta(days=30), ended - dt.timedelta(days=90))
    journey = Journey(child_id, period_id, entered, decision)
    if rng.random() < 0.5:
        journey.order = _between(rng, decision, ended - dt.timedelta(days=60))
    journey.reversed = _between(rng, journey.order or decision, ended - dt.timedelta(days=30))
    journey.reversed_reason = _pick(rng, REVERSAL_REASONS)
    return journey


def _reviews_and_visits(rng: random.Random, ctx: GenerationContext, journey: Journey) -> None:
    """Reviews and visits in date order until the journey ends (or as-of), each on time or a little late."""
    stop = journey.end or ctx.as_of
    placed = journey.placed if journey.placed and journey.placed < stop else None
    while True:
        state = {"is_open": True, "authority_date": journey.authority, "reviews": journey.reviews, "due": ctx.due}
        review_due, visit_due = schedule.next_due(**state, placed_date=None, visits=[])
        due = min(d for d in (review_due, visit_due) if d) if review_due or visit_due else None
        if placed and (due is None or due >= placed):
            # From the move to the adopters on, the placed schedule applies.
            review_due, visit_due = schedule.next_due(**state, placed_date=placed, visits=journey.visits)
            due = min(review_due, visit_due)
        if due is None:
            return
        late = rng.random() >= ON_TIME
        held = due + dt.timedelta(days=rng.randint(1, 21)) if late else due - dt.timedelta(days=rng.randint(0, 3))
        if held >= stop:
            return
        (journey.reviews if due == review_due else journey.visits).append(held)


def _neglect(rng: random.Random, ctx: GenerationContext, journeys: list[Journey]) -> None:
    """Seed breaches at any size: ≈ 10% of open journeys (at least one) missed their latest review or visit, so
    the next one is overdue at as-of."""
    week_ago = ctx.as_of - dt.timedelta(days=7)
    candidates = [j for j in journeys if j.end is None and any(d <= week_ago for d in j.reviews + j.visits)]
    for journey in rng.sample(candidates, min(len(candidates), max(1, round(NEGLECTED * len(candidates))))):
        latest = max(d for d in journey.reviews + journey.visits if d <= week_ago)
        for dates in (journey.reviews, journey.visits):
            if latest in dates:
                dates[:] = [d for d in dates if d < latest]


def _household(rng: random.Random, match: dt.date | None, as_of: dt.date, *, left: bool = False) -> dict:
    sexes, status = _pick(rng, HOUSEHOLDS)
    names = [rng.choice(FIRST_NAMES) for _ in range(1 if sexes in ("M1", "F1") else 2)]
    record = {
        "name": f"{' and '.join(names)} {rng.choice(SURNAMES)}",
        "number_of_adopters": len(names),
        "sexes": sexes,
        "legal_status": status,
        "fostering_for_adoption": rng.random() < 0.15,
    }
    # Unmatched households: some approved and waiting, some still being assessed (approval after as-of).
    approved = (
        match - dt.timedelta(days=rng.randint(30, 300)) if match else as_of + dt.timedelta(rng.randint(-400, 120))
    )
    steps = {"approved_on": approved}
    steps["stage2_ended_on"] = approved - dt.timedelta(days=rng.randint(7, 30))
    steps["stage2_started_on"] = steps["stage2_ended_on"] - dt.timedelta(days=rng.randint(90, 130))
    steps["application_on"] = steps["stage2_started_on"]
    steps["stage1_ended_on"] = steps["stage2_started_on"] - dt.timedelta(days=rng.randint(0, 30))
    steps["stage1_started_on"] = steps["stage1_ended_on"] - dt.timedelta(days=rng.randint(50, 70))
    steps["interest_registered_on"] = steps["stage1_started_on"]
    steps["enquiry_date"] = steps["interest_registered_on"] - dt.timedelta(days=rng.randint(7, 90))
    if match is None:
        # Still in the process, or left it: keep only the steps reached before as-of (or before leaving).
        cut = as_of - dt.timedelta(days=1)
        if left:
            cut = _between(
                rng, steps["enquiry_date"] + dt.timedelta(days=14), min(cut, approved + dt.timedelta(days=200))
            )
            record["left_on"], record["left_reason"] = cut, _pick(rng, LEFT_REASONS)
        steps = {k: (v if v <= cut or k == "enquiry_date" else None) for k, v in steps.items()}
    return {**record, **steps}


ADOPTER_COLUMNS = [
    "name", "number_of_adopters", "sexes", "legal_status", "fostering_for_adoption", "enquiry_date",
    "interest_registered_on", "stage1_started_on", "stage1_ended_on", "stage2_started_on", "stage2_ended_on",
    "application_on", "approved_on", "left_on", "left_reason", "recorded_by_id",
]  # fmt: skip
JOURNEY_COLUMNS = [
    "child_id", "period_id", "decision_date", "placement_order_date", "consent_date", "early_permanence",
    "early_permanence_placed_date", "match_date", "adopter_id", "number_of_adopters", "adopter_sexes",
    "adopter_legal_status", "placed_date", "adoption_order_date", "reversed_date", "reversed_reason",
    "next_review_due", "next_visit_due", "recorded_by_id",
]  # fmt: skip


def write_adoption(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("adoption")
    user = ctx.import_user.pk
    events = EventLog(ctx.import_user)
    care = _Care(ctx)
    journeys: list[Journey] = []
    orders: list[tuple] = []
    for row in care.periods:
        period_id, child_id, _entered, ended, rec, _dob = row
        if ended is None:
            found = _in_progress(rng, care, row, ctx.as_of)
        elif rec in ADOPTED:
            found = _completed(rng, care, row)
        elif period_id in care.placement_orders or care.first(period_id, PLACED_FOR_ADOPTION):
            found = _abandoned(rng, care, row)
        elif rec in SGO:
            found = _reversed(rng, row)
        else:
            found = None
        if found:
            journeys.append(found)
        if ended and (rec in ADOPTED or rec in SGO or rec == "E41"):
            orders.append((child_id, period_id, ended, rec))
    for journey in journeys:
        _reviews_and_visits(rng, ctx, journey)
    _neglect(rng, ctx, journeys)

    households = []
    for journey in journeys:
        if journey.match:
            journey.household = len(households)
            household = _household(rng, journey.match, ctx.as_of)
            # Carers a child lived with under FFA or concurrent planning were dually approved as foster carers.
            household["fostering_for_adoption"] |= journey.early in ("ffa", "concurrent")
            households.append(household)
    adoptions = sum(1 for j in journeys if j.adopted)
    for _ in range(round(EXTRA_HOUSEHOLDS * adoptions) + (1 if journeys else 0)):
        households.append(_household(rng, None, ctx.as_of, left=rng.random() < 0.5))
    adopter_keys = Table(Adopter, ADOPTER_COLUMNS).insert_returning_keys(
        (*(h.get(c, "" if c == "left_reason" else None) for c in ADOPTER_COLUMNS[:-1]), user) for h in households
    )

    journey_keys = Table(AdoptionJourney, JOURNEY_COLUMNS).insert_returning_keys(
        _journey_row(ctx, j, households, adopter_keys, user) for j in journeys
    )
    review_rows = [(key, j.child_id, day) for key, j in zip(journey_keys, journeys, strict=True) for day in j.reviews]
    review_keys = Table(AdoptionReview, ["journey_id", "held_on", "recorded_by_id"]).insert_returning_keys(
        (key, day, user) for key, _child, day in review_rows
    )
    visit_rows = [(key, j.child_id, day) for key, j in zip(journey_keys, journeys, strict=True) for day in j.visits]
    seen = [rng.random() > 0.03 for _ in visit_rows]
    visit_keys = Table(
        AdoptionVisit, ["journey_id", "visit_date", "child_seen", "recorded_by_id"]
    ).insert_returning_keys(
        (key, day, child_seen, user) for (key, _child, day), child_seen in zip(visit_rows, seen, strict=True)
    )
    for key, journey in zip(journey_keys, journeys, strict=True):
        _journey_events(ctx, events, key, journey)
    # Reviews and visits are their own events' sources, as the services record them.
    for keys, rows, kind, source, text in (
        (review_keys, review_rows, "adoption.review", "adoption.adoptionreview", "Adoption review held"),
        (visit_keys, visit_rows, "adoption.visit", "adoption.adoptionvisit", "Visit to the child placed for adoption"),
    ):
        for key, (_journey, child_id, day) in zip(keys, rows, strict=True):
            events.add(child_pk=child_id, at=ctx.at(day, 11), category=Category.ADOPTION, kind=kind,
                       summary=f"{text} {day:%d %b %Y}", source=source, source_pk=key)  # fmt: skip
    reviews, visits = len(review_keys), len(visit_keys)

    by_period = {j.period_id: key for key, j in zip(journey_keys, journeys, strict=True) if j.adopted}
    order_rows = []
    for child_id, period_id, day, rec in orders:
        kind = "adoption" if rec in ADOPTED else "cao" if rec == "E41" else "sgo"
        carer = "adopters" if kind == "adoption" else CARER_BY_REC.get(rec, "kin")
        order_rows.append((child_id, period_id, by_period.get(period_id), kind, day, carer, rec, user))
    order_keys = Table(
        PermanenceOrder,
        ["child_id", "period_id", "journey_id", "kind", "order_date", "carer", "reason_ceased", "recorded_by_id"],
    ).insert_returning_keys(order_rows)
    kinds = dict(PermanenceOrder.Kind.choices)
    for key, (child_id, _period, _journey, kind, day, _carer, rec, _user) in zip(order_keys, order_rows, strict=True):
        if kind != "adoption":  # the adoption order's event is the journey's
            summary = f"{kinds[kind]} made {day:%d %b %Y}: no longer looked after ({rec})"
            events.add(child_pk=child_id, at=ctx.at(day, 15), category=Category.ADOPTION, kind=f"permanence.{kind}",
                       summary=summary, source="adoption.permanenceorder", source_pk=key)  # fmt: skip

    previous_rows = []
    own_la = ctx_la_code() if ctx_la_code() in LA_PERM_CODES else "999"
    for period_id, child_id, entered, _ended, _rec, dob in care.periods:
        # Asked of every child starting care (rule 630): Z1 (none, or not known) unless there was an earlier order.
        if entered < ctx.start:
            continue
        code, la, order_day = "Z1", "", None
        if dob and age_on(dob, entered) >= 2 and rng.random() < PREVIOUS_PERMANENCE:
            order_day = _between(rng, dob + dt.timedelta(days=200), entered - dt.timedelta(days=60))
            code = _pick(rng, PREVIOUS)
            la = own_la if rng.random() < 0.6 else rng.choice(OTHER_LAS)  # a DfE LA number (rule 633)
        previous_rows.append((child_id, period_id, code, la, order_day, user))
    previous_keys = Table(
        PreviousPermanenceRecord,
        ["child_id", "period_id", "previous_permanence", "la_code", "order_date", "recorded_by_id"],
    ).insert_returning_keys(previous_rows)
    entered_on = {period_id: entered for period_id, _child, entered, *_rest in care.periods}
    labels = dict(PreviousPermanenceRecord._meta.get_field("previous_permanence").choices)
    for key, (child_id, period_id, code, *_rest) in zip(previous_keys, previous_rows, strict=True):
        events.add(child_pk=child_id, at=ctx.at(entered_on[period_id], 16), category=Category.ADOPTION,
                   kind="permanence.previous", summary=f"Before coming into care: {labels[code]}",
                   source="adoption.previouspermanencerecord", source_pk=key)  # fmt: skip
    events.flush()
    return {
        "adoption journeys": len(journey_keys),
        "adoptions": adoptions,
        "adopter households": len(adopter_keys),
        "adoption reviews": reviews,
        "adoption visits": visits,
        "permanence orders": len(order_keys),
        "previous permanence": len(previous_keys),
    }


def _journey_row(ctx, j: Journey, households, adopter_keys, user) -> tuple:
    household = households[j.household] if j.household is not None else None
    is_open = j.end is None
    review_due, visit_due = schedule.next_due(
        is_open=is_open, authority_date=j.authority, placed_date=j.placed, reviews=j.reviews, visits=j.visits,
        due=ctx.due,
    )  # fmt: skip
    return (
        j.child_id, j.period_id, j.decision, j.order, j.consent, j.early, j.early_date, j.match,
        adopter_keys[j.household] if household else None,
        household["number_of_adopters"] if household else None,
        household["sexes"] if household else "",
        household["legal_status"] if household else "",
        j.placed, j.adopted, j.reversed, j.reversed_reason, review_due, visit_due, user,
    )  # fmt: skip


def _journey_events(ctx, events: EventLog, key: int, j: Journey) -> None:
    steps = [
        (j.decision, "adoption.decision", f"Decision that the child should be placed for adoption ({j.decision:%d %b %Y})"),
        (j.order, "adoption.placement_order", f"Placement order made {j.order:%d %b %Y}" if j.order else ""),
        (j.consent, "adoption.consent", "Parents consented to placement for adoption"),
        (j.early_date, "adoption.early_permanence", "Early permanence: living with the carers who may adopt"),
        (j.match, "adoption.matched", f"Matched with prospective adopters {j.match:%d %b %Y}" if j.match else ""),
        (j.placed, "adoption.placed", f"Placed for adoption with the prospective adopters {j.placed:%d %b %Y}" if j.placed else ""),
        (j.adopted, "adoption.order", f"Adoption order made {j.adopted:%d %b %Y}: no longer looked after ({j.adopted_rec})" if j.adopted else ""),
        (j.reversed, "adoption.reversed", "Decided the child should no longer be placed for adoption"),
    ]  # fmt: skip
    for day, kind, summary in steps:
        if day:
            events.add(child_pk=j.child_id, at=ctx.at(day, 14), category=Category.ADOPTION, kind=kind, summary=summary,
                       source="adoption.adoptionjourney", source_pk=key)  # fmt: skip
