"""Annex A lists 1–11 on hand-built cases at the edges of each list's window and scope.

As of 31 March 2026: the six months run from 1 October 2025, the twelve months from 1 April 2025, and anything
dated after 31 March 2026 has not happened yet.
"""

import datetime as dt

import pytest
from django.utils import timezone

from safeguard.adoption.models import Adopter
from safeguard.careleavers.models import AdviserContact, BirthdayContact, PathwayPlan, PathwayPlanReview
from safeguard.casework.models import Assessment, AssessmentChildSeen, CINPlanVisit
from safeguard.frontdoor.models import Contact
from safeguard.people.models import PersonDisability
from safeguard.protection.models import InitialChildProtectionConference, ReviewConference, Section47Enquiry
from safeguard.workforce.models import Allocation
from tests.adoption.factories import AdopterFactory, EnquiryAdopterFactory, JourneyFactory
from tests.asylum.factories import UASCRecordFactory
from tests.careleavers.factories import care_leaver, care_period
from tests.carereviews.factories import IROContactFactory, LookedAfterReviewFactory, StatutoryVisitFactory
from tests.casework.factories import AssessmentFactory, CINPlanFactory
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, TeamFactory, UserFactory, WorkerFactory
from tests.lac.factories import CarePeriodFactory, PlacementFactory, PostcodeLocationFactory
from tests.missing.factories import MissingEpisodeFactory, ReturnHomeInterviewFactory
from tests.protection.factories import (
    ConferenceFactory,
    PlanFactory,
    ProtectiveOrderFactory,
    Section47Factory,
    VisitFactory,
)
from tests.returns.test_annex_a import AS_OF, build, rows_for

pytestmark = pytest.mark.django_db

