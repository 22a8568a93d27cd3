"""Missing work items: the return-home interview, due 72 hours after the child's return (its date part)."""

from django.utils import timezone

from safeguard.workforce.work import WorkSource, register_source

from .selectors import interviews_outstanding

register_source(
    WorkSource(
        key="return-interviews",
        records=lambda children: interviews_outstanding(children, timezone.localdate()),
        due="rhi_due_date",
        kind="Return home interview",
        url_name="missing:episode",
    )
)
