"""Missing episodes, return-home interviews, repeat-missing strategy meetings, and exploitation screenings with
their links (missing episodes, networks of children sharing a place and sometimes an adult of concern).

Runs after the "looked after" stage and READS the care periods, children in need episodes and assessment factors
back from the database, so it does not depend on other stages' in-memory records.

Calibration (calibration.md, 2024-25): about 11% of the children looked after in a year go missing, 6.8
episodes each on average, right-skewed (lognormal: most once or twice, a few very often); children at home with
an open children in need episode go missing too, less often. Most episodes last under a day, some several days.
Return-home interviews: about 63% within 72 hours, some later, some declined, some never. A few children are
missing at as-of. Repeat missing (the policy's 3 in 30 days) gets a strategy meeting about 70% of the time.
Exploitation screenings for children whose assessment found factor 11A (CSE) or 24A (CCE) and for frequent
missers, reviewed by the rule for their risk level (the last review sometimes overdue), linked to their missing
episodes, and about 30% of screened children grouped into networks of 2-5 sharing a place of concern.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from safeguard.casework.models import AssessmentFactorIdentified, CINEpisode
from safeguard.exploitation.models import (
    REVIEW_RULES,
    SHORT_LEVEL,
    SHORT_TYPE,
    ExploitationLink,
    ExploitationScreening,
    PlaceOfConcern,
)
from safeguard.lac.models import CarePeriod
from safeguard.missing.models import (
    MissingEpisode,
    RepeatMissingPolicy,
    RepeatMissingStrategyMeeting,
    ReturnHomeInterview,
)
from safeguard.people.models import Person

from ..context import GenerationContext
from ..writer import EventLog, Table

CARE_MISSING_RATE = 0.11  # of children looked after during a year
MEAN_EPISODES = 6.8
EPISODE_SIGMA = 1.0  # lognormal spread: mean 6.8, median about 4
HOME_MISSING_RATE = 0.03  # of open children in need episodes of children aged 11-17
HOME_MEAN_EXTRA = 1.0  # home missers: 1 + Poisson(1) episodes
MISSING_NOW_PER_BIG_CITY = 35
RHI_ON_TIME, RHI_LATE, RHI_DECLINED = 0.63, 0.17, 0.08  # the rest: never offered or no answer
MEETING_RATE = 0.7
NETWORK_SHARE = 0.3
FREQUENT_MISSER = 5  # episodes from which a child is screened for exploitation
RHI_HOURS_ON_TIME = (4, 71)
HOUR = dt.timedelta(hours=1)

_PLACE_ROOTS = ["Kestrel", "Millbrook", "Ashgrove", "Harbour", "Canal", "Linden", "Foundry", "Quarry", "Beacon"]
_PLACE_KINDS = [
    ("Takeaway", PlaceOfConcern.Kind.SHOP),
    ("Park", PlaceOfConcern.Kind.PARK),
    ("Bus station", PlaceOfConcern.Kind.TRANSPORT),
    ("Court flats", PlaceOfConcern.Kind.ADDRESS),
    ("Lodge hotel", PlaceOfConcern.Kind.HOTEL),
]
_OTHER_DETAIL = ["County lines", "Trafficking", "Online exploitation"]


@dataclass
class _Episode:
    child: int
    start: dt.datetime
    end: dt.datetime | None
    missing_type: str
    missing_from: str
    risk: str
    pk: int | None = None


@dataclass
class _Screening:
    child: int
    day: dt.date
    kind: str
    level: str
    detail: str = ""
    review_due: dt.date | None = None
    episodes: list[_Episode] = field(default_factory=list)


def write_missing(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("missing and exploitation")
    events = EventLog(ctx.import_user)
    dob = _dates_of_birth()
    care = _care_periods(ctx)
    planned = _care_missers(ctx, rng, care) + _home_missers(ctx, rng, care, dob)
    planned += _missing_now(ctx, rng, care)
    by_child = _without_overlaps(ctx, planned)
    episodes = [e for child in sorted(by_child) for e in by_child[child]]
    counts = {"missing episodes": _write_episodes(ctx, rng, events, episodes)}
    counts["return-home interviews"] = _write_interviews(ctx, rng, events, episodes)
    counts["repeat missing meetings"] = _write_meetings(ctx, rng, events, by_child)
    counts |= _write_exploitation(ctx, rng, events, by_child)
    counts["events"] = events.flush()
    return counts


# --- Reading what earlier stages wrote ---------------------------------------------------------------


def _dates_of_birth() -> dict[int, dt.date]:
    return dict(Person.objects.filter(kind=Person.Kind.CHILD).values_list("pk", "date_of_birth").order_by("pk"))


def _care_periods(ctx: GenerationContext) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Each child's periods of care within the generated years, as (start, end or as-of)."""
    periods: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    rows = (
        CarePeriod.objects.filter(start_date__lt=ctx.as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=ctx.start))
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "start_date", "end_date")
    )
    for child, start, end in rows:
        periods[child].append((max(start, ctx.start), min(end or ctx.as_of, ctx.as_of)))
    return periods


