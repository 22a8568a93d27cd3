"""The SSDA903 tables other than Header and Episodes, each a few set-based reads for the whole year.

Every function takes the `Return` being built (its year, its children, who is in Episodes) and appends rows.
Where the record lacks something a table needs, the row is still written as the record has it and a `Finding`
names the child, so the analyst sees what to fix rather than a child silently left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from safeguard.adoption.models import AdoptionJourney, PreviousPermanenceRecord
from safeguard.careleavers.models import BirthdayContact
from safeguard.carereviews.models import LookedAfterReview
from safeguard.codelists import PreviousPermanence, ReasonEpisodeCeased
from safeguard.health.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQScore,
    SubstanceMisuse,
)
from safeguard.health.schedule import review_due
from safeguard.lac.models import CareLegalStatus, CarePeriod
from safeguard.legal.models import DeprivationOfLibertyOrder
from safeguard.missing.models import MissingEpisode
from safeguard.workforce.models import Allocation

from .ssda903_core import SHORT_BREAKS, Return, age_on, known_by, overlapping, periods_in_year

ADOPTED = (ReasonEpisodeCeased.ADOPTED_UNOPPOSED, ReasonEpisodeCeased.ADOPTED_CONSENT_DISPENSED)
OC3_AGES = range(17, 22)  # SSDA903 OC3 covers the 17th to 21st birthdays (rule 391), not the extended 22–24
CONVICTION_MIN_AGE = 10  # CONVICTED only for children 10 or over at 31 March (rules 542, 543)
HEALTH_CHECK_MAX_AGE = 4  # HEALTH_CHECK only for children under 5 at 31 March (rules 545, 546)
SW_GAP_DAYS = 7  # a new social worker within 7 days of the last one is a change, not a first contact (SW10a)


def _by_child_in_year(model, date_field: str, ret: Return):
    """Rows of `model` for the children in Episodes, dated in the collection year."""
    year = ret.year
    return model.objects.filter(
        child__in=periods_in_year(year).values("child_id"), **{f"{date_field}__range": (year.start, year.end)}
    )


# --- Reviews, UASC, Missing ------------------------------------------------------------------------------------


def build_reviews(ret: Return) -> None:
    """Looked-after reviews held in the year (none for short breaks only: rule 399)."""
    counted = ret.looked_after - ret.short_breaks_only
    reviews = _by_child_in_year(LookedAfterReview, "review_date", ret).order_by(
        "child__la_person_id", "review_date", "pk"
    )
    for child_id, held, code in reviews.values_list("child_id", "review_date", "participation"):
        if child_id in counted:
            ret.add("Reviews", child_id, REVIEW=held, REVIEW_CODE=code)


def build_uasc(ret: Return, ceased: dict[int, dt.date | None]) -> None:
    """Children in Episodes who had become UASC by 31 March. DUC is the day they ceased to be UASC if that had
    happened by 31 March, otherwise their 18th birthday, the day it ends at the latest (the DfE's expectation:
    rules 205A/B compare last year's DUC with the 18th birthday)."""
    for child_id in sorted(ret.uasc, key=lambda pk: ret.children[pk].la_id):
        child = ret.children[child_id]
        eighteenth = child.born + relativedelta(years=18) if child.born else None
        ret.add("UASC", child_id, SEX=child.sex, DUC=ceased.get(child_id) or eighteenth)


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else timezone.localtime(moment).date()


def build_missing(ret: Return) -> None:
    """Missing and away episodes of looked-after children open in the year that began while the child was in care."""
    year = ret.year
    in_care = periods_in_year(year).values("child_id")
    periods: dict[int, list[tuple]] = defaultdict(list)
    for child_id, start, end in CarePeriod.objects.filter(child__in=in_care).values_list(
        "child_id", "start_date", "end_date"
    ):
        periods[child_id].append((start, end))
    year_start = timezone.make_aware(dt.datetime.combine(year.start, dt.time.min))
    year_after = timezone.make_aware(dt.datetime.combine(year.end + dt.timedelta(days=1), dt.time.min))
    episodes = (
        MissingEpisode.objects.filter(child__in=in_care, start_at__lt=year_after)
        .filter(Q(end_at__isnull=True) | Q(end_at__gte=year_start))
        .order_by("child__la_person_id", "start_at", "pk")
    )
    for child_id, kind, start_at, end_at in episodes.values_list("child_id", "missing_type", "start_at", "end_at"):
        started = _local_date(start_at)
        looked_after = any(s <= started and (e is None or e >= started) for s, e in periods[child_id])
        if child_id in ret.looked_after and looked_after:
            ret.add("Missing", child_id, MISSING=kind, MIS_START=started, MIS_END=known_by(_local_date(end_at), year))


# --- OC2: children looked after continuously for 12 months at 31 March -------------------------------------------


def oc2_children(ret: Return) -> set[int]:
    """Looked after for the whole year (care began by 1 April, had not ended before 31 March), never on short
    breaks in it: the reference validator's CONTINUOUSLY_LOOKED_AFTER."""
    year = ret.year
    whole_year = CarePeriod.objects.filter(start_date__lte=year.start).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=year.end)
    )
    short_breaks = overlapping(CareLegalStatus.objects.filter(legal_status__in=SHORT_BREAKS), year)
    return set(whole_year.values_list("child_id", flat=True)) - set(short_breaks.values_list("child_id", flat=True))


