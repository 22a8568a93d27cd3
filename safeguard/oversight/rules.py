"""What each role may do with case notes, management oversight and supervision."""

import rules

from safeguard.accounts.rules import is_practitioner, is_team_manager

rules.add_perm("oversight.record_manager_decision", is_team_manager)
rules.add_perm("oversight.add_case_note", is_practitioner)
rules.add_perm("oversight.record_supervision", is_team_manager)
