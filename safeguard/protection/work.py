"""Child protection work items, from the stored derived deadlines (each a branch of the one work-item query)."""

from django.db.models import Exists, OuterRef

from safeguard.workforce.work import WorkSource, register_source

from .models import CoreGroupMeeting, StrategyDiscussion
from .selectors import awaiting_conference_qs, open_plans_qs


def _open_plans(*, due: str, without_core_group: bool = False):
    def records(children):
        plans = open_plans_qs().filter(child__in=children, **{f"{due}__isnull": False})
        if without_core_group:
            plans = plans.exclude(Exists(CoreGroupMeeting.objects.filter(plan=OuterRef("pk"))))
        return plans

    return records


register_source(
    WorkSource(
        key="icpcs",
        records=lambda children: awaiting_conference_qs().filter(child__in=children),
        due="icpc_target_date",
        kind="Initial child protection conference",
        url_name="protection:section47",
    )
)
register_source(
    WorkSource(
        key="strategy-decisions",
        records=lambda children: StrategyDiscussion.objects.filter(child__in=children, decision=""),
        due="held_on",
        kind="Strategy discussion decision",
        url_name="protection:strategy_discussion",
    )
)
register_source(
    WorkSource(
        key="first-core-groups",
        records=_open_plans(due="first_core_group_due", without_core_group=True),
        due="first_core_group_due",
        kind="First core group",
        url_name="protection:plan",
    )
)
register_source(
    WorkSource(
        key="cp-visits",
        records=_open_plans(due="next_visit_due"),
        due="next_visit_due",
        kind="Child protection visit",
        url_name="protection:plan",
    )
)
register_source(
    WorkSource(
        key="cp-reviews",
        records=_open_plans(due="next_review_due"),
        due="next_review_due",
        kind="Child protection review conference",
        url_name="protection:plan",
    )
)