def _flag(value: bool) -> int:
    return 1 if value else 0


def _latest_by_child(rows) -> dict[int, tuple]:
    """{child: the rest of its last row} from rows ordered by child then date."""
    return {row[0]: row[1:] for row in rows}


def build_oc2(ret: Return) -> None:
    year = ret.year
    cohort = oc2_children(ret) & ret.looked_after
    convicted = set(_by_child_in_year(Conviction, "conviction_date", ret).values_list("child_id", flat=True))
    dental = set(_by_child_in_year(DentalCheck, "check_date", ret).values_list("child_id", flat=True))
    assessed = set(_by_child_in_year(HealthAssessment, "assessment_date", ret).values_list("child_id", flat=True))
    period_start = dict(
        CarePeriod.objects.filter(child__in=cohort, start_date__lte=year.start)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.end))
        .values_list("child_id", "start_date")
    )
    latest_assessment = _latest_by_child(
        HealthAssessment.objects.filter(child__in=cohort, assessment_date__lte=year.end)
        .order_by("child_id", "assessment_date")
        .values_list("child_id", "assessment_date")
    )
    immunised = _latest_by_child(
        ImmunisationStatus.objects.filter(child__in=cohort, status_date__lte=year.end)
        .order_by("child_id", "status_date", "pk")
        .values_list("child_id", "up_to_date")
    )
    sdq = _latest_by_child(
        _by_child_in_year(SDQScore, "completed_date", ret)
        .order_by("child_id", "completed_date", "pk")
        .values_list("child_id", "score", "reason")
    )
    misuse: dict[int, tuple[bool, bool]] = {}
    for child_id, offered, received in _by_child_in_year(SubstanceMisuse, "identified_date", ret).values_list(
        "child_id", "intervention_offered", "intervention_received"
    ):
        was = misuse.get(child_id, (False, False))
        misuse[child_id] = (was[0] or offered, was[1] or received)
    for child_id in sorted(cohort, key=lambda pk: ret.children[pk].la_id):
        born = ret.children[child_id].born
        age = age_on(born, year.end)
        latest = latest_assessment.get(child_id, (None,))[0]
        up_to_date = latest is not None and latest >= period_start[child_id] and review_due(latest, born) >= year.end
        offered, received = misuse.get(child_id, (False, False))
        score, reason = sdq.get(child_id, (None, ""))
        sdq_due = _sdq_reported(born, ret)
        if sdq_due and score is None and not reason:
            ret.finding(child_id, "OC2", "SDQ_SCORE", "No SDQ score or reason for no score recorded in the year",
                        "error")  # fmt: skip
        ret.add(
            "OC2",
            child_id,
            SDQ_SCORE=score if sdq_due else None,
            SDQ_REASON=(reason or None) if sdq_due and score is None else None,
            CONVICTED=_flag(child_id in convicted) if age is not None and age >= CONVICTION_MIN_AGE else None,
            HEALTH_CHECK=_flag(up_to_date) if age is not None and age <= HEALTH_CHECK_MAX_AGE else None,
            IMMUNISATIONS=_flag(bool(immunised.get(child_id, (False,))[0])),
            TEETH_CHECK=_flag(child_id in dental),
            HEALTH_ASSESSMENT=_flag(child_id in assessed),
            SUBSTANCE_MISUSE=_flag(child_id in misuse),
            INTERVENTION_RECEIVED=_flag(received) if child_id in misuse else None,
            # Asked only when no intervention was received (rules 158, 159).
            INTERVENTION_OFFERED=_flag(offered) if child_id in misuse and not received else None,
        )


def _sdq_reported(born: dt.date | None, ret: Return) -> bool:
    """An SDQ (or the reason for none) is reported for children 4 or over at 31 March and under 17 on 1 April
    (rules 186, 188, 189, 197B)."""
    if born is None:
        return False
    return age_on(born, ret.year.end) >= 4 and age_on(born, ret.year.start) < 17


# --- OC3: care leavers around their 17th to 21st birthdays ---------------------------------------------------------