BEFORE_WINDOW = dt.date(2025, 9, 30)
WINDOW_START = dt.date(2025, 10, 1)
AFTER = dt.date(2026, 4, 1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def contact(child, received_at, source="6"):
    return Contact.objects.create(
        child=child, group_reference=f"G{child.pk}-{received_at:%Y%m%d%H%M}", received_at=received_at, source=source,
        summary="Synthetic contact.", rag="amber", decision_due_date=received_at.date(), recorded_by=UserFactory(),
    )  # fmt: skip


def test_list_1_contacts_are_those_received_in_the_six_months_one_row_each():
    child = PersonFactory(sex="M", ethnicity="BAFR", date_of_birth=dt.date(2012, 10, 1))
    contact(child, at(BEFORE_WINDOW, 23, 30))
    contact(child, at(WINDOW_START, 0, 30), source="1A")
    contact(child, at(AS_OF, 23, 0), source="3C")
    contact(child, at(AFTER, 0, 10))

    rows = rows_for(build(), "List 1", child)

    assert [(r["Date of Contact"], r["Contact Source"]) for r in rows] == [
        (WINDOW_START, "a) 1A: Individual"),
        (AS_OF, "i) 3C: Health services"),
    ]
    assert (rows[0]["Gender"], rows[0]["Ethnicity"], rows[0]["Age of Child (Years)"]) == ("a) Male", "o) BAFR", 13)


def test_list_3_referrals_in_the_six_months_with_the_years_count_and_the_worker_on_the_date():
    child = PersonFactory()
    for day in (dt.date(2025, 3, 31), dt.date(2025, 5, 1), BEFORE_WINDOW, WINDOW_START, AS_OF, AFTER):
        EpisodeFactory(child=child, referral_date=day, referral_nfa=day == WINDOW_START)
    earlier, current = (
        WorkerFactory(first_name="Ada", last_name="Early"),
        WorkerFactory(first_name="Bo", last_name="Now"),
    )
    AllocationFactory(child=child, worker=earlier, start_date=dt.date(2025, 10, 2), end_date=dt.date(2026, 2, 1))
    AllocationFactory(child=child, worker=current, start_date=dt.date(2026, 2, 1))
    AllocationFactory(child=child, worker=WorkerFactory(), kind=Allocation.Kind.IRO, start_date=dt.date(2026, 3, 1))

    rows = rows_for(build(), "List 3", child)

    assert [r["Date of referral"] for r in rows] == [WINDOW_START, AS_OF]
    assert [r["Referral NFA?"] for r in rows] == ["a) Yes", "b) No"]
    assert {r["Number of Referrals in Last 12 Months"] for r in rows} == {4}  # not 31 March 2025, not 1 April 2026
    assert {(r["Allocated Team"], r["Allocated Worker"]) for r in rows} == {(current.team.name, "Bo Now")}
    assert rows[0]["Referral Source"] == "q) 6: Police"


def test_list_3_a_closed_case_shows_the_last_worker_and_a_later_allocation_is_not_yet_made():
    closed = EpisodeFactory(referral_date=dt.date(2025, 11, 3), close_date=dt.date(2025, 12, 1), close_reason="RC8")
    last = WorkerFactory(first_name="Cy", last_name="Last")
    AllocationFactory(child=closed.child, worker=last, start_date=dt.date(2025, 11, 3), end_date=dt.date(2025, 12, 1))
    waiting = EpisodeFactory(referral_date=dt.date(2026, 3, 30))
    AllocationFactory(child=waiting.child, start_date=dt.date(2026, 4, 2))

    sheets = build()

    assert rows_for(sheets, "List 3", closed.child)[0]["Allocated Worker"] == "Cy Last"
    assert rows_for(sheets, "List 3", waiting.child)[0]["Allocated Worker"] is None


def test_list_4_assessments_open_at_any_point_in_the_six_months():
    def assessment(start, authorised=None, outcome=""):
        status = Assessment.Status.AUTHORISED if authorised else Assessment.Status.IN_PROGRESS
        episode = EpisodeFactory(referral_date=start)
        return AssessmentFactory(
            episode=episode, start_date=start, authorised_date=authorised, status=status, outcome=outcome
        )

    finished_before = assessment(dt.date(2025, 8, 1), BEFORE_WINDOW, "cin_plan")
    finished_in = assessment(dt.date(2025, 8, 1), WINDOW_START, "nfa")
    open_on_the_day = assessment(AS_OF)
    authorised_later = assessment(dt.date(2026, 3, 1), dt.date(2026, 4, 10), "cin_plan")
    not_started = assessment(AFTER)
    AssessmentChildSeen.objects.create(assessment=finished_in, seen_on=dt.date(2025, 8, 5))
    AssessmentChildSeen.objects.create(assessment=authorised_later, seen_on=dt.date(2026, 4, 2))  # not yet
    PersonDisability.objects.create(person=finished_in.child, code="AUT", recorded_on=dt.date(2020, 1, 1))

    sheets = build()

    assert rows_for(sheets, "List 4", finished_before.child) == []
    assert rows_for(sheets, "List 4", not_started.child) == []
    (row,) = rows_for(sheets, "List 4", finished_in.child)
    assert row["Continuous Assessment Date of Authorisation"] == WINDOW_START
    assert row["Was the child assessed as requiring LA children's social care support?"] == "b) No"
    assert (row["Child Seen During Continuous Assessment"], row["Does the Child have a Disability"]) == (
        "a) Yes",
        "a) Yes",
    )
    (row,) = rows_for(sheets, "List 4", authorised_later.child)
    assert row["Continuous Assessment Date of Authorisation"] is None
    assert row["Was the child assessed as requiring LA children's social care support?"] is None
    assert row["Child Seen During Continuous Assessment"] == "b) No"
    assert rows_for(sheets, "List 4", open_on_the_day.child)[0]["Continuous Assessment Start Date"] == AS_OF


def test_list_5_section_47s_open_at_any_point_in_the_six_months_with_the_years_counts():
    no_conference_before = Section47Factory(
        strategy_discussion__held_on=dt.date(2025, 9, 1),
        outcome=Section47Enquiry.Outcome.NO_ICPC,
        outcome_date=BEFORE_WINDOW,
    )
    conference = ConferenceFactory(
        section47__strategy_discussion__held_on=dt.date(2025, 9, 20), conference_date=WINDOW_START
    )
    child = conference.child
    earlier = ConferenceFactory(
        section47__strategy_discussion__episode__child=child,
        section47__strategy_discussion__held_on=dt.date(2025, 4, 1),
        conference_date=dt.date(2025, 4, 20),
        outcome=InitialChildProtectionConference.Outcome.NO_PLAN,
    )
    open_enquiry = Section47Factory(strategy_discussion__held_on=dt.date(2026, 3, 20))
    decided_later = Section47Factory(
        strategy_discussion__held_on=dt.date(2026, 3, 25),
        outcome=Section47Enquiry.Outcome.NO_ICPC,
        outcome_date=dt.date(2026, 4, 3),
    )
    not_started = Section47Factory(strategy_discussion__held_on=AFTER)

    sheets = build()

    assert rows_for(sheets, "List 5", no_conference_before.child) == []
    assert rows_for(sheets, "List 5", not_started.child) == []
    (row,) = rows_for(sheets, "List 5", child)  # the April 2025 enquiry concluded before the six months
    assert earlier.section47.start_date < WINDOW_START
    assert row["Strategy discussion initiating Section 47 Enquiry Start Date"] == dt.date(2025, 9, 20)
    assert row["Was an Initial Child Protection Conference deemed unnecessary?"] == "b) No"
    assert row["Date of Initial Child Protection Conference"] == WINDOW_START
    assert row["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "a) Yes"
    assert row["Number of Section 47 Enquiries in the last 12 months"] == 2
    assert row["Number of ICPCs in the last 12 months"] == 2
    for enquiry in (open_enquiry, decided_later):
        (row,) = rows_for(sheets, "List 5", enquiry.child)
        assert row["Was an Initial Child Protection Conference deemed unnecessary?"] is None
        assert row["Date of Initial Child Protection Conference"] is None
        assert row["Number of ICPCs in the last 12 months"] == 0


def test_list_6_children_in_need_open_on_the_day_or_closed_in_the_six_months_one_row_each():
    closed_before = EpisodeFactory(referral_date=dt.date(2025, 6, 1), close_date=BEFORE_WINDOW, close_reason="RC7")
    closed_in = EpisodeFactory(referral_date=dt.date(2025, 6, 1), close_date=WINDOW_START, close_reason="RC7")
    nfa_only = EpisodeFactory(referral_date=dt.date(2026, 1, 5), referral_nfa=True, close_date=dt.date(2026, 1, 5))
    child = PersonFactory()
    EpisodeFactory(child=child, referral_date=dt.date(2025, 2, 1), close_date=dt.date(2025, 11, 1), close_reason="RC7")
    latest = EpisodeFactory(child=child, referral_date=dt.date(2025, 12, 1), primary_need="N1",
                            close_date=dt.date(2026, 4, 20), close_reason="RC7")  # fmt: skip
    plan = CINPlanFactory(episode=latest, start_date=dt.date(2026, 1, 10))
    CINPlanVisit.objects.create(plan=plan, visit_date=dt.date(2026, 3, 30), child_seen=True)
    CINPlanVisit.objects.create(plan=plan, visit_date=dt.date(2026, 3, 31), child_seen=False)
    CINPlanVisit.objects.create(plan=plan, visit_date=dt.date(2026, 4, 2), child_seen=True)
    future = EpisodeFactory(referral_date=AFTER)

    sheets = build()

    for absent in (closed_before, nfa_only, future):
        assert rows_for(sheets, "List 6", absent.child) == []
    (row,) = rows_for(sheets, "List 6", closed_in.child)
    assert (row["CIN Closure Date"], row["Case Status"]) == (WINDOW_START, "e) Closed episode")
    assert row["Reason for Closure"] == (
        "RC7 - Services ceased for any other reason, including child no longer in need"
    )
    (row,) = rows_for(sheets, "List 6", child)
    assert row["CIN Start Date"] == dt.date(2025, 12, 1)
    assert (row["CIN Closure Date"], row["Reason for Closure"]) == (None, None)  # closed after the date
    assert row["Case Status"] == "c) Child in need plan"
    assert row["Primary Need Code"] == "N1 - Abuse or neglect"
    assert row["Date Child Was Last Seen"] == dt.date(2026, 3, 30)


def test_list_6_case_status_follows_the_templates_precedence():
    in_care = CarePeriodFactory(start_date=dt.date(2025, 5, 1)).child
    EpisodeFactory(child=in_care, referral_date=dt.date(2025, 4, 1))
    on_plan = PlanFactory(
        conference__section47__strategy_discussion__episode__referral_date=dt.date(2025, 11, 20),
        start_date=dt.date(2025, 12, 1),
    ).child
    being_assessed = AssessmentFactory(episode__referral_date=dt.date(2026, 3, 1)).child
    nothing_open = EpisodeFactory(referral_date=dt.date(2025, 12, 1)).child

    sheets = build()

    assert rows_for(sheets, "List 6", in_care)[0]["Case Status"] == "a) Looked after child"
    assert rows_for(sheets, "List 6", on_plan)[0]["Case Status"] == "b) Child Protection plan"
    assert rows_for(sheets, "List 6", being_assessed)[0]["Case Status"] == "d) Open assessment"
    assert rows_for(sheets, "List 6", nothing_open)[0]["Case Status"] is None


def test_list_6_case_status_gap_is_a_finding():
    from safeguard.returns.annex_a import annex_a_build

    child = EpisodeFactory(referral_date=dt.date(2025, 12, 1)).child

    findings = annex_a_build(as_of=AS_OF).findings

    assert [(f.child_id, f.table, f.field) for f in findings] == [(child.pk, "List 6", "Case Status")]


def test_list_7_plans_open_on_the_day_or_ended_in_the_six_months():
    ended_before = PlanFactory(start_date=dt.date(2025, 3, 1), end_date=BEFORE_WINDOW)
    ended_in = PlanFactory(start_date=dt.date(2025, 3, 1), end_date=WINDOW_START)
    plan = PlanFactory(start_date=dt.date(2025, 11, 3), initial_category="EMO", latest_category="NEG",
                       number_of_previous_plans=1)  # fmt: skip
    ReviewConference.objects.create(plan=plan, held_on=dt.date(2026, 2, 2), outcome="continue", category="PHY")
    ReviewConference.objects.create(plan=plan, held_on=dt.date(2026, 4, 20), outcome="continue", category="NEG")
    VisitFactory(plan=plan, visit_date=dt.date(2026, 3, 27), seen_alone=True)
    VisitFactory(plan=plan, visit_date=dt.date(2026, 4, 1), seen_alone=False)
    ProtectiveOrderFactory(child=plan.child, start_date=dt.date(2025, 9, 1), end_date=WINDOW_START)
    ProtectiveOrderFactory(child=ended_in.child, start_date=dt.date(2025, 9, 1), end_date=BEFORE_WINDOW)
    later = PlanFactory(start_date=AFTER)

    sheets = build()

    assert rows_for(sheets, "List 7", ended_before.child) == rows_for(sheets, "List 7", later.child) == []
    (row,) = rows_for(sheets, "List 7", ended_in.child)
    assert row["Child Protection Plan End Date"] == WINDOW_START
    assert row["Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"] == (
        "b) No"
    )
    (row,) = rows_for(sheets, "List 7", plan.child)
    assert (row["Initial Category of Abuse"], row["Latest Category of Abuse"]) == (
        "d) Emotional abuse",
        "b) Physical abuse",
    )
    assert (row["Date of the Last Statutory Visit"], row["Was the Child Seen Alone?"]) == (
        dt.date(2026, 3, 27),
        "a) Yes",
    )
    assert row["Date of latest review conference"] == dt.date(2026, 2, 2)
    assert row["Child Protection Plan End Date"] is None
    assert row["Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"] == (
        "a) Yes"
    )
    assert row["Number of Previous Child Protection Plans"] == 1


def test_list_8_children_in_care_on_the_day_or_ceased_in_the_six_months():
    ceased_before = CarePeriodFactory(start_date=dt.date(2025, 1, 1), end_date=BEFORE_WINDOW, end_reason="E4A")
    ceased_in = CarePeriodFactory(start_date=dt.date(2025, 1, 1), end_date=WINDOW_START, end_reason="E4A")
    child = PersonFactory()
    CarePeriodFactory(child=child, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 5, 1), end_reason="E4B")
    period = CarePeriodFactory(child=child, start_date=dt.date(2025, 6, 1), legal_status="V2", with_placement=False)
    PostcodeLocationFactory(postcode="QC6", la_code="E09000001")
    PlacementFactory(period=period, start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 12, 1), placement_type="U6")
    PlacementFactory(period=period, start_date=dt.date(2025, 12, 1), end_date=dt.date(2026, 4, 5), placement_type="K2",
                     provider="PR4", postcode="QC6 6LA", urn="SC123456", out_of_area=True)  # fmt: skip
    PlacementFactory(period=period, start_date=dt.date(2026, 4, 5), placement_type="U4")  # not yet
    LookedAfterReviewFactory(period=period, review_date=dt.date(2026, 3, 2))
    StatutoryVisitFactory(period=period, visit_date=dt.date(2026, 3, 20))
    StatutoryVisitFactory(period=period, visit_date=dt.date(2026, 4, 2))
    IROContactFactory(period=period, contact_date=dt.date(2026, 1, 15))
    UASCRecordFactory(child=child, became_uasc_on=dt.date(2025, 6, 1))
    for start, kind, missing_from in [
        (dt.date(2025, 4, 1), "M", "care"),
        (dt.date(2025, 11, 1), "A", "care"),
        (dt.date(2026, 2, 1), "M", "home"),
        (dt.date(2026, 3, 1), "M", "care"),
    ]:
        episode = MissingEpisodeFactory(
            child=child, missing_type=kind, missing_from=missing_from, start_at=at(start, 9)
        )
    ReturnHomeInterviewFactory(episode=episode, response="declined")
    MissingEpisodeFactory(child=child, missing_from="care", start_at=at(dt.date(2026, 3, 31), 22), end_at=None)
    later = CarePeriodFactory(start_date=AFTER)

    sheets = build()

    assert rows_for(sheets, "List 8", ceased_before.child) == rows_for(sheets, "List 8", later.child) == []
    (row,) = rows_for(sheets, "List 8", ceased_in.child)
    assert (row["Date Ceased to be Looked After"], row["Reason Ceased to be Looked After"]) == (
        WINDOW_START,
        "e) E4A: Returned home to live with parents or relatives - part of planning",
    )
    (row,) = rows_for(sheets, "List 8", child)
    assert row["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"] == "a) Yes"
    assert row[
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"
    ] == ("a) Yes")
    assert (row["Child's Legal Status"], row["Start date of current legal status"]) == (
        "V2: Single period under S20",
        dt.date(2025, 6, 1),
    )
    assert (row["Date of Latest Statutory Review"], row["Date of Last Social Work Visit"]) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 20),
    )
    assert row["Date of Last IRO Visit / Contact to the Child"] == dt.date(2026, 1, 15)
    # the earlier period's placement (to May 2025) and two in this one; the one from 5 April 2026 has not begun
    assert row["Number of Placements in the Last 12 months"] == 3
    assert (row["Start Date of Most Recent Placement"], row["Placement Type"], row["Placement Provider"]) == (
        dt.date(2025, 12, 1),
        "p) K2: Children's Homes",
        "e) PR4: Private provision",
    )
    assert (row["Placement postcode"], row["URN of Placement"], row["Placement Location"], row["LA of Placement"]) == (
        "QC6 6LA",
        "SC123456",
        "b) Out",
        "E09000001",
    )
    # 1 April 2025 (the first day of the twelve months), 1 March, and the one still open on the day; not from home
    assert row["Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"] == 3
    assert row["Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months"] == 1
    assert row["Was the child offered a Return Interview after their last missing episode (Y/N)?"] == "a) Yes"
    assert row["Did the child accept a Return Interview after their last missing episode (Y/N)?"] == "b) No"
    assert (row["Date Ceased to be Looked After"], row["What is the permanence plan for this child?"]) == (None, None)


