"""The child's page: the latest case notes and the latest manager decision."""

from safeguard.people.panels import Panel, register

from .selectors import latest_decision, notes_for

LATEST_NOTES = 5


def _context(person, user):
    if not person.is_child:
        return None
    return {
        "notes": list(notes_for(person)[:LATEST_NOTES]),
        "decision": latest_decision(person),
        "can_add_note": user.has_perm("oversight.add_case_note"),
        "can_record_oversight": user.has_perm("oversight.record_manager_decision"),
    }


register(Panel(template="oversight/panel.html", context=_context, order=60))
