"""Teams and workers, sized from the plan so caseloads come out near the target, with turnover over the years.

Each post has a succession of holders over the window (leavers get an end date; the next holder starts after
a short vacancy); every post has a holder at as-of. Also creates the non-login "synthetic-import" user that
stands in as the recorder, decider and allocator of generated records.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from safeguard.accounts.models import Role, User
from safeguard.workforce.models import Service, Team, Worker

from .. import calibration as cal
from .. import names
from ..context import GenerationContext
from ..sampling import Weighted
from .lac import stock_in_care

IMPORT_USERNAME = "synthetic-import"
CASE_HOLDERS_PER_TEAM = 8
WorkerRole = Worker.Role
_TEAM_WORDS = {
    Service.FRONT_DOOR: "MASH Team",
    Service.ASSESSMENT: "Assessment Team",
    Service.SAFEGUARDING: "Safeguarding and Family Support Team",
    Service.CHILDREN_IN_CARE: "Children in Care Team",
    Service.LEAVING_CARE: "Leaving Care Team",
    Service.DISABLED_CHILDREN: "Disabled Children's Team",
}
# Agency staff stay shorter, so more of the people passing through a post are agency than the share of posts
# they fill at any moment: draw p so that p·Ta / (p·Ta + (1 − p)·Tp) = AGENCY_SHARE.
_SHARE, _TA, _TP = cal.AGENCY_SHARE, cal.AGENCY_MEAN_TENURE_YEARS, cal.PERMANENT_MEAN_TENURE_YEARS
AGENCY_DRAW = _SHARE * _TP / (_TA - _SHARE * _TA + _SHARE * _TP)
_FTE = Weighted({Decimal("1.00"): 80, Decimal("0.80"): 12, Decimal("0.60"): 8})
_TRADITION = Weighted({"british": 70, "african": 10, "south_asian": 7, "indian": 5, "caribbean": 5, "european": 3})


def write_workforce(ctx: GenerationContext) -> dict[str, int]:
    rng = ctx.rng("workforce")
    ctx.import_user = _import_user()
    posts = _posts(ctx)
    teams = _write_teams(ctx, posts)
    holders = [holder for _, name, role in posts for holder in _holders(ctx, teams[name], role, rng)]
    staff_ids = rng.sample(range(100_000, 1_000_000), len(holders))
    for worker, number in zip(holders, staff_ids, strict=True):
        worker.staff_id = f"SW{number}"
    Worker.objects.bulk_create(holders, batch_size=2000)  # a few thousand at most: the ORM is fine here
    ctx.workers = holders
    return {"teams": len(teams), "workers": len(holders), "current workers": sum(not w.end_date for w in holders)}


def _import_user() -> User:
    user, created = User.objects.get_or_create(
        username=IMPORT_USERNAME,
        defaults={"role": Role.ADMINISTRATOR, "first_name": "Synthetic", "last_name": "import", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _case_holders_needed(ctx: GenerationContext) -> dict[str, int]:
    """Case-holding social workers per service, from the episodes the plan leaves open at as-of. The children in
    care teams also hold the looked-after stage's stock (children in care since before the window), which is not
    in the plan: the care plan has decided how many of them are still in care on as-of."""
    load = dict.fromkeys(cal.LONG_TERM_SERVICE_WEIGHTS, 0) | {Service.ASSESSMENT: 0}
    for episode in ctx.plan.episodes:
        if episode.close_date is None:
            load[episode.long_term_service if episode.transfer_date else Service.ASSESSMENT] += 1
    load[Service.CHILDREN_IN_CARE] += stock_in_care(ctx)
    return {service: max(2, math.ceil(open_ / cal.TARGET_CASELOAD)) for service, open_ in load.items()}


def _posts(ctx: GenerationContext) -> list[tuple[str, str, str]]:
    """(service, team name, role) for every post: one manager per team, then practitioners."""
    posts: list[tuple[str, str, str]] = []
    for service, holders in _case_holders_needed(ctx).items():
        posts += _practice_teams(service, holders)
    contacts_per_day = cal.CONTACTS_PER_CHILD_YEAR * ctx.population / 253
    mash_workers = max(3, math.ceil(contacts_per_day / cal.CONTACTS_PER_MASH_WORKER_DAY))
    posts += _teams_of(Service.FRONT_DOOR, mash_workers, 18, lambda i: WorkerRole.MASH_WORKER)
    with_adviser = cal.CARE_LEAVERS_PER_CHILD * cal.CARE_LEAVERS_WITH_ADVISER_RATIO * ctx.population
    advisers = max(2, math.ceil(with_adviser / cal.CASES_PER_PERSONAL_ADVISER))
    posts += _teams_of(Service.LEAVING_CARE, advisers, 10, lambda i: WorkerRole.PERSONAL_ADVISER)
    iros = max(1, math.ceil(cal.LOOKED_AFTER_PER_CHILD * ctx.population / cal.CHILDREN_PER_IRO))
    chairs = max(1, math.ceil(cal.CHILD_PROTECTION_PER_CHILD * ctx.population / cal.PLANS_PER_CHAIR))
    qa = (Service.QUALITY_ASSURANCE, "Safeguarding Quality Assurance Team")
    posts.append((*qa, WorkerRole.TEAM_MANAGER))
    posts += [(*qa, WorkerRole.IRO)] * iros + [(*qa, WorkerRole.CONFERENCE_CHAIR)] * chairs
    return posts


def _practice_teams(service: str, holders: int) -> list[tuple[str, str, str]]:
    def role(i: int) -> str:  # one or two senior practitioners per team, the rest social workers
        return WorkerRole.SENIOR_PRACTITIONER if i in (0, 5) else WorkerRole.SOCIAL_WORKER

    return _teams_of(service, holders, CASE_HOLDERS_PER_TEAM, role)


def _teams_of(service: str, members: int, per_team: int, role_of) -> list[tuple[str, str, str]]:
    count = max(1, round(members / per_team))
    posts = []
    for team in range(count):
        name = team_name(service, team)
        share = members // count + (1 if team < members % count else 0)
        posts.append((service, name, WorkerRole.TEAM_MANAGER))
        posts += [(service, name, role_of(i)) for i in range(share)]
    return posts


def team_name(service: str, index: int) -> str:
    """Teams are named after the localities they cover: "Riverside Assessment Team", then "... Team 2"."""
    localities = names.LOCALITIES
    number = index // len(localities) + 1
    return f"{localities[index % len(localities)]} {_TEAM_WORDS[service]}" + (f" {number}" if number > 1 else "")


def team_locality(team_index: int) -> int:
    return team_index % len(names.LOCALITIES)


def _write_teams(ctx: GenerationContext, posts) -> dict[str, Team]:
    service_of = {name: service for service, name, _ in posts}  # insertion order: teams in post order
    teams = [Team(name=name, service=service) for name, service in service_of.items()]
    Team.objects.bulk_create(teams)
    for team in teams:
        ctx.teams.setdefault(team.service, []).append(team)
    return {team.name: team for team in teams}


def _holders(ctx: GenerationContext, team: Team, role: str, rng: random.Random) -> list[Worker]:
    """The succession of people in one post: the first started before the window; the last is current."""
    agency = rng.random() < cal.AGENCY_SHARE  # whoever is in post at any moment: the stationary share
    start = ctx.start - dt.timedelta(days=rng.randint(30, 6 * 365))
    end = ctx.start + _tenure(agency, rng)  # memoryless: what is left of their time in post
    holders = []
    while True:
        current = end >= ctx.as_of
        holders.append(_worker(ctx, team, role, start, None if current else end, agency, rng))
        if current:
            return holders
        start = end + dt.timedelta(days=rng.randint(0, min(60, (ctx.as_of - end).days - 1)))  # a short vacancy
        agency = rng.random() < AGENCY_DRAW
        end = start + _tenure(agency, rng)


def _tenure(agency: bool, rng: random.Random) -> dt.timedelta:
    mean_years = cal.AGENCY_MEAN_TENURE_YEARS if agency else cal.PERMANENT_MEAN_TENURE_YEARS
    return dt.timedelta(days=max(30, round(rng.expovariate(1) * mean_years * 365)))


def _worker(ctx, team: Team, role: str, start: dt.date, end, agency: bool, rng: random.Random) -> Worker:
    if role == WorkerRole.SOCIAL_WORKER and not agency and start > ctx.as_of - dt.timedelta(days=365):
        role = WorkerRole.ASYE if rng.random() < 0.6 else role
    tradition = _TRADITION(rng)
    sex = rng.choice("MFFF")  # the social work workforce is mostly women
    return Worker(
        first_name=names.given_name(tradition, sex, rng),
        last_name=names.surname(tradition, rng),
        role=role,
        team=team,
        employment=Worker.Employment.AGENCY if agency else Worker.Employment.PERMANENT,
        fte=_FTE(rng),
        start_date=start,
        end_date=end,
    )


CASE_HOLDING_ROLES = {WorkerRole.SOCIAL_WORKER, WorkerRole.SENIOR_PRACTITIONER, WorkerRole.ASYE}
