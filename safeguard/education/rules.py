"""Who may record education information, report a child missing education and see the open list."""

import rules

from safeguard.accounts.models import Role
from safeguard.accounts.rules import is_administrator, is_front_door, is_practitioner, is_senior_leader, is_team_manager


@rules.predicate
def is_analyst(user):
    return user.role == Role.ANALYST


rules.add_perm("education.record", is_practitioner & ~is_front_door)
# The front door often hears first that a child is not in school, so it may report one.
rules.add_perm("education.report_cme", is_practitioner)
rules.add_perm("education.view_cme_list", is_team_manager | is_analyst | is_senior_leader | is_administrator)
