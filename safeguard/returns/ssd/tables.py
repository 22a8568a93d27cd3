"""Every SSD table Safeguard exports: the read, and each SSD field → its source in Safeguard's record.

Field names and their order are the Standard Safeguarding Dataset's (data-to-insight/ssd-data-model,
`data/objects/ssd_*.yml`). Keys: people are their `la_person_id` (the LA child ID every return uses); every other
id is the primary key of the Safeguard row the SSD row comes from, so the tables join as the SSD's foreign keys say.
Where one SSD table gathers rows from two Safeguard tables (health checks and dental checks, immigration statuses
and UASC records, adoption journeys and other permanence orders) the id carries a prefix naming the source.
Children looked after episodes are derived (SSDA903 rules, `lac.selectors`): their id is "<period>-<YYYYMMDD>".
`NOT_HELD` marks a field Safeguard does not record; the column is written empty (see docs/returns/ssd.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from safeguard.adoption.models import AdoptionJourney, PermanenceOrder, PreviousPermanenceRecord
from safeguard.asylum.models import ImmigrationStatus, UASCRecord
from safeguard.careleavers.models import AdviserContact, CareLeaver, PathwayPlan, PathwayPlanReview
from safeguard.carereviews.models import LookedAfterReview, StatutoryVisit
from safeguard.carereviews.schedule import next_review
from safeguard.casework.models import (
    Assessment,
    AssessmentChildSeen,
    AssessmentFactorIdentified,
    CINEpisode,
    CINPlan,
    CINPlanVisit,
)
from safeguard.codelists import ReferralSource
from safeguard.frontdoor.models import Contact, ContactDecision
from safeguard.health.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQScore,
    SubstanceMisuse,
)
from safeguard.lac.models import CareLegalStatus, CarePeriod, CarePlan, Placement
from safeguard.legal.models import PreProceedings, PreProceedingsOutcome
from safeguard.missing.models import MissingEpisode, ReturnHomeInterview
from safeguard.people.models import Address, Person, PersonDisability, Relationship
from safeguard.protection.models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ProtectionVisit,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Allocation, Service, Team, Worker

from .core import NOT_HELD, Context, Row, Table, cla_episode_id, label, outcome_json, queryset_rows

CHILD = Person.Kind.CHILD
KEY_WORKER = Allocation.Kind.KEY_WORKER
PERSONAL_ADVISER = Allocation.Kind.PERSONAL_ADVISER


def _children():
    return Person.objects.filter(kind=CHILD)


# --- ssd_person, ssd_family, ssd_address, ssd_disability, ssd_immigration_status ---------------------------------

GENDER_CODES = {"man": "01", "woman": "02", "non_binary": "09", "other": "09", "prefer_not": "00"}
SEX_TO_GENDER = {"M": "01", "F": "02"}


def _gender(row: Row) -> str:
    """The SSD gender code set (00 not known, 01 man/boy, 02 woman/girl, 09 self-described); "same as sex"
    follows the recorded sex; nothing recorded stays blank."""
    identity = row["gender_identity"]
    if identity == "same":
        return SEX_TO_GENDER.get(row["sex"], "00")
    return GENDER_CODES.get(identity, "")


def _person_rows(context: Context) -> Iterator[Row]:
    # pers_is_mother (SSD guidance): a parent-child relationship exists and the person's sex is not male.
    is_parent = Relationship.objects.filter(related_person=OuterRef("pk"), type=Relationship.Type.PARENT)
    people = _children().annotate(is_parent=Exists(is_parent)).order_by("la_person_id")
    return queryset_rows(
        people, "la_person_id", "sex", "gender_identity", "ethnicity", "date_of_birth", "nhs_number",
        "upn_unknown_reason", "expected_date_of_birth", "date_of_death", "is_parent",
    )  # fmt: skip


PERSON = Table(
    "ssd_person",
    _person_rows,
    {
        "pers_person_id": "la_person_id",
        "pers_sex": "sex",
        "pers_gender": _gender,
        "pers_ethnicity": "ethnicity",
        "pers_dob": "date_of_birth",
        "pers_common_child_id": "nhs_number",
        "pers_legacy_id": NOT_HELD,
        "pers_upn_unknown": "upn_unknown_reason",
        "pers_send_flag": NOT_HELD,
        "pers_expected_dob": "expected_date_of_birth",
        "pers_death_date": "date_of_death",
        "pers_is_mother": lambda row: row["is_parent"] and row["sex"] != "M",
        "pers_nationality": NOT_HELD,
    },
)


def _family_rows(context: Context) -> Iterator[Row]:
    # Safeguard's family grouping is the contact group: one notification about several children of a household.
    contacts = Contact.objects.exclude(group_reference="").filter(child__kind=CHILD)
    rows = contacts.order_by("group_reference", "child__la_person_id").values("group_reference", "child__la_person_id")
    return rows.distinct().iterator(chunk_size=2000)


FAMILY = Table(
    "ssd_family",
    _family_rows,
    {"fami_family_id": "group_reference", "fami_person_id": "child__la_person_id"},
    note="Families are the contact groups: children named on one notification about a household.",
)

ADDRESS_KEYS = ("ROOM", "FLOOR", "FLAT", "BUILDING", "HOUSE", "STREET", "TOWN", "UPRN", "EASTING", "NORTHING")


def _address_json(context: Context):
    def build(row: Row) -> dict:
        located = context.postcodes.find(row["postcode"])
        address = dict.fromkeys(ADDRESS_KEYS, "")
        address["STREET"] = ", ".join(part for part in (row["line_1"], row["line_2"]) if part)
        address["TOWN"] = row["town"]
        if located:
            address["EASTING"], address["NORTHING"] = str(located[0]), str(located[1])
        return address

    return build


def _address_table(context: Context) -> Table:
    return Table(
        "ssd_address",
        lambda ctx: queryset_rows(
            Address.objects.filter(person__kind=CHILD).order_by("pk"),
            "pk",
            "person__la_person_id",
            "line_1",
            "line_2",
            "town",
            "postcode",
            "start_date",
            "end_date",
        ),
        {
            "addr_table_id": "pk",
            "addr_address_json": _address_json(context),
            "addr_person_id": "person__la_person_id",
            "addr_address_type": NOT_HELD,
            "addr_address_start_date": "start_date",
            "addr_address_end_date": "end_date",
            "addr_address_postcode": lambda row: "".join(row["postcode"].split()).upper(),
        },
    )


DISABILITY = Table(
    "ssd_disability",
    lambda ctx: queryset_rows(
        PersonDisability.objects.filter(person__kind=CHILD).order_by("pk"), "pk", "person__la_person_id", "code"
    ),
    {"disa_person_id": "person__la_person_id", "disa_table_id": "pk", "disa_disability_code": "code"},
)

UASC_STATUS = "Unaccompanied Asylum Seeking Child"


def _immigration_rows(context: Context) -> Iterator[Row]:
    for row in queryset_rows(
        ImmigrationStatus.objects.order_by("pk"), "pk", "child__la_person_id", "status", "start_date", "end_date"
    ):
        yield {**row, "id": f"IS-{row['pk']}", "status": label(ImmigrationStatus.Status, "status")(row)}
    for row in queryset_rows(
        UASCRecord.objects.order_by("pk"),
        "pk",
        "child__la_person_id",
        start_date="became_uasc_on",
        end_date="ceased_on",
    ):
        yield {**row, "id": f"UASC-{row['pk']}", "status": UASC_STATUS}


IMMIGRATION_STATUS = Table(
    "ssd_immigration_status",
    _immigration_rows,
    {
        "immi_person_id": "child__la_person_id",
        "immi_Immigration_status_id": "id",
        "immi_immigration_status": "status",
        "immi_immigration_status_start_date": "start_date",
        "immi_immigration_status_end_date": "end_date",
    },
    note="Immigration statuses (IS-<id>) and periods as an unaccompanied asylum-seeking child (UASC-<id>).",
)

# --- the front door and children in need ------------------------------------------------------------------------

CONTACT_OUTCOME_KEYS = ("NEW_REFERRAL_FLAG", "EXISTING_REFERRAL_FLAG", "CP_ENQUIRY_FLAG", "NFA_FLAG",
                        "NON_AGENCY_ADOPTION_FLAG", "PRIVATE_FOSTERING_FLAG", "ADVICE_FLAG", "MISSING_FLAG",
                        "OLA_CP_FLAG", "OTHER_OUTCOMES_EXIST_FLAG")  # fmt: skip
CONTACT_OUTCOME_FLAGS = {
    ContactDecision.Outcome.REFERRAL: "NEW_REFERRAL_FLAG",
    ContactDecision.Outcome.STRATEGY_DISCUSSION: "CP_ENQUIRY_FLAG",
    ContactDecision.Outcome.NO_FURTHER_ACTION: "NFA_FLAG",
    ContactDecision.Outcome.ADVICE: "ADVICE_FLAG",
    ContactDecision.Outcome.EARLY_HELP: "OTHER_OUTCOMES_EXIST_FLAG",
}


def _one_outcome(mapping: dict, key: str):
    """Flags for a single recorded outcome: Y on its flag, N on the other flags the record could have set."""

    def flags(row: Row) -> dict[str, bool] | None:
        if not row[key]:
            return None
        return {flag: outcome == row[key] for outcome, flag in mapping.items()}

    return flags


CONTACTS = Table(
    "ssd_contacts",
    lambda ctx: queryset_rows(
        Contact.objects.order_by("pk"),
        "pk",
        "child__la_person_id",
        "received_at",
        "source",
        outcome="decision__outcome",
    ),
    {
        "cont_contact_id": "pk",
        "cont_person_id": "child__la_person_id",
        "cont_contact_date": "received_at",
        "cont_contact_source_code": "source",
        "cont_contact_source_desc": label(ReferralSource, "source"),
        "cont_contact_outcome_json": outcome_json(CONTACT_OUTCOME_KEYS, _one_outcome(CONTACT_OUTCOME_FLAGS, "outcome")),
    },
)

EARLY_HELP_EPISODES = Table(
    "ssd_early_help_episodes",
    lambda ctx: iter(()),
    {
        "earl_episode_id": NOT_HELD,
        "earl_person_id": NOT_HELD,
        "earl_episode_start_date": NOT_HELD,
        "earl_episode_end_date": NOT_HELD,
        "earl_episode_reason": NOT_HELD,
        "earl_episode_end_reason": NOT_HELD,
        "earl_episode_organisation": NOT_HELD,
        "earl_episode_worker_id": NOT_HELD,
    },
    note="Safeguard records a step-down to early help (contact and assessment outcomes) but not early help episodes.",
)

REFERRAL_OUTCOME_KEYS = ("SINGLE_ASSESSMENT_FLAG", "NFA_FLAG", "STRATEGY_DISCUSSION_FLAG", "CLA_REQUEST_FLAG",
                         "NON_AGENCY_ADOPTION_FLAG", "PRIVATE_FOSTERING_FLAG", "CP_TRANSFER_IN_FLAG",
                         "CP_CONFERENCE_FLAG", "CARE_LEAVER_FLAG", "OTHER_OUTCOMES_EXIST_FLAG")  # fmt: skip


def _cin_episode_rows(context: Context) -> Iterator[Row]:
    episode = OuterRef("pk")
    episodes = CINEpisode.objects.annotate(
        assessed=Exists(Assessment.objects.filter(episode=episode)),
        strategy=Exists(StrategyDiscussion.objects.filter(episode=episode)),
        conference=Exists(InitialChildProtectionConference.objects.filter(section47__episode=episode)),
        looked_after=Exists(CarePeriod.objects.filter(cin_episode=episode)),
    ).order_by("pk")
    return queryset_rows(
        episodes, "pk", "child__la_person_id", "referral_date", "primary_need", "referral_source", "referral_nfa",
        "close_reason", "close_date", "team_id", "assessed", "strategy", "conference", "looked_after",
        worker="opened_by__worker__id",
    )  # fmt: skip


def _referral_flags(row: Row) -> dict[str, bool]:
    return {
        "SINGLE_ASSESSMENT_FLAG": row["assessed"],
        "NFA_FLAG": row["referral_nfa"],
        "STRATEGY_DISCUSSION_FLAG": row["strategy"],
        "CP_CONFERENCE_FLAG": row["conference"],
        "CLA_REQUEST_FLAG": row["looked_after"],
    }


CIN_EPISODES = Table(
    "ssd_cin_episodes",
    _cin_episode_rows,
    {
        "cine_referral_id": "pk",
        "cine_person_id": "child__la_person_id",
        "cine_referral_date": "referral_date",
        "cine_cin_primary_need_code": "primary_need",
        "cine_referral_source_code": "referral_source",
        "cine_referral_source_desc": label(ReferralSource, "referral_source"),
        "cine_referral_outcome_json": outcome_json(REFERRAL_OUTCOME_KEYS, _referral_flags),
        "cine_referral_nfa": "referral_nfa",
        "cine_close_reason": "close_reason",
        "cine_close_date": "close_date",
        "cine_referral_team": "team_id",
        "cine_referral_worker_id": "worker",
    },
)

ASSESSMENT_OUTCOME_KEYS = ("NFA_FLAG", "NFA_S47_END_FLAG", "STRATEGY_DISCUSSION_FLAG", "CLA_REQUEST_FLAG",
                           "PRIVATE_FOSTERING_FLAG", "LEGAL_ACTION_FLAG", "PROV_OF_SERVICES_FLAG",
                           "PROV_OF_SB_CARE_FLAG", "SPECIALIST_ASSESSMENT_FLAG", "REFERRAL_TO_OTHER_AGENCY_FLAG",
                           "OTHER_ACTIONS_FLAG", "OTHER_OUTCOMES_EXIST_FLAG")  # fmt: skip
ASSESSMENT_OUTCOME_FLAGS = {
    Assessment.Outcome.NO_FURTHER_ACTION: "NFA_FLAG",
    Assessment.Outcome.STRATEGY: "STRATEGY_DISCUSSION_FLAG",
    Assessment.Outcome.LOOKED_AFTER: "CLA_REQUEST_FLAG",
    Assessment.Outcome.CIN_PLAN: "PROV_OF_SERVICES_FLAG",
    Assessment.Outcome.OTHER: "OTHER_ACTIONS_FLAG",
    Assessment.Outcome.EARLY_HELP: "OTHER_OUTCOMES_EXIST_FLAG",
}


def _assessment_rows(context: Context) -> Iterator[Row]:
    assessments = Assessment.objects.annotate(
        seen=Exists(AssessmentChildSeen.objects.filter(assessment=OuterRef("pk")))
    ).order_by("pk")
    for row in queryset_rows(
        assessments, "pk", "child_id", "child__la_person_id", "episode_id", "start_date", "seen", "authorised_date",
        "outcome", team="episode__team_id", submitted="submitted_by__worker__id", started="started_by__worker__id",
    ):  # fmt: skip
        # Who completed it: the worker who submitted it, else who started it, else the child's allocated worker.
        allocated = context.allocations[KEY_WORKER].on(row["child_id"], row["start_date"])
        row["worker"] = row["submitted"] or row["started"] or (allocated[0] if allocated else None)
        yield row


def _outcome_total(row: Row, flags: dict | None) -> int:
    return 0 if flags is None else sum(flags.values())


CIN_ASSESSMENTS = Table(
    "ssd_cin_assessments",
    _assessment_rows,
    {
        "cina_assessment_id": "pk",
        "cina_person_id": "child__la_person_id",
        "cina_referral_id": "episode_id",
        "cina_assessment_start_date": "start_date",
        "cina_assessment_child_seen": "seen",
        "cina_assessment_auth_date": "authorised_date",
        "cina_assessment_outcome_json": outcome_json(
            ASSESSMENT_OUTCOME_KEYS,
            _one_outcome(ASSESSMENT_OUTCOME_FLAGS, "outcome"),
            TOTAL_NO_OF_OUTCOMES=_outcome_total,
            COMMENTS=lambda row, flags: "",
        ),
        "cina_assessment_outcome_nfa": lambda row: (row["outcome"] == "nfa") if row["outcome"] else None,
        "cina_assessment_team": "team",
        "cina_assessment_worker_id": "worker",
    },
)


def _factor_rows(context: Context) -> Iterator[Row]:
    """One row per assessment: its factors as the SSD's JSON array (current implementation, option 1)."""
    rows = AssessmentFactorIdentified.objects.order_by("assessment_id", "code").values_list("assessment_id", "code")
    current, codes = None, []
    for assessment_id, code in rows.iterator(chunk_size=5000):
        if assessment_id != current and current is not None:
            yield {"assessment_id": current, "codes": codes}
            codes = []
        current = assessment_id
        codes.append(code)
    if current is not None:
        yield {"assessment_id": current, "codes": codes}


