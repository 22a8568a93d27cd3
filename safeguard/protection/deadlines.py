"""Stored child protection deadlines, re-derived when a rule or the calendar changes."""

from django.db.models import Count, F, Max
from django.db.models.functions import Coalesce

from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import ChildProtectionPlan, Section47Enquiry

register(
    DerivedDeadline(
        model=Section47Enquiry,
        field="icpc_target_date",
        rule_code="icpc",
        # From the LAST strategy discussion in the episode.
        anchor=lambda s47: s47.last_discussion,
        open_rows=lambda: (
            Section47Enquiry.objects.filter(conference__isnull=True)
            .exclude(outcome=Section47Enquiry.Outcome.NO_ICPC)
            .annotate(last_discussion=Max("episode__strategy_discussions__held_on"))
        ),
    )
)


def _open_plans():
    return ChildProtectionPlan.objects.filter(end_date__isnull=True).annotate(
        icpc_date=Coalesce(F("conference__conference_date"), F("start_date"))
    )


register(
    DerivedDeadline(
        model=ChildProtectionPlan,
        field="first_core_group_due",
        rule_code="first-core-group",
        anchor=lambda plan: plan.icpc_date,
        open_rows=lambda: _open_plans().annotate(core_groups_held=Count("core_groups")).filter(core_groups_held=0),
    )
)

register(
    DerivedDeadline(
        model=ChildProtectionPlan,
        field="next_review_due",
        rule_code="cp-first-review",
        anchor=lambda plan: plan.icpc_date,
        open_rows=lambda: _open_plans().filter(reviews__isnull=True),
    )
)

register(
    DerivedDeadline(
        model=ChildProtectionPlan,
        field="next_review_due",
        rule_code="cp-later-review",
        anchor=lambda plan: plan.latest_review,
        open_rows=lambda: ChildProtectionPlan.objects.filter(end_date__isnull=True, reviews__isnull=False).annotate(
            latest_review=Max("reviews__held_on")
        ),
    )
)


def _open_plans_with_latest_visit():
    return _open_plans().annotate(latest_visit=Max("visits__visit_date"))


register(
    DerivedDeadline(
        model=ChildProtectionPlan,
        field="next_visit_due",
        rule_code="cp-visit",
        anchor=lambda plan: plan.latest_visit or plan.start_date,
        # Each plan keeps the visit interval it sets; the rule's amount is only the default for new plans.
        amount=lambda plan: plan.visit_interval_working_days,
        open_rows=_open_plans_with_latest_visit,
    )
)
