from django.db.models import Max

from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import CINEpisode, CINPlan

register(
    DerivedDeadline(
        model=CINEpisode,
        field="assessment_due_date",
        rule_code="assessment-completion",
        anchor=lambda episode: episode.referral_date,
        open_rows=lambda: CINEpisode.objects.filter(close_date__isnull=True),
    )
)


register(
    DerivedDeadline(
        model=CINPlan,
        field="next_visit_due",
        rule_code="cin-visit",
        anchor=lambda plan: plan.latest_visit or plan.start_date,
        # Each plan keeps the interval it was set with (the rule's amount is only the default for new plans).
        amount=lambda plan: plan.visit_interval_working_days,
        open_rows=lambda: CINPlan.objects.filter(end_date__isnull=True).annotate(
            latest_visit=Max("visits__visit_date")
        ),
    )
)

register(
    DerivedDeadline(
        model=CINPlan,
        field="next_review_due",
        rule_code="cin-review",
        anchor=lambda plan: plan.latest_review or plan.start_date,
        open_rows=lambda: CINPlan.objects.filter(end_date__isnull=True).annotate(
            latest_review=Max("reviews__review_date")
        ),
    )
)
