"""Reads for child protection: a child's records, and the at-risk lists (each over a queryset of children)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from safeguard.people.models import Person
from safeguard.workdays.deadlines import apply_rule, get_rule
from safeguard.workforce.models import Allocation

from .models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ProtectionVisit,
    ProtectiveOrder,
    Section47Enquiry,
    StrategyDiscussion,
)


def _no_conference():
    # NOT EXISTS rather than a LEFT JOIN ... IS NULL: PostgreSQL then drives from the (few) children asked about
    # through the child index instead of joining every enquiry in the city to every conference.
    return ~Exists(InitialChildProtectionConference.objects.filter(section47=OuterRef("pk")))


def open_section47s_qs():
    """Enquiries still open: no conclusion and no conference."""
    return Section47Enquiry.objects.filter(_no_conference(), outcome="")


def awaiting_conference_qs():
    """Enquiries waiting for their ICPC: no conference yet and not concluded "no conference needed"."""
    return Section47Enquiry.objects.filter(_no_conference()).exclude(outcome=Section47Enquiry.Outcome.NO_ICPC)


def open_plans_qs():
    return ChildProtectionPlan.objects.filter(end_date__isnull=True)


# --- One child ------------------------------------------------------------------------------------


def current_plan(person: Person) -> ChildProtectionPlan | None:
    return open_plans_qs().filter(child=person).order_by("-start_date", "-id").first()


def section47_awaiting_conference(person: Person) -> Section47Enquiry | None:
    return awaiting_conference_qs().filter(child=person).order_by("-start_date", "-id").first()


def recent_protective_orders(person: Person, today: dt.date, months: int = 6):
    from dateutil.relativedelta import relativedelta

    since = today - relativedelta(months=months)
    return ProtectiveOrder.objects.filter(child=person).filter(
        Q(start_date__gte=since) | Q(end_date__gte=since) | Q(end_date__isnull=True)
    )


# --- At-risk lists --------------------------------------------------------------------------------


def section47s_past_icpc_target(children: QuerySet, today: dt.date) -> QuerySet[Section47Enquiry]:
    return (
        awaiting_conference_qs()
        .filter(child__in=children, icpc_target_date__lt=today)
        .select_related("child")
        .order_by("icpc_target_date", "id")
    )


def plans_with_overdue_visit(children: QuerySet, today: dt.date) -> QuerySet[ChildProtectionPlan]:
    return (
        open_plans_qs()
        .filter(child__in=children, next_visit_due__lt=today)
        .select_related("child")
        .order_by("next_visit_due", "id")
    )


def _latest_anchor_overdue(interval: int, today: dt.date) -> dt.date:
    """The latest date from which `interval` working days (the cp-visit rule's unit) fall before `today`."""
    rule = get_rule("cp-visit")
    anchor = today - dt.timedelta(days=1)
    while apply_rule(rule, anchor, amount=interval) >= today:
        anchor -= dt.timedelta(days=1)
    return anchor


def plans_child_not_seen(children: QuerySet | None, today: dt.date) -> QuerySet[ChildProtectionPlan]:
    """Open plans whose child has not been SEEN within the plan's interval (from the last time seen, or the start).
    `children=None`: every open plan in the authority (the at-risk queue's candidates).

    Annotated with `last_seen` (None when the child has not been seen since the plan started).
    """
    seen = ProtectionVisit.objects.filter(plan=OuterRef("pk"), child_seen=True).order_by("-visit_date")
    open_plans = open_plans_qs() if children is None else open_plans_qs().filter(child__in=children)
    plans = open_plans.annotate(last_seen=Subquery(seen.values("visit_date")[:1])).annotate(
        seen_anchor=Coalesce("last_seen", "start_date")
    )
    intervals = open_plans.order_by().values_list("visit_interval_working_days", flat=True).distinct()
    condition = Q(pk__in=[])
    for interval in sorted(set(intervals)):
        condition |= Q(visit_interval_working_days=interval, seen_anchor__lte=_latest_anchor_overdue(interval, today))
    return plans.filter(condition).select_related("child").order_by("seen_anchor", "id")


def strategy_discussions_without_outcome(children: QuerySet, today: dt.date) -> QuerySet[StrategyDiscussion]:
    return (
        StrategyDiscussion.objects.filter(child__in=children, decision="", held_on__lte=today)
        .select_related("child")
        .order_by("held_on", "id")
    )


def _no_key_worker(child_field: str):
    return ~Exists(
        Allocation.objects.filter(child=OuterRef(child_field), kind=Allocation.Kind.KEY_WORKER, end_date__isnull=True)
    )


def unallocated_open_s47_or_plan_child_ids() -> tuple[QuerySet, QuerySet]:
    """The children with an open enquiry, and those with an open plan, who have no key worker: two small
    `child_id` querysets (the at-risk queue unions them with the other lists' candidates)."""
    return (
        open_section47s_qs().filter(_no_key_worker("child_id")).values_list("child_id", flat=True),
        open_plans_qs().filter(_no_key_worker("child_id")).values_list("child_id", flat=True),
    )


def unallocated_with_open_s47_or_plan(children: QuerySet) -> QuerySet[Person]:
    key_worker = Allocation.objects.filter(child=OuterRef("pk"), kind=Allocation.Kind.KEY_WORKER, end_date__isnull=True)
    open_s47 = open_section47s_qs().filter(child=OuterRef("pk"))
    open_plan = open_plans_qs().filter(child=OuterRef("pk"))
    return (
        Person.objects.filter(pk__in=children.values("pk"))
        .filter(Exists(open_s47) | Exists(open_plan))
        .exclude(Exists(key_worker))
        .order_by("last_name", "first_name", "id")
    )


def last_seen_on(plan: ChildProtectionPlan) -> dt.date | None:
    return plan.visits.filter(child_seen=True).aggregate(last=Max("visit_date"))["last"]