def oc3_records(year) -> list[tuple[int, str, str, str]]:
    """(child, IN_TOUCH, ACTIV, ACCOM) for the birthday records of 17th to 21st birthdays in the year, leaving out
    a birthday on which the young person was still looked after: OC3 is about care leavers (rules 1016, 3001)."""
    rows = BirthdayContact.objects.filter(birthday__range=(year.start, year.end), age__in=list(OC3_AGES)).order_by(
        "child__la_person_id", "birthday"
    )
    records = list(rows.values_list("child_id", "birthday", "in_touch", "activity", "accommodation"))
    in_care: dict[int, list[tuple]] = defaultdict(list)
    periods = CarePeriod.objects.filter(child_id__in={record[0] for record in records})
    for child_id, start, end in periods.values_list("child_id", "start_date", "end_date"):
        in_care[child_id].append((start, end))

    def looked_after_on(child_id: int, day: dt.date) -> bool:
        # Care ending on the birthday itself (at 18, the usual way) counts: rule 1016 wants DEC before the birthday.
        return any(start <= day and (end is None or end >= day) for start, end in in_care[child_id])

    return [
        (child_id, in_touch, activity, accommodation)
        for child_id, birthday, in_touch, activity, accommodation in records
        if not looked_after_on(child_id, birthday)
    ]


def build_oc3(ret: Return, records: list[tuple[int, str, str, str]]) -> None:
    for child_id, in_touch, activity, accommodation in records:
        ret.add("OC3", child_id, IN_TOUCH=in_touch, ACTIV=activity, ACCOM=accommodation)


# --- Adoption: AD1, PlacedAdoption, PrevPerm ---------------------------------------------------------------------


def build_ad1(ret: Return) -> None:
    """Children adopted in the year (care ended E11/E12 by 31 March), from their adoption journey."""
    year = ret.year
    adopted = dict(
        CarePeriod.objects.filter(end_reason__in=ADOPTED, end_date__range=(year.start, year.end)).values_list(
            "pk", "child_id"
        )
    )
    journeys = {}
    for journey in (
        AdoptionJourney.objects.filter(period__in=adopted)
        .select_related("adopter")
        .order_by("period_id", "adoption_order_date", "decision_date", "pk")
    ):
        journeys[journey.period_id] = journey  # the last decision in the period is the one that led to adoption
    for period_id, child_id in sorted(adopted.items(), key=lambda item: ret.children[item[1]].la_id):
        journey = journeys.get(period_id)
        if journey is None:
            ret.finding(child_id, "AD1", "DATE_INT", "Adopted in the year but no adoption journey is recorded", "error")
            continue
        adopter = journey.adopter
        ret.add(
            "AD1",
            child_id,
            DATE_INT=journey.decision_date,
            DATE_MATCH=known_by(journey.match_date, year),
            FOSTER_CARE=_flag(journey.foster_care),
            NB_ADOPTR=journey.number_of_adopters or (adopter.number_of_adopters if adopter else None),
            SEX_ADOPTR=journey.adopter_sexes or (adopter.sexes if adopter else ""),
            LS_ADOPTR=journey.adopter_legal_status or (adopter.legal_status if adopter else ""),
        )


def build_placed_adoption(ret: Return) -> None:
    """Decisions that a child in Episodes should be placed for adoption, made by 31 March and not reversed or
    completed by adoption before the year began."""
    year = ret.year
    journeys = (
        AdoptionJourney.objects.filter(child__in=periods_in_year(year).values("child_id"), decision_date__lte=year.end)
        .filter(Q(reversed_date__isnull=True) | Q(reversed_date__gte=year.start))
        .filter(Q(adoption_order_date__isnull=True) | Q(adoption_order_date__gte=year.start))
        .order_by("child__la_person_id", "decision_date", "pk")
    )
    for child_id, decided, reversed_on, reason in journeys.values_list(
        "child_id", "decision_date", "reversed_date", "reversed_reason"
    ):
        if child_id not in ret.looked_after:
            continue
        reversed_on = known_by(reversed_on, year)
        ret.add(
            "PlacedAdoption",
            child_id,
            DATE_PLACED=decided,
            DATE_PLACED_CEASED=reversed_on,
            REASON_PLACED_CEASED=reason if reversed_on else "",
        )


def build_previous_permanence(ret: Return) -> None:
    """Children who started to be looked after in the year: the permanence order they had before, if any."""
    year = ret.year
    started = dict(
        CarePeriod.objects.filter(start_date__range=(year.start, year.end))
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "pk")
    )  # the latest period started in the year per child
    records = {
        period_id: (code, la_code, order_date)
        for period_id, code, la_code, order_date in PreviousPermanenceRecord.objects.filter(
            period__in=list(started.values())
        ).values_list("period_id", "previous_permanence", "la_code", "order_date")
    }
    for child_id, period_id in sorted(started.items(), key=lambda item: ret.children[item[0]].la_id):
        if period_id not in records:
            ret.finding(child_id, "PrevPerm", "PREV_PERM", "Started care in the year with no previous permanence "
                        "recorded (not even 'not known')", "error")  # fmt: skip
            continue
        code, la_code, order_date = records[period_id]
        known = code != PreviousPermanence.UNKNOWN
        ret.add(
            "PrevPerm",
            child_id,
            PREV_PERM=code,
            LA_PERM=la_code if known else "",
            DATE_PERM=order_date if known else None,
        )