# --- Planning episodes --------------------------------------------------------------------------------


def _episode_count(rng: random.Random) -> int:
    mu = math.log(MEAN_EPISODES) - EPISODE_SIGMA**2 / 2
    return min(60, max(1, round(rng.lognormvariate(mu, EPISODE_SIGMA))))


def _moment(ctx: GenerationContext, rng: random.Random, day: dt.date) -> dt.datetime:
    # Mostly afternoons and evenings.
    hour = rng.choice([15, 16, 17, 18, 19, 20, 21, 22, 23, 1, 10, 13])
    return ctx.at(day, hour, rng.randint(0, 59))


def _duration(rng: random.Random) -> dt.timedelta:
    draw = rng.random()
    if draw < 0.7:
        return dt.timedelta(hours=rng.uniform(1, 23))
    if draw < 0.95:
        return dt.timedelta(hours=rng.uniform(24, 72))
    return dt.timedelta(hours=rng.uniform(72, 240))


def _risk(rng: random.Random, frequent: bool) -> str:
    return rng.choices(["low", "medium", "high"], weights=[3, 5, 3] if frequent else [5, 4, 1])[0]


def _spread(ctx, rng, child, start: dt.date, end: dt.date, n: int, missing_from: str, frequent: bool,
            care_ended: bool = False):  # fmt: skip
    """`n` episodes starting between start and end; a frequent misser's are often bunched (repeat clusters).

    When `end` is the day care ended (`care_ended`), an episode missing from care is over by midday that day: the
    child is found before their care ends, so no missing episode outlasts its period of care (SSDA903 rule 577).
    """
    span = max((end - start).days, 1)
    found_by = ctx.at(end, 12) if care_ended else None
    latest = end - dt.timedelta(days=1) if care_ended and end > start else end
    cluster = start + dt.timedelta(days=rng.randrange(span)) if frequent and rng.random() < 0.6 else None
    episodes = []
    for _ in range(n):
        if cluster and rng.random() < 0.5:
            day = min(cluster + dt.timedelta(days=rng.randrange(30)), latest)
        else:
            day = start + dt.timedelta(days=rng.randrange(span))
        begin = _moment(ctx, rng, day)
        away = missing_from == "care" and rng.random() < 0.2
        back = begin + _duration(rng)
        if found_by is not None and begin < found_by < back:
            back = found_by
        episodes.append(_Episode(child, begin, back, "A" if away else "M", missing_from, _risk(rng, frequent)))
    return episodes


def _years(ctx: GenerationContext):
    """The generated period in years back from as-of (the earliest may be shorter)."""
    end = ctx.as_of
    while end > ctx.start:
        begin = max(ctx.start, end - relativedelta(years=1))
        yield begin, end
        end = begin


