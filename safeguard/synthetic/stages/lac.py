"""Children looked after: periods of care, legal statuses, placements, care plans, postcode reference rows.

Two stages. "care plan" runs in memory straight after the casework plan, before anything is written; "looked
after" writes the rows once the episodes exist.

Who comes into care (the care plan):
- entrants: children whose CIN episode moved to the children in care service after an assessment that decided
  "become looked after" (`long_term_service == CHILDREN_IN_CARE`, a transfer date, outcome "looked_after"),
  chosen to ≈ 760 starts a year per 280,000 children with the national mix of ages at entry (UASC children always
  come into care). Care starts on the transfer date and lasts as long as its own drawn length (or to 18, or to an
  adoption order); the episode is kept open for as long as the child is looked after, so a child the plan refers
  again before that length has run is left as an "edge of care" child in need instead. The plan is left on
  `ctx.care`, so the workforce stage can size the children in care teams for it.
- a stock of children already in care when the history window starts (also decided by the care plan, written by
  "looked after" with their home address, an open CIN episode in the children in care team and an allocated
  worker). They are drawn as the children in care on that day are: entries over the previous 18 years at the
  entrants' ages and lengths of stay, kept if still in care then, until ≈ 1,900 per 280,000 children are in care
  on the window's first day; and unaccompanied children arriving through the transfer scheme during the window
  (≈ 10% of starts). Because the entrants' stays give about the same number in
  the steady state (starts × mean stay ≈ 760 × 2.5 years), the number in care is stable over the window and
  starts ≈ ceases. The starts are spread evenly over the window's years.

Adoption: about 40% of children under 5 entering on a care order have a plan for adoption: an interim care
order, the final hearing ≈ 12 months later (a placement order, E1, sometimes after a care order), a match ≈ 6–7
months after the order (A2), the move to the adopters 1–6 weeks later (an A5/A6 placement; entry to care → placed
≈ 19 months, A1) and the adoption order ≈ 7 months after that; ≈ 10% are never matched (the order is revoked after
1–2 years and they stay in care on a care order).

Every period ends by the child's 18th birthday and no later than the CIN episode's close date. Distances and area
come from the same LocationIndex the services use, over the PostcodeLocation rows of the run's geography
(`synthetic.postcodes`: invented NB districts in the authority and QA–QD outside, or a gazetteer's postcodes).
Own-provision placements other than fostering and adoption are in the authority's area (SSDA903 rule 1015).
Later stages read CarePeriod/Placement/CareLegalStatus back from the database.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from safeguard.casework.models import CINEpisode
from safeguard.codelists import (
    PLACEMENT_TYPES_WITHOUT_PROVIDER,
    PLACEMENT_TYPES_WITHOUT_URN,
    LegalStatus,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonForClosure,
    placement_type_valid_on,
)
from safeguard.lac.locations import LocationIndex
from safeguard.lac.models import CareLegalStatus, CarePeriod, CarePlan, Placement
from safeguard.people.ages import age_on
from safeguard.people.identifiers import upn_check_letter
from safeguard.people.models import Address, IdentifierSequence, Person
from safeguard.people.search import phonetic_key
from safeguard.workforce.models import Allocation, Service

from .. import names
from ..context import GenerationContext
from ..sampling import Weighted, add_years, lognormal_days
from ..writer import EventLog, Table
from .people import ctx_la_code, reception_start

# Calibration (calibration.md, big city of 280,000 children): starts a year, looked after on a day.
STARTS_PER_CHILD_YEAR = 760 / 280_000
LOOKED_AFTER_PER_CHILD = 1_900 / 280_000
ARRIVALS_SHARE_OF_STARTS = 0.1  # unaccompanied children arriving through the transfer scheme (written with the stock)
# Ages at entry of children other than unaccompanied ones (DfE starts: under 1, 1–4, 5–9, 10–15, 16–17); the
# unaccompanied children (≈ 15% of starts, nearly all 15–17) bring those aged 16 or over to ≈ 20% of all starts.
ENTRY_AGE_SHARES = {0: 20, 1: 15, 5: 19, 10: 40, 16: 6}
# Length of a stay in care (days), unless 18 or an adoption order comes first: right-skewed, so that the mean stay
# (≈ 2.5 years with the cut at 18) turns ≈ 760 starts a year into ≈ 1,900 looked after on a day.
CARE_MEDIAN_DAYS, CARE_SIGMA = 800, 1.3
SECTION_20_SHARE = 0.18  # of non-UASC starts; shorter stays, so with UASC (V2) ≈ 17% of children in care on a day
SECTION_20_LENGTH = 0.4  # their median stay relative to the others'
UASC_LENGTH = 4  # unaccompanied children mostly stay until 18
STOCK_HISTORY_YEARS = 18  # how far back the stock's entries are drawn
# Adoption (≈ 70 adoptions a year per 280,000 children; DfE A1 ≈ 19 months, A2 ≈ 6–7 months).
ADOPTION_SHARE_OF_YOUNG = 0.4  # of children under 5 coming into care on a care order
ADOPTION_MAX_AGE = 5
FINAL_HEARING_MEDIAN_DAYS = 360  # interim care order → final hearing (placement order)
CARE_ORDER_FIRST_SHARE = 0.3  # a care order at the final hearing and the placement order 1–4 months later
NEVER_MATCHED_SHARE = 0.1  # placement orders that never lead to a match: revoked after 1–2 years (a care order)
MATCH_MEDIAN_DAYS = 178  # placement order → match (A2), lognormal
ADOPTION_ORDER_MEDIAN_DAYS = 200  # moved in with the adopters → adoption order (at least 10 weeks)
UNSTABLE_SHARE = 0.2  # children whose placements break down often (≈ 10% with 3+ placements in a year)
MOVES_PER_YEAR = {True: 2.2, False: 0.2}
OUT_OF_AREA_SHARE = 0.25  # placements outside the authority; most of them more than 20 miles away (≈ 22% of all)
CARE_PLAN_ON_TIME, CARE_PLAN_LATE = 0.82, 0.14  # the rest have none recorded yet

_UNDER_16 = Weighted({"U3": 13, "U6": 34, "U4": 7, "U1": 5, "U2": 1, "U5": 1, "K2": 10, "P1": 7, "R1": 2, "Z1": 2,
                      "S1": 1, "R2": 1, "K1": 1})  # fmt: skip
_BABY = Weighted({"U3": 20, "U6": 56, "U2": 4, "U5": 4, "R3": 9, "P1": 6})
# "H5" stands for supported accommodation and "Z1" for other placements: the code written is the one the DfE list
# has at the end of the placement (_current_code). Independent living (P2) is not generated: it stopped being a
# lawful placement for a child on 28 October 2023 (its 5% went to supported accommodation).
_OVER_16 = Weighted({"H5": 36, "U6": 32, "U3": 8, "U4": 6, "K2": 16, "P1": 3, "R5": 1})
_UASC = Weighted({"H5": 55, "U6": 30, "K2": 15})
_OTHER_PLACEMENTS = Weighted({"Z11": 40, "Z12": 20, "Z13": 10, "Z14": 30})
MIN_SCHOOL_PLACEMENT_AGE = 4  # a residential school (S1) only from 4 (reference validator rule 373)
OWN_FOSTERING_URN, OWN_ADOPTION_URN = 900101, 900102  # the authority's own fostering service and adoption agency
_CHANGE_REASON = Weighted({"CARPL": 40, "CREQB": 14, "CREQO": 10, "CHILD": 10, "STAND": 5, "ALLEG": 3, "LAREQ": 6,
                           "CLOSE": 4, "APPRR": 2, "PLACE": 3, "OTHER": 3})  # fmt: skip
_CATEGORY = Weighted({"N1": 64, "N2": 3, "N3": 3, "N4": 8, "N5": 14, "N6": 2, "N7": 1})
_END_AT_18 = Weighted({"E17": 25, "E5": 50, "E6": 8, "E7": 5, "E8": 12})
_END_UASC = Weighted({"E5": 70, "E15": 8, "E8": 12, "E16": 10})
_END_CHILD = Weighted({"E4A": 42, "E4B": 6, "E13": 8, "E41": 7, "E45": 9, "E46": 2, "E47": 5, "E48": 1, "E3": 5,
                       "E9": 2, "E8": 10, "E16": 2, "E2": 1})  # fmt: skip
_CLOSURE = {"E11": ReasonForClosure.ADOPTED, "E12": ReasonForClosure.ADOPTED, "E2": ReasonForClosure.DIED,
            "E41": ReasonForClosure.CHILD_ARRANGEMENTS, "E45": ReasonForClosure.SPECIAL_GUARDIANSHIP,
            "E46": ReasonForClosure.SPECIAL_GUARDIANSHIP, "E47": ReasonForClosure.SPECIAL_GUARDIANSHIP,
            "E48": ReasonForClosure.SPECIAL_GUARDIANSHIP, "E3": ReasonForClosure.TRANSFERRED_LA,
            "E7": ReasonForClosure.TRANSFERRED_ADULT}  # fmt: skip
_PROVIDER = {"U": Weighted({"PR1": 62, "PR4": 38}), "K": Weighted({"PR4": 78, "PR1": 15, "PR5": 7}),
             "H": Weighted({"PR4": 60, "PR5": 30, "PR1": 10}), "P": Weighted({"PR0": 100}),
             "A": Weighted({"PR1": 60, "PR2": 20, "PR5": 20}), "R": Weighted({"PR3": 40, "PR4": 60}),
             "other": Weighted({"PR4": 70, "PR3": 30})}  # fmt: skip
_ENTRY_AGE = Weighted(ENTRY_AGE_SHARES)
_ENTRY_AGE_BANDS = sorted(ENTRY_AGE_SHARES)
_STOCK_ETHNICITY = Weighted({"WBRI": 68, "MWBC": 6, "MOTH": 4, "BCRB": 3, "BAFR": 4, "APKN": 5, "AOTH": 3,
                             "WOTH": 5, "OOTH": 2})  # fmt: skip
# Own provision other than fostering and adoption is in the authority's own area (SSDA903 rule 1015).
_AREA_FREE = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "K3")
ONE_DAY = dt.timedelta(days=1)


@dataclass(slots=True)
class _Story:
    """One child's period of care, decided in memory before anything is written."""

    child_pk: int
    dob: dt.date
    start: dt.date
    episode_pk: int | None
    uasc: bool
    home: str = ""
    category: str = "N1"
    end: dt.date | None = None
    end_reason: str = ""
    statuses: list[tuple[str, dt.date]] = field(default_factory=list)
    placements: list[dict] = field(default_factory=list)
    care_plan: dt.date | None = None
    pk: int | None = None
    adoption_placed: dt.date | None = None  # the move to the adopters, when it happens while in care
    episode: object = None  # the entrant's EpisodeRecord (its pk and child's pk are known once written)


