"""Reads about children looked after. Other domains (reviews, health, care leavers, returns) build on these."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from safeguard.codelists import ReasonEpisodeCeased, ReasonNewEpisode
from safeguard.people.models import Person

from .locations import partial as partial_postcode
from .models import CareLegalStatus, CarePeriod, CarePlan, Placement


def _open_on(day: dt.date) -> Q:
    """Rows running on `day`: started on or before it, not ended before it (the end day still counts)."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def periods_for(child: Person) -> QuerySet[CarePeriod]:
    """Every period of care for the child, most recent first."""
    return CarePeriod.objects.filter(child=child).order_by("-start_date", "-pk")


def current_period(child: Person) -> CarePeriod | None:
    """The child's open period of care, or None when they are not looked after."""
    return CarePeriod.objects.filter(child=child, end_date__isnull=True).order_by("-start_date", "-pk").first()


def current_placement(child: Person) -> Placement | None:
    """The child's open placement within an open period, or None."""
    return (
        Placement.objects.filter(child=child, end_date__isnull=True, period__end_date__isnull=True)
        .order_by("-start_date", "-pk")
        .first()
    )


def current_legal_status(child: Person) -> CareLegalStatus | None:
    return (
        CareLegalStatus.objects.filter(child=child, end_date__isnull=True, period__end_date__isnull=True)
        .order_by("-start_date", "-pk")
        .first()
    )


def looked_after_on(day: dt.date) -> QuerySet[CarePeriod]:
    """Periods of care open on `day` (a period ending that day still counts, as in SSDA903 "looked after on")."""
    return CarePeriod.objects.filter(_open_on(day))


def looked_after_child_ids(day: dt.date) -> QuerySet:
    """Ids of the children looked after on `day` (values_list, usable as a subquery)."""
    return looked_after_on(day).values_list("child_id", flat=True)


def is_looked_after(child: Person, day: dt.date) -> bool:
    return looked_after_on(day).filter(child=child).exists()


# --- Placement stability (Annex A list 8, DfE "3 or more placements in the year") -------------------------

# Temporary placements (holidays, hospital, respite of a week or less) are not moves in the stability measure.
TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
UNSTABLE_PLACEMENT_COUNT = 3