def _care_missers(ctx, rng, care) -> list[_Episode]:
    planned = []
    for year_start, year_end in _years(ctx):
        for child in sorted(care):
            overlaps = [
                (max(s, year_start), min(e, year_end)) for s, e in care[child] if s < year_end and e > year_start
            ]
            overlaps = [(s, e) for s, e in overlaps if e > s]
            if not overlaps or rng.random() >= CARE_MISSING_RATE:
                continue
            n = _episode_count(rng)
            for index, (start, end) in enumerate(overlaps):
                share = n if index == len(overlaps) - 1 else rng.randint(0, n)
                ended = end < ctx.as_of and any(e == end for _, e in care[child])  # care ended on `end`
                planned += _spread(ctx, rng, child, start, end, share, "care", n >= FREQUENT_MISSER, ended)
                n -= share
    return planned


def _home_missers(ctx, rng, care, dob) -> list[_Episode]:
    planned = []
    episodes = (
        CINEpisode.objects.filter(referral_date__lt=ctx.as_of)
        .filter(Q(close_date__isnull=True) | Q(close_date__gt=ctx.start))
        .order_by("pk")
        .values_list("child_id", "referral_date", "close_date")
    )
    for child, referral, close in episodes:
        born = dob.get(child)
        if born is None or not 11 <= (referral - born).days // 365 <= 17 or rng.random() >= HOME_MISSING_RATE:
            continue
        start, end = max(referral, ctx.start), min(close or ctx.as_of, ctx.as_of)
        in_care = any(s <= start <= e for s, e in care.get(child, ()))
        if end <= start or in_care:
            continue
        n = 1 + _poisson(rng, HOME_MEAN_EXTRA)
        planned += _spread(ctx, rng, child, start, end, n, "home", False)
    return planned


def _poisson(rng: random.Random, mean: float) -> int:
    threshold, k, product = math.exp(-mean), 0, rng.random()
    while product > threshold:
        k += 1
        product *= rng.random()
    return k


def _missing_now(ctx, rng, care) -> list[_Episode]:
    """A few children in care missing at as-of (open episodes started in the last four days)."""
    in_care_now = [child for child in sorted(care) if care[child][-1][1] >= ctx.as_of]
    wanted = min(len(in_care_now), max(2, round(MISSING_NOW_PER_BIG_CITY * ctx.scale)))
    planned = []
    for child in rng.sample(in_care_now, wanted):
        start = ctx.horizon - dt.timedelta(hours=rng.uniform(2, 96))
        planned.append(_Episode(child, start, None, "M", "care", rng.choice(["medium", "high"])))
    return planned


def _without_overlaps(ctx, planned: list[_Episode]) -> dict[int, list[_Episode]]:
    """Per child, in order: drop episodes starting inside the previous one; end each before the next starts;
    nothing after as-of began, and only the planned open episodes stay open."""
    by_child: dict[int, list[_Episode]] = defaultdict(list)
    for episode in sorted(planned, key=lambda e: (e.child, e.start, e.end is None)):
        kept = by_child[episode.child]
        if episode.start >= ctx.horizon:
            continue
        if kept and (kept[-1].end is None or episode.start < kept[-1].end + HOUR):
            if episode.end is not None:
                continue
            # The open (missing now) episode wins: the one before ends an hour before it starts.
            kept[-1].end = min(kept[-1].end or episode.start, episode.start - HOUR)
            if kept[-1].end <= kept[-1].start:
                kept.pop()
        if episode.end is not None:
            episode.end = min(episode.end, ctx.horizon - dt.timedelta(minutes=30))
            if episode.end <= episode.start:
                continue
        kept.append(episode)
    return {child: episodes for child, episodes in by_child.items() if episodes}


# --- Writing ------------------------------------------------------------------------------------------


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


_FROM = {"home": "home", "care": "care placement", "other": "somewhere else"}
_TYPE = {"M": "Missing", "A": "Away from placement without authorisation"}


