"""Ofsted Annex A (ILACS inspections): the workbook of lists 1–11 as the record stood on a date.

Each list has its window relative to `as_of` (the day before the inspection, usually): the six months ending on
`as_of` for the activity lists, twelve months for adoption, "open on `as_of`" for the caseload lists. Anything dated
after `as_of` has not happened yet: a plan that ended later is still open, an authorisation recorded later is blank.
So a workbook built today for a past date is the workbook as it would have been built on that date (apart from
corrections made since, which is what an inspector wants).

Reads are a few set-based queries per list (`values_list`, aggregates, never a query per child); the workbook is
written row by row by XlsxWriter (constant-memory mode). Sheets, headings and coded values come from
`annex_a_template.py`. Where each column comes from, and which stay blank: docs/returns/annex-a.md.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import xlsxwriter
from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, Q
from django.utils import timezone

from safeguard.adoption.models import Adopter, AdoptionJourney
from safeguard.asylum.models import UASCRecord
from safeguard.careleavers.eligibility import CareSpan, Category, derive
from safeguard.careleavers.models import AdviserContact, BirthdayContact, CareLeaver, PathwayPlanReview
from safeguard.carereviews.models import IROContact, LookedAfterReview, StatutoryVisit
from safeguard.casework.models import Assessment, AssessmentChildSeen, CINEpisode, CINPlan, CINPlanVisit
from safeguard.frontdoor.models import Contact
from safeguard.health.models import DentalCheck, HealthAssessment
from safeguard.lac.locations import LocationIndex
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement
from safeguard.lac.selectors import placement_counts
from safeguard.missing.models import MissingEpisode
from safeguard.people.models import Person, PersonDisability
from safeguard.protection.models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ProtectionVisit,
    ProtectiveOrder,
    ReviewConference,
    Section47Enquiry,
)
from safeguard.workforce.models import Allocation

from . import annex_a_template as t
from .registry import Finding, Progress, ReturnKind, ReturnOutput, register

CHILD = "_child"  # the Person pk a row is about (not a column)
DATE_FORMAT = "DD/MM/YYYY"
LONG_TERM_FOSTER_PLACEMENTS = {"U1", "U4"}
EARLY_PERMANENCE_PLACEMENTS = {"ffa", "concurrent"}  # AdoptionJourney.EarlyPermanence values Annex A asks about
# Assessment outcomes that mean the child needs children's social care support (Annex A list 4).
SUPPORT_NEEDED = {"cin_plan": True, "strategy": True, "looked_after": True, "nfa": False, "early_help": False}
ADOPTER_SEXES = {"M1": "M", "F1": "F", "MM": "MM", "FF": "FF", "MF": "MF"}

Row = dict[str, object]


@dataclass
class Context:
    """The date the workbook is for, its windows, and what every list shares (allocations, findings)."""

    as_of: dt.date
    six_months_from: dt.date = field(init=False)  # first day of the six months ending on as_of
    year_from: dt.date = field(init=False)  # first day of the twelve months ending on as_of
    allocations: dict[tuple[int, str], list[tuple]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.six_months_from = self.as_of - relativedelta(months=6) + dt.timedelta(days=1)
        self.year_from = self.as_of - relativedelta(years=1) + dt.timedelta(days=1)

    def known(self, day: dt.date | None) -> dt.date | None:
        """A date only counts if it had happened by as_of."""
        return day if day is not None and day <= self.as_of else None

    def open_on_as_of(self, end: dt.date | None) -> bool:
        """Something ending on `end` (the day it ended) was still open on as_of."""
        return end is None or end > self.as_of

    def moment(self, day: dt.date) -> dt.datetime:
        """The start of `day` in local time, for filtering date-time fields by day."""
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    def allocated(self, child_id: int, kind: str = Allocation.Kind.KEY_WORKER, *, latest_if_none: bool = True):
        """(team, worker) allocated on as_of; for a case closed by then, the last one before (who held the case)."""
        rows = self.allocations.get((child_id, kind), [])
        current = [row for row in rows if self.open_on_as_of(row[1])]
        chosen = current[-1] if current else (rows[-1] if rows and latest_if_none else None)
        return (chosen[2], chosen[3]) if chosen else (None, None)


def _load_allocations(ctx: Context) -> None:
    rows = (
        Allocation.objects.filter(
            start_date__lte=ctx.as_of, kind__in=[Allocation.Kind.KEY_WORKER, Allocation.Kind.PERSONAL_ADVISER]
        )
        .order_by("start_date", "pk")
        .values_list(
            "child_id", "kind", "start_date", "end_date", "team__name", "worker__first_name", "worker__last_name"
        )
    )
    found: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for child_id, kind, start, end, team, first, last in rows:
        found[(child_id, kind)].append((start, end, team, f"{first} {last}".strip()))
    ctx.allocations = found


def _latest_by(rows: Iterable[tuple]) -> dict:
    """{key: value} keeping the last value seen per key (rows ordered oldest first)."""
    return {key: value for key, value in rows}


# --- List 1: contacts in the six months ------------------------------------------------------------------


def list_1_contacts(ctx: Context) -> list[Row]:
    contacts = Contact.objects.filter(
        received_at__gte=ctx.moment(ctx.six_months_from), received_at__lt=ctx.moment(ctx.as_of + dt.timedelta(days=1))
    )
    return [
        {
            CHILD: child_id,
            "Date of Contact": timezone.localtime(received).date(),
            "Contact Source": t.coded(t.SOURCE, source),
        }
        for child_id, received, source in contacts.order_by("received_at", "pk").values_list(
            "child_id", "received_at", "source"
        )
    ]


# --- List 2: early help (Safeguard records none: the sheet has its headings only) --------------------------


def list_2_early_help(ctx: Context) -> list[Row]:
    return []


# --- List 3: referrals in the six months -----------------------------------------------------------------


def list_3_referrals(ctx: Context) -> list[Row]:
    referrals = CINEpisode.objects.filter(referral_date__gte=ctx.six_months_from, referral_date__lte=ctx.as_of)
    in_year = dict(
        CINEpisode.objects.filter(
            child__in=referrals.values("child_id"), referral_date__gte=ctx.year_from, referral_date__lte=ctx.as_of
        )
        .values("child_id")
        .annotate(referrals=Count("pk"))
        .values_list("child_id", "referrals")
    )
    return [
        {
            CHILD: child_id,
            "Date of referral": referred,
            "Referral Source": t.coded(t.SOURCE, source),
            "Referral NFA?": t.yes_no(nfa),
            "Number of Referrals in Last 12 Months": in_year.get(child_id, 0),
        }
        for child_id, referred, source, nfa in referrals.order_by("referral_date", "pk").values_list(
            "child_id", "referral_date", "referral_source", "referral_nfa"
        )
    ]


# --- List 4: assessments open at any point in the six months -----------------------------------------------


def list_4_assessments(ctx: Context) -> list[Row]:
    assessments = Assessment.objects.filter(start_date__lte=ctx.as_of).filter(
        Q(authorised_date__isnull=True) | Q(authorised_date__gte=ctx.six_months_from)
    )
    seen = set(
        AssessmentChildSeen.objects.filter(assessment__in=assessments.values("pk"), seen_on__lte=ctx.as_of)
        .values_list("assessment_id", flat=True)
        .distinct()
    )
    rows = []
    for pk, child_id, start, authorised, outcome in assessments.order_by("start_date", "pk").values_list(
        "pk", "child_id", "start_date", "authorised_date", "outcome"
    ):
        authorised = ctx.known(authorised)
        support = None
        if authorised and outcome:
            support = t.yes_no(SUPPORT_NEEDED[outcome]) if outcome in SUPPORT_NEEDED else t.UNKNOWN
        rows.append(
            {
                CHILD: child_id,
                "Continuous Assessment Start Date": start,
                "Child Seen During Continuous Assessment": t.yes_no(pk in seen),
                "Continuous Assessment Date of Authorisation": authorised,
                "Was the child assessed as requiring LA children's social care support?": support,
            }
        )
    return rows


# --- List 5: section 47 enquiries open at any point in the six months --------------------------------------


def list_5_section47(ctx: Context) -> list[Row]:
    no_icpc = Section47Enquiry.Outcome.NO_ICPC
    enquiries = (
        Section47Enquiry.objects.filter(start_date__lte=ctx.as_of)
        .exclude(conference__conference_date__lt=ctx.six_months_from)
        .exclude(outcome=no_icpc, outcome_date__lt=ctx.six_months_from)
    )
    children = enquiries.values("child_id")
    s47_counts = _count_by_child(
        Section47Enquiry.objects.filter(child__in=children, start_date__gte=ctx.year_from, start_date__lte=ctx.as_of)
    )
    icpc_counts = _count_by_child(
        InitialChildProtectionConference.objects.filter(
            child__in=children, conference_date__gte=ctx.year_from, conference_date__lte=ctx.as_of
        )
    )
    rows = []
    for child_id, discussed, outcome, outcome_date, icpc, icpc_outcome in enquiries.order_by(
        "strategy_discussion__held_on", "start_date", "pk"
    ).values_list(
        "child_id", "strategy_discussion__held_on", "outcome", "outcome_date", "conference__conference_date",
        "conference__outcome",
    ):  # fmt: skip
        icpc = ctx.known(icpc)
        decided = ctx.known(outcome_date) is not None
        unnecessary = t.NO if icpc else (t.yes_no(outcome == no_icpc) if decided and outcome else None)
        rows.append(
            {
                CHILD: child_id,
                "Strategy discussion initiating Section 47 Enquiry Start Date": discussed,
                "Was an Initial Child Protection Conference deemed unnecessary?": unnecessary,
                "Date of Initial Child Protection Conference": icpc,
                "Did the Initial Child Protection Conference Result in a Child Protection Plan": (
                    t.yes_no(icpc_outcome == InitialChildProtectionConference.Outcome.PLAN) if icpc else None
                ),
                "Number of Section 47 Enquiries in the last 12 months": s47_counts.get(child_id, 0),
                "Number of ICPCs in the last 12 months": icpc_counts.get(child_id, 0),
            }
        )
    return rows


def _count_by_child(queryset) -> dict[int, int]:
    return dict(queryset.values("child_id").annotate(n=Count("pk")).values_list("child_id", "n"))


# --- List 6: children in need, open on as_of or closed in the six months -----------------------------------


def list_6_children_in_need(ctx: Context) -> list[Row]:
    episodes = (
        CINEpisode.objects.filter(referral_date__lte=ctx.as_of, referral_nfa=False)
        .filter(Q(close_date__isnull=True) | Q(close_date__gte=ctx.six_months_from))
        .order_by("child_id", "referral_date", "pk")
    )
    # One row per child: their latest episode in scope.
    latest = _latest_by(
        (row[0], row)
        for row in episodes.values_list("child_id", "referral_date", "primary_need", "close_date", "close_reason")
    )
    children = episodes.values("child_id")
    seen = _seen_dates(ctx, children)
    open_now = _open_statuses(ctx, children)
    rows = []
    for child_id, referred, need, closed, reason in sorted(latest.values(), key=lambda r: (r[1], r[0])):
        closed = ctx.known(closed)
        status = t.CASE_STATUS_CLOSED if closed else next((s for s, ids in open_now if child_id in ids), None)
        if status is None:
            ctx.findings.append(
                Finding(child_id, "List 6", "Case Status", "Open episode with no plan, assessment or care on the date")
            )
        rows.append(
            {
                CHILD: child_id,
                "CIN Start Date": referred,
                "Primary Need Code": t.coded(t.NEED, need),
                "Date Child Was Last Seen": _last_within(seen.get(child_id, []), referred, closed or ctx.as_of),
                "CIN Closure Date": closed,
                "Reason for Closure": t.coded(t.CLOSURE_REASON, reason) if closed else None,
                "Case Status": status,
            }
        )
    return rows


def _seen_dates(ctx: Context, children) -> dict[int, list[dt.date]]:
    """Every day each child was seen by a social worker up to as_of (assessments, CIN, CP and looked-after visits)."""
    sources = [
        AssessmentChildSeen.objects.filter(assessment__child__in=children).values_list(
            "assessment__child_id", "seen_on"
        ),
        CINPlanVisit.objects.filter(plan__child__in=children, child_seen=True).values_list(
            "plan__child_id", "visit_date"
        ),
        ProtectionVisit.objects.filter(plan__child__in=children, child_seen=True).values_list(
            "plan__child_id", "visit_date"
        ),
        StatutoryVisit.objects.filter(child__in=children, child_seen=True).values_list("child_id", "visit_date"),
    ]
    seen: dict[int, list[dt.date]] = defaultdict(list)
    for source in sources:
        for child_id, day in source:
            if day <= ctx.as_of:
                seen[child_id].append(day)
    return {child_id: sorted(days) for child_id, days in seen.items()}


def _last_within(days: list[dt.date], first: dt.date, last: dt.date) -> dt.date | None:
    index = bisect.bisect_right(days, last)
    return days[index - 1] if index and days[index - 1] >= first else None


def _open_statuses(ctx: Context, children) -> list[tuple[str, set[int]]]:
    """Case status sets in Annex A's order of precedence: who was looked after, on a plan, being assessed."""

    def open_on(model, start: str, end: str) -> set[int]:
        rows = model.objects.filter(child__in=children, **{f"{start}__lte": ctx.as_of}).filter(
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": ctx.as_of})
        )
        return set(rows.values_list("child_id", flat=True))

    return [
        (t.CASE_STATUS_LOOKED_AFTER, open_on(CarePeriod, "start_date", "end_date")),
        (t.CASE_STATUS_CP_PLAN, open_on(ChildProtectionPlan, "start_date", "end_date")),
        (t.CASE_STATUS_CIN_PLAN, open_on(CINPlan, "start_date", "end_date")),
        (t.CASE_STATUS_ASSESSMENT, open_on(Assessment, "start_date", "authorised_date")),
    ]


