"""Indicators 22, 23, 26, 28, 29 and 30 at the edges of their definitions (hand-built records)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from safeguard.asylum.models import UASCRecord
from safeguard.carereviews.models import IROContact, LookedAfterReview, StatutoryVisit
from safeguard.health.models import DentalCheck, HealthAssessment, ImmunisationStatus, SDQScore
from safeguard.missing.models import MissingEpisode, ReturnHomeInterview
from safeguard.workdays.calendar import add_working_days
from tests.carereviews.factories import IROFactory
from tests.factories import PersonFactory
from tests.lac.factories import CarePeriodFactory, PlacementFactory

from .helpers import result

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 31)


def period(start: dt.date, end: dt.date | None = None, *, child=None, end_reason: str = "", **fields):
    return CarePeriodFactory(
        child=child or PersonFactory(**fields),
        start_date=start,
        end_date=end,
        end_reason=end_reason or ("E4A" if end else ""),
        with_placement=False,
        with_legal_status=False,
    )


def test_looked_after_on_the_as_of_date_starts_and_ceases():
    open_period = period(dt.date(2024, 1, 1))
    period(dt.date(2024, 1, 1), AS_OF)  # ceased on the as-of date: not looked after on it
    period(dt.date(2025, 4, 1), dt.date(2026, 4, 1))  # started on the first day of the period
    period(dt.date(2025, 3, 31), dt.date(2025, 3, 31))  # started and ceased the day before the period
    r = result("cla-rate", AS_OF)
    assert r.numerator == 2 and open_period.child_id in r.counted_ids
    assert result("cla-starts", AS_OF).value == 1
    assert result("cla-ceases", AS_OF).value == 1


def test_uasc_share_and_second_period_within_12_months():
    uasc = period(dt.date(2025, 1, 1))
    UASCRecord.objects.create(child=uasc.child, became_uasc_on=dt.date(2025, 1, 1), arrival_route="other")
    former = period(dt.date(2025, 1, 1))
    UASCRecord.objects.create(
        child=former.child, became_uasc_on=dt.date(2025, 1, 1), arrival_route="other", ceased_on=AS_OF
    )
    r = result("cla-uasc", AS_OF)
    assert (r.numerator, r.denominator) == (1, 2) and r.counted_ids == {uasc.child_id}

    back = PersonFactory()
    period(dt.date(2024, 1, 1), dt.date(2025, 5, 1), child=back)
    period(dt.date(2025, 5, 1), child=back)  # back on the day the last period ceased
    later = PersonFactory()
    period(dt.date(2024, 1, 1), dt.date(2024, 6, 30), child=later)
    period(dt.date(2025, 7, 1), child=later)  # 12 months and a day after
    second = result("cla-second-period-12-months", AS_OF)
    assert second.counted_ids == {back.pk} and later.pk in second.other_ids


def test_three_or_more_placements_in_the_12_months():
    three = period(dt.date(2024, 1, 1))
    PlacementFactory(period=three, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 4, 1))  # ends on day 1
    PlacementFactory(period=three, start_date=dt.date(2025, 4, 1), end_date=dt.date(2025, 8, 1))
    PlacementFactory(period=three, start_date=dt.date(2025, 8, 1))
    two = period(dt.date(2024, 1, 1))
    PlacementFactory(period=two, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 3, 31))  # before the year
    PlacementFactory(period=two, start_date=dt.date(2025, 3, 31), end_date=dt.date(2025, 8, 1))
    PlacementFactory(period=two, start_date=dt.date(2025, 8, 1), end_date=dt.date(2025, 9, 1))
    PlacementFactory(period=two, start_date=dt.date(2025, 9, 1), same_carer_as_previous=True)  # not a move
    r = result("cla-three-placements", AS_OF)
    assert r.counted_ids == {three.child_id} and r.other_ids == {two.child_id}


def test_looked_after_reviews_in_timescale_and_participation():
    iro = IROFactory()

    def review(p, day, code="PN1"):
        LookedAfterReview.objects.create(period=p, child=p.child, review_date=day, participation=code, iro=iro)

    start = dt.date(2025, 9, 1)
    first_due = add_working_days(start, 20)
    in_time = period(start)
    review(in_time, first_due)
    review(in_time, first_due + relativedelta(months=3))  # the second on its due day
    late = period(start)
    review(late, first_due + dt.timedelta(days=1), code="PN7")
    not_yet_due = period(add_working_days(AS_OF, -19))  # first review due after the as-of date: left out
    r = result("cla-reviews-in-time", AS_OF)
    assert r.counted_ids == {in_time.child_id} and r.other_ids == {late.child_id}
    assert not_yet_due.child_id not in r.counted_ids | r.other_ids
    under_four = period(start)
    review(under_four, first_due, code="PN0")
    participation = result("cla-review-participation", AS_OF)
    assert (participation.numerator, participation.denominator) == (2, 3)


def test_health_of_children_looked_after_12_months():
    as_of = AS_OF
    cohort_start = dt.date(2025, 3, 31)  # 12 months to the day: in the cohort
    young = period(cohort_start, date_of_birth=dt.date(2022, 1, 1))  # 4 on the as-of date: 6-monthly, SDQ age
    HealthAssessment.objects.create(
        child=young.child, kind="review", assessment_date=dt.date(2025, 9, 30), assessed_by="x"
    )
    older = period(cohort_start, date_of_birth=dt.date(2015, 1, 1))
    HealthAssessment.objects.create(
        child=older.child, kind="review", assessment_date=dt.date(2025, 3, 30), assessed_by="x"
    )
    period(dt.date(2025, 4, 1), date_of_birth=dt.date(2015, 1, 1))  # under 12 months: not in the cohort
    r = result("cla-health-assessment", as_of)
    # Under 5: 30 Sep + 6 months = 30 Mar < 31 Mar, out of date; 5 and over: 30 Mar 2025 + 12 months also.
    assert r.denominator == 2 and r.numerator == 0
    HealthAssessment.objects.create(
        child=older.child, kind="review", assessment_date=dt.date(2025, 3, 31), assessed_by="x"
    )
    assert result("cla-health-assessment", as_of).counted_ids == {older.child_id}

    DentalCheck.objects.create(child=young.child, check_date=dt.date(2025, 4, 1))
    DentalCheck.objects.create(child=older.child, check_date=dt.date(2025, 3, 31))  # 12 months and a day before
    assert result("cla-dental-check", as_of).counted_ids == {young.child_id}

    ImmunisationStatus.objects.create(child=young.child, status_date=dt.date(2025, 5, 1), up_to_date=False)
    ImmunisationStatus.objects.create(child=young.child, status_date=dt.date(2025, 6, 1), up_to_date=True)
    ImmunisationStatus.objects.create(child=older.child, status_date=dt.date(2025, 5, 1), up_to_date=True)
    ImmunisationStatus.objects.create(child=older.child, status_date=dt.date(2026, 4, 1), up_to_date=False)
    assert result("cla-immunisations", as_of).counted_ids == {young.child_id, older.child_id}

    SDQScore.objects.create(child=young.child, completed_date=dt.date(2025, 6, 1), score=12)
    SDQScore.objects.create(child=older.child, completed_date=dt.date(2025, 6, 1), reason="SDQ2")
    sdq = result("cla-sdq", as_of)
    assert (sdq.numerator, sdq.denominator) == (1, 2) and sdq.counted_ids == {young.child_id}


def _aware(*args):
    return timezone.make_aware(dt.datetime(*args))


def test_missing_episodes_and_return_home_interviews():
    child = PersonFactory()

    def episode(start, end, **interview):
        e = MissingEpisode.objects.create(
            child=child, missing_type="M", missing_from="care", start_at=start, end_at=end, risk_level="medium"
        )
        if interview:
            ReturnHomeInterview.objects.create(episode=e, child=child, **interview)
        return e

    returned = _aware(2026, 3, 1, 12)
    episode(_aware(2026, 3, 1, 8), returned, offered_at=returned, completed_at=returned + dt.timedelta(hours=72))
    episode(
        _aware(2026, 3, 5, 8),
        _aware(2026, 3, 5, 12),
        offered_at=_aware(2026, 3, 5, 13),
        completed_at=_aware(2026, 3, 8, 12, 1),
    )  # 72 hours and a minute
    episode(_aware(2026, 3, 20, 8), _aware(2026, 3, 20, 12))  # no interview
    episode(_aware(2026, 3, 31, 22), _aware(2026, 4, 1, 2))  # returned after the as-of date
    other = PersonFactory()
    MissingEpisode.objects.create(
        child=other,
        missing_type="A",
        missing_from="home",
        start_at=_aware(2025, 3, 31, 23),
        end_at=_aware(2025, 4, 1, 1),
        risk_level="low",
    )  # started before the period
    missing = result("missing-children", AS_OF)
    assert missing.counted_ids == {child.pk} and dict(missing.details)["Episodes"] == "4"
    offered = result("missing-rhi-offered", AS_OF)
    assert (offered.numerator, offered.denominator) == (2, 4)
    within = result("missing-rhi-72-hours", AS_OF)
    assert (within.numerator, within.denominator) == (1, 4)


def test_exits_to_permanence():
    adopted = period(dt.date(2023, 1, 1), dt.date(2025, 6, 1), end_reason="E11")
    sgo = period(dt.date(2023, 1, 1), dt.date(2025, 7, 1), end_reason="E45")
    period(dt.date(2023, 1, 1), dt.date(2025, 8, 1), end_reason="E4A")
    period(dt.date(2023, 1, 1), dt.date(2025, 3, 31), end_reason="E11")  # before the period
    r = result("exits-to-permanence", AS_OF)
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.counted_ids == {adopted.child_id, sgo.child_id}
    assert dict(r.details)["Adoption"].startswith("33.3%")


def test_statutory_visits_follow_regulation_28_as_of_the_date():
    start = dt.date(2026, 1, 5)
    visited = period(start)
    PlacementFactory(period=visited, start_date=start)
    StatutoryVisit.objects.create(period=visited, child=visited.child, visit_date=dt.date(2026, 1, 12))
    new_placement = period(dt.date(2026, 2, 20))
    PlacementFactory(period=new_placement, start_date=dt.date(2026, 2, 20))  # first visit due within a week
    moved = period(start)
    first = PlacementFactory(period=moved, start_date=start, end_date=dt.date(2026, 2, 10))
    PlacementFactory(period=moved, start_date=dt.date(2026, 2, 10))  # a move restarts the one-week clock
    StatutoryVisit.objects.create(period=moved, child=moved.child, placement=first, visit_date=dt.date(2026, 1, 12))
    # 6 weeks after the visit on 12 January is 23 February: in time on it, overdue the day after.
    on_due_day = result("cla-visits-in-time", dt.date(2026, 2, 23))
    assert visited.child_id in on_due_day.counted_ids and moved.child_id in on_due_day.other_ids
    day_after = result("cla-visits-in-time", dt.date(2026, 2, 24))
    assert day_after.counted_ids == {new_placement.child_id}
    assert day_after.other_ids == {visited.child_id, moved.child_id}


def test_iro_contact_is_due_by_the_first_review_at_the_latest():
    start = dt.date(2025, 9, 1)
    looked_after = period(start)
    first_review_due = add_working_days(start, 20)
    assert result("cla-iro-contact-in-time", first_review_due).counted_ids == {looked_after.child_id}
    late = result("cla-iro-contact-in-time", first_review_due + dt.timedelta(days=1))
    assert late.other_ids == {looked_after.child_id}
    IROContact.objects.create(
        period=looked_after, child=looked_after.child, iro=IROFactory(), contact_date=first_review_due, kind="visit"
    )
    LookedAfterReview.objects.create(
        period=looked_after,
        child=looked_after.child,
        review_date=first_review_due,
        participation="PN1",
        iro=IROFactory(),
    )
    assert result("cla-iro-contact-in-time", first_review_due + dt.timedelta(days=1)).numerator == 1


def test_long_term_stability():
    as_of = AS_OF
    long_start = dt.date(2023, 9, 30)  # 2 years 6 months to the day
    stable = period(long_start, date_of_birth=dt.date(2015, 1, 1))
    PlacementFactory(period=stable, start_date=long_start, end_date=dt.date(2024, 3, 31))
    PlacementFactory(period=stable, start_date=dt.date(2024, 3, 31), end_date=dt.date(2025, 1, 1))  # 2 years
    PlacementFactory(period=stable, start_date=dt.date(2025, 1, 1), same_carer_as_previous=True)  # same carers
    moved = period(long_start, date_of_birth=dt.date(2015, 1, 1))
    PlacementFactory(period=moved, start_date=long_start, end_date=dt.date(2024, 4, 1))  # a day short of 2 years
    PlacementFactory(period=moved, start_date=dt.date(2024, 4, 1))
    adopted = period(long_start, date_of_birth=dt.date(2022, 1, 1))
    PlacementFactory(period=adopted, start_date=long_start, end_date=dt.date(2025, 10, 1))
    PlacementFactory(period=adopted, start_date=dt.date(2025, 10, 1), placement_type="A5")  # counts the one before
    period(long_start, date_of_birth=dt.date(2010, 3, 31))  # 16 on the as-of date: not in the cohort
    period(dt.date(2023, 10, 1), date_of_birth=dt.date(2015, 1, 1))  # a day short of 2 years 6 months
    r = result("cla-long-term-stability", as_of)
    assert r.counted_ids == {stable.child_id, adopted.child_id} and r.other_ids == {moved.child_id}


def test_placed_far_from_home_or_out_of_area():
    far = period(dt.date(2025, 1, 1))
    PlacementFactory(period=far, start_date=dt.date(2025, 1, 1), distance_miles=20.1, out_of_area=False)
    out = period(dt.date(2025, 1, 1))
    PlacementFactory(period=out, start_date=dt.date(2025, 1, 1), distance_miles=3, out_of_area=True)
    near = period(dt.date(2025, 1, 1))
    PlacementFactory(period=near, start_date=dt.date(2025, 1, 1), distance_miles=20, out_of_area=False)
    unknown = period(dt.date(2025, 1, 1))
    PlacementFactory(period=unknown, start_date=dt.date(2025, 1, 1))
    r = result("cla-distance-out-of-area", AS_OF)
    assert r.counted_ids == {far.child_id, out.child_id} and r.other_ids == {near.child_id, unknown.child_id}
    assert dict(r.details)["Distance not known"] == "1"


def test_temporary_placements_are_not_moves():
    child = period(dt.date(2024, 1, 1))
    PlacementFactory(period=child, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 6, 1))
    PlacementFactory(period=child, start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 6, 8), placement_type="T4")
    PlacementFactory(period=child, start_date=dt.date(2025, 6, 8))
    assert result("cla-three-placements", AS_OF).numerator == 0


def test_a_late_review_before_the_period_does_not_count_against_the_child():
    iro = IROFactory()
    start = dt.date(2024, 1, 2)
    looked_after = period(start)
    held = [add_working_days(start, 21)]  # a day late, in 2024
    held.append(held[-1] + relativedelta(months=3))
    while held[-1] + relativedelta(months=6) <= AS_OF:
        held.append(held[-1] + relativedelta(months=6))
    for day in held:
        LookedAfterReview.objects.create(
            period=looked_after, child=looked_after.child, review_date=day, participation="PN1", iro=iro
        )
    assert result("cla-reviews-in-time", AS_OF).counted_ids == {looked_after.child_id}
    assert result("cla-reviews-in-time", dt.date(2024, 6, 1)).other_ids == {looked_after.child_id}


def test_short_breaks_are_left_out():
    from tests.lac.factories import CareLegalStatusFactory

    respite = period(dt.date(2025, 6, 1))
    CareLegalStatusFactory(period=respite, legal_status="V3", start_date=dt.date(2025, 6, 1))
    became_s20 = period(dt.date(2025, 6, 1))
    CareLegalStatusFactory(
        period=became_s20, legal_status="V4", start_date=dt.date(2025, 6, 1), end_date=dt.date(2026, 1, 1)
    )
    CareLegalStatusFactory(period=became_s20, legal_status="V2", start_date=dt.date(2026, 1, 1))
    on_break_now = period(dt.date(2025, 6, 1))
    CareLegalStatusFactory(
        period=on_break_now, legal_status="V2", start_date=dt.date(2025, 6, 1), end_date=dt.date(2026, 1, 1)
    )
    CareLegalStatusFactory(period=on_break_now, legal_status="V4", start_date=dt.date(2026, 1, 1))
    assert result("cla-rate", AS_OF).counted_ids == {became_s20.child_id}
    assert result("cla-starts", AS_OF).counted_ids == {became_s20.child_id, on_break_now.child_id}