def test_list_8_permanence_plan_from_the_adoption_decision_or_long_term_fostering():
    adoption = JourneyFactory(period__start_date=dt.date(2025, 1, 10), decision_date=dt.date(2025, 6, 1))
    reversed_later = JourneyFactory(
        period__start_date=dt.date(2025, 1, 10), decision_date=dt.date(2025, 6, 1), reversed_date=AFTER,
        reversed_reason="RD3",
    )  # fmt: skip
    long_term = CarePeriodFactory(start_date=dt.date(2024, 1, 1), placement_type="U4")

    sheets = build()

    assert rows_for(sheets, "List 8", adoption.child)[0]["What is the permanence plan for this child?"] == "b) Adoption"
    assert rows_for(sheets, "List 8", reversed_later.child)[0]["What is the permanence plan for this child?"] == (
        "b) Adoption"
    )
    assert rows_for(sheets, "List 8", long_term.child)[0]["What is the permanence plan for this child?"] == (
        "f) Long-term fostering"
    )


def test_list_9_care_leavers_and_eligible_children_derived_on_the_day():
    team = TeamFactory(name="Leaving Care")
    former = care_leaver(date_of_birth=dt.date(2007, 1, 15), start=dt.date(2021, 2, 1), end=dt.date(2025, 3, 1),
                         end_reason="E5", team=team)  # fmt: skip
    BirthdayContact.objects.create(
        care_leaver=former, child=former.child, age=19, birthday=dt.date(2026, 1, 15), contact_date=dt.date(2026, 1, 15),
        in_touch="YES", accommodation="D2", activity="F2", recorded_at=timezone.now(),
    )  # fmt: skip
    for day, reached in [(dt.date(2026, 1, 10), True), (dt.date(2026, 2, 20), False), (dt.date(2026, 4, 2), True)]:
        AdviserContact.objects.create(care_leaver=former, child=former.child, contact_date=day, kind="phone",
                                      in_touch=reached)  # fmt: skip
    plan = PathwayPlan.objects.create(care_leaver=former, child=former.child, start_date=dt.date(2025, 3, 1))
    PathwayPlanReview.objects.create(plan=plan, child=former.child, review_date=dt.date(2025, 9, 1))
    still_in_care = PersonFactory(date_of_birth=dt.date(2008, 6, 1))
    care_period(still_in_care, dt.date(2022, 7, 1), dt.date(2026, 6, 1), "E4A")  # leaves after the date
    too_young = PersonFactory(date_of_birth=dt.date(2010, 4, 1))  # 16 on 1 April 2026
    care_period(too_young, dt.date(2023, 1, 1))
    not_yet_in_care = PersonFactory(date_of_birth=dt.date(2008, 6, 1))
    care_period(not_yet_in_care, AFTER)

    sheets = build()

    assert rows_for(sheets, "List 9", too_young) == rows_for(sheets, "List 9", not_yet_in_care) == []
    (row,) = rows_for(sheets, "List 9", former.child)
    assert row["Eligibility Category"] == "b) Former relevant child"
    assert row["Allocated Personal Advisor"] == former.child.allocations.get().worker.full_name
    assert (row["Allocated Team"], row["Allocated Worker"]) == (None, None)
    assert (row["LA in Touch"], row["Latest Date of Contact"]) == ("b) No", dt.date(2026, 1, 10))
    assert (row["Type of Accommodation"], row["Suitability of Accommodation"]) == (
        "D: Semi-independent, transitional accommodation and self-contained accommodation",
        "b) Unsuitable",
    )
    assert row["Activity Status"] == "F2: Full time in education other than higher"
    assert row["Latest Pathway Plan Review Date"] == dt.date(2025, 9, 1)
    (row,) = rows_for(sheets, "List 9", still_in_care)
    assert (row["Eligibility Category"], row["LA in Touch"], row["Age of Child (Years)"]) == (
        "d) Eligible child",
        None,
        17,
    )


