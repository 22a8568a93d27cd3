"""Records hanging off the need-to-know sweep's child, for the oversight URLs.

The oversight child pages take only person_id; this adds a note and a decision so the pages render rows.
"""

from .factories import CaseNoteFactory, ManagerDecisionFactory


def sweep_kwargs(case) -> dict:
    CaseNoteFactory(child=case["child"], author=case["inside"])
    ManagerDecisionFactory(child=case["child"], decided_by=case["inside"])
    return {}
