"""Who may open which work queue (django-rules). Which children a queue shows is access.selectors."""

import rules

from safeguard.access.selectors import active_grant
from safeguard.accounts.models import Role
from safeguard.accounts.rules import is_senior_leader, is_team_manager


@rules.predicate
def has_worker(user):
    return getattr(user, "worker", None) is not None


@rules.predicate
def is_analyst(user):
    return user.role == Role.ANALYST


@rules.predicate
def is_inspector_in_window(user):
    return user.role == Role.INSPECTOR and active_grant(user) is not None


@rules.predicate
def is_casework_role(user):
    return user.role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CONFERENCE_CHAIR}


# My work: a practitioner with a linked worker record (their own allocated children).
rules.add_perm("queues.view_my_work", has_worker & is_casework_role)
# Team work: team managers, for the teams in their own service (the view checks the team).
rules.add_perm("queues.view_team_work", is_team_manager & has_worker)
# Children at risk of immediate harm: managers (their service), senior leaders and analysts (the whole
# authority), inspectors inside their access window.
rules.add_perm("queues.view_at_risk", is_team_manager | is_senior_leader | is_analyst | is_inspector_in_window)