def test_list_10_adoption_decisions_open_on_the_day_or_concluded_in_the_twelve_months():
    adopters = AdopterFactory()
    adopted_before = JourneyFactory(decision_date=dt.date(2024, 6, 1), adoption_order_date=dt.date(2025, 3, 31),
                                    period__start_date=dt.date(2024, 1, 1))  # fmt: skip
    adopted_in = JourneyFactory(
        period__start_date=dt.date(2024, 1, 1), decision_date=dt.date(2024, 6, 1), placement_order_date=dt.date(2024, 8, 1),
        match_date=dt.date(2024, 11, 1), adopter=adopters, placed_date=dt.date(2024, 12, 1),
        adoption_order_date=dt.date(2025, 4, 1),
    )  # fmt: skip
    waiting = JourneyFactory(period__start_date=dt.date(2023, 1, 1), decision_date=dt.date(2023, 6, 1),
                             match_date=dt.date(2026, 4, 2), adopter=adopters, early_permanence="ffa",
                             early_permanence_placed_date=dt.date(2023, 7, 1))  # fmt: skip
    decided_later = JourneyFactory(decision_date=AFTER)

    sheets = build()

    assert rows_for(sheets, "List 10", adopted_before.child) == rows_for(sheets, "List 10", decided_later.child) == []
    (row,) = rows_for(sheets, "List 10", adopted_in.child)
    assert row["Family identifier"] == f"AD{adopters.pk:06d}"
    assert (row["Date the Child Entered Care"], row["Date of Adoption Order"]) == (
        dt.date(2024, 1, 1),
        dt.date(2025, 4, 1),
    )
    assert row["Date of Matching Child and Prospective Adopters"] == dt.date(2024, 11, 1)
    (row,) = rows_for(sheets, "List 10", waiting.child)
    assert (row["Family identifier"], row["Date of Matching Child and Prospective Adopters"]) == (None, None)
    assert row["Date the child was placed for fostering in FFA or concurrent planning placement"] == dt.date(2023, 7, 1)


