"""The calibration figures of a generated authority, measured from the database as a reader of the record would.

`calibration_figures(as_of)` returns the figures `docs/synthetic-calibration.md` records against the national and
big-city targets (`/work/shared/reference/calibration.md`): legal statuses and placements of the children looked
after on the day before as-of, starts and ceases, adoptions and their timeliness, care leavers, repeat child
protection plans and the caseloads of the children in care teams, personal advisers and IROs. The tests of the
generator assert each one within a tolerance; `describe` prints them for the configured database:

    safeguard shell -c "import datetime; from safeguard.synthetic.measures import describe; \\
        print(describe(datetime.date(2026, 3, 31)))"

"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

from django.db.models import Count, Q

from safeguard.adoption.models import AdoptionJourney
from safeguard.careleavers.eligibility import Category
from safeguard.careleavers.models import BirthdayContact, CareLeaver
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement
from safeguard.protection.models import ChildProtectionPlan
from safeguard.workforce.models import Service, Worker

from .sampling import add_years

CASE_HOLDING_ROLES = (Worker.Role.SOCIAL_WORKER, Worker.Role.SENIOR_PRACTITIONER, Worker.Role.ASYE)
DAYS_PER_MONTH = 365.25 / 12


def calibration_figures(as_of: dt.date, years: int = 1) -> dict[str, float]:
    """Every figure keyed by a short name: shares are fractions (0–1), durations months, flows a year (averaged
    over the last `years` years, for a small authority's sake); stocks and caseloads on the day before as-of."""
    day = as_of - dt.timedelta(days=1)  # the last day of the generated history
    since = add_years(as_of, -years)
    return (
        _looked_after(day)
        | _starts_and_ceases(since, as_of, years)
        | _adoption(since, as_of, years)
        | _care_leavers(as_of)
        | _repeat_plans(since, as_of, years)
        | _caseloads(day)
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _in_care_on(day: dt.date):
    return CarePeriod.objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day)


def _looked_after(day: dt.date) -> dict[str, float]:
    """Legal status and placement on the day of every child looked after then (the DfE's 31 March snapshot)."""
    periods = _in_care_on(day)
    running = Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))
    statuses = Counter(
        CareLegalStatus.objects.filter(running, period__in=periods).values_list("legal_status", flat=True)
    )
    placements = list(
        Placement.objects.filter(running, period__in=periods).values_list("placement_type", "distance_miles")
    )
    known = [miles for _, miles in placements if miles is not None]
    total = sum(statuses.values())
    return {
        "looked after": periods.count(),
        "care orders": _share(statuses["C1"] + statuses["C2"], total),
        "placement orders": _share(statuses["E1"], total),
        "section 20": _share(statuses["V2"], total),
        "foster": _share(sum(kind.startswith("U") for kind, _ in placements), len(placements)),
        "children's homes": _share(sum(kind in ("K1", "K2") for kind, _ in placements), len(placements)),
        "over 20 miles": _share(sum(miles > 20 for miles in known), len(known)),
    }


def _starts_and_ceases(since: dt.date, as_of: dt.date, years: int) -> dict[str, float]:
    periods = CarePeriod.objects.all()
    return {
        "starts": periods.filter(start_date__gte=since, start_date__lt=as_of).count() / years,
        "ceases": periods.filter(end_date__gte=since, end_date__lt=as_of).count() / years,
        "looked after earlier": _in_care_on(since - dt.timedelta(days=1)).count(),
    }


def _adoption(since: dt.date, as_of: dt.date, years: int) -> dict[str, float]:
    """Adoptions a year, and A1 (entry to care → moved in) and A2 (placement order → match) of those adopted (over
    at least three years, as the adoption scorecard does)."""
    adopted = AdoptionJourney.objects.filter(adoption_order_date__gte=since, adoption_order_date__lt=as_of)
    scored = AdoptionJourney.objects.filter(
        adoption_order_date__gte=min(since, add_years(as_of, -3)), adoption_order_date__lt=as_of
    ).select_related("period")
    a1, a2 = [], []
    for journey in scored:
        if journey.moved_in_date:
            a1.append((journey.moved_in_date - journey.period.start_date).days)
        if journey.placement_order_date and journey.match_date:
            a2.append((journey.match_date - journey.placement_order_date).days)
    return {
        "adoptions": adopted.count() / years,
        "entry to placed (months)": statistics.mean(a1) / DAYS_PER_MONTH if a1 else 0.0,
        "order to match (months)": statistics.mean(a2) / DAYS_PER_MONTH if a2 else 0.0,
    }


def _care_leavers(as_of: dt.date) -> dict[str, float]:
    """Care leavers at as-of (every category; and the relevant and former relevant aged 17–21, the DfE's "care
    leavers"), and the OC3 outcomes at 19–21 over every birthday record (the yearly counts are small)."""
    seventeen_ago, twenty_two_ago = add_years(as_of, -17), add_years(as_of, -22)
    leaving = CareLeaver.objects.filter(category__in=(Category.RELEVANT, Category.FORMER_RELEVANT))
    rows = list(
        BirthdayContact.objects.filter(age__in=(19, 20, 21)).values_list("in_touch", "activity", "accommodation")
    )
    in_touch = [(activity, accommodation) for touch, activity, accommodation in rows if touch == "YES"]
    return {
        "care leavers": CareLeaver.objects.count(),
        "care leavers 17-21": leaving.filter(
            child__date_of_birth__lte=seventeen_ago, child__date_of_birth__gt=twenty_two_ago
        ).count(),
        "in touch at 19-21": _share(len(in_touch), len(rows)),
        "EET at 19-21": _share(sum(activity[:1] in ("F", "P") for activity, _ in in_touch), len(in_touch)),
        "suitable at 19-21": _share(sum(accommodation.endswith("1") for _, accommodation in in_touch), len(in_touch)),
    }


def _repeat_plans(since: dt.date, as_of: dt.date, years: int) -> dict[str, float]:
    started = ChildProtectionPlan.objects.filter(start_date__gte=since, start_date__lt=as_of)
    return {
        "cp plans started": started.count() / years,
        "second or subsequent plans": _share(started.filter(number_of_previous_plans__gt=0).count(), started.count()),
    }


def _caseloads(day: dt.date) -> dict[str, float]:
    """Children allocated on the day per worker in post: children in care social workers, personal advisers, IROs."""
    figures = {}
    groups = {
        "children in care": Q(team__service=Service.CHILDREN_IN_CARE, role__in=CASE_HOLDING_ROLES),
        "personal adviser": Q(role=Worker.Role.PERSONAL_ADVISER),
        "IRO": Q(role=Worker.Role.IRO),
    }
    current = Q(allocations__start_date__lte=day) & (
        Q(allocations__end_date__isnull=True) | Q(allocations__end_date__gt=day)
    )
    for name, who in groups.items():
        workers = Worker.objects.filter(who, Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day)
        loads = sorted(workers.annotate(children=Count("allocations__child", filter=current, distinct=True))
                       .values_list("children", flat=True))  # fmt: skip
        figures[f"{name} caseload median"] = statistics.median(loads) if loads else 0
        figures[f"{name} caseload max"] = loads[-1] if loads else 0
    return figures


def describe(as_of: dt.date, years: int = 1) -> str:
    """The figures, one a line."""
    lines = []
    for name, value in calibration_figures(as_of, years).items():
        lines.append(f"{name:<32} {value:,.3f}" if isinstance(value, float) else f"{name:<32} {value:,}")
    return "\n".join(lines)
