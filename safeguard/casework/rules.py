"""What each role may do in casework. (casework.close_episode is defined in accounts/rules.py.)"""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner, is_team_manager

rules.add_perm("casework.record_assessment", is_practitioner & ~is_front_door)
rules.add_perm("casework.authorise_assessment", is_team_manager)
rules.add_perm("casework.record_cin_plan", is_practitioner & ~is_front_door)
rules.add_perm("casework.reopen_episode", is_team_manager)