# --- List 7: child protection plans open on as_of or ended in the six months -------------------------------


def list_7_child_protection(ctx: Context) -> list[Row]:
    plans = ChildProtectionPlan.objects.filter(start_date__lte=ctx.as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=ctx.six_months_from)
    )
    plan_ids = plans.values("pk")
    reviews: dict[int, list[tuple]] = defaultdict(list)
    for plan_id, held, category in (
        ReviewConference.objects.filter(plan__in=plan_ids)
        .order_by("held_on", "pk")
        .values_list("plan_id", "held_on", "category")
    ):
        reviews[plan_id].append((held, category))
    visits = _latest_by(
        (plan_id, (day, alone))
        for plan_id, day, alone in ProtectionVisit.objects.filter(plan__in=plan_ids, visit_date__lte=ctx.as_of)
        .order_by("visit_date", "pk")
        .values_list("plan_id", "visit_date", "seen_alone")
    )
    protected = set(
        ProtectiveOrder.objects.filter(child__in=plans.values("child_id"), start_date__lte=ctx.as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=ctx.six_months_from))
        .values_list("child_id", flat=True)
    )
    rows = []
    for pk, child_id, start, end, initial, latest, previous in plans.order_by("start_date", "pk").values_list(
        "pk", "child_id", "start_date", "end_date", "initial_category", "latest_category", "number_of_previous_plans"
    ):
        held = [day for day, _ in reviews[pk] if day <= ctx.as_of]
        visit_day, alone = visits.get(pk, (None, None))
        rows.append(
            {
                CHILD: child_id,
                "Child Protection Plan Start Date": start,
                "Initial Category of Abuse": t.coded(t.CATEGORY_OF_ABUSE, initial),
                "Latest Category of Abuse": t.coded(
                    t.CATEGORY_OF_ABUSE, _latest_category(ctx, reviews[pk], initial, latest)
                ),
                "Date of the Last Statutory Visit": visit_day,
                "Was the Child Seen Alone?": t.yes_no(alone) if visit_day else None,
                "Date of latest review conference": held[-1] if held else None,
                "Child Protection Plan End Date": ctx.known(end),
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)": (
                    t.yes_no(child_id in protected)
                ),
                "Number of Previous Child Protection Plans": previous,
            }
        )
    return rows


