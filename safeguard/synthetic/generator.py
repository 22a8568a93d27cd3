"""Generate a coherent, deterministic synthetic authority into the configured database.

`generate_authority()` runs STAGES in order. Each stage is a function `stage(ctx) -> {label: count}` that
reads what earlier stages left on the shared GenerationContext (the in-memory plan, with database keys
filled in as records are written; teams; workers; the import user) and writes its own rows in batches
(`writer.Table`: COPY on PostgreSQL, executemany on SQLite, bulk_create elsewhere). Every stage draws from
its own random generator (`ctx.rng(stage_name)`), seeded from the run's seed and the stage's name, so adding
a stage never changes what the earlier stages produce. Nothing reads the global `random` module.

Casework and child protection are decided in memory by the "casework plan" stage, straight after the front
door's plan and before anything is written (a child protection plan may keep its episode open for longer),
and written by the "assessments", "protection" and "supervision" stages. Likewise the "care plan" stage decides
in memory which children come into care and for how long (an episode stays open while its child is looked
after), so the workforce stage can size the children in care teams before the "looked after" stage writes it.

To add a feature (children looked after, missing episodes, ...): write a
module under `safeguard/synthetic/stages/` whose function reads `ctx.plan.episodes` (each EpisodeRecord
carries its pk, child, dates, planned assessment completion, transfer date, long-term service, and the
casework planned for it: assessment, strategy discussions, section 47, CP and CIN plans) and
writes its rows (`Table(Model, columns).insert(tuples)`) and chronology events (`writer.EventLog`), returns
{label: count}, and append `("name", function)` to STAGES. Derive deadlines with `ctx.add_working_days` or
`apply_rule(get_rule(code), anchor)`, never by hand.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import partial

from django.db import connection, transaction

from safeguard.people.models import Person
from safeguard.workforce.models import Team, Worker

from .context import GenerationContext, GenerationSummary, Progress, Stage, StageReport
from .postcodes import GazetteerGeography
from .stages.adoption import write_adoption
from .stages.allocations import write_allocations
from .stages.assessments import write_assessments
from .stages.asylum_disability import write_asylum_and_disability
from .stages.careleavers import write_care_leavers
from .stages.carereviews import write_care_reviews
from .stages.casework_plan import plan_casework
from .stages.episodes import write_episodes
from .stages.frontdoor import write_contacts
from .stages.health import write_health
from .stages.lac import plan_care, write_looked_after
from .stages.legal import write_legal
from .stages.missing import write_missing
from .stages.oversight import write_supervision
from .stages.people import write_people
from .stages.population import write_child_population
from .stages.protection import write_protection
from .stages.workforce import write_workforce
from .timeline import plan_authority

STAGES: list[Stage] = [
    ("plan", plan_authority),  # in memory only: families, notifications, decisions, episodes
    ("casework plan", plan_casework),  # in memory only: assessments, S47s, conferences, plans
    ("care plan", plan_care),  # in memory only: who comes into care, for how long (keeps their episodes open)
    ("workforce", write_workforce),
    ("people", write_people),
    ("contacts", write_contacts),
    ("episodes", write_episodes),
    ("allocations", write_allocations),
    ("assessments", write_assessments),  # assessments, manager decisions, CIN plans
    ("protection", write_protection),
    ("looked after", write_looked_after),  # periods of care, legal statuses, placements (+ a stock in care)
    ("supervision", write_supervision),
    ("care reviews", write_care_reviews),  # after "looked after": reads CarePeriod, Placement from the database
    ("health and education", write_health),  # after "looked after": reads CarePeriod from the database
    ("missing and exploitation", write_missing),  # after "looked after": reads CarePeriod from the database
    ("adoption", write_adoption),  # after "looked after": reads CarePeriod, Placement from the database
    ("care leavers", write_care_leavers),  # after "looked after": reads CarePeriod, CareLegalStatus back
    ("asylum and disability", write_asylum_and_disability),  # after "looked after": reads CarePeriod back
    ("legal", write_legal),  # after "looked after": reads CP plans, CarePeriod, Placement back
    ("child population", write_child_population),  # the denominator of the indicators' rates per 10,000
]
# Tables the bulk load fills; their planner statistics are refreshed at the end.
_LOADED_TABLES = [
    "people_person",
    "people_address",
    "people_relationship",
    "people_professionalinvolvement",
    "people_personflag",
    "frontdoor_contact",
    "frontdoor_contactreason",
    "frontdoor_contactadult",
    "frontdoor_contactdecision",
    "casework_cinepisode",
    "workforce_allocation",
    "casework_assessment",
    "casework_assessmentchildseen",
    "casework_assessmentfactoridentified",
    "casework_cinplan",
    "casework_cinplanvisit",
    "casework_cinplanreview",
    "protection_strategydiscussion",
    "protection_section47enquiry",
    "protection_initialchildprotectionconference",
    "protection_childprotectionplan",
    "protection_coregroupmeeting",
    "protection_reviewconference",
    "protection_protectionvisit",
    "protection_protectiveorder",
    "lac_careperiod",
    "lac_carelegalstatus",
    "lac_placement",
    "lac_careplan",
    "lac_postcodelocation",
    "oversight_casenote",
    "oversight_managerdecision",
    "oversight_supervisionrecord",
    "oversight_supervisionchild",
    "health_healthassessment",
    "health_immunisationstatus",
    "health_dentalcheck",
    "health_sdqscore",
    "health_substancemisuse",
    "health_conviction",
    "education_personaleducationplan",
    "education_childmissingeducation",
    "missing_missingepisode",
    "missing_returnhomeinterview",
    "missing_repeatmissingstrategymeeting",
    "exploitation_exploitationscreening",
    "exploitation_placeofconcern",
    "exploitation_exploitationlink",
    "careleavers_careleaver",
    "careleavers_pathwayplan",
    "careleavers_pathwayplanreview",
    "careleavers_advisercontact",
    "careleavers_birthdaycontact",
    "adoption_adopter",
    "adoption_adoptionjourney",
    "adoption_adoptionreview",
    "adoption_adoptionvisit",
    "adoption_permanenceorder",
    "adoption_previouspermanencerecord",
    "carereviews_lookedafterreview",
    "carereviews_irocontact",
    "carereviews_statutoryvisit",
    "carereviews_reviewschedule",
    "asylum_uascrecord",
    "asylum_ageassessment",
    "asylum_immigrationstatus",
    "disabledchildren_disabledchildrenservice",
    "chronology_event",
]
MAX_POPULATION = 5_000_000


class GenerationRefused(Exception):
    """The arguments or the database do not allow generation; the message says why in one line."""


def generate_authority(
    *,
    population: int,
    years: int,
    seed: int,
    as_of: dt.date,
    progress: Progress | None = None,
    geography: GazetteerGeography | None = None,
) -> GenerationSummary:
    """Write a synthetic authority of `population` children with `years` of history ending the day before
    `as_of`. Refuses a database that already holds people, teams or workers. All or nothing: one transaction.
    `geography`: a postcode gazetteer for homes and placements (default: invented NB postcodes).
    """
    check_can_generate(population=population, years=years, as_of=as_of)
    started = time.monotonic()
    ctx = GenerationContext(population=population, years=years, seed=seed, as_of=as_of)
    if geography is not None:
        ctx.geography = geography
    summary = GenerationSummary(population=population, years=years, seed=seed, as_of=as_of)
    report = partial(_report, summary, progress)
    with transaction.atomic():
        for name, stage in STAGES:
            report(_run_stage(ctx, name, stage))
        committing = time.monotonic()
    report(StageReport("commit", time.monotonic() - committing, {}))
    report(_analyse())
    summary.seconds = time.monotonic() - started
    return summary


def _report(summary: GenerationSummary, progress: Progress | None, report: StageReport) -> None:
    summary.stages.append(report)
    if progress:
        progress(report)


def check_can_generate(*, population: int, years: int, as_of: dt.date) -> None:
    """Raise GenerationRefused, with a one-line reason, if these arguments or this database will not do."""
    _check_arguments(population, years, as_of)
    _check_empty_database()


def _check_arguments(population: int, years: int, as_of: dt.date) -> None:
    if not 100 <= population <= MAX_POPULATION:
        raise GenerationRefused(f"--population must be between 100 and {MAX_POPULATION:,} children")
    if not 1 <= years <= 20:
        raise GenerationRefused("--years must be between 1 and 20")
    if as_of.year - years < 1995 or as_of.year > 2055:
        raise GenerationRefused("--as-of must leave the history within 1995–2055 (the working-day calendar's range)")


def _check_empty_database() -> None:
    for model, what in ((Person, "people"), (Team, "teams"), (Worker, "workers")):
        count = model.objects.count()
        if count:
            raise GenerationRefused(
                f"The database already holds {count:,} {what}: generate into an empty database "
                "(e.g. `safeguard flush` or a fresh DATABASE_URL)."
            )


def _run_stage(ctx: GenerationContext, name: str, stage) -> StageReport:
    started = time.monotonic()
    with transaction.atomic():
        counts = stage(ctx)
    return StageReport(name=name, seconds=time.monotonic() - started, counts=counts)


def _analyse() -> StageReport:
    """Refresh the query planner's statistics after a bulk load, so the first pages are fast."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in _LOADED_TABLES))
        else:
            cursor.execute("ANALYZE")
    return StageReport(name="analyze", seconds=time.monotonic() - started, counts={})