ASSESSMENT_FACTORS = Table(
    "ssd_assessment_factors",
    _factor_rows,
    {"cinf_table_id": "assessment_id", "cinf_assessment_id": "assessment_id", "cinf_assessment_factors_json": "codes"},
    note="One row per assessment with factors; the table id is the assessment's.",
)


def _cin_plan_table(context: Context) -> Table:
    def worker(row: Row):
        allocated = context.allocations[KEY_WORKER].on(row["child_id"], row["start_date"])
        return allocated[0] if allocated else None

    return Table(
        "ssd_cin_plans",
        lambda ctx: queryset_rows(
            CINPlan.objects.order_by("pk"),
            "pk",
            "episode_id",
            "child_id",
            "child__la_person_id",
            "start_date",
            "end_date",
            team="episode__team_id",
        ),
        {
            "cinp_cin_plan_id": "pk",
            "cinp_referral_id": "episode_id",
            "cinp_person_id": "child__la_person_id",
            "cinp_cin_plan_start": "start_date",
            "cinp_cin_plan_end": "end_date",
            "cinp_cin_plan_team": "team",
            "cinp_cin_plan_worker_id": worker,
        },
        note="The worker is the child's allocated social worker on the day the plan started.",
    )


CIN_VISITS = Table(
    "ssd_cin_visits",
    lambda ctx: queryset_rows(
        CINPlanVisit.objects.order_by("pk"), "pk", "plan_id", "visit_date", "child_seen", "seen_alone"
    ),
    {
        "cinv_cin_visit_id": "pk",
        "cinv_cin_plan_id": "plan_id",
        "cinv_cin_visit_date": "visit_date",
        "cinv_cin_visit_seen": "child_seen",
        "cinv_cin_visit_seen_alone": "seen_alone",
        "cinv_cin_visit_bedroom": NOT_HELD,
    },
)

