"""What each role may do in child protection.

Practitioners (social workers, team managers, conference chairs) record strategy discussions, enquiries, core
groups, visits and orders; conferences (the ICPC, review conferences) and ending a plan are for chairs/IROs,
and for team managers recording on the chair's behalf.
"""

import rules

from safeguard.accounts.models import Role
from safeguard.accounts.rules import is_front_door, is_practitioner, is_team_manager


@rules.predicate
def is_conference_chair(user):
    return user.role == Role.CONFERENCE_CHAIR


rules.add_perm("protection.record", is_practitioner & ~is_front_door)
rules.add_perm("protection.record_conference", is_conference_chair | is_team_manager)