def plan_care(ctx: GenerationContext) -> dict[str, int]:
    """In memory: which entrants come into care and for how long (their episodes stay open while they are in care),
    and the stock: the children in care when the window starts and the unaccompanied arrivals."""
    rng = ctx.rng("care plan")
    ctx.care = _entrants(ctx, rng)
    for story in ctx.care:
        _keep_episode_open(story)
    ctx.care_stock = _stock(ctx, rng)
    everyone = ctx.care + ctx.care_stock
    return {
        "planned care starts": sum(1 for s in everyone if s.start >= ctx.start),
        "planned in care on as-of": sum(1 for s in everyone if s.end is None),
        "planned adoptions": sum(1 for s in everyone if s.end_reason in ("E11", "E12")),
    }


def stock_in_care(ctx: GenerationContext) -> int:
    """The stock's children still looked after on as-of (not in the front door's plan: the workforce stage sizes the
    children in care teams with it)."""
    return sum(1 for s in ctx.care_stock if s.end is None)


def write_looked_after(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("looked after")
    geography = _write_geography(ctx, rng)
    entrants, stock = ctx.care, ctx.care_stock
    for story in entrants:
        story.child_pk, story.episode_pk = story.episode.child.pk, story.episode.pk
    _homes(entrants, ctx)
    _write_stock_people(ctx, stock, rng)
    stories = sorted(entrants + stock, key=lambda s: (s.start, s.child_pk))
    for story in stories:
        _placements(ctx, story, geography, rng)
        _care_plan(ctx, story, rng)
    counts = {"postcode locations": len(geography.rows), "stock children": len(stock)}
    counts |= _write(ctx, stories, geography.index)
    return counts


# --- Who comes into care ------------------------------------------------------------------------------------


def _entrants(ctx: GenerationContext, rng: random.Random) -> list[_Story]:
    """Entrants to ≈ the target, as many in each year of the window, with the national mix of ages at entry as far
    as the candidates allow.

    Candidates are taken in a weighted random order (Efraimidis–Spirakis keys: an age band under-represented among
    the candidates comes first); unaccompanied children always come into care. A child the plan refers again before
    the drawn stay has run is passed over (still a child in need with the children in care team).
    """
    candidates = [
        e for e in ctx.plan.episodes
        if e.long_term_service == Service.CHILDREN_IN_CARE and e.transfer_date and e.child.dob
        and e.assessment is not None and e.assessment.outcome == "looked_after"
        and e.child.dob <= e.transfer_date < add_years(e.child.dob, 18)
    ]  # fmt: skip
    # Unaccompanied arrivals written with the stock make up the rest of the starts.
    target = round(STARTS_PER_CHILD_YEAR * ctx.population * ctx.years * (1 - ARRIVALS_SHARE_OF_STARTS))
    bands = [_entry_band(age_on(e.child.dob, e.transfer_date)) for e in candidates]
    present = {band: bands.count(band) for band in set(bands)}
    keyed = []
    for e, band in zip(candidates, bands, strict=True):
        weight = ENTRY_AGE_SHARES[band] / present[band]
        key = 2.0 if e.child.family.uasc else rng.random() ** (1 / weight)
        keyed.append((-key, e.referral_date, e.child.dob, e))
    keyed.sort(key=lambda row: row[:3])
    next_referral = _next_referrals(ctx)
    stories = []
    taken = dict.fromkeys(range(ctx.years), 0)  # the same number of starts in every year of the window
    for _key, _referral, _dob, e in keyed:
        uasc = e.child.family.uasc
        year = min(ctx.years - 1, max(0, (e.transfer_date - ctx.start).days // 365))
        if taken[year] >= target / ctx.years and not uasc:
            continue
        story = _Story(0, e.child.dob, e.transfer_date, None, uasc, episode=e)
        _decide(ctx, story, min(add_years(e.child.dob, 18), ctx.as_of), rng)
        referred_again = next_referral.get(e)
        if referred_again is not None and (story.end or ctx.as_of) >= referred_again:
            if not uasc:
                continue  # back home (or never came into care) before the family's next referral
            story = _Story(0, e.child.dob, e.transfer_date, None, uasc, episode=e)
            _decide(ctx, story, referred_again - ONE_DAY, rng)
        stories.append(story)
        taken[year] += 1
    return stories


def _entry_band(age: int) -> int:
    return max(band for band in _ENTRY_AGE_BANDS if band <= age)


def _next_referrals(ctx: GenerationContext) -> dict:
    """{episode: the child's next referral date} for every child referred again."""
    following = {}
    for child in ctx.plan.children:
        for episode, after in zip(child.episodes, child.episodes[1:], strict=False):
            following[episode] = after.referral_date
    return following


def _keep_episode_open(story: _Story) -> None:
    """The CIN episode stays open while the child is looked after; care ending closes it, unless it ran on anyway."""
    e = story.episode
    if story.end is None:
        e.close_date, e.close_reason = None, ""
    elif e.close_date is not None and e.close_date < story.end:
        e.close_date, e.close_reason = story.end, _CLOSURE.get(story.end_reason, ReasonForClosure.CEASED)


def _decide(
    ctx: GenerationContext, story: _Story, limit: dt.date, rng: random.Random, median_days: int = CARE_MEDIAN_DAYS,
    sigma: float = CARE_SIGMA,
) -> None:  # fmt: skip
    """Category, legal statuses and how (and whether) care ends, before `limit` (18, as-of or a next referral)."""
    age = age_on(story.dob, story.start)
    story.category = "N8" if story.uasc else _CATEGORY(rng)
    adoption = not story.uasc and age < ADOPTION_MAX_AGE and rng.random() < ADOPTION_SHARE_OF_YOUNG
    if adoption:
        end = _adoption(story, rng)
    elif story.uasc or rng.random() < SECTION_20_SHARE:
        story.statuses = [("V2", story.start)]
        shorter = UASC_LENGTH if story.uasc else SECTION_20_LENGTH
        end = story.start + dt.timedelta(days=lognormal_days(rng, median_days * shorter, sigma))
    else:
        full = story.start + dt.timedelta(days=rng.randint(90, 300))
        story.statuses = [("C1", story.start), ("C2", full)]
        end = story.start + dt.timedelta(days=lognormal_days(rng, median_days, sigma))
    eighteen = add_years(story.dob, 18)
    cut = min(end, limit)
    story.statuses = [(code, day) for code, day in story.statuses if day == story.start or day < cut]
    if story.adoption_placed is not None and story.adoption_placed >= cut:
        story.adoption_placed = None
    if cut >= ctx.as_of:
        return
    story.end = cut
    if cut == eighteen:
        story.end_reason = _END_UASC(rng) if story.uasc else _END_AT_18(rng)
    elif story.adoption_placed is not None and cut == end:
        story.end_reason = "E11" if rng.random() < 0.7 else "E12"
    elif story.uasc:
        story.end_reason = "E5" if age_on(story.dob, cut) >= 16 else "E8"
    else:
        story.end_reason = _END_CHILD(rng)
    if story.end_reason == "E17":
        story.end = eighteen


def _adoption(story: _Story, rng: random.Random) -> dt.date:
    """Statuses and the move to the adopters for a child with a plan for adoption; returns the adoption order's date
    (or, never matched, when a long stay in care ends)."""
    hearing = story.start + dt.timedelta(days=lognormal_days(rng, FINAL_HEARING_MEDIAN_DAYS, 0.3))
    story.statuses = [("C1", story.start)]
    order = hearing
    if rng.random() < CARE_ORDER_FIRST_SHARE:
        story.statuses.append(("C2", hearing))
        order = hearing + dt.timedelta(days=rng.randint(30, 120))
    story.statuses.append(("E1", order))
    if rng.random() < NEVER_MATCHED_SHARE:  # the plan changes: long-term fostering on a care order
        story.statuses.append(("C2", order + dt.timedelta(days=rng.randint(365, 730))))
        return story.start + dt.timedelta(days=lognormal_days(rng, 4 * CARE_MEDIAN_DAYS, 0.5))
    match = order + dt.timedelta(days=lognormal_days(rng, MATCH_MEDIAN_DAYS, 0.45))
    story.adoption_placed = match + dt.timedelta(days=rng.randint(7, 42))
    return story.adoption_placed + dt.timedelta(days=max(70, lognormal_days(rng, ADOPTION_ORDER_MEDIAN_DAYS, 0.35)))


def _stock(ctx: GenerationContext, rng: random.Random) -> list[_Story]:
    """Children in care when the window starts (≈ 1,900 per 280,000 children; unaccompanied children among them are
    not told apart), and unaccompanied children arriving through the transfer scheme during the window."""
    stories: list[_Story] = []
    wanted = round(LOOKED_AFTER_PER_CHILD * ctx.population)
    guard = wanted * 50 + 100
    while len(stories) < wanted and guard:
        guard -= 1
        story = _long_stayer(ctx, rng)
        if story.end is None or story.end >= ctx.start:  # else left before the history begins: not in the records
            stories.append(story)
    arrivals = round(STARTS_PER_CHILD_YEAR * ARRIVALS_SHARE_OF_STARTS * ctx.population * ctx.years)
    return stories + [_arrival(ctx, rng) for _ in range(arrivals)]


def _long_stayer(ctx: GenerationContext, rng: random.Random) -> _Story:
    """An entry before the window, at the entrants' ages and lengths of stay (kept by the caller if still in care
    when the window starts): so the stock is what the children in care on that day look like."""
    start = ctx.start - dt.timedelta(days=rng.randint(1, STOCK_HISTORY_YEARS * 365))
    band = _ENTRY_AGE(rng)
    top = _ENTRY_AGE_BANDS[_ENTRY_AGE_BANDS.index(band) + 1] if band != _ENTRY_AGE_BANDS[-1] else 18
    dob = start - dt.timedelta(days=rng.randint(band * 365, top * 365 - 2))
    story = _Story(0, dob, start, None, False)
    _decide(ctx, story, min(add_years(dob, 18), ctx.as_of), rng)
    return story


def _arrival(ctx: GenerationContext, rng: random.Random) -> _Story:
    start = ctx.start + dt.timedelta(days=rng.randint(0, (ctx.as_of - ctx.start).days - 1))
    dob = start - dt.timedelta(days=rng.randint(15 * 365, 17 * 365 + 300))
    story = _Story(0, dob, start, None, True)
    _decide(ctx, story, min(add_years(dob, 18), ctx.as_of), rng)
    return story


def _stock_upn(ctx: GenerationContext, story, number: int, rng: random.Random) -> tuple[str, str]:
    """A school-age stock child has a UPN (issued by a school elsewhere) or, newly arrived from abroad, the
    recorded reason UN4; a child not yet at school has neither (the CIN census derives UN1)."""
    if story.dob is None or reception_start(story.dob) > ctx.as_of:
        return "", ""
    if story.uasc:
        return "", "UN2"  # never at a state school in England (UN4 only for under a week in care: rule 210)
    body = (
        f"{ctx_la_code()}{9000 + rng.randrange(1000):04d}{reception_start(story.dob).year % 100:02d}{number % 1000:03d}"
    )
    return upn_check_letter(body) + body, ""


def _write_stock_people(ctx: GenerationContext, stories: list[_Story], rng: random.Random) -> None:
    """Person, home address, CIN episode (open while in care) and allocation for each stock child."""
    sequence = IdentifierSequence.objects.filter(prefix="C").values_list("last_value", flat=True).first() or 0
    rows, homes = [], []
    for number, story in enumerate(stories, start=sequence + 1):
        sex = ("M" if rng.random() < 0.9 else "F") if story.uasc else rng.choice("MF")
        ethnicity = rng.choice(("BAFR", "AOTH", "OOTH", "WOTH")) if story.uasc else _STOCK_ETHNICITY(rng)
        tradition = names.tradition_for(ethnicity, rng)
        first, last = names.given_name(tradition, sex, rng), names.surname(tradition, rng)
        known = ctx.at(min(story.start, ctx.start) - dt.timedelta(days=30), 9)
        upn, no_upn_reason = _stock_upn(ctx, story, number, rng)
        rows.append(("child", f"C{number:07d}", first, last, story.dob, sex, ethnicity, upn, no_upn_reason,
                     phonetic_key(first), phonetic_key(last), known, known))  # fmt: skip
        homes.append(ctx.geography.home(rng.randrange(len(names.LOCALITIES)), rng))
    columns = ["kind", "la_person_id", "first_name", "last_name", "date_of_birth", "sex", "ethnicity", "upn",
               "upn_unknown_reason", "first_name_key", "last_name_key", "created_at", "updated_at"]  # fmt: skip
    pks = Table(Person, columns).insert_returning_keys(rows)
    if stories:
        IdentifierSequence.objects.update_or_create(prefix="C", defaults={"last_value": sequence + len(stories)})
    address = Table(Address, ["person_id", "line_1", "line_2", "town", "postcode", "start_date", "end_date"])
    address.insert((pk, *names.address_line(rng), names.TOWN, home, s.dob, None)
                   for pk, home, s in zip(pks, homes, stories, strict=True))  # fmt: skip
    for story, pk, home in zip(stories, pks, homes, strict=True):
        story.child_pk, story.home = pk, home
    _write_stock_episodes(ctx, stories, rng)


def _write_stock_episodes(ctx: GenerationContext, stories: list[_Story], rng: random.Random) -> None:
    teams = ctx.teams.get(Service.CHILDREN_IN_CARE) or [t for group in ctx.teams.values() for t in group]
    workers = [w for w in ctx.workers if w.team_id in {t.pk for t in teams} and w.role != "team_manager"]
    rows, chosen = [], []
    for story in stories:
        team = rng.choice(teams)
        referral = max(story.dob, story.start - dt.timedelta(days=rng.randint(20, 120)))
        close_reason = _CLOSURE.get(story.end_reason, ReasonForClosure.CEASED) if story.end else ""
        rows.append((story.child_pk, referral, "5A", False, False, None, team.pk, ctx.assessment_due(referral),
                     story.end, close_reason, ctx.import_user.pk, story.category))  # fmt: skip
        chosen.append(team)
    columns = ["child_id", "referral_date", "referral_source", "referral_nfa", "is_re_referral",
               "previous_referral_date", "team_id", "assessment_due_date", "close_date", "close_reason",
               "opened_by_id", "primary_need"]  # fmt: skip
    pks = Table(CINEpisode, columns).insert_returning_keys(rows)
    allocations = []
    for story, pk, team in zip(stories, pks, chosen, strict=True):
        story.episode_pk = pk
        worker = _worker_for(workers, team, story.end or ctx.as_of, rng)
        if worker is not None:
            begin = max(story.start, worker.start_date)
            finish = story.end if story.end is None or worker.end_date is None else min(story.end, worker.end_date)
            if finish is None and worker.end_date is not None:
                finish = worker.end_date
            if finish is None or finish > begin:
                allocations.append((story.child_pk, worker.pk, worker.team_id, begin, finish, "Children in care"))
    allocation_pks = Table(Allocation, ["child_id", "worker_id", "team_id", "start_date", "end_date", "reason"]) \
        .insert_returning_keys(allocations)  # fmt: skip
    _stock_events(ctx, rows, pks, allocations, allocation_pks)


def _stock_events(ctx: GenerationContext, episodes, episode_pks, allocations, allocation_pks) -> None:
    """The chronology of the stock's episodes and allocations, as the casework and allocation stages write it.

    The stock came to the authority before the generated history (or by transfer), so there is no front-door
    contact: the episode's opening is the first event.
    """
    events = EventLog(ctx.import_user)
    for (child, referral, *_rest, close, reason, _user, _need), pk in zip(episodes, episode_pks, strict=True):
        events.add(child_pk=child, at=ctx.at(referral, 9), category="referral", kind="referral.opened",
                   summary="Referral: already looked after (record brought in)", source="casework.cinepisode",
                   source_pk=pk)  # fmt: skip
        if close is not None:
            events.add(child_pk=child, at=ctx.at(close, 17), category="referral", kind="episode.closed",
                       summary=f"Episode closed: {ReasonForClosure(reason).label}", source="casework.cinepisode",
                       source_pk=pk)  # fmt: skip
    for (child, _worker, _team, start, end, reason), pk in zip(allocations, allocation_pks, strict=True):
        events.add(child_pk=child, at=ctx.at(start, 10), category="allocation", kind="allocation.started",
                   summary="Allocated social worker", detail=reason, source="workforce.allocation", source_pk=pk)  # fmt: skip
        if end is not None:
            events.add(child_pk=child, at=ctx.at(end, 17), category="allocation", kind="allocation.ended",
                       summary="Allocation ended", source="workforce.allocation", source_pk=pk)  # fmt: skip
    events.flush()


def _worker_for(workers: list, team, day: dt.date, rng: random.Random):
    """A worker of the episode's own team in post on the day (allocations follow the episode's team)."""
    in_post = [
        w for w in workers if w.team_id == team.pk and w.start_date <= day and (w.end_date is None or w.end_date > day)
    ]
    return rng.choice(in_post) if in_post else None


def _homes(stories: list[_Story], ctx: GenerationContext) -> None:
    """The home postcode on the day care started, read back from the people stage's addresses (one query)."""
    wanted = {s.child_pk for s in stories}
    addresses: dict[int, list] = {}
    rows = Address.objects.filter(person_id__in=wanted).values_list("person_id", "postcode", "start_date", "end_date")
    for person_id, postcode, start, end in rows.iterator(chunk_size=5000):
        addresses.setdefault(person_id, []).append((start, end, postcode))
    for story in stories:
        options = sorted(addresses.get(story.child_pk, []))
        on_the_day = [p for s, e, p in options if s <= story.start and (e is None or e > story.start)]
        story.home = on_the_day[-1] if on_the_day else (options[0][2] if options else "")


# --- Places ---------------------------------------------------------------------------------------------------


@dataclass
class _Geography:
    rows: list[tuple[str, int, int, str]]
    index: LocationIndex
    out_of_area: list[str]


def _write_geography(ctx: GenerationContext, rng: random.Random) -> _Geography:
    """The run's postcode locations: invented districts on a grid, or a gazetteer's postcodes (synthetic.postcodes)."""
    rows, index = ctx.geography.write_locations(rng)
    return _Geography(rows=rows, index=index, out_of_area=[])


# --- Placements -----------------------------------------------------------------------------------------------


def _placements(ctx: GenerationContext, story: _Story, geography: _Geography, rng: random.Random) -> None:
    """The first placement and the moves: placement breakdowns, long-term matches, adoption placements."""
    last_day = story.end or ctx.as_of
    unstable = rng.random() < UNSTABLE_SHARE
    rate = MOVES_PER_YEAR[unstable]
    adoption_placed = story.adoption_placed
    day = story.start
    moves = [day]
    while True:
        day = day + dt.timedelta(days=max(1, round(rng.expovariate(rate) * 365)))
        if day >= last_day:
            break
        if adoption_placed and day >= adoption_placed:
            break
        moves.append(day)
    if adoption_placed and adoption_placed < last_day and adoption_placed > moves[-1]:
        moves.append(adoption_placed)
    previous = None
    for i, start in enumerate(moves):
        last = moves[i + 1] if i + 1 < len(moves) else last_day
        kind = _placement_type(story, start, previous, adoption_placed == start, rng, last)
        same_carer = previous is not None and (
            (previous["placement_type"] in ("U6", "U3") and kind in ("U4", "U1"))
            or (previous["placement_type"] in ("U2", "U5") and kind in ("A3", "A5"))  # adopted by the FFA carers
        )
        placement = _placement(ctx, story, start, kind, same_carer, geography, rng, previous)
        if previous is not None:
            previous["end_date"] = start
            previous["change_reason"] = (
                "PLACE" if same_carer and kind.startswith("A")  # the same carers' placement becomes an adoption one
                else "CARPL" if same_carer or kind.startswith("A") else _CHANGE_REASON(rng)
            )  # fmt: skip
        story.placements.append(placement)
        previous = placement
    if story.end is not None:
        story.placements[-1]["end_date"] = story.end
        _sgo_to_carers(story)


def _sgo_to_carers(story: _Story) -> None:
    """A special guardianship order to former foster carers (E45/E46) only from a foster placement (reference
    validator rule 516); from any other placement the guardians are other carers (E47/E48)."""
    if story.end_reason in ("E45", "E46") and not story.placements[-1]["placement_type"].startswith("U"):
        story.end_reason = {"E45": "E47", "E46": "E48"}[story.end_reason]


def _placement_type(
    story: _Story, day: dt.date, previous: dict | None, adoptive: bool, rng: random.Random, last: dt.date
) -> str:
    """The placement from `day` (its last day `last`: the next move, the end of care or as-of)."""
    if adoptive:
        return "A5" if previous and previous["placement_type"] in ("U2", "U5") else "A6"
    if previous is not None and previous["placement_type"] in ("U6", "U3") and rng.random() < 0.25:
        return "U4" if previous["placement_type"] == "U6" else "U1"  # the same carers become long-term carers
    age = age_on(story.dob, day)
    if story.uasc:
        kind = _UASC(rng) if age >= 16 else rng.choice(("U6", "U6", "K2"))
    elif age < 1:
        kind = _BABY(rng)
    else:
        kind = _OVER_16(rng) if age >= 16 else _UNDER_16(rng)
    if kind == "S1" and age < MIN_SCHOOL_PLACEMENT_AGE:
        kind = "U6"
    if kind == "P1" and _legal_status_on(story, day) == LegalStatus.SECTION_20:
        kind = "U6"  # placed with parents is not accommodation under section 20 (rule 378)
    return _current_code(kind, last, rng)


def _legal_status_on(story: _Story, day: dt.date) -> str:
    return [code for code, start in story.statuses if start <= day][-1] if story.statuses else ""


def _current_code(kind: str, last: dt.date, rng: random.Random) -> str:
    """The code for supported accommodation ("H5") and other placements ("Z1") in the DfE list in force on the
    placement's last day: a placement running past a change of code list was recoded then, as authorities did (H5 →
    K3 from April 2024, Z1 → one of Z11–Z14 from April 2025); one that ended before keeps the old code."""
    if kind == "H5" and placement_type_valid_on("K3", last):
        return "K3"
    if kind == "Z1" and placement_type_valid_on("Z11", last):
        return _OTHER_PLACEMENTS(rng)
    return kind


def _placement(ctx, story: _Story, start: dt.date, kind: str, same_carer: bool, geography: _Geography,
               rng: random.Random, previous: dict | None) -> dict:  # fmt: skip
    provider = "" if kind in PLACEMENT_TYPES_WITHOUT_PROVIDER else _PROVIDER.get(kind[0], _PROVIDER["other"])(rng)
    # In the authority's area: its own provision other than fostering and adoption (rule 1015), and supported
    # accommodation, which the validator expects where the provider's premises are, taken to be the area (rule 241).
    own_area = (provider == "PR1" and kind not in _AREA_FREE) or kind in ("H5", "K3")
    postcode = (
        previous["postcode"]
        if same_carer and previous
        else ctx.geography.placement(rng, out_of_area_share=OUT_OF_AREA_SHARE, own_area=own_area)
    )
    located = geography.index.locate(story.home, postcode)
    long_term = kind in ("U1", "U4")
    agreed = start + dt.timedelta(days=rng.randint(0, 60)) if long_term else None
    label = "Kinship carers" if kind in ("U1", "U2", "U3") else "Foster carers" if kind.startswith("U") else "Setting"
    return {
        "start_date": start,
        "end_date": None,
        "placement_type": kind,
        "provider": provider,
        "postcode": postcode,
        "urn": _urn(kind, provider, same_carer, previous, rng),
        "carer_name": f"{label} {rng.randint(100, 9999)} (synthetic)",
        "same_carer_as_previous": same_carer,
        "intended_until_18": long_term and rng.random() < 0.85,
        "long_term_foster_agreed_on": agreed if agreed and agreed < ctx.as_of else None,
        "distance_miles": located.distance_miles,
        "out_of_area": located.out_of_area,
        "change_reason": "",
    }


def _urn(kind: str, provider: str, same_carer: bool, previous: dict | None, rng: random.Random) -> str:
    """Ofsted URN (rules 218, 222): none for placements with parents, in residential employment, care homes, NHS
    settings, young offender institutions, temporary and other placements; for foster and adoption placements the
    agency's (the authority's own fostering or adoption service for its own provision); else the setting's."""
    if kind in PLACEMENT_TYPES_WITHOUT_URN:
        return ""
    if same_carer and previous and previous["urn"]:
        return previous["urn"]
    if provider == "PR1" and kind[0] in "UA":
        return f"SC{OWN_FOSTERING_URN if kind[0] == 'U' else OWN_ADOPTION_URN}"
    return f"SC{rng.randint(100000, 999999)}"


def _care_plan(ctx: GenerationContext, story: _Story, rng: random.Random) -> None:
    draw = rng.random()
    if draw < CARE_PLAN_ON_TIME:
        agreed = ctx.add_working_days(story.start, rng.randint(0, 10))
    elif draw < CARE_PLAN_ON_TIME + CARE_PLAN_LATE:
        agreed = ctx.add_working_days(story.start, rng.randint(11, 40))
    else:
        return
    if agreed < ctx.as_of and (story.end is None or agreed <= story.end):
        story.care_plan = agreed


# --- Writing --------------------------------------------------------------------------------------------------

_PLACEMENT_COLUMNS = ["period_id", "child_id", "start_date", "end_date", "placement_type", "provider", "postcode",
                      "urn", "carer_name", "same_carer_as_previous", "intended_until_18",
                      "long_term_foster_agreed_on", "distance_miles", "out_of_area", "change_reason",
                      "recorded_by_id"]  # fmt: skip
_PLACE_LABELS = dict(PlacementType.choices)
_LS_LABELS = dict(LegalStatus.choices)
_REC_LABELS = dict(ReasonEpisodeCeased.choices)


def _write(ctx: GenerationContext, stories: list[_Story], index: LocationIndex) -> dict[str, int]:
    user = ctx.import_user.pk
    columns = ["child_id", "cin_episode_id", "start_date", "end_date", "end_reason", "category_of_need",
               "home_postcode", "care_plan_due", "recorded_by_id"]  # fmt: skip
    pks = Table(CarePeriod, columns).insert_returning_keys(
        (s.child_pk, s.episode_pk, s.start, s.end, s.end_reason, s.category, s.home,
         ctx.due("cla-care-plan", s.start), user) for s in stories
    )  # fmt: skip
    for story, pk in zip(stories, pks, strict=True):
        story.pk = pk
    statuses = [(s, code, start, _next(s.statuses, i, s.end)) for s in stories for i, (code, start) in
                enumerate(s.statuses)]  # fmt: skip
    Table(CareLegalStatus, ["period_id", "child_id", "legal_status", "start_date", "end_date"]).insert(
        (s.pk, s.child_pk, code, start, end) for s, code, start, end in statuses
    )
    placement_rows = [(s.pk, s.child_pk, *(p[c] for c in _PLACEMENT_COLUMNS[2:-1]), user) for s in stories
                      for p in s.placements]  # fmt: skip
    placement_pks = Table(Placement, _PLACEMENT_COLUMNS).insert_returning_keys(placement_rows)
    plans = [s for s in stories if s.care_plan]
    Table(CarePlan, ["period_id", "child_id", "agreed_on", "summary", "recorded_by_id"]).insert(
        (s.pk, s.child_pk, s.care_plan, "Care plan agreed at the placement planning meeting.", user) for s in plans
    )
    events = EventLog(ctx.import_user)
    _events(ctx, events, stories, statuses, list(zip(placement_rows, placement_pks, strict=True)))
    in_care = [s for s in stories if s.end is None]
    return {
        "care periods": len(stories),
        "looked after on as-of": len(in_care),
        "legal statuses": len(statuses),
        "placements": len(placement_rows),
        "care plans": len(plans),
        "care ceased in window": sum(1 for s in stories if s.end is not None),
        "events": events.flush(),
    }


def _next(rows: list[tuple[str, dt.date]], i: int, end: dt.date | None) -> dt.date | None:
    return rows[i + 1][1] if i + 1 < len(rows) else end


def _events(ctx, events: EventLog, stories, statuses, placements) -> None:
    for s in stories:
        if s.start >= ctx.start:
            events.add(child_pk=s.child_pk, at=ctx.at(s.start, 15), category="looked_after", kind="care.started",
                       summary=f"Became looked after on {s.start:%d %b %Y}: {_LS_LABELS[s.statuses[0][0]].lower()}",
                       source="lac.careperiod", source_pk=s.pk)  # fmt: skip
        if s.end is not None:
            events.add(child_pk=s.child_pk, at=ctx.at(s.end, 16), category="looked_after", kind="care.ended",
                       summary=f"Stopped being looked after on {s.end:%d %b %Y}: {_REC_LABELS[s.end_reason]}",
                       source="lac.careperiod", source_pk=s.pk)  # fmt: skip
    for s, code, start, _ in statuses:
        if start > s.start:
            events.add(child_pk=s.child_pk, at=ctx.at(start, 14), category="looked_after",
                       kind="legal_status.changed", source="lac.careperiod", source_pk=s.pk,
                       summary=f"Legal status changed on {start:%d %b %Y} to {_LS_LABELS[code].lower()}")  # fmt: skip
    firsts = {s.pk: s.start for s in stories}
    for row, pk in placements:
        period_pk, child_pk, start, kind = row[0], row[1], row[2], row[4]
        if start > firsts[period_pk] and start >= ctx.start:
            events.add(child_pk=child_pk, at=ctx.at(start, 13), category="looked_after", kind="placement.changed",
                       summary=f"Placement changed on {start:%d %b %Y} to {_PLACE_LABELS[kind].lower()}",
                       source="lac.placement", source_pk=pk)  # fmt: skip
