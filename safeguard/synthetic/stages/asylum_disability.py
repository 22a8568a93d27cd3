"""Unaccompanied asylum-seeking children (UASC record, age assessments, immigration status) and disabled
children's services (requests, decisions, first services), with their chronology events.

Runs after the "looked after" stage and reads care periods back from the database.

UASC: every child of a UASC family (`family.uasc` in ctx.plan.families) gets a UASCRecord. The date they became
UASC is their arrival: for a National Transfer Scheme transfer in (≈ 45%) one to four weeks before the transfer
(the day their first care period started here, or their first referral), otherwise that day itself. The date ceased
(DUC) is recorded for children who have turned 18 (their birthday) or, for about half of those granted leave
before 18, the grant. About 30% had an age assessment; when it was assessed older or younger the date of birth
written by the people stage is the assessed one, and the claimed one is kept as `previous_date_of_birth`. Status
history: a claim lodged within a month, a decision after right-skewed months (median ≈ 9), and for refusals an
appeal pending from two weeks later; each status ends the day before the next.

Disabled children: every episode held by the disabled children's service (long_term_service DISABLED_CHILDREN,
transferred) has one service request from the episode's referral. The wait to the first service is log-normal with
median 8 weeks and σ = 0.48, so ≈ 20% wait longer than the 12-week threshold (rule disabled-first-service); those
whose first service would fall on or after as-of are still waiting, and so are ≈ 15% of the open episodes referred
in the last year however long they have waited (seeded breaches: the waiting list and work items show them).
About 5% are not agreed; about 40% of started services end after 3 to 18 months.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from dateutil.relativedelta import relativedelta

from safeguard.asylum.models import AgeAssessment, ImmigrationStatus, UASCRecord
from safeguard.disabledchildren.models import DisabledChildrenService
from safeguard.lac.models import CarePeriod
from safeguard.workforce.models import Service

from ..context import GenerationContext
from ..writer import EventLog, Table

NTS_SHARE = 0.45
PORT_SHARE = 0.10
AGE_ASSESSED = 0.30
AGE_OUTCOMES = (("accepted", 55), ("older", 30), ("younger", 5), ("disputed", 10))
MERTON_COMPLIANT = 0.9
CEASE_AT_GRANT = 0.5
DECISIONS = (("refugee", 50), ("uasc_leave", 20), ("humanitarian", 6), ("discretionary", 6), ("refused", 18))
GRANTED = {"refugee", "humanitarian", "discretionary", "uasc_leave"}
NTS_AUTHORITIES = ("Kent County Council", "Portsmouth City Council", "London Borough of Croydon",
                   "Brighton and Hove City Council", "Hillingdon Council")  # fmt: skip
ASSESSORS = ("Two social workers, Children in Care service", "Independent age assessment service")

WAIT_MEDIAN_DAYS = 56
WAIT_SIGMA = 0.48
DECLINED = 0.05
SERVICE_ENDS = 0.40
# Of episodes still open and referred in the last year: still waiting at as-of, however long (seeded breaches).
STILL_WAITING = 0.15
SERVICE_KINDS = (("short_breaks", 45), ("direct_payments", 20), ("specialist", 10), ("equipment", 12),
                 ("personal_assistant", 8), ("other", 5))  # fmt: skip


def _pick(rng: random.Random, weighted) -> str:
    codes, weights = zip(*weighted, strict=True)
    return rng.choices(codes, weights)[0]


def _birthday(dob: dt.date, years: int) -> dt.date:
    return dob + relativedelta(years=years)


def write_asylum_and_disability(ctx: GenerationContext) -> dict[str, int]:
    events = EventLog(ctx.import_user)
    counts = _write_uasc(ctx, events, ctx.rng("asylum and disability"))
    counts |= _write_disabled_services(ctx, events, ctx.rng("asylum and disability: services"))
    counts["events"] = events.flush()
    return counts


# --- UASC ---------------------------------------------------------------------------------------------


def _first_care_starts(pks: list[int]) -> dict[int, dt.date]:
    starts: dict[int, dt.date] = {}
    rows = CarePeriod.objects.filter(child_id__in=pks).order_by("start_date").values_list("child_id", "start_date")
    for child_id, start in rows:
        starts.setdefault(child_id, start)
    return starts


def _write_uasc(ctx: GenerationContext, events: EventLog, rng: random.Random) -> dict[str, int]:
    children = [c for f in ctx.plan.families if f.uasc for c in f.children if c.pk and c.dob]
    care_starts = _first_care_starts([c.pk for c in children])
    last_day = ctx.as_of - dt.timedelta(days=1)
    records, assessments, statuses = [], [], []
    for child in children:
        here = care_starts.get(child.pk) or (child.episodes[0].referral_date if child.episodes else None)
        if here is None or here > last_day:
            continue
        route = (
            "nts_in" if rng.random() < NTS_SHARE else ("port" if rng.random() < PORT_SHARE / 0.55 else "spontaneous")
        )
        became = here - dt.timedelta(days=rng.randint(7, 28)) if route == "nts_in" else here
        nts = (
            (rng.choice(NTS_AUTHORITIES), became + dt.timedelta(days=rng.randint(1, 5)), here)
            if route == "nts_in"
            else ("", None, None)
        )
        history = _status_history(ctx, rng, became, last_day)
        ceased = _ceased(rng, child.dob, became, history, last_day)
        records.append((child, became, route, nts, ceased))
        statuses.append((child, history))
        if rng.random() < AGE_ASSESSED:
            assessed_on = became + dt.timedelta(days=rng.randint(10, 60))
            if assessed_on <= last_day:
                assessments.append((child, assessed_on, *_age_outcome(rng, child.dob, assessed_on)))
    _insert_records(ctx, events, records)
    _insert_assessments(ctx, events, assessments)
    written = _insert_statuses(ctx, events, statuses)
    return {"UASC records": len(records), "age assessments": len(assessments), "immigration statuses": written}


def _status_history(ctx, rng: random.Random, became: dt.date, last_day: dt.date) -> list[tuple[str, dt.date]]:
    lodged = became + dt.timedelta(days=rng.randint(0, 30))
    history = [("claim_lodged", min(lodged, last_day))]
    decided = lodged + dt.timedelta(days=int(270 * math.exp(0.5 * rng.gauss(0, 1))))
    if decided > last_day:
        return history
    outcome = _pick(rng, DECISIONS)
    history.append((outcome, decided))
    if outcome == "refused":
        appeal = decided + dt.timedelta(days=14)
        if appeal <= last_day:
            history.append(("appeal", appeal))
    return history


def _ceased(
    rng: random.Random, dob: dt.date, became: dt.date, history, last_day: dt.date
) -> tuple[dt.date, str] | None:
    eighteenth = _birthday(dob, 18)
    granted = next((start for status, start in history if status in GRANTED), None)
    if granted and granted < eighteenth and rng.random() < CEASE_AT_GRANT:
        return granted, "status"
    if eighteenth <= last_day:
        return max(eighteenth, became), "18"
    return None


def _age_outcome(rng: random.Random, dob: dt.date, assessed_on: dt.date):
    """(outcome, assessed DOB, previous DOB, changed); the person's written DOB is the one after the assessment."""
    outcome = _pick(rng, AGE_OUTCOMES)
    if outcome == "older" and _birthday(dob, 18) > assessed_on:
        claimed = dob + dt.timedelta(days=rng.randint(200, 900))
        return outcome, dob, claimed, True
    if outcome == "younger":
        claimed = dob - dt.timedelta(days=rng.randint(150, 500))
        return outcome, dob, claimed, True
    outcome = "disputed" if outcome == "disputed" else "accepted"
    return outcome, None, dob, False


