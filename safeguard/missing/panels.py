"""The child's page: missing now, episodes in the last 30 days and 12 months, the latest interview's status."""

from django.utils import timezone

from safeguard.people.panels import Panel, register

from .selectors import missing_summary, rhi_status


def _context(person, user):
    if not person.is_child:
        return None
    now = timezone.now()
    summary = missing_summary(person, now)
    latest = summary.latest_returned if summary else None
    # Shown for every child, so reporting a child missing is one click from their page.
    return {
        "summary": summary,
        "rhi_status": rhi_status(latest, now) if latest else "",
        "can_report": user.has_perm("missing.report"),
    }


register(Panel(template="missing/panel.html", context=_context, order=22))