# --- child protection -------------------------------------------------------------------------------------------

S47_OUTCOME_KEYS = ("NFA_FLAG", "LEGAL_ACTION_FLAG", "PROV_OF_SERVICES_FLAG", "PROV_OF_SB_CARE_FLAG",
                    "CP_CONFERENCE_FLAG", "NFA_CONTINUE_SINGLE_FLAG", "MONITOR_FLAG", "OTHER_OUTCOMES_EXIST_FLAG")  # fmt: skip


def _s47_flags(row: Row) -> dict[str, bool] | None:
    if not row["outcome"]:
        return None
    return {"CP_CONFERENCE_FLAG": row["outcome"] == Section47Enquiry.Outcome.ICPC}


S47_ENQUIRY = Table(
    "ssd_s47_enquiry",
    lambda ctx: queryset_rows(
        Section47Enquiry.objects.order_by("pk"),
        "pk",
        "episode_id",
        "child__la_person_id",
        "start_date",
        "outcome",
        "outcome_date",
        team="episode__team_id",
        worker="recorded_by__worker__id",
    ),
    {
        "s47e_s47_enquiry_id": "pk",
        "s47e_referral_id": "episode_id",
        "s47e_person_id": "child__la_person_id",
        "s47e_s47_start_date": "start_date",
        "s47e_s47_end_date": "outcome_date",
        "s47e_s47_nfa": NOT_HELD,
        "s47e_s47_outcome_json": outcome_json(
            S47_OUTCOME_KEYS,
            _s47_flags,
            TOTAL_NO_OF_OUTCOMES=_outcome_total,
            OUTCOME_COMMENTS=lambda row, flags: "",
        ),
        "s47e_s47_completed_by_worker_id": "worker",
        "s47e_s47_completed_by_team": "team",
    },
)

