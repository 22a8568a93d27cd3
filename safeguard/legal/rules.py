"""What each role may do about legal records: practitioners in the case teams record pre-proceedings and
deprivation of liberty orders (the front door does not)."""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner

rules.add_perm("legal.record", is_practitioner & ~is_front_door)
