"""Care leavers: the derived status, personal advisers, needs assessments, pathway plans and reviews, personal
adviser contacts and the SSDA903 OC3 birthday records, with chronology events.

Runs after the "looked after" stage and reads the care history back from the database (CarePeriod and
CareLegalStatus). Each young person aged 16 to 24 on as-of with a care history gets the category
`careleavers.eligibility.derive` gives (the same pure function the service uses) and, when that is a
care-leaver category, a CareLeaver row whose derived dates are computed as `careleavers.services` computes them.
Rates (calibration.md, care leavers 19–21): ≈ 91% in touch, ≈ 50% in education, employment or training,
≈ 85% in suitable accommodation; personal adviser contacts ≈ 87% on time; pathway reviews ≈ 90% on time.
Seeded breaches: a few needs assessments not done, contacts lapsed, birthday records missing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from safeguard.careleavers import selectors
from safeguard.careleavers.eligibility import CareSpan, Category, birthday, derive
from safeguard.careleavers.models import (
    AdviserContact,
    BirthdayContact,
    CareLeaver,
    PathwayPlan,
    PathwayPlanReview,
    accommodation_kind,
)
from safeguard.lac.models import CareLegalStatus, CarePeriod
from safeguard.people.models import Person
from safeguard.workforce.models import Allocation, Service, Worker

from ..context import GenerationContext
from ..writer import EventLog, Table

CONTACT_ON_TIME = 0.87
CONTACT_REACHED = 0.94
REVIEW_ON_TIME = 0.90
NEEDS_ASSESSMENT_MISSED = 0.04
CONTACTS_LAPSED = 0.05
BIRTHDAY_MISSED = 0.04
ASKS_FOR_SUPPORT_TO_25 = 0.35
IN_TOUCH = 0.91
EET = 0.50
SUITABLE = 0.85
NOT_IN_TOUCH = (("NO", 70), ("REFU", 20), ("NREQ", 10))
CONTACT_KINDS = (("visit", 50), ("phone", 25), ("video", 15), ("message", 10))
EET_ACTIVITIES = (("F2", 35), ("P2", 8), ("F1", 10), ("P1", 2), ("F4", 10), ("P4", 3), ("F5", 22), ("P5", 10))
NEET_ACTIVITIES = (("G5", 60), ("G4", 20), ("G6", 20))
PLAN_SUMMARY = "Pathway plan: accommodation, education or work, health, money and support agreed with the young person."
REVIEW_NOTES = "Plan reviewed with the young person and their personal adviser."
CONTACT_NOTES = {True: "Talked through how things are going and what support is needed.", False: "No answer."}
YOUNGER_HOMES = (("Z", 35), ("D", 25), ("E", 15), ("C", 10), ("B", 10), ("T", 5))
OLDER_HOMES = (("U", 45), ("B", 15), ("D", 10), ("T", 10), ("Z", 8), ("K", 5), ("E", 4), ("X", 3))
# At 17 a care leaver cannot be with former foster carers (staying put starts at 18: reference validator rule 3001).
AT_17_HOMES = (("D", 45), ("E", 25), ("C", 10), ("B", 15), ("T", 5))
# No fixed abode and custody are never suitable (rule 133 has no S1 or X1).
ALWAYS_UNSUITABLE = ("S", "X")


def _pick(rng: random.Random, weighted) -> str:
    codes, weights = zip(*weighted, strict=True)
    return rng.choices(codes, weights)[0]


def _care_histories(ctx: GenerationContext) -> dict[int, tuple[dt.date, list[CareSpan]]]:
    """Children aged 16 to 24 on as-of with a care history: {child id: (date of birth, spans)}, three queries."""
    youngest, oldest = ctx.as_of - relativedelta(years=16), ctx.as_of - relativedelta(years=25)
    births = dict(
        Person.objects.filter(
            kind=Person.Kind.CHILD, date_of_birth__lte=youngest, date_of_birth__gt=oldest, care_periods__isnull=False
        )
        .distinct()
        .values_list("pk", "date_of_birth")
    )
    periods = list(
        CarePeriod.objects.filter(child_id__in=list(births), start_date__lt=ctx.as_of)
        .order_by("child_id", "start_date", "pk")
        .values_list("pk", "child_id", "start_date", "end_date", "end_reason")
    )
    statuses = defaultdict(list)
    for period_id, status, start in (
        CareLegalStatus.objects.filter(period_id__in=[p[0] for p in periods])
        .order_by("start_date", "pk")
        .values_list("period_id", "legal_status", "start_date")
    ):
        statuses[period_id].append((status, start))
    spans = defaultdict(list)
    for pk, child_id, start, end, reason in periods:
        end = end if end is None or end < ctx.as_of else None
        rows = statuses[pk] or [("", start)]
        for index, (status, status_start) in enumerate(rows):
            last = index == len(rows) - 1
            stop = end if last else rows[index + 1][1]
            spans[child_id].append(CareSpan(status_start, stop, status, reason if last and end else ""))
    return {child_id: (births[child_id], spans[child_id]) for child_id in spans}


def _advisers(ctx: GenerationContext) -> list[Worker]:
    advisers = [
        w
        for w in ctx.workers
        if w.role == Worker.Role.PERSONAL_ADVISER and w.team.service == Service.LEAVING_CARE and w.end_date is None
    ]
    return advisers or list(
        Worker.objects.filter(role=Worker.Role.PERSONAL_ADVISER, end_date__isnull=True).select_related("team")
    )


def _when(rng: random.Random, anchor: dt.date, due: dt.date, on_time: float, late_days: int) -> dt.date:
    if rng.random() < on_time:
        span = max((due - anchor).days, 1)
        return max(due - dt.timedelta(days=rng.randint(0, max(span // 3, 1) - 1)), anchor + dt.timedelta(days=1))
    return due + dt.timedelta(days=rng.randint(1, late_days))


def write_care_leavers(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("care leavers")
    events = EventLog(ctx.import_user)
    user = ctx.import_user.pk
    histories = _care_histories(ctx)
    advisers = _advisers(ctx)
    leavers = []
    for child_id, (dob, spans) in sorted(histories.items()):
        extended = rng.random() < ASKS_FOR_SUPPORT_TO_25
        result = derive(spans, dob, as_of=ctx.as_of, extended_to_25=extended)
        if result.is_care_leaver:
            leavers.append(_plan_leaver(ctx, rng, child_id, dob, result, extended and result.duties_end is not None))

    care_leaver_pks = Table(CareLeaver, [
        "child_id", "category", "category_since", "eligible_from", "left_care_on", "duties_end", "extended_to_25",
        "accommodation_first_provided", "needs_assessment_due", "needs_assessment_completed_on",
        "next_pa_contact_due", "next_birthday_contact_due", "in_touch", "accommodation", "activity",
    ]).insert_returning_keys(
        (p["child"], p["category"], p["since"], p["eligible_from"], p["left_care_on"], p["duties_end"], p["extended"],
         p["left"], p["na_due"], p["na_done"], p["pa_due"], p["birthday_due"], p["in_touch"], p["accommodation"],
         p["activity"]) for p in leavers
    )  # fmt: skip
    for p, pk in zip(leavers, care_leaver_pks, strict=True):
        p["pk"] = pk
        label = Category(p["category"]).label
        events.add(child_pk=p["child"], at=ctx.at(p["since"], 9), category="care_leaver", kind="care_leaver.category",
                   summary=f"Leaving care status: {label}", source="careleavers.careleaver", source_pk=pk)  # fmt: skip
        if p["na_done"]:
            events.add(child_pk=p["child"], at=ctx.at(p["na_done"], 15), category="care_leaver",
                       kind="care_leaver.needs_assessment", source="careleavers.careleaver", source_pk=pk,
                       summary=f"Leaving care needs assessment completed {p['na_done']:%d %b %Y}")  # fmt: skip

    counts = {"care leavers": len(leavers)}
    counts["personal advisers allocated"] = _write_advisers(ctx, rng, leavers, advisers, events)
    counts["pathway plans"], counts["pathway plan reviews"] = _write_plans(ctx, leavers, events, user)
    counts["adviser contacts"] = _write_contacts(ctx, leavers, events, user)
    counts["birthday records"] = _write_birthdays(ctx, leavers, events, user)
    events.flush()
    for category in Category:
        if category != Category.NONE:
            counts[f"care leavers: {category.label.lower()}"] = sum(p["category"] == category for p in leavers)
    return counts


def _plan_leaver(ctx, rng, child_id: int, dob: dt.date, result, extended: bool) -> dict:
    """Everything about one care leaver, decided in memory before anything is written."""
    sixteenth = birthday(dob, 16)
    start = max(result.eligible_from or sixteenth, sixteenth)
    since = result.left_care_on if result.left_care_on and result.category != Category.ELIGIBLE else start
    p = {
        "child": child_id, "dob": dob, "category": result.category, "since": min(since, ctx.as_of - dt.timedelta(days=1)),
        "eligible_from": result.eligible_from, "left_care_on": result.left_care_on,
        "left": result.left_care_on if result.eligible_from else None,
        "duties_end": result.duties_end, "extended": extended, "na_due": None, "na_done": None,
        "pa_due": None, "birthday_due": None, "in_touch": "", "accommodation": "", "activity": "",
        "plan": None, "contacts": [], "birthdays": [],
    }  # fmt: skip
    if result.eligible_from:
        p["na_due"] = ctx.due("careleaver-needs-assessment", start)
        done = _when(rng, start, p["na_due"], 0.85, 60)
        if done < ctx.as_of and rng.random() > NEEDS_ASSESSMENT_MISSED:
            p["na_done"] = done
            plan_start = done + dt.timedelta(days=rng.randint(0, 28))
            if plan_start < ctx.as_of:
                p["plan"] = _plan_reviews(ctx, rng, plan_start)
    if p["left"]:
        p["contacts"], p["pa_due"] = _plan_contacts(ctx, rng, p["left"])
        reached = [c for c in p["contacts"] if c[2]]
        if reached:
            p["in_touch"] = "YES" if (ctx.as_of - reached[-1][0]).days < 120 else "NO"
        _plan_birthdays(ctx, rng, p)
    return p


def _plan_reviews(ctx, rng, start: dt.date) -> tuple[dt.date, list[dt.date], dt.date]:
    reviews, anchor = [], start
    due = ctx.due("careleaver-pathway-review", anchor)
    while True:
        held = _when(rng, anchor, due, REVIEW_ON_TIME, 45)
        if held >= ctx.as_of:
            break
        reviews.append(held)
        anchor, due = held, ctx.due("careleaver-pathway-review", held)
    return start, reviews, due


def _plan_contacts(ctx, rng, left: dt.date) -> tuple[list[tuple[dt.date, str, bool]], dt.date]:
    """(date, kind, reached) from the week accommodation was first provided; the next due date at as-of."""
    contacts, anchor = [], left
    due = ctx.due("careleaver-pa-first", left)
    lapse = ctx.as_of - dt.timedelta(days=rng.randint(70, 150)) if rng.random() < CONTACTS_LAPSED else ctx.as_of
    earliest = ctx.start - relativedelta(months=2)
    while True:
        held = _when(rng, anchor, due, CONTACT_ON_TIME, 30)
        if held >= lapse:
            break
        if held >= earliest:
            if rng.random() > CONTACT_REACHED:
                contacts.append((held - dt.timedelta(days=rng.randint(1, 5)), "message", False))
            contacts.append((held, _pick(rng, CONTACT_KINDS), True))
        anchor, due = held, ctx.due("careleaver-pa-contact", held)
    return contacts, due


def _plan_birthdays(ctx, rng, p: dict) -> None:
    leaver = CareLeaver(category=p["category"], left_care_on=p["left"], extended_to_25=p["extended"])
    recorded = set()
    for age in selectors.birthday_record_ages(leaver, p["dob"]):
        day = birthday(p["dob"], age)
        if day >= ctx.as_of:
            break
        # A birthday in the last month may not be recorded yet; a few older ones are simply missed.
        if ((ctx.as_of - day).days < 30 and rng.random() < 0.5) or rng.random() < BIRTHDAY_MISSED:
            continue
        p["birthdays"].append(_birthday_record(ctx, rng, age, day))
        recorded.add(age)
    if p["birthdays"]:
        _, _, in_touch, accommodation, activity = p["birthdays"][-1]
        p["in_touch"], p["accommodation"], p["activity"] = in_touch, accommodation, activity
    p["birthday_due"] = selectors.next_birthday_due(leaver, p["dob"], recorded)


def _birthday_record(ctx, rng, age: int, day: dt.date) -> tuple:
    latest = min(day + relativedelta(months=1), ctx.as_of - dt.timedelta(days=1))
    span = (latest - (day - relativedelta(months=3))).days
    if rng.random() >= IN_TOUCH:
        return age, None, _pick(rng, NOT_IN_TOUCH), "0", "0"
    contact = latest - dt.timedelta(days=rng.randint(0, max(span, 0)))
    home = _pick(rng, AT_17_HOMES if age == 17 else YOUNGER_HOMES if age <= 18 else OLDER_HOMES)
    suitable = rng.random() < SUITABLE and home not in ALWAYS_UNSUITABLE
    accommodation = f"{home}{1 if suitable else 2}"
    activity = _pick(rng, EET_ACTIVITIES if rng.random() < EET else NEET_ACTIVITIES)
    return age, contact, "YES", accommodation, activity


def _write_advisers(ctx, rng, leavers: list[dict], advisers: list[Worker], events: EventLog) -> int:
    if not advisers:
        return 0
    rows = []
    for p in leavers:
        if p["category"] == Category.QUALIFYING:
            continue  # advice and assistance, not a personal adviser
        worker = advisers[rng.randrange(len(advisers))]
        start = max(p["eligible_from"] or p["since"], worker.start_date)
        rows.append((p["child"], worker.pk, worker.team_id, Allocation.Kind.PERSONAL_ADVISER, min(start, ctx.as_of),
                     "Personal adviser (leaving care)"))  # fmt: skip
    pks = Table(Allocation, ["child_id", "worker_id", "team_id", "kind", "start_date", "reason"]).insert_returning_keys(
        rows
    )
    by_pk = {w.pk: w for w in advisers}
    for (child, worker_pk, _, _, start, reason), pk in zip(rows, pks, strict=True):
        worker = by_pk[worker_pk]
        # As workforce.services.allocation_allocate records it.
        events.add(child_pk=child, at=ctx.at(start, 9, 30), category="allocation", kind="allocation.started",
                   summary=f"Personal adviser: {worker.full_name} ({worker.team.name})", detail=reason,
                   source="workforce.allocation", source_pk=pk)  # fmt: skip
    return len(rows)


def _write_plans(ctx, leavers: list[dict], events: EventLog, user: int) -> tuple[int, int]:
    with_plans = [p for p in leavers if p["plan"]]
    pks = Table(PathwayPlan, ["care_leaver_id", "child_id", "start_date", "next_review_due", "summary", "created_by_id"]).insert_returning_keys(
        (p["pk"], p["child"], p["plan"][0], p["plan"][2], PLAN_SUMMARY, user) for p in with_plans
    )  # fmt: skip
    reviews = []
    for p, pk in zip(with_plans, pks, strict=True):
        start, held, _ = p["plan"]
        events.add(child_pk=p["child"], at=ctx.at(start, 14), category="care_leaver", kind="care_leaver.pathway_plan",
                   summary=f"Pathway plan agreed {start:%d %b %Y}", source="careleavers.pathwayplan", source_pk=pk)  # fmt: skip
        for day in held:
            reviews.append((pk, p["child"], day, REVIEW_NOTES, user))
            events.add(child_pk=p["child"], at=ctx.at(day, 14), category="care_leaver",
                       kind="care_leaver.pathway_review", summary=f"Pathway plan reviewed {day:%d %b %Y}",
                       source="careleavers.pathwayplan", source_pk=pk)  # fmt: skip
    Table(PathwayPlanReview, ["plan_id", "child_id", "review_date", "notes", "recorded_by_id"]).insert(reviews)
    return len(with_plans), len(reviews)


def _write_contacts(ctx, leavers: list[dict], events: EventLog, user: int) -> int:
    kinds = dict(AdviserContact.Kind.choices)
    rows = [
        (p["pk"], p["child"], day, kind, reached, CONTACT_NOTES[reached], user)
        for p in leavers
        for day, kind, reached in p["contacts"]
    ]
    pks = Table(AdviserContact, ["care_leaver_id", "child_id", "contact_date", "kind", "in_touch", "notes",
                                "recorded_by_id"]
                ).insert_returning_keys(rows)  # fmt: skip
    for (_, child, day, kind, reached, _, _), pk in zip(rows, pks, strict=True):
        outcome = "in touch" if reached else "not reached"
        events.add(child_pk=child, at=ctx.at(day, 11), category="care_leaver", kind="care_leaver.pa_contact",
                   summary=f"Personal adviser contact ({kinds[kind].lower()}, {outcome}) on {day:%d %b %Y}",
                   source="careleavers.advisercontact", source_pk=pk)  # fmt: skip
    return len(rows)


def _write_birthdays(ctx, leavers: list[dict], events: EventLog, user: int) -> int:
    rows = []
    for p in leavers:
        for age, contact, in_touch, accommodation, activity in p["birthdays"]:
            day = birthday(p["dob"], age)
            recorded = ctx.at(min(contact or day, ctx.as_of - dt.timedelta(days=1)), 16)
            rows.append((p["pk"], p["child"], age, day, contact, in_touch, accommodation, activity, user, recorded))
    pks = Table(BirthdayContact, ["care_leaver_id", "child_id", "age", "birthday", "contact_date", "in_touch",
                                  "accommodation", "activity", "recorded_by_id", "recorded_at"]
                ).insert_returning_keys(rows)  # fmt: skip
    for row, pk in zip(rows, pks, strict=True):
        _, child, age, _, _, in_touch, accommodation, activity, _, recorded = row
        events.add(child_pk=child, at=recorded, category="care_leaver", kind="care_leaver.birthday_contact",
                   summary=f"Age {age} birthday record: {in_touch}; {accommodation_kind(accommodation)} ({accommodation}); "
                   f"activity {activity}", source="careleavers.birthdaycontact", source_pk=pk)  # fmt: skip
    return len(rows)