ICPC_OUTCOME_KEYS = ("NFA_FLAG", "REFERRAL_TO_OTHER_AGENCY_FLAG", "SINGLE_ASSESSMENT_FLAG", "PROV_OF_SERVICES_FLAG",
                     "CP_FLAG", "OTHER_OUTCOMES_EXIST_FLAG")  # fmt: skip


def _icpc_rows(context: Context) -> Iterator[Row]:
    plans = ChildProtectionPlan.objects.filter(conference=OuterRef("pk"))
    conferences = InitialChildProtectionConference.objects.annotate(plan_id=plans.values("pk")[:1]).order_by("pk")
    return queryset_rows(
        conferences, "pk", "section47_id", "child__la_person_id", "plan_id", "conference_date", "outcome", "chair_id",
        episode="section47__episode_id", target="section47__icpc_target_date", team="section47__episode__team_id",
    )  # fmt: skip


def _icpc_plan_flag(row: Row) -> bool | None:
    return (row["outcome"] == InitialChildProtectionConference.Outcome.PLAN) if row["outcome"] else None


INITIAL_CP_CONFERENCE = Table(
    "ssd_initial_cp_conference",
    _icpc_rows,
    {
        "icpc_icpc_id": "pk",
        "icpc_icpc_meeting_id": "pk",
        "icpc_s47_enquiry_id": "section47_id",
        "icpc_person_id": "child__la_person_id",
        "icpc_cp_plan_id": "plan_id",
        "icpc_referral_id": "episode",
        "icpc_icpc_transfer_in": NOT_HELD,
        "icpc_icpc_target_date": "target",
        "icpc_icpc_date": "conference_date",
        "icpc_icpc_outcome_cp_flag": _icpc_plan_flag,
        "icpc_icpc_outcome_json": outcome_json(
            ICPC_OUTCOME_KEYS,
            lambda row: None if not row["outcome"] else {"CP_FLAG": _icpc_plan_flag(row)},
            TOTAL_NO_OF_OUTCOMES=_outcome_total,
            COMMENTS=lambda row, flags: "",
        ),
        "icpc_icpc_team": "team",
        "icpc_icpc_worker_id": "chair_id",
    },
    note="The conference is its own meeting (meeting id = conference id); the worker is the conference chair.",
)

CP_PLANS = Table(
    "ssd_cp_plans",
    lambda ctx: queryset_rows(
        ChildProtectionPlan.objects.order_by("pk"),
        "pk",
        "episode_id",
        "conference_id",
        "child__la_person_id",
        "start_date",
        "end_date",
        "initial_category",
        "latest_category",
    ),
    {
        "cppl_cp_plan_id": "pk",
        "cppl_referral_id": "episode_id",
        "cppl_icpc_id": "conference_id",
        "cppl_person_id": "child__la_person_id",
        "cppl_cp_plan_start_date": "start_date",
        "cppl_cp_plan_end_date": "end_date",
        "cppl_cp_plan_initial_category": "initial_category",
        "cppl_cp_plan_ola": NOT_HELD,
        "cppl_cp_plan_latest_category": lambda row: row["latest_category"] or row["initial_category"],
    },
)

CP_VISITS = Table(
    "ssd_cp_visits",
    lambda ctx: queryset_rows(
        ProtectionVisit.objects.order_by("pk"), "pk", "plan_id", "visit_date", "child_seen", "seen_alone"
    ),
    {
        "cppv_visit_id": "pk",
        "cppv_cp_plan_id": "plan_id",
        "cppv_cp_visit_id": "pk",
        "cppv_cp_visit_date": "visit_date",
        "cppv_cp_visit_seen": "child_seen",
        "cppv_cp_visit_seen_alone": "seen_alone",
        "cppv_cp_visit_bedroom": NOT_HELD,
    },
)


def _cp_review_rows(context: Context) -> Iterator[Row]:
    """Each review with the date it was due: the first from the initial conference (or the plan's start), later
    ones from the review before (rules cp-first-review and cp-later-review, as the plan's own deadline)."""
    reviews = ReviewConference.objects.order_by("plan_id", "held_on", "pk")
    previous: tuple[int, dt.date] | None = None
    for row in queryset_rows(
        reviews, "pk", "plan_id", "held_on", "outcome", icpc="plan__conference__conference_date",
        plan_start="plan__start_date",
    ):  # fmt: skip
        if previous and previous[0] == row["plan_id"]:
            row["due"] = due_date("cp-later-review", previous[1])
        else:
            row["due"] = due_date("cp-first-review", row["icpc"] or row["plan_start"])
        previous = (row["plan_id"], row["held_on"])
        yield row


CP_REVIEWS = Table(
    "ssd_cp_reviews",
    _cp_review_rows,
    {
        "cppr_cp_review_id": "pk",
        "cppr_cp_plan_id": "plan_id",
        "cppr_cp_review_due": "due",
        "cppr_cp_review_date": "held_on",
        "cppr_cp_review_outcome": lambda row: (row["outcome"] == "continue") if row["outcome"] else None,
        "cppr_cp_review_quorate": NOT_HELD,
        "cppr_cp_review_participation": NOT_HELD,
    },
)

# --- children looked after --------------------------------------------------------------------------------------


def _cla_episode_table(context: Context) -> Table:
    def rows(ctx: Context) -> Iterator[Row]:
        periods = {
            pk: (child, cin_episode, start)
            for pk, child, cin_episode, start in CarePeriod.objects.values_list(
                "pk", "child__la_person_id", "cin_episode_id", "start_date"
            ).iterator(chunk_size=5000)
        }
        for period_id, episodes in ctx.cla_episodes.items():
            child, cin_episode, started = periods[period_id]
            for episode in episodes:
                last_iro = ctx.iro_contacts.latest_by(period_id, episode.DEC or ctx.today)
                yield {"episode": episode, "person": child, "referral": cin_episode, "entered": started,
                       "last_iro": last_iro}  # fmt: skip

    return Table(
        "ssd_cla_episodes",
        rows,
        {
            "clae_cla_episode_id": lambda row: cla_episode_id(row["episode"]),
            "clae_person_id": "person",
            "clae_cla_episode_start_date": lambda row: row["episode"].DECOM,
            "clae_cla_episode_start_reason": lambda row: row["episode"].RNE,
            "clae_cla_primary_need_code": lambda row: row["episode"].CIN,
            "clae_cla_episode_ceased": lambda row: row["episode"].DEC,
            "clae_cla_episode_ceased_reason": lambda row: row["episode"].REC,
            "clae_cla_id": lambda row: row["episode"].period_id,
            "clae_referral_id": "referral",
            "clae_cla_placement_id": lambda row: row["episode"].placement_id,
            "clae_entered_care_date": "entered",
            "clae_cla_last_iro_contact_date": "last_iro",
        },
        note="SSDA903 episodes derived from periods of care, legal statuses and placements; id <period>-<YYYYMMDD>.",
    )


