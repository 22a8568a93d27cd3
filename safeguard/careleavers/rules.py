"""What each role may do for care leavers. Allocating a personal adviser is workforce.allocate (managers)."""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner

rules.add_perm("careleavers.record", is_practitioner & ~is_front_door)