def _latest_category(ctx: Context, reviews: list[tuple], initial: str, latest: str) -> str:
    """The category after the last review held by as_of; the plan's own latest when nothing changed it since."""
    before = [category for day, category in reviews if day <= ctx.as_of and category]
    changed_after = any(category for day, category in reviews if day > ctx.as_of)
    if changed_after:
        return before[-1] if before else initial
    return latest or (before[-1] if before else initial)


# --- List 8: children looked after on as_of or who ceased in the six months --------------------------------


def list_8_children_in_care(ctx: Context) -> list[Row]:
    periods = CarePeriod.objects.filter(start_date__lte=ctx.as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=ctx.six_months_from)
    )
    period_ids, children = periods.values("pk"), periods.values("child_id")
    statuses = _latest_by(
        (period_id, (status, start))
        for period_id, status, start in CareLegalStatus.objects.filter(period__in=period_ids, start_date__lte=ctx.as_of)
        .order_by("start_date", "pk")
        .values_list("period_id", "legal_status", "start_date")
    )
    placements = _latest_by(
        (row[0], row[1:])
        for row in Placement.objects.filter(period__in=period_ids, start_date__lte=ctx.as_of)
        .order_by("start_date", "pk")
        .values_list(
            "period_id", "start_date", "placement_type", "provider", "postcode", "urn", "out_of_area",
            "long_term_foster_agreed_on",
        )
    )  # fmt: skip
    locations = LocationIndex.for_postcodes({row[3] for row in placements.values() if row[3]})
    latest = {
        "review": _max_per(LookedAfterReview.objects.filter(period__in=period_ids), "period_id", "review_date", ctx),
        "visit": _max_per(StatutoryVisit.objects.filter(period__in=period_ids), "period_id", "visit_date", ctx),
        "iro": _max_per(IROContact.objects.filter(period__in=period_ids), "period_id", "contact_date", ctx),
        "health": _max_per(HealthAssessment.objects.filter(child__in=children), "child_id", "assessment_date", ctx),
        "dental": _max_per(DentalCheck.objects.filter(child__in=children), "child_id", "check_date", ctx),
    }
    moves = placement_counts(children, ctx.as_of)
    earlier_ends = defaultdict(list)
    for child_id, ended in CarePeriod.objects.filter(
        child__in=children, end_date__gte=ctx.year_from, end_date__lte=ctx.as_of
    ).values_list("child_id", "end_date"):
        earlier_ends[child_id].append(ended)
    uasc = set(
        UASCRecord.objects.filter(child__in=children, became_uasc_on__lte=ctx.as_of)
        .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gte=ctx.year_from))
        .values_list("child_id", flat=True)
    )
    adoption_planned = set(
        AdoptionJourney.objects.filter(period__in=period_ids, decision_date__lte=ctx.as_of)
        .filter(Q(reversed_date__isnull=True) | Q(reversed_date__gt=ctx.as_of))
        .values_list("period_id", flat=True)
    )
    missing = _missing_from_placement(ctx, children)
    rows = []
    for pk, child_id, start, end, reason, need in periods.order_by("start_date", "pk").values_list(
        "pk", "child_id", "start_date", "end_date", "end_reason", "category_of_need"
    ):
        end = ctx.known(end)
        status, status_start = statuses.get(pk, (None, None))
        placed, kind, provider, postcode, urn, out_of_area, long_term_on = placements.get(pk, (None,) * 7)
        located = locations.find(postcode) if postcode else None
        if pk in adoption_planned:
            permanence = t.PERMANENCE_ADOPTION
        elif kind in LONG_TERM_FOSTER_PLACEMENTS or ctx.known(long_term_on):
            permanence = t.PERMANENCE_LONG_TERM_FOSTERING
        else:
            permanence = None
        counts = missing.get(child_id, {})
        rows.append(
            {
                CHILD: child_id,
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": t.yes_no(child_id in uasc),
                "Date Started to be Looked After": start,
                "Child's Category of Need": t.coded(t.NEED, need),
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)": (
                    t.yes_no(any(ended <= start for ended in earlier_ends[child_id]))
                ),
                "Start date of current legal status": status_start,
                "Child's Legal Status": t.coded(t.LEGAL_STATUS, status),
                "Date of Latest Statutory Review": latest["review"].get(pk),
                "Date of Last Social Work Visit": latest["visit"].get(pk),
                "What is the permanence plan for this child?": permanence,
                "Date of Last IRO Visit / Contact to the Child": latest["iro"].get(pk),
                "Date of Last Health Assessment": latest["health"].get(child_id),
                "Date of Last Dental Check": latest["dental"].get(child_id),
                "Number of Placements in the Last 12 months": moves.get(child_id, 0),
                "Date Ceased to be Looked After": end,
                "Reason Ceased to be Looked After": t.coded(t.REASON_CEASED, reason) if end else None,
                "Start Date of Most Recent Placement": placed,
                "Placement Type": t.coded(t.PLACEMENT_TYPE, kind),
                "Placement Provider": t.coded(t.PLACEMENT_PROVIDER, provider),
                "Placement postcode": postcode or None,
                "URN of Placement": urn or None,
                "Placement Location": t.PLACEMENT_LOCATION.get(out_of_area),
                "LA of Placement": located[2] if located else None,
                "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": (
                    counts.get("M", 0)
                ),
                "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": (
                    counts.get("A", 0)
                ),
                "Was the child offered a Return Interview after their last missing episode (Y/N)?": counts.get(
                    "offered"
                ),
                "Did the child accept a Return Interview after their last missing episode (Y/N)?": counts.get(
                    "accepted"
                ),
            }
        )
    return rows