def _placement_table(context: Context) -> Table:
    def local_authority(row: Row) -> str:
        located = context.postcodes.find(row["postcode"])
        return located[2] if located else ""

    return Table(
        "ssd_cla_placement",
        lambda ctx: queryset_rows(
            Placement.objects.order_by("pk"),
            "pk",
            "period_id",
            "start_date",
            "placement_type",
            "urn",
            "distance_miles",
            "provider",
            "postcode",
            "end_date",
            "change_reason",
        ),
        {
            "clap_cla_placement_id": "pk",
            "clap_cla_episode_id": lambda row: context.placement_first_episode.get(row["pk"], ""),
            "clap_cla_placement_start_date": "start_date",
            "clap_cla_placement_type": "placement_type",
            "clap_cla_placement_urn": "urn",
            "clap_cla_placement_distance": "distance_miles",
            "clap_cla_placement_la": local_authority,
            "clap_cla_id": "period_id",
            "clap_cla_placement_provider": "provider",
            "clap_cla_placement_postcode": "postcode",
            "clap_cla_placement_end_date": "end_date",
            "clap_cla_placement_change_reason": "change_reason",
        },
        note="The episode is the one in which the placement began; the LA is looked up from the placement postcode.",
    )


LEGAL_STATUS = Table(
    "ssd_legal_status",
    lambda ctx: queryset_rows(
        CareLegalStatus.objects.order_by("pk"), "pk", "child__la_person_id", "legal_status", "start_date", "end_date"
    ),
    {
        "lega_legal_status_id": "pk",
        "lega_person_id": "child__la_person_id",
        "lega_legal_status": "legal_status",
        "lega_legal_status_start_date": "start_date",
        "lega_legal_status_end_date": "end_date",
    },
)


def _cla_review_table(context: Context) -> Table:
    def rows(ctx: Context) -> Iterator[Row]:
        """Each review with the date it was due under CPPCR reg 33 (the same schedule as the review queue)."""
        held: dict[int, list[dt.date]] = defaultdict(list)
        reviews = LookedAfterReview.objects.order_by("period_id", "review_date", "pk")
        for row in queryset_rows(
            reviews, "pk", "period_id", "review_date", "participation", started="period__start_date"
        ):
            due = next_review(became_looked_after=row["started"], reviews_held=held[row["period_id"]], due=due_date)
            held[row["period_id"]].append(row["review_date"])
            row["due"] = due.due if due else None
            row["episode"] = ctx.cla_episode_on(row["period_id"], row["review_date"])
            row["last_iro"] = ctx.iro_contacts.latest_by(row["period_id"], row["review_date"])
            yield row

    return Table(
        "ssd_cla_reviews",
        rows,
        {
            "clar_cla_review_id": "pk",
            "clar_cla_episode_id": "episode",
            "clar_cla_id": "period_id",
            "clar_cla_review_due_date": "due",
            "clar_cla_review_date": "review_date",
            "clar_cla_review_participation": "participation",
            "clar_cla_review_last_iro_contact_date": "last_iro",
        },
    )


def _cla_visit_table(context: Context) -> Table:
    return Table(
        "ssd_cla_visits",
        lambda ctx: queryset_rows(
            StatutoryVisit.objects.order_by("pk"), "pk", "period_id", "visit_date", "child_seen", "seen_alone"
        ),
        {
            "clav_casenote_id": NOT_HELD,
            "clav_cla_id": "period_id",
            "clav_cla_visit_id": "pk",
            "clav_cla_episode_id": lambda row: context.cla_episode_on(row["period_id"], row["visit_date"]),
            "clav_cla_visit_date": "visit_date",
            "clav_cla_visit_seen": "child_seen",
            "clav_cla_visit_seen_alone": "seen_alone",
        },
    )


def _health_rows(context: Context) -> Iterator[Row]:
    for row in queryset_rows(
        HealthAssessment.objects.order_by("pk"), "pk", "child__la_person_id", "kind", day="assessment_date"
    ):
        yield {**row, "id": f"HA-{row['pk']}", "type": label(HealthAssessment.Kind, "kind")(row)}
    for row in queryset_rows(DentalCheck.objects.order_by("pk"), "pk", "child__la_person_id", day="check_date"):
        yield {**row, "id": f"DC-{row['pk']}", "type": "Dental check"}


CLA_HEALTH = Table(
    "ssd_cla_health",
    _health_rows,
    {
        "clah_health_check_id": "id",
        "clah_person_id": "child__la_person_id",
        "clah_health_check_type": "type",
        "clah_health_check_date": "day",
        "clah_health_check_status": lambda row: "Completed",  # Safeguard records checks once they have happened
    },
    note="Health assessments (HA-<id>) and dental checks (DC-<id>); every recorded check was completed.",
)

CLA_IMMUNISATIONS = Table(
    "ssd_cla_immunisations",
    lambda ctx: queryset_rows(ImmunisationStatus.objects.order_by("pk"), "pk", "child__la_person_id", "up_to_date"),
    {"clai_immunisations_id": "pk", "clai_person_id": "child__la_person_id", "clai_immunisations_status": "up_to_date"},
)

SDQ_SCORES = Table(
    "ssd_sdq_scores",
    lambda ctx: queryset_rows(
        SDQScore.objects.order_by("pk"), "pk", "child__la_person_id", "completed_date", "reason", "score"
    ),
    {
        "csdq_table_id": "pk",
        "csdq_person_id": "child__la_person_id",
        "csdq_sdq_completed_date": "completed_date",
        "csdq_sdq_reason": "reason",
        "csdq_sdq_score": "score",
    },
)

