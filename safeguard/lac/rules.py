"""What each role may do for children looked after.

Practitioners (social workers, team managers, IROs) record care starting, moves, legal status changes, care plans
and care ending. The front door does not (a child comes into care from a long-term team), nor do analysts,
senior leaders or inspectors, who only read.
"""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner

rules.add_perm("lac.record", is_practitioner & ~is_front_door)
