"""Who may use the analyst pages for statutory returns (django-rules). Which children they may see is access.selectors.

Analysts, senior leaders and administrators build returns and follow their progress; inspectors inside their
access window may open finished builds (read-only, as everywhere). Downloading a file or seeing a child named in
a finding also needs the visibility selector to allow every child concerned, so an administrator (who sees no
child's record) can run and watch builds but not take the files away.
"""

import rules

from safeguard.accounts.rules import is_administrator, is_senior_leader
from safeguard.queues.rules import is_analyst, is_inspector_in_window

rules.add_perm("returns.build", is_analyst | is_senior_leader | is_administrator)
rules.add_perm("returns.view_builds", is_analyst | is_senior_leader | is_administrator | is_inspector_in_window)