def _year_to(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - relativedelta(years=1) + dt.timedelta(days=1), today


def _placements_in_year(today: dt.date) -> QuerySet[Placement]:
    first, last = _year_to(today)
    return (
        Placement.objects.filter(start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .exclude(placement_type__in=TEMPORARY_PLACEMENTS)
    )


def placements_in_last_12_months(child: Person, today: dt.date) -> int:
    """Placements the child had at any time in the 12 months to `today` (the one they were in a year ago counts)."""
    return _placements_in_year(today).filter(child=child).count()


def stability(child: Person, today: dt.date) -> bool:
    """True when the child had 3 or more placements in the 12 months to `today` (the DfE instability measure)."""
    return placements_in_last_12_months(child, today) >= UNSTABLE_PLACEMENT_COUNT


def placement_counts(children, today: dt.date) -> dict[int, int]:
    """{child id: placements in the 12 months to `today`} for many children in one query (lists, returns)."""
    rows = (
        _placements_in_year(today)
        .filter(child__in=children)
        .values("child_id")
        .annotate(placements=Count("id"))
        .values_list("child_id", "placements")
    )
    return dict(rows)


# --- The child's care history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    day: dt.date
    kind: str  # "start", "legal_status", "placement", "end", "care_plan"
    title: str
    detail: str
    record: object


def care_timeline(child: Person) -> list[TimelineEntry]:
    """Every period, legal status, placement, care plan and ending in date order (three queries)."""
    periods = list(periods_for(child))
    statuses = CareLegalStatus.objects.filter(child=child).order_by("start_date", "pk")
    placements = Placement.objects.filter(child=child).order_by("start_date", "pk")
    plans = CarePlan.objects.filter(child=child).order_by("agreed_on", "pk")
    first_status = {}
    first_placement = {}
    entries: list[tuple[tuple, TimelineEntry]] = []
    for period in periods:
        entries.append(
            (
                (period.start_date, 0),
                TimelineEntry(
                    period.start_date, "start", "Became looked after", period.get_category_of_need_display(), period
                ),
            )
        )
        if period.end_date:
            entries.append(
                (
                    (period.end_date, 9),
                    TimelineEntry(
                        period.end_date, "end", "Stopped being looked after", period.get_end_reason_display(), period
                    ),
                )
            )
    for status in statuses:
        first = first_status.setdefault(status.period_id, status.pk) == status.pk
        title = "Legal status" if first else "Legal status changed"
        entries.append(
            (
                (status.start_date, 1),
                TimelineEntry(status.start_date, "legal_status", title, status.get_legal_status_display(), status),
            )
        )
    for placement in placements:
        first = first_placement.setdefault(placement.period_id, placement.pk) == placement.pk
        title = "Placed" if first else "Moved placement"
        entries.append(
            (
                (placement.start_date, 2),
                TimelineEntry(
                    placement.start_date, "placement", title, placement.get_placement_type_display(), placement
                ),
            )
        )
    for plan in plans:
        entries.append(
            ((plan.agreed_on, 3), TimelineEntry(plan.agreed_on, "care_plan", "Care plan agreed", plan.summary, plan))
        )
    return [entry for _, entry in sorted(entries, key=lambda pair: (pair[0], pair[1].record.pk))]  # fmt: skip


def care_plan_outstanding(period: CarePeriod) -> bool:
    return period.end_date is None and not period.care_plans.exists()


def open_periods_without_care_plan() -> QuerySet[CarePeriod]:
    # NOT EXISTS rather than a LEFT JOIN: PostgreSQL then starts from the few children asked about.
    return CarePeriod.objects.filter(end_date__isnull=True).exclude(
        Exists(CarePlan.objects.filter(period=OuterRef("pk")))
    )


# --- SSDA903 episodes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Episode:
    """One SSDA903 episode: a stretch of a period of care with one legal status and one placement."""

    DECOM: dt.date
    RNE: str
    LS: str
    CIN: str
    PLACE: str
    PLACE_PROVIDER: str
    DEC: dt.date | None
    REC: str
    REASON_PLACE_CHANGE: str
    HOME_POST: str
    PL_POST: str
    URN: str
    period_id: int
    legal_status_id: int | None
    placement_id: int | None


def _rne(status_changed: bool, placement: Placement | None, placement_changed: bool) -> str:
    same_carer = bool(placement and placement.same_carer_as_previous)
    if status_changed and placement_changed:
        return ReasonNewEpisode.BOTH_SAME_CARER if same_carer else ReasonNewEpisode.BOTH
    if placement_changed:
        return ReasonNewEpisode.PLACEMENT_SAME_CARER if same_carer else ReasonNewEpisode.PLACEMENT
    return ReasonNewEpisode.LEGAL_STATUS


def _running_on(rows: list, day: dt.date):
    """The latest-starting row that has started by `day` (rows sorted by start date, then pk)."""
    found = None
    for row in rows:
        if row.start_date <= day and (row.end_date is None or row.end_date > day or row.end_date == row.start_date):
            found = row
    return found


def statuses_and_placements(periods) -> tuple[dict[int, list], dict[int, list]]:
    """Legal statuses and placements of the given periods (a queryset, or None for every period), each grouped by
    period pk in date order: two queries, for callers deriving the episodes of many periods at once (returns)."""
    statuses: dict[int, list] = defaultdict(list)
    placements: dict[int, list] = defaultdict(list)
    scope = {} if periods is None else {"period__in": periods}
    for status in CareLegalStatus.objects.filter(**scope).order_by("start_date", "pk").iterator(chunk_size=5000):
        statuses[status.period_id].append(status)
    for placement in Placement.objects.filter(**scope).order_by("start_date", "pk").iterator(chunk_size=5000):
        placements[placement.period_id].append(placement)
    return statuses, placements


def period_episodes(period: CarePeriod, statuses: list, placements: list) -> list[Episode]:
    """One period's SSDA903 episodes from its legal statuses and placements (already loaded, in date order)."""
    starts = sorted({period.start_date, *(r.start_date for r in statuses + placements)})
    starts = [day for day in starts if day >= period.start_date and (period.end_date is None or day <= period.end_date)]
    status_starts = {r.start_date for r in statuses}
    placement_starts = {r.start_date for r in placements}
    episodes: list[Episode] = []
    for index, day in enumerate(starts):
        nxt = starts[index + 1] if index + 1 < len(starts) else None
        status, placement = _running_on(statuses, day), _running_on(placements, day)
        placement_changed = nxt is not None and nxt in placement_starts
        ending = placement if placement_changed else None
        episodes.append(Episode(
            DECOM=day,
            RNE=ReasonNewEpisode.STARTED if index == 0 else _rne(
                day in status_starts, placement, day in placement_starts),
            LS=status.legal_status if status else "",
            CIN=period.category_of_need,
            PLACE=placement.placement_type if placement else "",
            PLACE_PROVIDER=placement.provider if placement else "",
            DEC=nxt if nxt is not None else period.end_date,
            REC=ReasonEpisodeCeased.NEW_EPISODE if nxt is not None else period.end_reason,
            REASON_PLACE_CHANGE=ending.change_reason if ending else "",
            HOME_POST=partial_postcode(period.home_postcode),
            PL_POST=partial_postcode(placement.postcode) if placement else "",
            URN=placement.urn if placement else "",
            period_id=period.pk,
            legal_status_id=status.pk if status else None,
            placement_id=placement.pk if placement else None,
        ))  # fmt: skip
    return episodes


def ssda903_episodes(child_or_period: Person | CarePeriod) -> list[Episode]:
    """The SSDA903 episodes of a child (every period) or of one period, in date order (three queries).

    A new episode starts whenever the legal status or the placement changes; RNE says which (L, P or T; U or B
    when the carers stayed the same), and the episode before it ends with REC X1. REASON_PLACE_CHANGE is given
    on the episode that ends because the placement changed.
    """
    if isinstance(child_or_period, CarePeriod):
        periods = [child_or_period]
    else:
        periods = list(CarePeriod.objects.filter(child=child_or_period).order_by("start_date", "pk"))
    statuses, placements = statuses_and_placements([p.pk for p in periods])
    return [ep for p in periods for ep in period_episodes(p, statuses[p.pk], placements[p.pk])]