def _max_per(queryset, key: str, day_field: str, ctx: Context) -> dict[int, dt.date]:
    rows = queryset.filter(**{f"{day_field}__lte": ctx.as_of}).values(key).annotate(last=Max(day_field))
    return dict(rows.values_list(key, "last"))


def _missing_from_placement(ctx: Context, children) -> dict[int, dict]:
    """Per child: missing (M) and absent (A) episodes from placement starting in the twelve months, and whether a
    return interview was offered and accepted after the last one that had ended by as_of."""
    end_of_day = ctx.moment(ctx.as_of + dt.timedelta(days=1))
    episodes = MissingEpisode.objects.filter(
        child__in=children,
        missing_from=MissingEpisode.MissingFrom.CARE_PLACEMENT,
        start_at__gte=ctx.moment(ctx.year_from),
        start_at__lt=end_of_day,
    ).order_by("start_at", "pk")
    found: dict[int, dict] = defaultdict(dict)
    for child_id, kind, ended, offered, response in episodes.values_list(
        "child_id", "missing_type", "end_at", "return_interview__offered_at", "return_interview__response"
    ):
        counts = found[child_id]
        counts[kind] = counts.get(kind, 0) + 1
        if ended is None or ended >= end_of_day:
            continue  # still missing on as_of: no return interview is due yet
        was_offered = offered is not None and offered < end_of_day
        counts["offered"] = t.yes_no(was_offered)
        if not was_offered:
            counts["accepted"] = None
        else:
            counts["accepted"] = {"accepted": t.YES, "declined": t.NO}.get(response, t.UNKNOWN)
    return found


