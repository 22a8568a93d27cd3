"""Who may open the indicator pages (django-rules). Which children a drill-down names is access.selectors.

Team managers (their service's teams and workers, and the authority's totals), senior leaders and analysts
(everything), inspectors inside their access window, and social workers (their own caseload only).
"""

import rules

from safeguard.accounts.models import Role
from safeguard.accounts.rules import is_senior_leader, is_team_manager
from safeguard.queues.rules import has_worker, is_analyst, is_inspector_in_window


@rules.predicate
def is_social_worker(user):
    return user.role == Role.SOCIAL_WORKER


rules.add_perm(
    "indicators.view",
    is_team_manager | is_senior_leader | is_analyst | is_inspector_in_window | (is_social_worker & has_worker),
)