_OUTCOMES = dict(AgeAssessment.Outcome.choices)
_STATUSES = dict(ImmigrationStatus.Status.choices)
_ROUTES = dict(UASCRecord.ArrivalRoute.choices)


def _insert_records(ctx, events: EventLog, records) -> None:
    user = ctx.import_user.pk
    pks = Table(UASCRecord, ["child_id", "became_uasc_on", "arrival_route", "nts_from_authority", "nts_referral_date",
                             "nts_transfer_date", "ceased_on", "ceased_reason", "recorded_by_id"]).insert_returning_keys(
        (c.pk, became, route, *nts, ceased[0] if ceased else None, ceased[1] if ceased else "", user)
        for c, became, route, nts, ceased in records
    )  # fmt: skip
    for (child, became, route, _nts, ceased), pk in zip(records, pks, strict=True):
        events.add(child_pk=child.pk, at=ctx.at(became, 14), category="asylum", kind="uasc.recorded",
                   summary=f"Unaccompanied asylum-seeking child from {became:%d %b %Y}: {_ROUTES[route]}",
                   source="asylum.uascrecord", source_pk=pk)  # fmt: skip
        if ceased:
            events.add(child_pk=child.pk, at=ctx.at(ceased[0], 9), category="asylum", kind="uasc.ceased",
                       summary=f"Ceased to be UASC on {ceased[0]:%d %b %Y}", source="asylum.uascrecord",
                       source_pk=pk)  # fmt: skip


