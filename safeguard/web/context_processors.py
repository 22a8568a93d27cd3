from django.urls import reverse

from safeguard.accounts.models import Role


def navigation(request):
    """The header's links, by role: each person sees the places their work starts from."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    links = []
    worker = getattr(user, "worker", None)
    if user.role == Role.FRONT_DOOR or user.role == Role.TEAM_MANAGER:
        links.append(("Front door", reverse("frontdoor:queue")))
    if worker is not None and user.role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CONFERENCE_CHAIR}:
        links.append(("My work", reverse("queues:my_work")))
    if worker is not None and user.role == Role.TEAM_MANAGER:
        links.append(("Team work", reverse("queues:team_work", args=[worker.team_id])))
    if _may_see_at_risk(user):
        links.append(("At risk", reverse("queues:at_risk")))
    if user.role != Role.SOCIAL_WORKER and user.has_perm("disabledchildren.view_waiting"):
        links.append(("Disabled children waiting", reverse("disabledchildren:waiting")))
    links.extend(_service_lists(user, worker))
    if worker is not None:
        links.append(("My caseload", reverse("workforce:worker_caseload", args=[worker.pk])))
        links.append(("Team caseload", reverse("workforce:team_caseload", args=[worker.team_id])))
    if user.role in {Role.TEAM_MANAGER, Role.SENIOR_LEADER, Role.ANALYST, Role.INSPECTOR}:
        links.append(("Teams", reverse("workforce:teams")))
    if user.role in {Role.ANALYST, Role.SENIOR_LEADER, Role.ADMINISTRATOR, Role.INSPECTOR} and user.has_perm(
        "returns.view_builds"
    ):
        links.append(("Returns", reverse("returns:index")))
    if user.role != Role.ADMINISTRATOR and user.has_perm("indicators.view"):
        links.append(("Indicators", reverse("indicators:index")))
    if user.role != Role.ADMINISTRATOR:
        links.append(("Find a person", reverse("people:search")))
    if user.role == Role.ADMINISTRATOR:
        links.append(("Administration", reverse("admin:index")))
    path = request.path
    return {"nav_items": [{"text": text, "href": href, "active": path.startswith(href)} for text, href in links]}


def _service_lists(user, worker) -> list[tuple[str, str]]:
    """The lists a service works from: the IRO's reviews, the leaving care team's care leavers, adoption."""
    from safeguard.workforce.models import Service, Worker

    links = []
    if worker is not None and worker.role == Worker.Role.IRO:
        links.append(("My reviews", reverse("carereviews:iro_list")))
    service = worker.team.service if worker is not None else None
    if service == Service.LEAVING_CARE or user.role in {Role.SENIOR_LEADER, Role.ANALYST}:
        links.append(("Care leavers", reverse("careleavers:list")))
    if user.role in {Role.SENIOR_LEADER, Role.ANALYST, Role.INSPECTOR} or (
        user.role == Role.TEAM_MANAGER and service == Service.CHILDREN_IN_CARE
    ):
        links.append(("Adoption", reverse("adoption:scorecard")))
    if user.role in {Role.SENIOR_LEADER, Role.ANALYST}:
        links.append(("Missing education", reverse("education:missing_education")))
    return links


def _may_see_at_risk(user) -> bool:
    # Only inspectors need a query (their window); the rule is queues.view_at_risk.
    if user.role in {Role.TEAM_MANAGER, Role.SENIOR_LEADER, Role.ANALYST}:
        return True
    return user.role == Role.INSPECTOR and user.has_perm("queues.view_at_risk")
