"""The plan stage: families come to notice, come back, are decided on, referred, and their episodes end.

Families are simulated one at a time, in memory, until the authority's contact volume is reached. Each
notification makes one contact per child it concerns; a decision to refer opens an episode for every child
not already open to the service (a child already open gets "advice": the information goes to their worker).
"""

from __future__ import annotations

import datetime as dt
import random

from dateutil.relativedelta import relativedelta

from safeguard.codelists import ReasonForClosure, ReferralSource
from safeguard.frontdoor.models import ContactDecision, PresentingReason, Rag
from safeguard.people.ages import age_on
from safeguard.workforce.models import Service

from . import calibration as cal
from . import families, names, texts
from .context import GenerationContext
from .records import ContactRecord, EpisodeRecord, FamilyRecord, NotificationRecord, PersonRecord
from .sampling import Weighted, add_years, lognormal_days

Outcome = ContactDecision.Outcome
_SOURCE = Weighted(cal.SOURCE_WEIGHTS)
_REASONS = {group: Weighted(weights) for group, weights in cal.REASON_WEIGHTS.items()}
_OTHER_OUTCOME = Weighted(cal.OTHER_OUTCOME_WEIGHTS)
_DECISION_DELAY = Weighted(cal.DECISION_DELAY_WEIGHTS)
_CLOSURE = Weighted(cal.CLOSURE_WEIGHTS)
_LONG_TERM_SERVICE = Weighted(cal.LONG_TERM_SERVICE_WEIGHTS)
_BABY_LONG_TERM_SERVICE = Weighted(cal.BABY_LONG_TERM_SERVICE_WEIGHTS)
_TEEN_REASONS = {PresentingReason.SEXUAL_EXPLOITATION, PresentingReason.CRIMINAL_EXPLOITATION, PresentingReason.MISSING}
TWELVE_MONTHS = relativedelta(months=12)


