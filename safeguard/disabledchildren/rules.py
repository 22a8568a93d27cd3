"""What each role may do for disabled children's services.

Practitioners (not the front door) record service requests, decisions and starts. The waiting list is for team
managers in the disabled children's service, senior leaders and analysts (the whole authority), and inspectors
inside their access window: the same audience as the at-risk queue, narrowed to the service for managers.
"""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner, is_senior_leader, is_team_manager
from safeguard.queues.rules import is_analyst, is_inspector_in_window
from safeguard.workforce.models import Service


@rules.predicate
def manages_in_disabled_children_service(user):
    worker = getattr(user, "worker", None)
    return worker is not None and worker.team.service == Service.DISABLED_CHILDREN


rules.add_perm("disabledchildren.record", is_practitioner & ~is_front_door)
rules.add_perm(
    "disabledchildren.view_waiting",
    (is_team_manager & manages_in_disabled_children_service) | is_senior_leader | is_analyst | is_inspector_in_window,
)