# --- List 9: care leavers and eligible children on as_of -------------------------------------------------


def list_9_care_leavers(ctx: Context) -> list[Row]:
    born_after, born_by = ctx.as_of - relativedelta(years=25), ctx.as_of - relativedelta(years=16)
    candidates = Person.objects.filter(
        care_periods__start_date__lte=ctx.as_of, date_of_birth__gt=born_after, date_of_birth__lte=born_by
    ).values("pk")
    spans = _care_spans(ctx, candidates)
    extended = set(CareLeaver.objects.filter(extended_to_25=True).values_list("child_id", flat=True))
    births = dict(Person.objects.filter(pk__in=candidates).values_list("pk", "date_of_birth"))
    categories = {}
    for child_id, child_spans in spans.items():
        found = derive(child_spans, births[child_id], as_of=ctx.as_of, extended_to_25=child_id in extended)
        if found.category != Category.NONE:
            categories[child_id] = found.category
    ever_uasc = set(UASCRecord.objects.filter(became_uasc_on__lte=ctx.as_of).values_list("child_id", flat=True))
    reviews = _max_per(PathwayPlanReview.objects.all(), "child_id", "review_date", ctx)
    last_contact = _max_per(AdviserContact.objects.filter(in_touch=True), "child_id", "contact_date", ctx)
    position = _care_leaver_position(ctx)
    rows = []
    for child_id in sorted(categories, key=lambda pk: births[pk]):
        team, worker = ctx.allocated(child_id, latest_if_none=False)
        _, adviser = ctx.allocated(child_id, Allocation.Kind.PERSONAL_ADVISER, latest_if_none=False)
        in_touch, accommodation, activity = position.get(child_id, ("", "", ""))
        eligible_child = categories[child_id] == Category.ELIGIBLE  # still in care: the leaving-care columns are blank
        rows.append(
            {
                CHILD: child_id,
                "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)": (
                    t.yes_no(child_id in ever_uasc)
                ),
                "Allocated Team": team,
                "Allocated Worker": worker,
                "Allocated Personal Advisor": adviser,
                "Eligibility Category": t.ELIGIBILITY[categories[child_id]],
                "Latest Pathway Plan Review Date": reviews.get(child_id),
                "LA in Touch": None if eligible_child else t.coded(t.IN_TOUCH, in_touch),
                "Latest Date of Contact": last_contact.get(child_id),
                "Type of Accommodation": None if eligible_child else t.coded(t.ACCOMMODATION, accommodation[:1]),
                "Suitability of Accommodation": None if eligible_child else t.coded(t.SUITABILITY, accommodation[1:]),
                "Activity Status": None if eligible_child else t.coded(t.ACTIVITY, activity),
            }
        )
    return rows