SUBSTANCE_MISUSE = Table(
    "ssd_cla_substance_misuse",
    lambda ctx: queryset_rows(
        SubstanceMisuse.objects.order_by("pk"),
        "pk",
        "child__la_person_id",
        "identified_date",
        "substance",
        "intervention_received",
    ),
    {
        "clas_substance_misuse_id": "pk",
        "clas_person_id": "child__la_person_id",
        "clas_substance_misuse_date": "identified_date",
        "clas_substance_misused": "substance",
        "clas_intervention_received": "intervention_received",
    },
)

CONVICTIONS = Table(
    "ssd_cla_convictions",
    lambda ctx: queryset_rows(
        Conviction.objects.order_by("pk"), "pk", "child__la_person_id", "conviction_date", "offence"
    ),
    {
        "clac_cla_conviction_id": "pk",
        "clac_person_id": "child__la_person_id",
        "clac_cla_conviction_date": "conviction_date",
        "clac_cla_conviction_offence": "offence",
    },
)


def _previous_order_date(row: Row) -> str:
    """SSDA903 style: dd/mm/yyyy when known; zz/zz/zzzz when there was an order but its date is unknown."""
    if row["order_date"]:
        return f"{row['order_date']:%d/%m/%Y}"
    return "zz/zz/zzzz" if row["previous_permanence"] in {"P1", "P2", "P3"} else ""


PREVIOUS_PERMANENCE = Table(
    "ssd_cla_previous_permanence",
    lambda ctx: queryset_rows(
        PreviousPermanenceRecord.objects.order_by("pk"),
        "pk",
        "child__la_person_id",
        "order_date",
        "previous_permanence",
        "la_code",
    ),
    {
        "lapp_table_id": "pk",
        "lapp_person_id": "child__la_person_id",
        "lapp_previous_permanence_order_date": _previous_order_date,
        "lapp_previous_permanence_option": "previous_permanence",
        "lapp_previous_permanence_la": "la_code",
    },
    note="The arranging authority is given as its LA code, which is what Safeguard records.",
)


def _care_plan_rows(context: Context) -> Iterator[Row]:
    """A care plan runs until the next one agreed in the same period of care, or the period's end."""
    rows = list(
        queryset_rows(
            CarePlan.objects.order_by("period_id", "agreed_on", "pk"),
            "pk",
            "period_id",
            "child__la_person_id",
            "agreed_on",
            period_end="period__end_date",
        )
    )
    for index, row in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else None
        same_period = following is not None and following["period_id"] == row["period_id"]
        row["end"] = following["agreed_on"] if same_period else row["period_end"]
        yield row


CLA_CARE_PLAN = Table(
    "ssd_cla_care_plan",
    _care_plan_rows,
    {
        "lacp_table_id": "pk",
        "lacp_person_id": "child__la_person_id",
        "lacp_cla_care_plan_start_date": "agreed_on",
        "lacp_cla_care_plan_end_date": "end",
        "lacp_cla_care_plan_json": NOT_HELD,
    },
    note="Safeguard records the care plan's date and summary, not the coded permanence plan.",
)


def _missing_rows(context: Context) -> Iterator[Row]:
    interviews = ReturnHomeInterview.objects.filter(episode=OuterRef("pk"))
    episodes = MissingEpisode.objects.annotate(
        offered=Exists(interviews.filter(offered_at__isnull=False)),
        response=interviews.values("response")[:1],
    ).order_by("pk")
    return queryset_rows(
        episodes, "pk", "child__la_person_id", "start_at", "missing_type", "end_at", "offered", "response"
    )


MISSING = Table(
    "ssd_missing",
    _missing_rows,
    {
        "miss_table_id": "pk",
        "miss_la_person_id": "child__la_person_id",
        "miss_mis_epi_start": "start_at",
        "miss_mis_epi_type": "missing_type",
        "miss_mis_epi_end": "end_at",
        # Not offered yet while the child is still missing: blank until they return.
        "miss_mis_epi_rhi_offered": lambda row: row["offered"] if (row["offered"] or row["end_at"]) else None,
        "miss_mis_epi_rhi_accepted": lambda row: (row["response"] == "accepted") if row["response"] else None,
    },
)

# --- care leavers and permanence ---------------------------------------------------------------------------------

ELIGIBILITY = {"eligible": "Eligible", "relevant": "Relevant", "former_relevant": "Former Relevant",
               "qualifying": "Qualifying", "none": "No Current Eligibility"}  # fmt: skip


def _care_leaver_table(context: Context) -> Table:
    def rows(ctx: Context) -> Iterator[Row]:
        in_touch = AdviserContact.objects.filter(care_leaver=OuterRef("pk"), in_touch=True).order_by("-contact_date")
        plans = PathwayPlan.objects.filter(care_leaver=OuterRef("pk")).order_by("-start_date")
        reviews = PathwayPlanReview.objects.filter(plan__care_leaver=OuterRef("pk")).order_by("-review_date")
        leavers = CareLeaver.objects.annotate(
            latest_contact=in_touch.values("contact_date")[:1],
            plan_start=plans.values("start_date")[:1],
            plan_review=reviews.values("review_date")[:1],
        ).order_by("pk")
        for row in queryset_rows(
            leavers, "pk", "child_id", "child__la_person_id", "category", "in_touch", "accommodation", "activity",
            "latest_contact", "plan_start", "plan_review",
        ):  # fmt: skip
            adviser = ctx.allocations[PERSONAL_ADVISER].current(row["child_id"])
            worker = ctx.allocations[KEY_WORKER].current(row["child_id"])
            row["adviser"], row["worker"] = adviser[0] if adviser else None, worker[0] if worker else None
            row["team"] = (adviser or worker or (None, None))[1]
            yield row

    def accommodation(row: Row) -> str:
        return "" if row["accommodation"] in ("", "0") else row["accommodation"][0]

    def suitable(row: Row) -> str:
        return "" if row["accommodation"] in ("", "0") else row["accommodation"][1:]

    return Table(
        "ssd_care_leavers",
        rows,
        {
            "clea_table_id": "pk",
            "clea_person_id": "child__la_person_id",
            "clea_care_leaver_eligibility": lambda row: ELIGIBILITY.get(row["category"], ""),
            "clea_care_leaver_in_touch": "in_touch",
            # Left blank when the authority is not in touch (SSD guidance).
            "clea_care_leaver_latest_contact": lambda row: row["latest_contact"] if row["in_touch"] == "YES" else None,
            "clea_care_leaver_accommodation": accommodation,
            "clea_care_leaver_accom_suitable": suitable,
            "clea_care_leaver_activity": lambda row: "" if row["activity"] == "0" else row["activity"],
            "clea_pathway_plan_review_date": lambda row: max(
                filter(None, (row["plan_start"], row["plan_review"])), default=None
            ),
            "clea_care_leaver_personal_advisor": "adviser",
            "clea_care_leaver_allocated_team": "team",
            "clea_care_leaver_worker_id": "worker",
        },
        note="Accommodation and suitability split Safeguard's SSDA903 ACCOM code (e.g. D1: D, suitable 1).",
    )


