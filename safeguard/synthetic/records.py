"""The in-memory plan of a synthetic authority: plain slotted objects, written to the database by the stages.

Each record gets its database `pk` once its stage has written it, so later stages can point at it.
Identity (not value) equality: records are used as dictionary keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True, eq=False)
class PersonRecord:
    kind: str  # "child" or "adult"
    sex: str
    first_name: str
    last_name: str
    dob: dt.date | None
    ethnicity: str
    family: FamilyRecord
    edd: dt.date | None = None  # expected date of birth while unborn
    nhs_number: str = ""
    upn: str = ""
    upn_unknown_reason: str = ""
    disabilities: tuple[str, ...] = ()
    la_person_id: str = ""
    pk: int | None = None
    # Timeline state while planning.
    contacts: list[ContactRecord] = field(default_factory=list)
    episodes: list[EpisodeRecord] = field(default_factory=list)

    @property
    def known_from(self) -> dt.datetime:
        """When the record was first made: the family's first contact."""
        return self.family.notifications[0].received_at


@dataclass(slots=True, eq=False)
class FamilyRecord:
    index: int
    locality: int
    need: str
    ethnicity: str
    tradition: str
    surname: str
    uasc: bool = False
    children: list[PersonRecord] = field(default_factory=list)
    mother: PersonRecord | None = None
    father: PersonRecord | None = None
    father_resident: bool = False
    partner: PersonRecord | None = None
    notifications: list[NotificationRecord] = field(default_factory=list)

    @property
    def adults(self) -> list[PersonRecord]:
        return [a for a in (self.mother, self.father, self.partner) if a is not None]

    @property
    def household_adults(self) -> list[PersonRecord]:
        resident_father = self.father if self.father_resident else None
        return [a for a in (self.mother, resident_father, self.partner) if a is not None]


@dataclass(slots=True, eq=False)
class NotificationRecord:
    """One notification to the front door about a family: one contact per child, sharing a group reference."""

    family: FamilyRecord
    received_at: dt.datetime
    day: dt.date  # local date received
    source: str
    reasons: tuple[str, ...]
    summary: str
    rag: str
    outcome: str  # the front door's decision for children not already open to the service
    decision_reason: str
    decision_due_date: dt.date
    decided_at: dt.datetime | None  # None: still in the front-door queue at as-of
    group_reference: str
    external_reference: str = ""
    referrer_name: str = ""
    referrer_organisation: str = ""
    referrer_contact: str = ""
    contacts: list[ContactRecord] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class ContactRecord:
    notification: NotificationRecord
    child: PersonRecord
    outcome: str
    opened: EpisodeRecord | None = None  # the episode this contact's referral opened
    passed_to: EpisodeRecord | None = None  # the open episode the information went to instead
    pk: int | None = None
    decision_pk: int | None = None


@dataclass(slots=True, eq=False)
class EpisodeRecord:
    child: PersonRecord
    contact: ContactRecord
    referral_date: dt.date
    source: str
    assessment_due_date: dt.date
    referral_nfa: bool
    close_date: dt.date | None
    close_reason: str
    assessment_completed: dt.date | None  # planned; later stages (assessments) may use it
    transfer_date: dt.date | None  # moved from the assessment team to a long-term team
    long_term_service: str
    is_re_referral: bool
    previous_referral_date: dt.date | None
    referral_team: object = None  # workforce.Team, assigned when written
    team: object = None  # the team holding the episode now (or at closure)
    pk: int | None = None
    # Casework planned by the casework-plan stage (stages/casework_plan.py).
    primary_need: str = "N0"
    assessment: AssessmentRecord | None = None
    strategies: list[StrategyRecord] = field(default_factory=list)
    section47: Section47Record | None = None
    cp_plan: CPPlanRecord | None = None
    cin_plans: list[CINPlanRecord] = field(default_factory=list)
    orders: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)  # (kind, start, end)

    def is_open_on(self, day: dt.date) -> bool:
        return self.close_date is None or day <= self.close_date


@dataclass(slots=True, eq=False)
class AssessmentRecord:
    start: dt.date
    submitted: dt.date | None  # None: still in progress at as-of
    authorised: dt.date | None  # None: not yet authorised at as-of
    returned: dt.date | None  # a first submission returned for more work on this day
    seen: list[tuple[dt.date, bool]]  # (day, seen alone)
    factors: tuple[str, ...]
    outcome: str
    late_reason: str = ""
    pk: int | None = None


@dataclass(slots=True, eq=False)
class StrategyRecord:
    held_on: dt.date
    agencies: str
    decision: str  # blank: no decision yet at as-of
    decided_on: dt.date | None
    pk: int | None = None


@dataclass(slots=True, eq=False)
class Section47Record:
    strategy: StrategyRecord  # the discussion that started it
    start: dt.date
    icpc_target: dt.date  # rule "icpc" from the episode's last strategy discussion
    outcome: str  # blank: enquiry still open at as-of
    outcome_date: dt.date | None
    no_icpc_reason: str = ""
    icpc_date: dt.date | None = None  # None: no conference (yet)
    icpc_outcome: str = ""
    pk: int | None = None
    icpc_pk: int | None = None


@dataclass(slots=True, eq=False)
class CPPlanRecord:
    start: dt.date
    end: dt.date | None
    end_reason: str
    initial_category: str
    interval: int  # working days between statutory visits
    latest_category: str = ""
    previous_plans: int = 0
    core_groups: list[dt.date] = field(default_factory=list)
    reviews: list[tuple[dt.date, str, str]] = field(default_factory=list)  # (held on, outcome, category)
    visits: list[tuple[dt.date, bool, bool]] = field(default_factory=list)  # (day, seen, seen alone)
    pk: int | None = None


@dataclass(slots=True, eq=False)
class CINPlanRecord:
    start: dt.date
    end: dt.date | None
    interval: int
    visits: list[tuple[dt.date, bool, bool]] = field(default_factory=list)
    reviews: list[dt.date] = field(default_factory=list)
    pk: int | None = None


@dataclass(slots=True)
class AuthorityPlan:
    families: list[FamilyRecord] = field(default_factory=list)
    children: list[PersonRecord] = field(default_factory=list)
    adults: list[PersonRecord] = field(default_factory=list)
    notifications: list[NotificationRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    episodes: list[EpisodeRecord] = field(default_factory=list)