def _care_spans(ctx: Context, children) -> dict[int, list[CareSpan]]:
    """Each child's care history up to as_of as spans of one legal status (as careleavers.selectors.care_spans,
    for many children at once); a period or status that ended after as_of is still running."""
    periods = CarePeriod.objects.filter(child__in=children, start_date__lte=ctx.as_of).order_by("start_date", "pk")
    by_period: dict[int, list[tuple]] = defaultdict(list)
    for period_id, status, start, end in (
        CareLegalStatus.objects.filter(period__in=periods.values("pk"), start_date__lte=ctx.as_of)
        .order_by("start_date", "pk")
        .values_list("period_id", "legal_status", "start_date", "end_date")
    ):
        by_period[period_id].append((status, start, ctx.known(end)))
    spans: dict[int, list[CareSpan]] = defaultdict(list)
    for pk, child_id, start, end, reason in periods.values_list(
        "pk", "child_id", "start_date", "end_date", "end_reason"
    ):
        end = ctx.known(end)
        reason = reason if end else ""
        statuses = by_period.get(pk) or []
        if not statuses:
            spans[child_id].append(CareSpan(start, end, "", reason))
            continue
        for index, (status, status_start, status_end) in enumerate(statuses):
            last = index == len(statuses) - 1
            span_end = end if last else status_end or statuses[index + 1][1]
            spans[child_id].append(CareSpan(status_start, span_end, status, reason if last else ""))
    return spans


def _care_leaver_position(ctx: Context) -> dict[int, tuple[str, str, str]]:
    """(in touch, ACCOM, ACTIV) on as_of: the latest birthday (OC3) record, with in touch overridden by any
    adviser contact after it (which says only whether the young person was reached)."""
    position: dict[int, tuple[dt.date, str, str, str]] = {}
    for child_id, birthday, contacted, in_touch, accommodation, activity in (
        BirthdayContact.objects.filter(birthday__lte=ctx.as_of)
        .order_by("birthday", "pk")
        .values_list("child_id", "birthday", "contact_date", "in_touch", "accommodation", "activity")
    ):
        position[child_id] = (ctx.known(contacted) or birthday, in_touch, accommodation, activity)
    for child_id, day, reached in (
        AdviserContact.objects.filter(contact_date__lte=ctx.as_of)
        .order_by("contact_date", "pk")
        .values_list("child_id", "contact_date", "in_touch")
    ):
        since, _, accommodation, activity = position.get(child_id, (None, "", "", ""))
        if since is None or day > since:
            position[child_id] = (day, "YES" if reached else "NO", accommodation, activity)
    return {child_id: row[1:] for child_id, row in position.items()}


# --- List 10: children with an adoption decision open on as_of, or decided, adopted or reversed in 12 months --


