"""Who may record health information: practitioners outside the front door (inspectors never write)."""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner

rules.add_perm("health.record", is_practitioner & ~is_front_door)
