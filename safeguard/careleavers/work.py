"""Work items for care leavers: needs assessment, pathway plan review, personal adviser contact, birthday record.

Due dates are the stored derived columns; each is a branch of the one work-item query.
"""

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from safeguard.workforce.work import WorkSource, register_source

from .eligibility import Category
from .models import CareLeaver, PathwayPlan

# A birthday record shows from when its contact window opens (3 months before the birthday).
BIRTHDAY_NOTICE = relativedelta(months=3)


def _care_leavers(children):
    return CareLeaver.objects.filter(child__in=children).exclude(category=Category.NONE)


def _source(key: str, kind: str, due: str, records) -> WorkSource:
    return WorkSource(key=key, records=records, due=due, kind=kind, url_name="careleavers:child", with_record=False)


register_source(
    _source(
        "needs-assessments",
        "Leaving care needs assessment",
        "needs_assessment_due",
        lambda children: _care_leavers(children).filter(
            needs_assessment_completed_on__isnull=True, needs_assessment_due__isnull=False
        ),
    )
)
register_source(
    _source(
        "pa-contacts",
        "Personal adviser contact",
        "next_pa_contact_due",
        lambda children: _care_leavers(children).filter(next_pa_contact_due__isnull=False),
    )
)
register_source(
    _source(
        "birthday-contacts",
        "Birthday contact (care leaver)",
        "next_birthday_contact_due",
        lambda children: _care_leavers(children).filter(
            next_birthday_contact_due__lte=timezone.localdate() + BIRTHDAY_NOTICE
        ),
    )
)
register_source(
    _source(
        "pathway-reviews",
        "Pathway plan review",
        "next_review_due",
        lambda children: PathwayPlan.objects.filter(
            child__in=children, end_date__isnull=True, next_review_due__isnull=False
        ),
    )
)
