"""The child's page: the current episode, its assessment and any child in need plan."""

from django.utils import timezone

from safeguard.people.panels import Panel, register

from .selectors import current_episode, latest_assessment, open_cin_plan


def _context(person, user):
    if not person.is_child:
        return None
    episode = current_episode(person)
    if episode is None:
        return None
    return {
        "episode": episode,
        "assessment": latest_assessment(episode),
        "plan": open_cin_plan(episode),
        "today": timezone.localdate(),
    }


register(Panel(template="casework/panel.html", context=_context, order=20))