ORDER_TYPES = {"adoption": "Adoption", "sgo": "Special Guardianship", "cao": "Child Arrangements Order"}
EARLY_PERMANENCE = {"ffa", "concurrent"}


def _permanence_rows(context: Context) -> Iterator[Row]:
    """Adoption journeys (AJ-<id>, with their order if made) and other permanence orders (PO-<id>)."""
    journeys = AdoptionJourney.objects.order_by("pk")
    for row in queryset_rows(
        journeys, "pk", "child__la_person_id", "period_id", "decision_date", "placement_order_date", "placed_date",
        "match_date", "early_permanence", "early_permanence_placed_date", "reversed_date", "reversed_reason",
        "adoption_order_date", "adopter_sexes", "adopter_legal_status", "number_of_adopters",
        order_date="order__order_date", order_kind="order__kind", order_carer="order__carer",
    ):  # fmt: skip
        row["id"] = f"AJ-{row['pk']}"
        row["order_date"] = row["order_date"] or row["adoption_order_date"]
        row["order_kind"] = row["order_kind"] or ("adoption" if row["adoption_order_date"] else "")
        yield row
    orders = PermanenceOrder.objects.filter(journey__isnull=True).order_by("pk")
    for row in queryset_rows(orders, "pk", "child__la_person_id", "period_id", "order_date", order_kind="kind"):
        yield {**row, "id": f"PO-{row['pk']}", "early_permanence": None, "order_carer": None}


def _adopted_by_carer(row: Row) -> bool | None:
    """Y when the child's foster carers adopt them (early permanence with the foster carer, or the order says so)."""
    if row["early_permanence"] is None:
        return None  # not an adoption journey
    return row["early_permanence"] == "foster_carer" or (row["order_carer"] or "").startswith("foster")


def _journey(key: str):
    return lambda row: row.get(key)


PERMANENCE = Table(
    "ssd_permanence",
    _permanence_rows,
    {
        "perm_table_id": "id",
        "perm_person_id": "child__la_person_id",
        "perm_cla_id": "period_id",
        "perm_adm_decision_date": _journey("decision_date"),
        "perm_ffa_cp_decision_date": NOT_HELD,
        "perm_placement_order_date": _journey("placement_order_date"),
        "perm_placed_for_adoption_date": _journey("placed_date"),
        "perm_matched_date": _journey("match_date"),
        "perm_adopted_by_carer_flag": _adopted_by_carer,
        "perm_placed_ffa_cp_date": lambda row: (
            row["early_permanence_placed_date"] if row["early_permanence"] in EARLY_PERMANENCE else None
        ),
        "perm_decision_reversed_date": _journey("reversed_date"),
        "perm_placed_foster_carer_date": NOT_HELD,
        "perm_part_of_sibling_group": NOT_HELD,
        "perm_siblings_placed_together": NOT_HELD,
        "perm_siblings_placed_apart": NOT_HELD,
        "perm_placement_provider_urn": NOT_HELD,
        "perm_decision_reversed_reason": _journey("reversed_reason"),
        "perm_permanence_order_date": "order_date",
        "perm_permanence_order_type": lambda row: ORDER_TYPES.get(row["order_kind"], ""),
        "perm_adoption_worker_id": NOT_HELD,
        "perm_adopter_sex": _journey("adopter_sexes"),
        "perm_adopter_legal_status": _journey("adopter_legal_status"),
        "perm_number_of_adopters": _journey("number_of_adopters"),
    },
    note="Adoption journeys (AJ-<id>) and special guardianship / child arrangements orders made without one (PO-<id>).",
)

# --- workforce ----------------------------------------------------------------------------------------------------


def caseload_date(today: dt.date) -> dt.date:
    """The SSD's caseload census day: the previous 30 September (today, if today is 30 September)."""
    this_year = dt.date(today.year, 9, 30)
    return this_year if today >= this_year else dt.date(today.year - 1, 9, 30)


def _professional_table(context: Context) -> Table:
    def rows(ctx: Context) -> Iterator[Row]:
        census = caseload_date(ctx.today)
        held = Allocation.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gt=census), worker=OuterRef("pk"), kind=KEY_WORKER,
            start_date__lte=census,
        )  # fmt: skip
        caseload = Subquery(
            held.order_by().values("worker").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        )
        workers = Worker.objects.annotate(caseload=caseload).order_by("pk")
        return queryset_rows(
            workers, "pk", "staff_id", "first_name", "last_name", "role", "fte", "employment", "caseload",
            team_name="team__name",
        )  # fmt: skip

    return Table(
        "ssd_professionals",
        rows,
        {
            "prof_professional_id": "pk",
            "prof_staff_id": "staff_id",
            "prof_professional_name": lambda row: f"{row['first_name']} {row['last_name']}".strip(),
            # Safeguard's staff id is the Social Work England number (SW...) for registered social workers.
            "prof_social_worker_registration_no": lambda row: (
                row["staff_id"] if row["staff_id"].startswith("SW") else ""
            ),
            "prof_professional_job_title": label(Worker.Role, "role"),
            "prof_professional_caseload": lambda row: row["caseload"] or 0,
            "prof_professional_department": "team_name",
            "prof_full_time_equivalency": "fte",
            "prof_agency_worker_flag": lambda row: row["employment"] == Worker.Employment.AGENCY,
        },
        note="Caseload: children allocated to the worker as their social worker on the previous 30 September.",
    )


def _involvement_table(context: Context) -> Table:
    return Table(
        "ssd_involvements",
        lambda ctx: queryset_rows(
            Allocation.objects.order_by("pk"),
            "pk",
            "worker_id",
            "kind",
            "team_id",
            "start_date",
            "end_date",
            "reason",
            "child_id",
            "child__la_person_id",
        ),
        {
            "invo_involvements_id": "pk",
            "invo_professional_id": "worker_id",
            "invo_professional_role_id": label(Allocation.Kind, "kind"),
            "invo_professional_team": "team_id",
            "invo_involvement_start_date": "start_date",
            "invo_involvement_end_date": "end_date",
            "invo_worker_change_reason": NOT_HELD,
            "invo_person_id": "child__la_person_id",
            "invo_referral_id": lambda row: context.cin_episodes.on(row["child_id"], row["start_date"]),
        },
        note="Allocations; the referral is the children in need episode open on the day the allocation began.",
    )


