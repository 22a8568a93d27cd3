"""Child protection work items, computed from the stored derived deadlines."""

from django.db.models import Exists, OuterRef
from django.urls import reverse_lazy as reverse  # resolved only for the rows a page shows

from safeguard.workforce.work import WorkItem, register

from .models import ChildProtectionPlan, CoreGroupMeeting, StrategyDiscussion
from .selectors import awaiting_conference_qs, open_plans_qs

CHILD = ("child__id", "child__first_name", "child__last_name")


def _item(record, kind, due, url):
    return WorkItem(child_id=record.child_id, child_name=record.child.full_name, kind=kind, due_date=due, url=url)


@register
def icpcs_due(children):
    enquiries = (
        awaiting_conference_qs()
        .filter(child__in=children)
        .select_related("child")
        .only("id", "icpc_target_date", *CHILD)
    )
    for s47 in enquiries:
        url = reverse("protection:section47", args=[s47.child_id, s47.pk])
        yield _item(s47, "Initial child protection conference", s47.icpc_target_date, url)


@register
def strategy_decisions_due(children):
    discussions = (
        StrategyDiscussion.objects.filter(child__in=children, decision="")
        .select_related("child")
        .only("id", "held_on", *CHILD)
    )
    for sd in discussions:
        url = reverse("protection:strategy_discussion", args=[sd.child_id, sd.pk])
        yield _item(sd, "Strategy discussion decision", sd.held_on, url)


def _plans(children):
    return (
        open_plans_qs()
        .filter(child__in=children)
        .select_related("child")
        .only("id", "first_core_group_due", "next_visit_due", "next_review_due", *CHILD)
    )


def _plan_url(plan: ChildProtectionPlan) -> str:
    return reverse("protection:plan", args=[plan.child_id, plan.pk])


@register
def first_core_groups_due(children):
    no_core_group = ~Exists(CoreGroupMeeting.objects.filter(plan=OuterRef("pk")))
    for plan in _plans(children).filter(no_core_group):
        yield _item(plan, "First core group", plan.first_core_group_due, _plan_url(plan))


@register
def cp_visits_due(children):
    for plan in _plans(children).filter(next_visit_due__isnull=False):
        yield _item(plan, "Child protection visit", plan.next_visit_due, _plan_url(plan))


@register
def cp_reviews_due(children):
    for plan in _plans(children).filter(next_review_due__isnull=False):
        yield _item(plan, "Child protection review conference", plan.next_review_due, _plan_url(plan))
