import rules

from safeguard.accounts.rules import is_team_manager

rules.add_perm("oversight.record_manager_decision", is_team_manager)
