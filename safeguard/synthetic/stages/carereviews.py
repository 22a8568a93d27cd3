"""Looked-after reviews, IRO allocations and contacts, and regulation 28 statutory visits.

Runs after the "looked after" stage and reads its periods and placements back from the database (nothing is
shared in memory). For every period of care, in date order up to the period's end (or as-of):
- an IRO from the Safeguarding quality assurance service is allocated from the start (ending with the period);
- reviews follow the CPPCR reg 33 cadence (lac-review-first, -second, -later); ≈ 90% are held on time (a few
  working days before the due date), the rest 1 to 40 days late; the participation code is PN0 under 4, else
  mostly PN1, with PN2-PN7 at realistic rates; an IRO contact precedes each review by one to three weeks;
- visits follow the regulation 28 schedule (schedule.next_visit: within a week of every placement, six-weekly in
  the first year, ...) with ≈ 88% on time and the rest 1 to 20 days late; about 3% of visits find the child not in
  (a not-seen visit a few days before the real one); about 4% of open periods have had no visit for weeks at as-of,
  so the at-risk list and the work trays show overdue visits at any size;
- the derived ReviewSchedule row is computed exactly as services.schedule_refresh does (same pure functions, same
  rules), and every review, visit and contact has its chronology event.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from safeguard.carereviews import schedule
from safeguard.carereviews.models import IROContact, LookedAfterReview, ReviewSchedule, StatutoryVisit
from safeguard.lac.models import CarePeriod, Placement
from safeguard.people.ages import age_on
from safeguard.workforce.models import Allocation, Worker

from ..context import GenerationContext
from ..writer import EventLog, Table

REVIEW_ON_TIME = 0.90
VISIT_ON_TIME = 0.88
NOT_SEEN_ATTEMPT = 0.03
NEGLECTED_OPEN_PERIOD = 0.04
# PN1..PN7 for children aged 4 and over (most attend and speak for themselves).
PARTICIPATION = (("PN1", 50), ("PN2", 8), ("PN3", 5), ("PN4", 5), ("PN5", 10), ("PN6", 12), ("PN7", 10))
CONTACT_KINDS = (("visit", 45), ("phone", 25), ("video", 20), ("message", 10))


def _age(dob: dt.date | None, day: dt.date) -> int:
    return 10 if dob is None else age_on(dob, day)


def _pick(rng: random.Random, weighted) -> str:
    codes, weights = zip(*weighted, strict=True)
    return rng.choices(codes, weights)[0]


def _held(rng: random.Random, anchor: dt.date, due: dt.date, on_time: float, late_days: int) -> dt.date:
    """When a due event actually happened: on time (in the last third of the interval, never before the day
    after the anchor) or late by up to `late_days`."""
    if rng.random() < on_time:
        span = max((due - anchor).days, 1)
        return max(due - dt.timedelta(days=rng.randint(0, max(span // 3, 1) - 1)), anchor + dt.timedelta(days=1))
    return due + dt.timedelta(days=rng.randint(1, late_days))


class _Period:
    def __init__(self, pk, child_id, start, end, dob, placements):
        self.pk, self.child_id, self.start, self.end, self.dob = pk, child_id, start, end, dob
        self.placements: list[schedule.PlacementFacts] = placements
        self.reviews: list[tuple[dt.date, str]] = []
        self.visits: list[schedule.VisitFacts] = []
        self.iro = None


def _load(ctx: GenerationContext) -> list[_Period]:
    periods = CarePeriod.objects.exclude(end_date__lt=ctx.start).filter(start_date__lt=ctx.as_of)
    placements = defaultdict(list)
    rows = Placement.objects.filter(period__in=periods.values("pk"))
    for period_id, start, end, kind, until_18 in rows.order_by("period_id", "start_date", "pk").values_list(
        "period_id", "start_date", "end_date", "placement_type", "intended_until_18"
    ):
        placements[period_id].append(schedule.PlacementFacts(start, kind, until_18, end))
    return [
        _Period(pk, child_id, start, end, dob, placements[pk])
        for pk, child_id, start, end, dob in periods.order_by("pk").values_list(
            "pk", "child_id", "start_date", "end_date", "child__date_of_birth"
        )
    ]


def _simulate_reviews(ctx, rng, period: _Period, stop: dt.date) -> None:
    while True:
        deadline = schedule.next_review(
            became_looked_after=period.start,
            reviews_held=[day for day, _ in period.reviews],
            due=ctx.due,
            date_of_birth=period.dob,
        )
        if deadline is None:
            return
        held = _held(rng, deadline.anchor, deadline.due, REVIEW_ON_TIME, 40)
        if held >= stop:
            return
        code = "PN0" if _age(period.dob, held) < 4 else _pick(rng, PARTICIPATION)
        period.reviews.append((held, code))


def _simulate_visits(ctx, rng, period: _Period, stop: dt.date) -> None:
    first_review = period.reviews[0][0] if period.reviews else None
    for index, placement in enumerate(period.placements):
        following = period.placements[index + 1].start_date if index + 1 < len(period.placements) else None
        segment_end = min(day for day in (following, placement.end_date, stop) if day is not None)
        current = schedule.PlacementFacts(placement.start_date, placement.placement_type, placement.intended_until_18)
        agrees = placement.placement_type in schedule.LONG_TERM_FOSTER and rng.random() < 0.5
        last: list[schedule.VisitFacts] = []
        while True:
            deadline = schedule.next_visit(
                placements=[current], visits=last, first_review=first_review, due=ctx.due, date_of_birth=period.dob
            )
            if deadline is None:
                break
            day = _held(rng, deadline.anchor, deadline.due, VISIT_ON_TIME, 20)
            if day >= segment_end:
                break
            if rng.random() < NOT_SEEN_ATTEMPT and day - dt.timedelta(days=3) > deadline.anchor:
                period.visits.append(schedule.VisitFacts(day - dt.timedelta(days=3), child_seen=False))
            after_a_year = day >= schedule.add_years(placement.start_date, 1)
            visit = schedule.VisitFacts(day, True, agrees and after_a_year and _age(period.dob, day) >= 10)
            period.visits.append(visit)
            last = [visit]


def write_care_reviews(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("care reviews")
    iros = [w for w in ctx.workers if w.role == Worker.Role.IRO and w.end_date is None]
    periods = _load(ctx)
    for period in periods:
        stop = min(period.end, ctx.as_of) if period.end else ctx.as_of
        if period.end is None and rng.random() < NEGLECTED_OPEN_PERIOD:
            stop = ctx.as_of - dt.timedelta(days=rng.randint(50, 120))
        if iros:
            period.iro = iros[rng.randrange(len(iros))]
        _simulate_reviews(ctx, rng, period, stop if period.iro else period.start)
        _simulate_visits(ctx, rng, period, stop)
    events = EventLog(ctx.import_user)
    contacts = _iro_contacts(rng, periods)
    counts = {
        "IRO allocations": _write_allocations(ctx, events, periods),
        "looked-after reviews": _write_reviews(ctx, events, periods),
        "IRO contacts": _write_contacts(ctx, events, contacts),
        "statutory visits": _write_visits(ctx, rng, events, periods),
        "review schedules": _write_schedules(ctx, periods, contacts),
    }
    counts["events"] = events.flush()
    return counts


def _write_allocations(ctx, events: EventLog, periods) -> int:
    columns = ["child_id", "worker_id", "team_id", "kind", "start_date", "end_date", "reason", "allocated_by_id"]
    rows = [
        (p.child_id, p.iro.pk, p.iro.team_id, Allocation.Kind.IRO, max(p.start, p.iro.start_date), p.end,
         "Looked after", ctx.import_user.pk)
        for p in periods
        if p.iro is not None and (p.end is None or p.end >= max(p.start, p.iro.start_date))
    ]  # fmt: skip
    pks = Table(Allocation, columns).insert_returning_keys(rows)
    for (child, _iro, _team, _kind, start, end, _reason, _user), pk in zip(rows, pks, strict=True):
        # The chronology of an allocation, as the allocation service writes it.
        events.add(child_pk=child, at=ctx.at(start, 10), category="allocation", kind="allocation.started",
                   summary="Independent reviewing officer allocated", source="workforce.allocation", source_pk=pk)  # fmt: skip
        if end is not None:
            events.add(child_pk=child, at=ctx.at(end, 17), category="allocation", kind="allocation.ended",
                       summary="Independent reviewing officer allocation ended", source="workforce.allocation",
                       source_pk=pk)  # fmt: skip
    return len(pks)


def _write_reviews(ctx, events: EventLog, periods) -> int:
    columns = ["period_id", "child_id", "review_date", "participation", "iro_id", "outcome_notes", "recorded_by_id"]
    rows = [(p, day, code) for p in periods for day, code in p.reviews]
    pks = Table(LookedAfterReview, columns).insert_returning_keys(
        (p.pk, p.child_id, day, code, p.iro.pk, "Care plan reviewed; recommendations agreed.", ctx.import_user.pk)
        for p, day, code in rows
    )
    for (p, day, code), pk in zip(rows, pks, strict=True):
        events.add(child_pk=p.child_id, at=ctx.at(day, 11, 0), category="looked_after", kind="lac_review.held",
                   summary=f"Looked-after review held {day:%d %b %Y}, chaired by {p.iro} ({code})",
                   source="carereviews.lookedafterreview", source_pk=pk)  # fmt: skip
    return len(rows)


def _iro_contacts(rng, periods) -> list[tuple]:
    """The IRO speaks to the child one to three weeks before each review: (period, date, kind) rows."""
    rows = []
    for p in periods:
        for day, _ in p.reviews:
            contact = day - dt.timedelta(days=rng.randint(7, 21))
            if contact > p.start:
                rows.append((p, contact, _pick(rng, CONTACT_KINDS)))
    return rows


def _write_contacts(ctx, events: EventLog, rows: list[tuple]) -> int:
    columns = ["period_id", "child_id", "iro_id", "contact_date", "kind", "note", "recorded_by_id"]
    pks = Table(IROContact, columns).insert_returning_keys(
        (p.pk, p.child_id, p.iro.pk, day, kind, "Child's views sought before the review.", ctx.import_user.pk)
        for p, day, kind in rows
    )
    labels = dict(IROContact.Kind.choices)
    for (p, day, kind), pk in zip(rows, pks, strict=True):
        events.add(child_pk=p.child_id, at=ctx.at(day, 15, 0), category="looked_after", kind="iro_contact.recorded",
                   summary=f"IRO contact ({labels[kind].lower()}) by {p.iro} on {day:%d %b %Y}",
                   source="carereviews.irocontact", source_pk=pk)  # fmt: skip
    return len(rows)


def _write_visits(ctx, rng, events: EventLog, periods) -> int:
    rows = []
    for p in periods:
        for v in p.visits:
            alone = v.child_seen and _age(p.dob, v.visit_date) >= 5 and rng.random() < 0.7
            rows.append((p, v, alone))
    columns = ["period_id", "child_id", "visit_date", "child_seen", "seen_alone", "child_agrees_six_monthly", "note",
               "recorded_by_id"]  # fmt: skip
    pks = Table(StatutoryVisit, columns).insert_returning_keys(
        (p.pk, p.child_id, v.visit_date, v.child_seen, alone, v.child_agrees_six_monthly, "", ctx.import_user.pk)
        for p, v, alone in rows
    )
    for (p, v, alone), pk in zip(rows, pks, strict=True):
        seen = ("seen alone" if alone else "seen") if v.child_seen else "not seen"
        events.add(child_pk=p.child_id, at=ctx.at(v.visit_date, 14, 0), category="looked_after",
                   kind="lac_visit.recorded", summary=f"Statutory visit {v.visit_date:%d %b %Y}: child {seen}",
                   source="carereviews.statutoryvisit", source_pk=pk)  # fmt: skip
    return len(rows)


def _write_schedules(ctx, periods, contacts: list[tuple]) -> int:
    columns = ["period_id", "child_id", "is_open", "next_review_due", "review_rule", "review_anchor",
               "next_visit_due", "visit_rule", "visit_anchor", "last_seen_on",
               "next_iro_contact_due", "iro_contact_rule", "iro_contact_anchor", "last_iro_contact_on"]  # fmt: skip
    contact_days: dict[int, list[dt.date]] = {}
    for p, day, _ in contacts:
        contact_days.setdefault(p.pk, []).append(day)
    rows = []
    for p in periods:
        is_open = p.end is None
        review = visit = iro = None
        if is_open:
            held = [day for day, _ in p.reviews]
            review = schedule.next_review(became_looked_after=p.start, reviews_held=held, due=ctx.due,
                                          date_of_birth=p.dob)  # fmt: skip
            visit = schedule.next_visit(placements=p.placements, visits=p.visits, first_review=min(held, default=None),
                                        due=ctx.due, date_of_birth=p.dob)  # fmt: skip
            iro = schedule.next_iro_contact(became_looked_after=p.start, contacts=contact_days.get(p.pk, []),
                                            next_review_due=review, due=ctx.due, date_of_birth=p.dob)  # fmt: skip
        seen = [v.visit_date for v in p.visits if v.child_seen]
        rows.append((
            p.pk, p.child_id, is_open,
            review.due if review else None, review.rule_code if review else "", review.anchor if review else None,
            visit.due if visit else None, visit.rule_code if visit else "", visit.anchor if visit else None,
            max(seen, default=None),
            iro.due if iro else None, iro.rule_code if iro else "", iro.anchor if iro else None,
            max(contact_days.get(p.pk, []), default=None),
        ))  # fmt: skip
    return Table(ReviewSchedule, columns).insert(rows)