def _insert_assessments(ctx, events: EventLog, assessments) -> None:
    user = ctx.import_user.pk
    rng = ctx.rng("asylum and disability: assessors")
    pks = Table(AgeAssessment, ["child_id", "assessed_on", "outcome", "assessed_date_of_birth",
                                "previous_date_of_birth", "date_of_birth_changed", "merton_compliant", "assessed_by",
                                "recorded_by_id"]).insert_returning_keys(
        (c.pk, on, outcome, assessed, previous, changed, rng.random() < MERTON_COMPLIANT, rng.choice(ASSESSORS), user)
        for c, on, outcome, assessed, previous, changed in assessments
    )  # fmt: skip
    for (child, on, outcome, assessed, previous, changed), pk in zip(assessments, pks, strict=True):
        events.add(child_pk=child.pk, at=ctx.at(on, 15), category="asylum", kind="age_assessment.recorded",
                   summary=f"Age assessment {on:%d %b %Y}: {_OUTCOMES[outcome].lower()}",
                   source="asylum.ageassessment", source_pk=pk)  # fmt: skip
        if changed:
            events.add(child_pk=child.pk, at=ctx.at(on, 15, 5), category="asylum",
                       kind="person.date_of_birth_changed", source="asylum.ageassessment", source_pk=pk,
                       summary=f"Date of birth changed to {assessed:%d %b %Y} (was {previous:%d %b %Y}) following "
                       "an age assessment")  # fmt: skip


def _insert_statuses(ctx, events: EventLog, statuses) -> int:
    user = ctx.import_user.pk
    rng = ctx.rng("asylum and disability: references")
    rows = []
    for child, history in statuses:
        reference = f"HO{rng.randint(1_000_000, 9_999_999)}"
        for i, (status, start) in enumerate(history):
            end = history[i + 1][1] - dt.timedelta(days=1) if i + 1 < len(history) else None
            rows.append((child, status, start, end, reference))
    pks = Table(ImmigrationStatus, ["child_id", "status", "start_date", "end_date", "home_office_reference",
                                    "recorded_by_id"]).insert_returning_keys(
        (c.pk, status, start, end, reference, user) for c, status, start, end, reference in rows
    )  # fmt: skip
    for (child, status, start, _end, _ref), pk in zip(rows, pks, strict=True):
        events.add(child_pk=child.pk, at=ctx.at(start, 11), category="asylum", kind="immigration_status.recorded",
                   summary=f"Immigration status from {start:%d %b %Y}: {_STATUSES[status]}",
                   source="asylum.immigrationstatus", source_pk=pk)  # fmt: skip
    return len(rows)


# --- Disabled children's services ----------------------------------------------------------------------


_KINDS = dict(DisabledChildrenService.Kind.choices)