def list_10_adoption(ctx: Context) -> list[Row]:
    journeys = AdoptionJourney.objects.filter(decision_date__lte=ctx.as_of).order_by("decision_date", "pk")
    rows = []
    for row in journeys.values_list(
        "child_id", "adopter_id", "period__start_date", "decision_date", "placement_order_date", "match_date",
        "placed_date", "adoption_order_date", "reversed_date", "reversed_reason", "early_permanence",
        "early_permanence_placed_date",
    ):  # fmt: skip
        child_id, adopter_id, entered, decided, order, matched, placed, adopted, reversed_on, why, early, early_on = row
        matched, adopted, reversed_on = ctx.known(matched), ctx.known(adopted), ctx.known(reversed_on)
        still_open = adopted is None and reversed_on is None
        recent = any(day and day >= ctx.year_from for day in (decided, adopted, reversed_on))
        if not (still_open or recent):
            continue
        rows.append(
            {
                CHILD: child_id,
                "Family identifier": _household(adopter_id) if matched else None,
                "Date the Child Entered Care": entered,
                "Date of Decision that Child Should be Placed for Adoption": decided,
                "Date of Placement Order": ctx.known(order),
                "Date of Matching Child and Prospective Adopters": matched,
                "Date Placed for Adoption": ctx.known(placed),
                "Date of Adoption Order": adopted,
                "Date of Decision that Child Should No Longer be Placed for Adoption": reversed_on,
                "Reason Why Child No Longer Placed for Adoption": (
                    t.coded(t.NO_LONGER_PLACED_REASON, why) if reversed_on else None
                ),
                "Date the child was placed for fostering in FFA or concurrent planning placement": (
                    ctx.known(early_on) if early in EARLY_PERMANENCE_PLACEMENTS else None
                ),
            }
        )
    return rows


def _household(adopter_id: int | None) -> str | None:
    return f"AD{adopter_id:06d}" if adopter_id else None


# --- List 11: adopter households in the process at any point in the twelve months ---------------------------
# (enquired by as_of, not left before the twelve months, and not finished: every child adopted before them)


def list_11_adopters(ctx: Context) -> list[Row]:
    adopters = Adopter.objects.filter(enquiry_date__lte=ctx.as_of).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=ctx.year_from)
    )
    journeys: dict[int, list[tuple]] = defaultdict(list)
    for adopter_id, matched, placed, adopted in AdoptionJourney.objects.filter(
        adopter__in=adopters.values("pk")
    ).values_list("adopter_id", "match_date", "placed_date", "adoption_order_date"):
        journeys[adopter_id].append((ctx.known(matched), ctx.known(placed), ctx.known(adopted)))
    rows = []
    for adopter in adopters.order_by("enquiry_date", "pk").values(
        "pk", "number_of_adopters", "sexes", "fostering_for_adoption", "enquiry_date", "stage1_started_on",
        "stage1_ended_on", "stage2_started_on", "stage2_ended_on", "application_on", "approved_on", "left_on",
        "left_reason",
    ):  # fmt: skip
        children = journeys[adopter["pk"]]
        if _finished_before(ctx, children):
            continue
        matches = [m for m, _, _ in children if m]
        placements = [p for _, p, _ in children if p]
        orders = [a for _, _, a in children if a]
        left = ctx.known(adopter["left_on"])
        reason = adopter["left_reason"]
        if left and reason and reason not in t.ADOPTER_LEFT_REASON:
            ctx.findings.append(
                Finding(None, "List 11", "Reason for leaving adoption process",
                        f"Adopter household {_household(adopter['pk'])} left for a reason Annex A has no code for "
                        f"({reason})")
            )  # fmt: skip
        household = {
            "Family identifier": _household(adopter["pk"]),
            "Is the (prospective) adopter fostering for adoption?": t.yes_no(adopter["fostering_for_adoption"]),
            "Date enquiry received": adopter["enquiry_date"],
            "Date Stage 1 started": ctx.known(adopter["stage1_started_on"]),
            "Date Stage 1 ended": ctx.known(adopter["stage1_ended_on"]),
            "Date Stage 2 started": ctx.known(adopter["stage2_started_on"]),
            "Date Stage 2 ended": ctx.known(adopter["stage2_ended_on"]),
            "Date application submitted": ctx.known(adopter["application_on"]),
            "Date application approved": ctx.known(adopter["approved_on"]),
            "Date adopter matched with child(ren)": min(matches) if matches else None,
            "Date child/children placed with adopter(s)": min(placements) if placements else None,
            "No. of children placed": len(placements),
            "Date of Adoption Order": max(orders) if orders else None,
            "Date of leaving adoption process": left,
            "Reason for leaving adoption process": t.coded(t.ADOPTER_LEFT_REASON, reason) if left else None,
        }
        for number, sex in enumerate(_adopter_sexes(adopter["sexes"], adopter["number_of_adopters"]), start=1):
            rows.append(
                {
                    CHILD: None,
                    "Individual adopter identifier": f"{_household(adopter['pk'])}-{number}",
                    "Gender": t.coded(t.GENDER, sex),
                    **household,
                }
            )
    return rows


def _finished_before(ctx: Context, children: list[tuple]) -> bool:
    """Every child placed with the household was adopted before the twelve months: they were no longer in the
    process (households are not always marked as having left once their adoption is complete)."""
    return bool(children) and all(adopted and adopted < ctx.year_from for _, _, adopted in children)


def _adopter_sexes(sexes: str, number: int) -> list[str]:
    """One entry per adopter: the household's SSDA903 SEX_ADOPTR split (MF → a man and a woman)."""
    letters = list(ADOPTER_SEXES.get(sexes, ""))
    return letters if letters else [""] * max(number, 1)


