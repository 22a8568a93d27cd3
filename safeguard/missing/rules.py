"""What each role may do about missing episodes.

Any practitioner may report a child missing or returned (the front door often takes the police call); the
return-home interview and the repeat-missing strategy meeting are recorded by practitioners in the case teams.
"""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner

rules.add_perm("missing.report", is_practitioner)
rules.add_perm("missing.record", is_practitioner & ~is_front_door)