DEPARTMENT = Table(
    "ssd_department",
    lambda ctx: queryset_rows(Team.objects.order_by("pk"), "pk", "name", "service"),
    {
        "dept_team_id": "pk",
        "dept_team_name": "name",
        "dept_team_parent_id": "service",
        "dept_team_parent_name": label(Service, "service"),
    },
    note="Not in the core list, but the team ids in other tables join to it (teams sit in services).",
)


def _identifier_rows(context: Context) -> Iterator[Row]:
    """The child's other identifiers, one row each: UPN, NHS number, Home Office reference."""
    people = _children().order_by("pk")
    for row in queryset_rows(people.exclude(upn=""), "pk", "la_person_id", value="upn"):
        yield {**row, "id": f"UPN-{row['pk']}", "type": "Unique Pupil Number", "start": None, "end": None}
    for row in queryset_rows(people.exclude(nhs_number=""), "pk", "la_person_id", value="nhs_number"):
        yield {**row, "id": f"NHS-{row['pk']}", "type": "NHS Number", "start": None, "end": None}
    statuses = ImmigrationStatus.objects.filter(child__kind=CHILD).exclude(home_office_reference="").order_by("pk")
    for row in queryset_rows(
        statuses, "pk", la_person_id="child__la_person_id", value="home_office_reference", start="start_date",
        end="end_date",
    ):  # fmt: skip
        yield {**row, "id": f"HO-{row['pk']}", "type": "Home Office Registration"}


LINKED_IDENTIFIERS = Table(
    "ssd_linked_identifiers",
    _identifier_rows,
    {
        "link_table_id": "id",
        "link_person_id": "la_person_id",
        "link_identifier_type": "type",
        "link_identifier_value": "value",
        "link_valid_from_date": "start",
        "link_valid_to_date": "end",
    },
    note="Not in the core list: carries the UPN (which ssd_person does not), NHS number and Home Office reference.",
)

# --- what Safeguard does not record -----------------------------------------------------------------------------

# The SSD's two outcomes; Safeguard's third (C, ended another way) is written as "Other".
PRE_PROCEEDINGS_OUTCOME = {
    PreProceedingsOutcome.STEP_UP: "Decision to Issue Care Proceedings",
    PreProceedingsOutcome.STEP_DOWN: "Decision to step down",
    PreProceedingsOutcome.OTHER: "Other",
}


def _pre_proceedings_rows(ctx: Context) -> Iterator[Row]:
    earlier = PreProceedings.objects.filter(child=OuterRef("child"), decision_date__lt=OuterRef("decision_date"))
    plans = ChildProtectionPlan.objects.filter(episode=OuterRef("cin_episode"))

    def counted(queryset, field_name: str) -> Subquery:
        per_parent = queryset.order_by().values(field_name).annotate(n=Count("pk")).values("n")[:1]
        return Coalesce(Subquery(per_parent, output_field=IntegerField()), 0)

    rows = PreProceedings.objects.annotate(
        earlier_pre_proceedings=counted(earlier, "child"), plans_in_referral=counted(plans, "episode")
    ).order_by("pk")
    return queryset_rows(
        rows, "pk", "decision_date", "initial_meeting_date", "outcome", "step_decision_date", "letter_sent_on",
        "proceedings_letter_date", "review_meetings", "earlier_pre_proceedings", "plans_in_referral",
        la_person_id="child__la_person_id",
    )  # fmt: skip


PRE_PROCEEDINGS = Table(
    "ssd_pre_proceedings",
    _pre_proceedings_rows,
    {
        "prep_table_id": "pk",
        "prep_person_id": "la_person_id",
        "prep_plo_family_id": NOT_HELD,
        "prep_pre_pro_decision_date": "decision_date",
        "prep_initial_pre_pro_meeting_date": "initial_meeting_date",
        "prep_pre_pro_outcome": lambda row: PRE_PROCEEDINGS_OUTCOME.get(row["outcome"], ""),
        "prep_agree_stepdown_issue_date": "step_decision_date",
        "prep_cp_plans_referral_period": "plans_in_referral",
        "prep_legal_gateway_outcome": NOT_HELD,
        "prep_prev_pre_proc_child": "earlier_pre_proceedings",
        "prep_prev_care_proc_child": NOT_HELD,
        "prep_pre_pro_letter_date": "letter_sent_on",
        "prep_care_pro_letter_date": "proceedings_letter_date",
        "prep_pre_pro_meetings_num": "review_meetings",
        **dict.fromkeys(
            [
                "prep_pre_pro_parents_legal_rep",
                "prep_parents_legal_rep_point_of_issue",
                "prep_court_reference",
                "prep_care_proc_court_hearings",
                "prep_care_proc_short_notice",
                "prep_proc_short_notice_reason",
                "prep_la_inital_plan_approved",
                "prep_la_initial_care_plan",
                "prep_la_final_plan_approved",
                "prep_la_final_care_plan",
            ],
            NOT_HELD,
        ),
    },
    note="From legal.PreProceedings: one row per period of pre-proceedings. Care proceedings themselves (court "
    "reference, hearings, care plans), the family group, the legal gateway outcome and parents' legal "
    "representation are not recorded.",
)

VOICE_OF_CHILD = Table(
    "ssd_voice_of_child",
    lambda ctx: iter(()),
    dict.fromkeys(
        [
            "voch_table_id",
            "voch_person_id",
            "voch_explained_worries",
            "voch_story_help_understand",
            "voch_agree_worker",
            "voch_plan_safe",
            "voch_tablet_help_explain",
        ],
        NOT_HELD,
    ),
    note="A draft SSD questionnaire that Safeguard does not record.",
)


def ssd_tables(context: Context) -> list[Table]:
    """Every table in the export: the core tables in the SSD's order, then ssd_linked_identifiers and
    ssd_department."""
    return [
        PERSON, FAMILY, _address_table(context), DISABILITY, IMMIGRATION_STATUS, CONTACTS, EARLY_HELP_EPISODES,
        CIN_EPISODES, CIN_ASSESSMENTS, ASSESSMENT_FACTORS, _cin_plan_table(context), CIN_VISITS, S47_ENQUIRY,
        INITIAL_CP_CONFERENCE, CP_PLANS, CP_VISITS, CP_REVIEWS, _cla_episode_table(context),
        _placement_table(context), LEGAL_STATUS, _cla_review_table(context), _cla_visit_table(context), CLA_HEALTH,
        CLA_IMMUNISATIONS, SDQ_SCORES, SUBSTANCE_MISUSE, CONVICTIONS, PREVIOUS_PERMANENCE, CLA_CARE_PLAN, MISSING,
        _care_leaver_table(context), PERMANENCE, _professional_table(context), _involvement_table(context),
        PRE_PROCEEDINGS, VOICE_OF_CHILD, LINKED_IDENTIFIERS, DEPARTMENT,
    ]  # fmt: skip
