from safeguard.workdays.deadlines import DerivedDeadline, register

from .models import CINEpisode

register(
    DerivedDeadline(
        model=CINEpisode,
        field="assessment_due_date",
        rule_code="assessment-completion",
        anchor=lambda episode: episode.referral_date,
        open_rows=lambda: CINEpisode.objects.filter(close_date__isnull=True),
    )
)
