"""Looked-after review, statutory visit and IRO contact work items, from the stored schedule (branches of the one
work-item query).

A work item cannot tell who is asking, so the IRO contact item shows on the child for everyone allocated (the kind
names whose it is); on an IRO's My work it is the IRO's own to do.
"""

from safeguard.workforce.work import WorkSource, register_source

from .selectors import open_schedules_qs


def _schedules(field: str):
    return lambda children: open_schedules_qs().filter(child__in=children, **{f"{field}__isnull": False})


def _source(key: str, field: str, kind: str) -> WorkSource:
    return WorkSource(
        key=key, records=_schedules(field), due=field, kind=kind, url_name="carereviews:child", with_record=False
    )


register_source(_source("looked-after-reviews", "next_review_due", "Looked-after review"))
register_source(_source("looked-after-visits", "next_visit_due", "Statutory visit (looked after)"))
# The IRO's next contact with the child (CPPCR 2010 reg 36; the interval is the authority's rule).
register_source(_source("iro-contacts", "next_iro_contact_due", "IRO contact with the child"))