# --- The workbook -----------------------------------------------------------------------------------------

LISTS = [
    ("List 1", list_1_contacts),
    ("List 2", list_2_early_help),
    ("List 3", list_3_referrals),
    ("List 4", list_4_assessments),
    ("List 5", list_5_section47),
    ("List 6", list_6_children_in_need),
    ("List 7", list_7_child_protection),
    ("List 8", list_8_children_in_care),
    ("List 9", list_9_care_leavers),
    ("List 10", list_10_adoption),
    ("List 11", list_11_adopters),
]


@dataclass
class AnnexA:
    workbook: bytes
    person_ids: set[int]
    findings: list[Finding]
    row_counts: dict[str, int]


def annex_a_build(*, as_of: dt.date, progress: Progress | None = None) -> AnnexA:
    """The Annex A workbook (xlsx bytes) as the record stood on `as_of`."""
    report = progress or (lambda step, done, total: None)
    total = len(LISTS) + 1
    ctx = Context(as_of)
    _load_allocations(ctx)
    lists: dict[str, list[Row]] = {}
    for done, (sheet, build) in enumerate(LISTS):
        report(f"{sheet}: {t.TITLES[sheet]}", done, total)
        lists[sheet] = build(ctx)
    report("Writing the workbook", len(LISTS), total)
    person_ids = {row[CHILD] for rows in lists.values() for row in rows if row[CHILD] is not None}
    content = _workbook(ctx, lists, _children(ctx, person_ids))
    report("Done", total, total)
    return AnnexA(content, person_ids, ctx.findings, {sheet: len(rows) for sheet, rows in lists.items()})


def _children(ctx: Context, person_ids: set[int]) -> dict[int, Row]:
    """The columns every list shares, once per child."""
    disabled = set(
        PersonDisability.objects.exclude(code="NONE")
        .filter(recorded_on__lte=ctx.as_of)
        .values_list("person_id", flat=True)
    )
    found = {}
    for chunk in _chunks(sorted(person_ids), 500):
        for pk, la_id, sex, ethnicity, born in Person.objects.filter(pk__in=chunk).values_list(
            "pk", "la_person_id", "sex", "ethnicity", "date_of_birth"
        ):
            born = ctx.known(born)
            found[pk] = {
                "Child Unique ID": la_id,
                "Gender": t.coded(t.GENDER, sex),
                "Ethnicity": t.coded(t.ETHNICITY, ethnicity),
                "Date of Birth": born,
                "Age of Child (Years)": relativedelta(ctx.as_of, born).years if born else None,
                t.DISABILITY: t.yes_no(pk in disabled),
            }
    return found


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _workbook(ctx: Context, lists: dict[str, list[Row]], children: dict[int, Row]) -> bytes:
    """The xlsx, written row by row (XlsxWriter's constant-memory mode: no cell objects, a big city's ≈ 760,000
    cells in a few seconds)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "default_date_format": DATE_FORMAT})
    bold = book.add_format({"bold": True})
    for sheet, rows in lists.items():
        headings = t.LISTS[sheet]
        sheet_out = book.add_worksheet(sheet)
        sheet_out.write_row(0, 0, headings, bold)
        for number, row in enumerate(rows, start=1):
            child_id = row[CHILD]
            shared = children.get(child_id, {}) if child_id is not None else {}
            if child_id is not None and "Allocated Team" in headings and "Allocated Team" not in row:
                row["Allocated Team"], row["Allocated Worker"] = ctx.allocated(child_id)
            _write_cells(sheet_out, number, [row[h] if h in row else shared.get(h) for h in headings])
    book.close()
    return out.getvalue()


def _write_cells(sheet, number: int, values: list) -> None:
    """One row, each value through its typed writer: XlsxWriter's generic `write` checks every string for a
    formula, a number or a URL (most of its time on ≈ 770,000 cells), and would turn a value starting with "=" into
    a formula. A blank cell is not written at all."""
    for column, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            sheet.write_string(number, column, value)
        elif isinstance(value, dt.date):  # datetime too: the workbook's default date format applies
            sheet.write_datetime(number, column, value)
        elif isinstance(value, bool):
            sheet.write_boolean(number, column, value)
        elif isinstance(value, int | float):
            sheet.write_number(number, column, value)
        else:
            sheet.write(number, column, value)


def _build_return(*, as_of: dt.date, progress: Progress | None = None) -> ReturnOutput:
    result = annex_a_build(as_of=as_of, progress=progress)
    return ReturnOutput(
        files={f"annex-a-{as_of.isoformat()}.xlsx": result.workbook},
        person_ids=result.person_ids,
        findings=result.findings,
    )


register(
    ReturnKind(
        key="annex-a",
        title="Ofsted Annex A",
        period="as_of",
        output="file",
        suffix=".xlsx",
        build=_build_return,
        description="Ofsted's Annex A lists 1-11 (xlsx) for an inspection, as the record stood on a date.",
    )
)
