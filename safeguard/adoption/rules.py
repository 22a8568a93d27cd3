"""What each role may do in adoption and permanence.

Practitioners (social workers, team managers, chairs/IROs; not the front door) record a child's adoption steps,
special guardianship and child arrangements orders and previous permanence. Prospective adopters are not children
on anyone's caseload, so their records are for the people who run adoption: team managers and social workers in
the children in care service (which holds the adoption teams) manage them; analysts, senior leaders and
inspectors may read them. The scorecard is for managers, leaders, analysts and inspectors.
"""

import rules

from safeguard.accounts.models import Role
from safeguard.accounts.rules import is_front_door, is_practitioner, is_senior_leader, is_team_manager
from safeguard.workforce.models import Service


@rules.predicate
def is_analyst(user):
    return user.role == Role.ANALYST


@rules.predicate
def is_inspector(user):
    return user.role == Role.INSPECTOR


@rules.predicate
def in_children_in_care_service(user):
    worker = getattr(user, "worker", None)
    return worker is not None and worker.team.service == Service.CHILDREN_IN_CARE


is_adoption_worker = (is_practitioner & ~is_front_door & in_children_in_care_service) | is_team_manager

rules.add_perm("adoption.record", is_practitioner & ~is_front_door)
rules.add_perm("adoption.manage_adopters", is_adoption_worker)
rules.add_perm("adoption.view_adopters", is_adoption_worker | is_analyst | is_senior_leader | is_inspector)
rules.add_perm("adoption.view_scorecard", is_team_manager | is_senior_leader | is_analyst | is_inspector)
