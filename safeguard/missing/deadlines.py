"""The stored return-home interview due date, re-derived when rule missing-rhi changes."""

from django.db.models import Q
from django.utils import timezone

from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import MissingEpisode, ReturnHomeInterview

register(
    DerivedDeadline(
        model=MissingEpisode,
        field="rhi_due_date",
        rule_code="missing-rhi",
        # Hours on the clock from the (local) time of the return.
        anchor=lambda episode: timezone.localtime(episode.end_at) if episode.end_at else None,
        open_rows=lambda: MissingEpisode.objects.filter(end_at__isnull=False).exclude(
            Q(return_interview__completed_at__isnull=False)
            | Q(return_interview__response=ReturnHomeInterview.Response.DECLINED)
        ),
    )
)
