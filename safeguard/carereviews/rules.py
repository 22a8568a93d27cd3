"""What each role may do with looked-after reviews and visits.

Reviews and IRO contacts are the IRO's (conference chair or IRO role), and team managers may record them on the
IRO's behalf; statutory visits are recorded by practitioners, not the front door. Allocating an IRO is a
manager's (workforce.allocate).
"""

import rules

from safeguard.accounts.rules import is_front_door, is_practitioner, is_team_manager
from safeguard.protection.rules import is_conference_chair

rules.add_perm("carereviews.record_review", is_conference_chair | is_team_manager)
rules.add_perm("carereviews.record_visit", is_practitioner & ~is_front_door)
rules.add_perm("carereviews.view_iro_list", is_conference_chair)