def plan_authority(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("plan")
    days = _day_weights(ctx)
    target = round(cal.CONTACTS_PER_CHILD_YEAR * ctx.population * ctx.years)
    plan = ctx.plan
    while len(plan.contacts) < target:
        first_day = days(rng)
        family = families.make_family(len(plan.families), first_day, rng.randrange(len(names.LOCALITIES)), rng)
        _simulate(ctx, family, first_day, rng)
        if family.notifications:
            plan.families.append(family)
            plan.notifications.extend(family.notifications)
            plan.contacts.extend(c for n in family.notifications for c in n.contacts)
    _finalise_people(ctx)
    plan.notifications.sort(key=lambda n: n.received_at)
    _ensure_live_queue(ctx)
    plan.contacts.sort(key=lambda c: c.notification.received_at)
    plan.episodes = sorted((e for c in plan.contacts if (e := c.opened)), key=lambda e: e.referral_date)
    return {"families": len(plan.families), "planned contacts": len(plan.contacts)}


def _day_weights(ctx: GenerationContext) -> Weighted[dt.date]:
    """Contacts arrive mostly on working days; weekends and bank holidays see about a third as many."""
    weights = {}
    day = ctx.start
    while day < ctx.as_of:
        weights[day] = 1.0 if ctx.calendar.is_working_day(day) else 0.33
        day += dt.timedelta(days=1)
    return Weighted(weights)


def _simulate(ctx: GenerationContext, family: FamilyRecord, day: dt.date, rng: random.Random) -> None:
    """Notifications until the family stops coming back; a referred family often returns after closure."""
    _, p_referral, p_again, median_gap = cal.NEED_LEVELS[family.need]
    last_referral: dt.date | None = None
    while day < ctx.as_of:
        children = [c for c in family.children if families.concerns(c, day)]
        if not children:
            return
        recent = last_referral is not None and day - last_referral < dt.timedelta(days=365)
        chance = cal.REFERRAL_WITHIN_12_MONTHS_OF_LAST if recent else p_referral
        notification = _notification(ctx, family, day, children, chance, rng)
        family.notifications.append(notification)
        closure = _record_contacts(ctx, notification, children, rng)
        if closure is not None:
            last_referral = day
            following = _after_referral(ctx, family, day, closure, rng)
        elif rng.random() < p_again:
            following = day + dt.timedelta(days=lognormal_days(rng, median_gap, 0.9))
        else:
            following = None
        if following is None:
            return
        day = _next_day(ctx, following, rng)


def _after_referral(ctx, family: FamilyRecord, day: dt.date, closure: dict, rng) -> dt.date | None:
    """Another notification while the episode is open, or a return after it closes, or nothing."""
    close = closure["close"]  # as planned: may be after as-of (still open)
    if rng.random() < cal.NOTIFICATION_DURING_EPISODE and (close - day).days > 60:
        return day + dt.timedelta(days=lognormal_days(rng, 90, 0.8))
    if close < ctx.as_of and rng.random() < cal.RETURN_AFTER_CLOSURE[family.need]:
        return close + dt.timedelta(days=lognormal_days(rng, cal.RETURN_MEDIAN_DAYS, 0.9))
    return None


def _next_day(ctx: GenerationContext, day: dt.date, rng: random.Random) -> dt.date:
    """Most notifications that would fall on a weekend or bank holiday arrive on the next working day."""
    if not ctx.calendar.is_working_day(day) and rng.random() < 0.67:
        return ctx.add_working_days(day, 1)
    return day


def _notification(ctx, family: FamilyRecord, day: dt.date, children, p_referral: float, rng) -> NotificationRecord:
    source, reasons = _source_and_reasons(family, children, day, rng)
    if family.uasc or rng.random() < p_referral:
        outcome = Outcome.STRATEGY_DISCUSSION if rng.random() < cal.STRATEGY_SHARE_OF_REFERRALS else Outcome.REFERRAL
    else:
        outcome = _OTHER_OUTCOME(rng)
    received_at = _moment(ctx, day, source, rng)
    notification = NotificationRecord(
        family=family,
        received_at=received_at,
        day=day,
        source=source,
        reasons=reasons,
        summary=texts.summary_for(reasons[0], rng),
        rag=_rag(outcome, rng),
        outcome=outcome,
        decision_reason=texts.decision_reason_for(outcome, rng),
        decision_due_date=ctx.contact_decision_due(day),
        decided_at=_decided_at(ctx, received_at, day, rng),
        group_reference=f"G-{rng.getrandbits(48):012x}",
    )
    _referrer(notification, rng)
    return notification


def _source_and_reasons(family, children, day, rng) -> tuple[str, tuple[str, ...]]:
    if family.uasc:
        return rng.choice((ReferralSource.POLICE, ReferralSource.LA_EXTERNAL)), (PresentingReason.UNACCOMPANIED,)
    source = _SOURCE(rng)
    pick = _REASONS[cal.source_group(source)]
    oldest = max((age_on(c.dob, day) for c in children if c.dob and c.dob <= day), default=0)
    reasons = [pick(rng)]
    if rng.random() < cal.SECONDARY_REASON_SHARE:
        reasons.append(pick(rng))
    if oldest < 10:  # exploitation and going missing are about older children
        reasons = [PresentingReason.NEGLECT if r in _TEEN_REASONS else r for r in reasons]
    return source, tuple(dict.fromkeys(reasons))


def _moment(ctx: GenerationContext, day: dt.date, source: str, rng: random.Random) -> dt.datetime:
    """Working hours are busiest; police notifications arrive around the clock."""
    office_hours = 0.5 if source == ReferralSource.POLICE else 0.8
    if ctx.calendar.is_working_day(day) and rng.random() < office_hours:
        minute = rng.randint(8 * 60, 18 * 60 - 1)
    else:
        minute = rng.randint(0, 24 * 60 - 1)
    return ctx.at(day, minute // 60, minute % 60)


def _rag(outcome: str, rng: random.Random) -> str:
    red, amber = cal.RAG_BY_OUTCOME.get(outcome, cal.RAG_BY_OUTCOME["other"])
    draw = rng.random()
    return Rag.RED if draw < red else Rag.AMBER if draw < red + amber else Rag.GREEN


def _decided_at(ctx: GenerationContext, received_at: dt.datetime, day: dt.date, rng) -> dt.datetime | None:
    """Most decisions on the day or the next working day; ≈ 13% late; the last two days' mostly still queued."""
    delay = _DECISION_DELAY(rng)
    if not ctx.calendar.is_working_day(day) or received_at.hour >= 16:
        delay = max(delay, 1)
    decision_day = ctx.add_working_days(day, delay)
    if decision_day == day:
        decided = received_at + dt.timedelta(minutes=rng.randint(20, 300))
    else:
        minute = rng.randint(8 * 60 + 30, 18 * 60)
        decided = ctx.at(decision_day, minute // 60, minute % 60)
    age = ctx.calendar.working_days_between(day, ctx.as_of)
    if rng.random() < cal.UNDECIDED_SHARE_BY_AGE.get(age, 0):
        return None
    if decided >= ctx.horizon:
        if age <= 2:
            return None
        return ctx.at(ctx.add_working_days(ctx.as_of, -1), rng.randint(9, 17), rng.randint(0, 59))
    return decided


def _referrer(notification: NotificationRecord, rng: random.Random) -> None:
    group = cal.source_group(notification.source)
    surname = names.surname("british", rng)
    if group == "police":
        notification.referrer_name = f"PC {surname}"
        notification.referrer_organisation = names.POLICE_FORCE
        notification.external_reference = f"NBP-{notification.day.year}-{rng.randrange(10**7):07d}"
    elif group == "education":
        notification.referrer_name = f"{names.given_name('british', 'U', rng)} {surname} (DSL)"
        notification.referrer_organisation = names.school(rng.choice(("primary", "secondary")), rng)
    elif group == "health":
        notification.referrer_name = f"{names.given_name('british', 'U', rng)} {surname}"
        notification.referrer_organisation = names.HOSPITAL if notification.source == "3E" else names.gp_practice(rng)
    elif group == "local_authority":
        notification.referrer_name = f"{names.given_name('british', 'U', rng)} {surname}"
        notification.referrer_organisation = f"{names.TOWN} City Council"
    elif notification.source not in (ReferralSource.ANONYMOUS, ReferralSource.UNKNOWN):
        notification.referrer_name = f"{names.given_name('british', 'U', rng)} {surname}"
    if notification.referrer_name:
        notification.referrer_contact = names.drama_phone(rng, mobile=group in ("individual", "other"))


def _record_contacts(ctx, notification: NotificationRecord, children: list[PersonRecord], rng) -> dict | None:
    """One contact per child; returns the planned closure if the referral opened any episode."""
    opens = notification.decided_at is not None and notification.outcome in ContactDecision.OPENS_EPISODE
    closure = _closure(ctx, notification, rng) if opens else None
    opened = False
    for child in children:
        contact = ContactRecord(notification=notification, child=child, outcome=notification.outcome)
        current = child.episodes[-1] if child.episodes else None
        if current is not None and current.is_open_on(notification.day):
            contact.outcome = Outcome.ADVICE
            contact.passed_to = current
        elif closure is not None:
            contact.opened = _episode(ctx, contact, closure, rng)
            child.episodes.append(contact.opened)
            opened = True
        child.contacts.append(contact)
        notification.contacts.append(contact)
    return closure if opened else None


def _closure(ctx: GenerationContext, notification: NotificationRecord, rng: random.Random) -> dict:
    """How the episode(s) a referral opens will end; shared by the siblings it is about."""
    referral = notification.day
    decided = notification.decided_at.astimezone(ctx.tz).date()
    kind = _CLOSURE(rng)
    if notification.family.uasc:
        kind = "RC7"
    if kind == "nfa":
        return {"nfa": True, "reason": "RC8", "close": decided, "completed": None, "transfer": None}
    completed = ctx.add_working_days(referral, _assessment_working_days(rng))
    transfer = ctx.add_working_days(completed, rng.randint(0, 10))
    if kind == "RC8":
        close, transfer = ctx.add_working_days(completed, rng.randint(0, 8)), None
    elif kind == "RC5":
        close = referral + dt.timedelta(days=rng.randint(10, 250))
    else:
        close = transfer + dt.timedelta(days=_cin_plan_days(rng))
    return {"nfa": False, "reason": kind, "close": close, "completed": completed, "transfer": transfer}


def _assessment_working_days(rng: random.Random) -> int:
    """Median ≈ 33 WD, ≈ 86% within 45 WD, ≈ 4% over 60 WD."""
    draw = rng.random()
    if draw < 0.86:
        return round(rng.triangular(3, 45, 38))
    if draw < 0.96:
        return rng.randint(46, 60)
    return rng.randint(61, 110)


def _cin_plan_days(rng: random.Random) -> int:
    draw = rng.random()
    for share, low, high in cal.CIN_PLAN_LENGTHS:
        if draw < share:
            return rng.randint(low, high)
        draw -= share
    return rng.randint(low, high)


def _episode(ctx: GenerationContext, contact: ContactRecord, closure: dict, rng) -> EpisodeRecord:
    child = contact.child
    referral = contact.notification.day
    previous = child.episodes[-1].referral_date if child.episodes else None
    if previous is not None and previous < referral - TWELVE_MONTHS:
        previous = None
    close, reason, transfer = closure["close"], closure["reason"], closure["transfer"]
    if child.dob and close > add_years(child.dob, 18) - dt.timedelta(days=1):
        # Children's services end at 18: some move to adult social care.
        close = max(referral, add_years(child.dob, 18) - dt.timedelta(days=1))
        reason = ReasonForClosure.TRANSFERRED_ADULT if rng.random() < 0.3 else ReasonForClosure.CEASED
    if close >= ctx.as_of:
        close, reason = None, ""
    if transfer is not None and (transfer >= ctx.as_of or (close is not None and transfer >= close)):
        transfer = None
    return EpisodeRecord(
        child=child,
        contact=contact,
        referral_date=referral,
        source=contact.notification.source,
        assessment_due_date=ctx.assessment_due(referral),
        referral_nfa=closure["nfa"],
        close_date=close,
        close_reason=reason,
        assessment_completed=closure["completed"],
        transfer_date=transfer,
        long_term_service=_long_term_service(child, referral, rng),
        is_re_referral=previous is not None,
        previous_referral_date=previous,
    )


def _long_term_service(child: PersonRecord, referral: dt.date, rng: random.Random) -> str:
    if child.family.uasc:
        return Service.CHILDREN_IN_CARE
    if child.disabilities and rng.random() < 0.6:
        return Service.DISABLED_CHILDREN
    if child.dob is not None and child.dob > referral - dt.timedelta(days=365):  # babies, and the unborn
        return _BABY_LONG_TERM_SERVICE(rng)
    return _LONG_TERM_SERVICE(rng)


def _ensure_live_queue(ctx: GenerationContext) -> None:
    """However small the authority, leave one contact due today and one overdue in the front-door queue.

    Only a notification that opened no episode is taken back into the queue, so nothing else changes.
    """
    lately = [n for n in ctx.plan.notifications if n.day >= ctx.as_of - dt.timedelta(days=14)]
    recent = [n for n in lately if ctx.calendar.working_days_between(n.day, ctx.as_of) <= 2]
    for overdue in (False, True):
        candidates = [n for n in recent if (n.decision_due_date < ctx.as_of) == overdue]
        if candidates and all(n.decided_at is not None for n in candidates):
            unopened = [n for n in candidates if not any(c.opened for c in n.contacts)]
            if unopened:
                unopened[-1].decided_at = None


def _finalise_people(ctx: GenerationContext) -> None:
    """Births after as-of become expected dates; unborn children nobody contacted about are dropped."""
    plan = ctx.plan
    for family in plan.families:
        kept = []
        for child in family.children:
            if child.dob >= ctx.as_of:
                if not child.contacts:
                    continue
                child.edd, child.dob = child.dob, None
                child.sex, child.first_name = "U", "Unborn"
            kept.append(child)
        family.children = kept
        plan.children.extend(kept)
        plan.adults.extend(family.adults)
