"""Stored care leaver deadlines, re-derived when a rule or the calendar changes."""

from django.db.models import Exists, Max, OuterRef, Q

from safeguard.workdays.deadlines import DerivedDeadline, register

from .eligibility import Category, birthday
from .models import AdviserContact, CareLeaver, PathwayPlan

_current = CareLeaver.objects.exclude(category=Category.NONE)
_reached = AdviserContact.objects.filter(care_leaver=OuterRef("pk"), in_touch=True)

register(
    DerivedDeadline(
        model=CareLeaver,
        field="needs_assessment_due",
        rule_code="careleaver-needs-assessment",
        anchor=lambda cl: max(cl.eligible_from, birthday(cl.child.date_of_birth, 16)) if cl.eligible_from else None,
        open_rows=lambda: _current.filter(needs_assessment_completed_on__isnull=True).select_related("child"),
    )
)

# Before any contact has reached the young person: 7 days from accommodation first being provided ...
register(
    DerivedDeadline(
        model=CareLeaver,
        field="next_pa_contact_due",
        rule_code="careleaver-pa-first",
        anchor=lambda cl: cl.accommodation_first_provided,
        open_rows=lambda: _current.exclude(Exists(_reached)),
    )
)

# ... then 2 months from the latest contact that did.
register(
    DerivedDeadline(
        model=CareLeaver,
        field="next_pa_contact_due",
        rule_code="careleaver-pa-contact",
        anchor=lambda cl: cl.latest_contact,
        open_rows=lambda: _current.filter(Exists(_reached)).annotate(
            latest_contact=Max("contacts__contact_date", filter=Q(contacts__in_touch=True))
        ),
    )
)


register(
    DerivedDeadline(
        model=PathwayPlan,
        field="next_review_due",
        rule_code="careleaver-pathway-review",
        anchor=lambda plan: plan.latest_review or plan.start_date,
        open_rows=lambda: PathwayPlan.objects.filter(end_date__isnull=True).annotate(
            latest_review=Max("reviews__review_date")
        ),
    )
)