def test_list_10_a_reversed_decision_shows_its_reason():
    journey = JourneyFactory(
        decision_date=dt.date(2025, 5, 1), reversed_date=dt.date(2026, 3, 1), reversed_reason="RD3"
    )

    (row,) = rows_for(build(), "List 10", journey.child)

    assert row["Date of Decision that Child Should No Longer be Placed for Adoption"] == dt.date(2026, 3, 1)
    assert row["Reason Why Child No Longer Placed for Adoption"] == "RD3 - Prospective adopters could not be found"


def test_list_11_adopters_one_row_per_adopter_in_the_process_in_the_twelve_months():
    couple = AdopterFactory(sexes="MF", number_of_adopters=2, approved_on=dt.date(2025, 8, 20))
    JourneyFactory(adopter=couple, match_date=dt.date(2025, 10, 1), placed_date=dt.date(2025, 11, 1))
    JourneyFactory(adopter=couple, match_date=dt.date(2026, 3, 1), placed_date=dt.date(2026, 4, 3))  # not yet
    left_before = EnquiryAdopterFactory(sexes="F1", number_of_adopters=1, left_on=dt.date(2025, 3, 31),
                                        left_reason=Adopter.LeftReason.WITHDREW)  # fmt: skip
    left_in = EnquiryAdopterFactory(sexes="FF", number_of_adopters=2, left_on=dt.date(2025, 4, 1),
                                    left_reason=Adopter.LeftReason.NOT_APPROVED)  # fmt: skip
    finished = AdopterFactory(sexes="M1", number_of_adopters=1)
    JourneyFactory(adopter=finished, placed_date=dt.date(2024, 6, 1), adoption_order_date=dt.date(2025, 3, 1))
    EnquiryAdopterFactory(enquiry_date=AFTER, sexes="M1", number_of_adopters=1)

    rows = build()["List 11"]

    by_household = {}
    for row in rows:
        by_household.setdefault(row["Family identifier"], []).append(row)
    assert set(by_household) == {f"AD{couple.pk:06d}", f"AD{left_in.pk:06d}"}
    assert f"AD{left_before.pk:06d}" not in by_household and f"AD{finished.pk:06d}" not in by_household
    pair = by_household[f"AD{couple.pk:06d}"]
    assert [(r["Individual adopter identifier"], r["Gender"]) for r in pair] == [
        (f"AD{couple.pk:06d}-1", "a) Male"),
        (f"AD{couple.pk:06d}-2", "b) Female"),
    ]
    assert {(r["No. of children placed"], r["Date adopter matched with child(ren)"]) for r in pair} == {
        (1, dt.date(2025, 10, 1))
    }
    assert {r["Date application approved"] for r in pair} == {dt.date(2025, 8, 20)}
    assert {(r["Ethnicity"], r["Disability"]) for r in pair} == {(None, None)}  # not recorded for adopters
    assert {r["Reason for leaving adoption process"] for r in by_household[f"AD{left_in.pk:06d}"]} == {
        "3 - Application refused"
    }


def test_person_ids_are_every_child_on_any_list_and_no_adopter_rows_count():
    from safeguard.returns.annex_a import annex_a_build

    referred = EpisodeFactory(referral_date=dt.date(2026, 1, 5)).child
    contacted = PersonFactory()
    contact(contacted, at(dt.date(2026, 2, 2), 10))
    in_care = CarePeriodFactory(start_date=dt.date(2024, 1, 1)).child
    AdopterFactory()
    PersonFactory()  # on no list

    assert annex_a_build(as_of=AS_OF).person_ids == {referred.pk, contacted.pk, in_care.pk}