def _write_episodes(ctx, rng, events, episodes: list[_Episode]) -> int:
    user = ctx.import_user.pk
    columns = ["child_id", "missing_type", "missing_from", "start_at", "end_at", "reported_to_police",
               "police_reference", "where_found", "risk_level", "notes", "rhi_due_date", "recorded_by_id"]  # fmt: skip
    rows = []
    for e in episodes:
        police = e.risk != "low" or rng.random() < 0.5
        reference = f"NB-{e.start:%y%m}-{rng.randint(1000, 99999)}" if police else ""
        found = rng.choice(["Friend's address", "Town centre", "Bus station", "Returned by themselves", "Park"])
        due = ctx.due("missing-rhi", _local(e.end)) if e.end else None
        rows.append((e.child, e.missing_type, e.missing_from, e.start, e.end, police, reference,
                     found if e.end else "", e.risk, "", due, user))  # fmt: skip
    pks = Table(MissingEpisode, columns).insert_returning_keys(rows)
    for e, pk in zip(episodes, pks, strict=True):
        e.pk = pk
        events.add(child_pk=e.child, at=e.start, category="missing", kind="missing.reported", source_pk=pk,
                   source="missing.missingepisode",
                   summary=f"{_TYPE[e.missing_type]} from {_FROM[e.missing_from]} since {_local(e.start):%d %b %Y %H:%M}; "
                   f"risk {e.risk}")  # fmt: skip
        if e.end:
            hours = int((e.end - e.start).total_seconds() // 3600)
            due = _local(e.end + dt.timedelta(hours=ctx.rule("missing-rhi").amount))
            events.add(child_pk=e.child, at=e.end, category="missing", kind="missing.returned", source_pk=pk,
                       source="missing.missingepisode",
                       summary=f"Returned {_local(e.end):%d %b %Y %H:%M} after {hours} hours; return-home interview "
                       f"due by {due:%d %b %Y %H:%M}")  # fmt: skip
    return len(episodes)


def _write_interviews(ctx, rng, events, episodes: list[_Episode]) -> int:
    rows, meta = [], []
    for e in episodes:
        if e.end is None:
            continue
        draw = rng.random()
        if draw < RHI_ON_TIME:
            done = e.end + dt.timedelta(hours=rng.uniform(*RHI_HOURS_ON_TIME))
            offered, response = e.end + (done - e.end) / 3, "accepted"
        elif draw < RHI_ON_TIME + RHI_LATE:
            done = e.end + dt.timedelta(hours=rng.uniform(73, 240))
            offered, response = e.end + dt.timedelta(hours=rng.uniform(2, 60)), "accepted"
        elif draw < RHI_ON_TIME + RHI_LATE + RHI_DECLINED:
            done, offered, response = None, e.end + dt.timedelta(hours=rng.uniform(2, 60)), "declined"
        else:
            continue
        if offered >= ctx.horizon:
            continue
        if done is not None and done >= ctx.horizon:
            done, response = None, ""  # offered, not yet held
        worker = rng.choice(["Runaway project worker", "Independent advocate", "Youth support worker"])
        concerns = done is not None and e.risk == "high" and rng.random() < 0.4
        rows.append((e.pk, e.child, offered, response, done, worker if done else "",
                     "Northbridge Runaway Service" if done else "", "Spoke about why they left and where they stayed."
                     if done else "", concerns, ctx.import_user.pk))  # fmt: skip
        meta.append((e, offered, response, done, worker, concerns))
    columns = ["episode_id", "child_id", "offered_at", "response", "completed_at", "interviewer",
               "interviewer_organisation", "key_findings", "exploitation_concerns", "recorded_by_id"]  # fmt: skip
    pks = Table(ReturnHomeInterview, columns).insert_returning_keys(rows)
    for (e, offered, response, done, worker, concerns), pk in zip(meta, pks, strict=True):
        source = {"source": "missing.returnhomeinterview", "source_pk": pk, "child_pk": e.child, "category": "missing"}
        if done is None:
            answer = f": {response}" if response else ""
            events.add(at=offered, kind="missing.interview_offered",
                       summary=f"Return-home interview offered {_local(offered):%d %b %Y %H:%M}{answer}", **source)  # fmt: skip
            continue
        hours = int((done - e.end).total_seconds() // 3600)
        late = " (later than 72 hours)" if hours >= 72 else ""
        flagged = "; exploitation concerns flagged" if concerns else ""
        events.add(at=done, kind="missing.interview_completed",
                   summary=f"Return-home interview by {worker} {hours} hours after the return{late}{flagged}",
                   **source)  # fmt: skip
    return len(rows)


def _triggers(episodes: list[_Episode], policy: RepeatMissingPolicy) -> list[_Episode]:
    """Episodes that complete the policy's count within its window (episodes are in start order)."""
    window = dt.timedelta(days=policy.window_days)
    found, first = [], 0
    for index, episode in enumerate(episodes):
        while episodes[first].start <= episode.start - window:
            first += 1
        if index - first + 1 >= policy.episodes:
            found.append(episode)
    return found


def _write_meetings(ctx, rng, events, by_child) -> int:
    policy = RepeatMissingPolicy.current()
    rows = []
    for child in sorted(by_child):
        held: list[dt.date] = []
        for trigger in _triggers(by_child[child], policy):
            day = _local(trigger.start).date()
            if any(h >= day - dt.timedelta(days=policy.window_days) for h in held) or rng.random() >= MEETING_RATE:
                continue
            meeting = ctx.add_working_days(day, rng.randint(1, 8))
            if meeting < ctx.as_of:
                held.append(meeting)
                rows.append((child, meeting, "Multi-agency plan to reduce missing episodes agreed.",
                             ctx.import_user.pk))  # fmt: skip
    pks = Table(
        RepeatMissingStrategyMeeting, ["child_id", "held_on", "outcome", "recorded_by_id"]
    ).insert_returning_keys(rows)
    for (child, day, _, _), pk in zip(rows, pks, strict=True):
        events.add(child_pk=child, at=ctx.at(day, 11), category="missing", kind="missing.strategy_meeting",
                   summary=f"Repeat missing strategy meeting held {day:%d %b %Y}", source_pk=pk,
                   source="missing.repeatmissingstrategymeeting")  # fmt: skip
    return len(rows)


# --- Exploitation -------------------------------------------------------------------------------------


_LEVELS = ["none", "low", "medium", "high"]


def _factor_children(ctx) -> dict[int, tuple[dt.date, set[str]]]:
    found: dict[int, tuple[dt.date, set[str]]] = {}
    rows = (
        AssessmentFactorIdentified.objects.filter(code__in=["11A", "24A"], assessment__start_date__lt=ctx.as_of)
        .order_by("assessment__child_id", "assessment__start_date", "code")
        .values_list("assessment__child_id", "assessment__start_date", "code")
    )
    for child, day, code in rows:
        first, codes = found.get(child, (day, set()))
        found[child] = (min(first, day), codes | {code})
    return found


def _first_screenings(ctx, rng, by_child) -> list[_Screening]:
    screenings = []
    factors = _factor_children(ctx)
    for child, (day, codes) in sorted(factors.items()):
        kind = "both" if codes == {"11A", "24A"} else ("cse" if "11A" in codes else "cce")
        level = rng.choices(_LEVELS, weights=[5, 30, 40, 25])[0]
        screenings.append(_Screening(child, day + dt.timedelta(days=rng.randint(0, 10)), kind, level))
    for child in sorted(by_child):
        episodes = by_child[child]
        if child in factors or len(episodes) < FREQUENT_MISSER:
            continue
        kind = rng.choices(["cce", "cse", "other"], weights=[45, 35, 20])[0]
        detail = rng.choice(_OTHER_DETAIL) if kind == "other" else ""
        day = _local(episodes[FREQUENT_MISSER - 1].start).date() + dt.timedelta(days=rng.randint(1, 14))
        level = rng.choices(_LEVELS[1:], weights=[25, 40, 35])[0]
        screenings.append(
            _Screening(child, day, kind, level, detail, episodes=rng.sample(episodes[:FREQUENT_MISSER], 3))
        )
    return [s for s in screenings if s.day < ctx.as_of]


def _with_reviews(ctx, rng, first: list[_Screening]) -> list[_Screening]:
    """Each child's screenings: reviewed about when due (the last review sometimes overdue at as-of)."""
    every = []
    for screening in first:
        current = screening
        for _ in range(12):
            rule = REVIEW_RULES.get(current.level)
            current.review_due = ctx.due(rule, current.day) if rule else None
            every.append(current)
            if current.review_due is None or rng.random() > 0.85:
                break
            day = current.review_due + dt.timedelta(days=rng.randint(-7, 14))
            if day >= ctx.as_of:
                break
            step = rng.choice([-1, 0, 0, 1])
            level = _LEVELS[min(3, max(0, _LEVELS.index(current.level) + step))]
            current = _Screening(current.child, day, current.kind, level, current.detail)
    return every


def _write_exploitation(ctx, rng, events, by_child) -> dict[str, int]:
    screenings = _with_reviews(ctx, rng, _first_screenings(ctx, rng, by_child))
    columns = ["child_id", "screened_on", "exploitation_type", "other_detail", "risk_level", "screened_by_id",
               "review_due", "notes"]  # fmt: skip
    pks = Table(ExploitationScreening, columns).insert_returning_keys(
        (s.child, s.day, s.kind, s.detail, s.level, ctx.import_user.pk, s.review_due, "") for s in screenings
    )
    for s, pk in zip(screenings, pks, strict=True):
        review = f", review due {s.review_due:%-d %b %Y}" if s.review_due else ""
        events.add(child_pk=s.child, at=ctx.at(s.day, 14), category="exploitation", kind="exploitation.screened",
                   summary=f"{SHORT_TYPE[s.kind]} risk: {SHORT_LEVEL[s.level]} (screened {s.day:%-d %b %Y}{review})",
                   source="exploitation.exploitationscreening", source_pk=pk)  # fmt: skip
    links = [(s.child, "missing", e.pk, None, None, s.day) for s in screenings for e in s.episodes if s.episodes]
    places, network_links = _networks(ctx, rng, sorted({s.child: s.day for s in screenings}.items()))
    links += network_links
    link_pks = Table(ExploitationLink, ["child_id", "kind", "missing_episode_id", "linked_person_id", "place_id",
                                        "recorded_on", "note", "recorded_by_id"]).insert_returning_keys(
        (child, kind, episode, person, places[place] if place is not None else None, day, "", ctx.import_user.pk)
        for child, kind, episode, person, place, day in links
    )  # fmt: skip
    summaries = {"missing": "Missing episode linked to exploitation concerns", "child": "Linked to another child of "
                 "concern", "adult": "Linked to an adult of concern", "place": "Linked to a place of concern"}  # fmt: skip
    for (child, kind, _, _, _, day), pk in zip(links, link_pks, strict=True):
        events.add(child_pk=child, at=ctx.at(day, 15), category="exploitation", kind="exploitation.linked",
                   summary=summaries[kind], source="exploitation.exploitationlink", source_pk=pk)  # fmt: skip
    return {"exploitation screenings": len(screenings), "places of concern": len(places),
            "exploitation links": len(links)}  # fmt: skip


def _networks(ctx, rng, children: list[tuple[int, dt.date]]):
    """Groups of 2-5 screened children sharing a place of concern, each linked to the next; half share an adult."""
    chosen = [c for c in children if rng.random() < NETWORK_SHARE]
    rng.shuffle(chosen)
    adults = list(Person.objects.filter(kind=Person.Kind.ADULT).order_by("pk").values_list("pk", flat=True)[:5000])
    places, links, place_rows = {}, [], []
    while len(chosen) >= 2:
        size = min(len(chosen), rng.randint(2, 5))
        group, chosen = chosen[:size], chosen[size:]
        index = len(place_rows)
        root, (label, kind) = rng.choice(_PLACE_ROOTS), rng.choice(_PLACE_KINDS)
        postcode = f"NB{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        place_rows.append((f"{root} {label}", postcode, kind))
        adult = rng.choice(adults) if adults and rng.random() < 0.5 else None
        for position, (child, day) in enumerate(group):
            links.append((child, "place", None, None, index, day))
            if position + 1 < len(group):
                links.append((child, "child", None, group[position + 1][0], None, day))
            if adult:
                links.append((child, "adult", None, adult, None, day))
    pks = Table(PlaceOfConcern, ["name", "postcode", "kind", "created_by_id"]).insert_returning_keys(
        (name, postcode, kind, ctx.import_user.pk) for name, postcode, kind in place_rows
    )
    places = dict(enumerate(pks))
    return places, links
