"""What each role may do (django-rules predicates). What each role may *see* is access.selectors."""

import rules

from .models import Role


@rules.predicate
def is_front_door(user):
    return user.role == Role.FRONT_DOOR


@rules.predicate
def is_team_manager(user):
    return user.role == Role.TEAM_MANAGER


@rules.predicate
def is_senior_leader(user):
    return user.role == Role.SENIOR_LEADER


@rules.predicate
def is_administrator(user):
    return user.role == Role.ADMINISTRATOR


@rules.predicate
def is_practitioner(user):
    return user.role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CONFERENCE_CHAIR, Role.FRONT_DOOR}


rules.add_perm("frontdoor.record_contact", is_front_door | is_team_manager)
rules.add_perm("frontdoor.decide_contact", is_front_door | is_team_manager)
rules.add_perm("workforce.allocate", is_team_manager)
rules.add_perm("people.edit", is_practitioner)
rules.add_perm("people.create", is_practitioner)
rules.add_perm("access.view_viewers", is_team_manager | is_senior_leader)
rules.add_perm("access.manage_grants", is_administrator)
rules.add_perm("casework.close_episode", is_team_manager)