# --- Social worker episodes ------------------------------------------------------------------------------------


def sw_reason(previous: tuple | None, current: tuple, worker_left: dict[int, dt.date | None]) -> str:
    """Why this social worker episode began, as far as the record shows: the first allocation (or one after a
    gap of more than a week) is a first contact (FCONTA); otherwise the last worker left (LEFTRL), the child
    moved team (TSPROC), or the record does not say (OTHERS)."""
    _, _, current_team, current_start, _ = current
    if previous is None:
        return "FCONTA"
    _, previous_worker, previous_team, _, previous_end = previous
    if previous_end is not None and previous_end < current_start - dt.timedelta(days=SW_GAP_DAYS):
        return "FCONTA"
    left = worker_left.get(previous_worker)
    if left is not None and left <= current_start:
        return "LEFTRL"
    if previous_team != current_team:
        return "TSPROC"
    return "OTHERS"


def _care_windows(ret: Return) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """{child: the stretches of the year whose social workers are reported}: the whole year for a child looked
    after on 31 March ("all social worker episodes for the full year, even while not looked after": SW12),
    otherwise the time in care in the year."""
    year = ret.year
    windows: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for child_id, start, end in periods_in_year(year).values_list("child_id", "start_date", "end_date"):
        if end is None or end >= year.end:
            windows[child_id] = [(year.start, year.end)]
        elif windows[child_id] != [(year.start, year.end)]:
            windows[child_id].append((max(start, year.start), end))
    return windows


def build_sw_episodes(ret: Return) -> None:
    """Allocated social workers of the children in Episodes (see `_care_windows`).

    SW_DEC is the day the social worker changed, so every reported episode but a child's last ends on its end
    date; the last stays open even when the case has closed, because an episode ends only when another begins
    (rules SW17, SW11b: the last episode must be open at 31 March)."""
    year = ret.year
    allocations = (
        Allocation.objects.filter(
            child__in=periods_in_year(year).values("child_id"),
            kind=Allocation.Kind.KEY_WORKER,
            start_date__lte=year.end,
        )
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "worker_id", "team_id", "start_date", "end_date", "worker__staff_id",
                     "worker__end_date")
    )  # fmt: skip
    windows = _care_windows(ret)
    worker_left: dict[int, dt.date | None] = {}
    reported: dict[int, list[tuple]] = defaultdict(list)
    previous: dict[int, tuple] = {}
    for row in allocations:
        child_id, worker_id, _, start, end, staff_id, left = row
        worker_left[worker_id] = left
        reason = sw_reason(previous.get(child_id), row[:5], worker_left)
        previous[child_id] = row[:5]
        overlaps = any(start <= last and (end is None or end >= first) for first, last in windows.get(child_id, []))
        if child_id in ret.looked_after and overlaps:
            reported[child_id].append((staff_id, start, end, reason))
    for child_id in sorted(reported, key=lambda pk: ret.children[pk].la_id):
        episodes = reported[child_id]
        for index, (staff_id, start, end, reason) in enumerate(episodes):
            last = index == len(episodes) - 1
            ret.add("SWEpisodes", child_id, SW_ID=staff_id, SW_DECOM=start, SW_DEC=None if last else end,
                    SW_REASON=reason)  # fmt: skip


# --- DoLo ---------------------------------------------------------------------------------------------------------


def build_dolo(ret: Return) -> None:
    """Deprivation of liberty orders (from 2026/27) of the children in Episodes, open at any point in the year, that
    began while the child was looked after (rules 707, 709: the order sits within a period of care). An end after
    31 March has not happened yet (rule 704)."""
    year = ret.year
    in_care = periods_in_year(year).values("child_id")
    orders = overlapping(DeprivationOfLibertyOrder.objects.filter(child__in=in_care, period__isnull=False), year)
    for child_id, start, end, care_ended in orders.order_by("child_id", "start_date", "pk").values_list(
        "child_id", "start_date", "end_date", "period__end_date"
    ):
        if child_id not in ret.looked_after:
            continue
        ret.add("DoLo", child_id, DOLO_START=start, DOLO_END=known_by(end, year))
        care_ended = known_by(care_ended, year)
        if care_ended and (end is None or end > care_ended):
            ret.finding(child_id, "DoLo", "DOLO_END", f"The order is still open after the child left care on "
                        f"{care_ended:%d/%m/%Y}: record its end (rule 707)")  # fmt: skip
