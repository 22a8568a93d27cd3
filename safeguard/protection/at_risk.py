"""The child protection lists on the at-risk queue: late ICPCs, overdue visits, children not seen, unallocated
children with an open enquiry or plan, and strategy discussions with no outcome."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse_lazy

from safeguard.queues.at_risk import AtRiskRow, AtRiskSource, late_working_days, register
from safeguard.workdays.deadlines import apply_rule, get_rule

from . import selectors
from .models import StrategyDiscussion


def _awaiting_conference(today: dt.date):
    return selectors.awaiting_conference_qs().filter(icpc_target_date__lt=today).values_list("child_id", flat=True)


# Candidates are only the children who are on each list now (checked again, for the visible ones, by `rows`):
# every open plan in a big city is thousands of children to check for visibility; the overdue ones are a few.
def _visit_overdue(today: dt.date):
    return selectors.open_plans_qs().filter(next_visit_due__lt=today).values_list("child_id", flat=True)


def _not_seen(today: dt.date):
    return selectors.plans_child_not_seen(None, today).order_by().values_list("child_id", flat=True)


def _unallocated(today: dt.date):
    return selectors.unallocated_open_s47_or_plan_child_ids()


def _undecided(today: dt.date):
    return StrategyDiscussion.objects.filter(decision="", held_on__lte=today).values_list("child_id", flat=True)


def late_icpcs(children, today: dt.date) -> list[AtRiskRow]:
    return [
        AtRiskRow(
            child=s47.child,
            late_date=s47.icpc_target_date,
            working_days_late=late_working_days(s47.icpc_target_date, today),
            detail=f"Section 47 started {s47.start_date:%-d %b %Y}",
            url=reverse_lazy("protection:section47", args=[s47.child_id, s47.pk]),
            team=s47.episode.team,
        )
        for s47 in selectors.section47s_past_icpc_target(children, today).select_related("episode__team")
    ]


def overdue_visits(children, today: dt.date) -> list[AtRiskRow]:
    return [
        AtRiskRow(
            child=plan.child,
            late_date=plan.next_visit_due,
            working_days_late=late_working_days(plan.next_visit_due, today),
            detail=f"Plan since {plan.start_date:%-d %b %Y}",
            url=reverse_lazy("protection:plan", args=[plan.child_id, plan.pk]),
            team=plan.episode.team,
        )
        for plan in selectors.plans_with_overdue_visit(children, today).select_related("episode__team")
    ]


def not_seen(children, today: dt.date) -> list[AtRiskRow]:
    rule = get_rule("cp-visit")
    rows = []
    for plan in selectors.plans_child_not_seen(children, today).select_related("episode__team"):
        due = apply_rule(rule, plan.last_seen or plan.start_date, amount=plan.visit_interval_working_days)
        seen = f"Last seen {plan.last_seen:%-d %b %Y}" if plan.last_seen else "Not seen since the plan started"
        rows.append(
            AtRiskRow(
                child=plan.child,
                late_date=due,
                working_days_late=late_working_days(due, today),
                detail=f"{seen} (every {plan.visit_interval_working_days} working days)",
                url=reverse_lazy("protection:plan", args=[plan.child_id, plan.pk]),
                team=plan.episode.team,
            )
        )
    return rows


def unallocated(children, today: dt.date) -> list[AtRiskRow]:
    people = list(selectors.unallocated_with_open_s47_or_plan(children))
    since = _open_protection_since([person.pk for person in people])
    rows = []
    for person in people:
        started, detail, url = since.get(person.pk, (today, "", ""))
        rows.append(
            AtRiskRow(
                child=person,
                late_date=started,
                working_days_late=late_working_days(started, today),
                detail=detail,
                url=url,
            )
        )
    return rows


def _open_protection_since(ids: list[int]) -> dict[int, tuple[dt.date, str, str]]:
    """For each unallocated child, the start of their open plan, else of their open section 47 (two queries)."""
    if not ids:
        return {}
    since: dict[int, tuple[dt.date, str, str]] = {}
    for s47 in selectors.open_section47s_qs().filter(child_id__in=ids).order_by("-start_date"):
        url = reverse_lazy("protection:section47", args=[s47.child_id, s47.pk])
        since[s47.child_id] = (s47.start_date, "Open section 47 enquiry", url)
    for plan in selectors.open_plans_qs().filter(child_id__in=ids).order_by("-start_date"):
        url = reverse_lazy("protection:plan", args=[plan.child_id, plan.pk])
        since[plan.child_id] = (plan.start_date, "Child protection plan", url)
    return since


def strategy_discussions_without_outcome(children, today: dt.date) -> list[AtRiskRow]:
    return [
        AtRiskRow(
            child=sd.child,
            late_date=sd.held_on,
            working_days_late=late_working_days(sd.held_on, today),
            detail="No decision recorded",
            url=reverse_lazy("protection:strategy_discussion", args=[sd.child_id, sd.pk]),
            team=sd.episode.team,
        )
        for sd in selectors.strategy_discussions_without_outcome(children, today).select_related("episode__team")
    ]


register(
    AtRiskSource(
        key="late-icpc",
        title="Section 47 enquiries past their ICPC target",
        date_label="ICPC target",
        order=10,
        candidates=_awaiting_conference,
        rows=late_icpcs,
    )
)
register(
    AtRiskSource(
        key="overdue-visit",
        title="Child protection plans with an overdue visit",
        date_label="Visit due",
        order=20,
        candidates=_visit_overdue,
        rows=overdue_visits,
    )
)
register(
    AtRiskSource(
        key="not-seen",
        title="Children on a plan not seen within the set interval",
        date_label="Should have been seen by",
        order=30,
        candidates=_not_seen,
        rows=not_seen,
    )
)
register(
    AtRiskSource(
        key="unallocated",
        title="Unallocated children with an open section 47 or plan",
        date_label="Open since",
        order=40,
        candidates=_unallocated,
        rows=unallocated,
    )
)
register(
    AtRiskSource(
        key="no-outcome",
        title="Strategy discussions with no outcome",
        date_label="Held on",
        order=50,
        candidates=_undecided,
        rows=strategy_discussions_without_outcome,
    )
)
