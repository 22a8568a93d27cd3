"""What each role may do for unaccompanied asylum-seeking children: practitioners (not the front door) record."""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner

rules.add_perm("asylum.record", is_practitioner & ~is_front_door)