def _write_disabled_services(ctx: GenerationContext, events: EventLog, rng: random.Random) -> dict[str, int]:
    last_day = ctx.as_of - dt.timedelta(days=1)
    episodes = [
        e for e in ctx.plan.episodes
        if e.long_term_service == Service.DISABLED_CHILDREN and e.transfer_date and e.pk and e.referral_date <= last_day
    ]  # fmt: skip
    rows = [_service_row(ctx, rng, e, last_day) for e in episodes]
    _ensure_someone_waits(episodes, rows)
    user = ctx.import_user.pk
    pks = Table(DisabledChildrenService, ["child_id", "episode_id", "kind", "detail", "referral_date",
                                          "first_service_due", "decision", "decision_date", "first_service_start",
                                          "end_date", "recorded_by_id"]).insert_returning_keys(
        (*row, user) for row in rows
    )  # fmt: skip
    waiting = 0
    for row, pk in zip(rows, pks, strict=True):
        child_pk, _episode, kind, _detail, referral, due, decision, decided, start, end = row
        label = _KINDS[kind]
        events.add(child_pk=child_pk, at=ctx.at(referral, 12), category="disability", kind="disabled_service.requested",
                   summary=f"{label} requested {referral:%d %b %Y}: first service due by {due:%d %b %Y}",
                   source="disabledchildren.disabledchildrenservice", source_pk=pk)  # fmt: skip
        if decided:
            events.add(child_pk=child_pk, at=ctx.at(decided, 13), category="disability",
                       kind="disabled_service.decided", summary=f"{label}: {decision} on {decided:%d %b %Y}",
                       source="disabledchildren.disabledchildrenservice", source_pk=pk)  # fmt: skip
        if start:
            events.add(child_pk=child_pk, at=ctx.at(start, 10), category="disability", kind="disabled_service.started",
                       summary=f"{label} started {start:%d %b %Y}, {(start - referral).days} days after the referral",
                       source="disabledchildren.disabledchildrenservice", source_pk=pk)  # fmt: skip
        if end:
            events.add(child_pk=child_pk, at=ctx.at(end, 16), category="disability", kind="disabled_service.ended",
                       summary=f"{label} {'ended' if start else 'request withdrawn'} {end:%d %b %Y}",
                       source="disabledchildren.disabledchildrenservice", source_pk=pk)  # fmt: skip
        waiting += start is None and end is None and decision != "declined"
    return {"disabled children's services": len(rows), "waiting for a first service": waiting}


def _service_row(ctx: GenerationContext, rng: random.Random, episode, last_day: dt.date) -> tuple:
    referral = episode.referral_date
    kind = _pick(rng, SERVICE_KINDS)
    detail = "Sensory room equipment" if kind == "other" else ""
    wait = max(7, round(WAIT_MEDIAN_DAYS * math.exp(WAIT_SIGMA * rng.gauss(0, 1))))
    start = referral + dt.timedelta(days=wait)
    decided = referral + dt.timedelta(days=max(1, round(wait * rng.uniform(0.4, 0.9))))
    decision = "declined" if rng.random() < DECLINED else "agreed"
    # Nothing happens after the episode closed (or after the history ends).
    closed = episode.close_date if episode.close_date and episode.close_date <= last_day else None
    horizon = closed or last_day
    if decided > horizon:
        decision, decided = "", None
    if decision == "declined" or start > horizon:
        start = None
    end = None
    if start is None and decision != "declined" and closed:
        end = closed  # the episode closed while the child was still waiting: request withdrawn
    elif start and rng.random() < SERVICE_ENDS:
        ends = start + dt.timedelta(days=rng.randint(90, 540))
        end = ends if ends <= last_day else None
    if episode.close_date is None and referral >= last_day - dt.timedelta(days=365) and rng.random() < STILL_WAITING:
        start, end = None, None
        decision = "agreed" if decision == "declined" else decision
    due = ctx.due("disabled-first-service", referral)
    return (episode.child.pk, episode.pk, kind, detail, referral, due, decision, decided, start, end)


def _is_waiting(row: tuple) -> bool:
    return row[8] is None and row[9] is None and row[6] != "declined"


def _ensure_someone_waits(episodes: list, rows: list[tuple]) -> None:
    """However small the authority, the most recent open episode's child is still waiting (the list shows it)."""
    if any(_is_waiting(row) for row in rows):
        return
    open_ones = [i for i, episode in enumerate(episodes) if episode.close_date is None]
    if open_ones:
        i = max(open_ones, key=lambda i: episodes[i].referral_date)
        decision = "agreed" if rows[i][6] == "declined" else rows[i][6]
        rows[i] = (*rows[i][:6], decision, rows[i][7], None, None)
