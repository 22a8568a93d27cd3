"""Indicators 1-4 and 7-10 at the edges of their definitions (hand-built records, England working days)."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguard.casework.models import Assessment, AssessmentChildSeen
from safeguard.frontdoor.models import Contact, ContactDecision
from safeguard.indicators.models import ChildPopulation
from safeguard.workdays.calendar import add_working_days
from tests.casework.factories import AssessmentFactory
from tests.factories import EpisodeFactory, PersonFactory, UserFactory

from .helpers import result

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 31)
REFERRAL = dt.date(2025, 12, 1)
# 45 working days from 1 Dec 2025 skip Christmas Day, Boxing Day and New Year's Day: 5 Feb 2026, not 2 Feb.
DEADLINE = dt.date(2026, 2, 5)


def authorised(on: dt.date, *, referral: dt.date = REFERRAL, child=None, **episode):
    ep = EpisodeFactory(referral_date=referral, child=child or PersonFactory(), **episode)
    return AssessmentFactory(episode=ep, status=Assessment.Status.AUTHORISED, authorised_date=on)


def test_the_deadline_counts_bank_holidays_out():
    assert add_working_days(REFERRAL, 45) == DEADLINE


def test_assessments_within_45_working_days_on_the_deadline_day_and_the_day_after():
    on_time = authorised(DEADLINE)
    late = authorised(DEADLINE + dt.timedelta(days=1))
    # Would be late on a plain weekday count; the bank holidays make it in time.
    holiday_saved = authorised(dt.date(2026, 2, 3))
    r = result("assessments-within-45-wd", AS_OF)
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.value == pytest.approx(66.7)
    assert r.counted_ids == {on_time.child_id, holiday_saved.child_id}
    assert r.other_ids == {late.child_id}
    details = dict(r.details)
    assert details["Median working days"] == "45"


def test_assessments_count_only_when_authorised_in_the_12_months_to_the_as_of_date():
    authorised(dt.date(2025, 4, 1), referral=dt.date(2025, 3, 3))  # first day of the period: counted
    authorised(dt.date(2025, 3, 31), referral=dt.date(2025, 3, 3))  # the day before: not
    authorised(dt.date(2026, 4, 1), referral=dt.date(2026, 3, 3))  # after the as-of date: not
    assert result("assessments-within-45-wd", AS_OF).denominator == 1


def test_open_assessments_past_45_working_days():
    as_of = dt.date(2026, 2, 6)
    overdue = AssessmentFactory(episode=EpisodeFactory(referral_date=REFERRAL, child=PersonFactory()))
    # Due on the as-of date itself: not yet overdue.
    due_today = AssessmentFactory(
        episode=EpisodeFactory(referral_date=dt.date(2025, 12, 2), child=PersonFactory()), start_date=REFERRAL
    )
    assert add_working_days(dt.date(2025, 12, 2), 45) == as_of
    # Authorised after the as-of date: still open on it, and overdue.
    later = authorised(dt.date(2026, 3, 1))
    # Closed episode on or before the as-of date: not open.
    closed = AssessmentFactory(episode=EpisodeFactory(referral_date=REFERRAL, close_date=as_of, child=PersonFactory()))
    # Started after the as-of date: not open yet.
    AssessmentFactory(
        episode=EpisodeFactory(referral_date=REFERRAL, child=PersonFactory()), start_date=as_of + dt.timedelta(days=1)
    )
    r = result("open-assessments-overdue", as_of)
    assert r.value == 2
    assert r.counted_ids == {overdue.child_id, later.child_id}
    assert r.other_ids == {due_today.child_id}
    assert closed.child_id not in r.counted_ids | r.other_ids
    assert r.denominator == 3


def test_child_seen_during_assessment_counts_visits_up_to_authorisation():
    seen = authorised(DEADLINE)
    AssessmentChildSeen.objects.create(assessment=seen, seen_on=REFERRAL, seen_alone=True)
    after = authorised(DEADLINE)
    AssessmentChildSeen.objects.create(assessment=after, seen_on=DEADLINE + dt.timedelta(days=1))
    authorised(DEADLINE)
    r = result("assessment-child-seen", AS_OF)
    assert (r.numerator, r.denominator) == (1, 3)
    assert r.counted_ids == {seen.child_id}
    assert dict(r.details)["Seen alone"].startswith("33.3%")


def test_assessed_not_in_need_needs_rc8_closure_by_the_as_of_date():
    rc8 = authorised(DEADLINE, close_date=dt.date(2026, 3, 1), close_reason="RC8")
    authorised(DEADLINE, close_date=dt.date(2026, 4, 1), close_reason="RC8")  # closed after the as-of date
    authorised(DEADLINE, close_date=dt.date(2026, 3, 1), close_reason="RC7")
    r = result("assessed-not-in-need", AS_OF)
    assert (r.numerator, r.denominator) == (1, 3)
    assert r.counted_ids == {rc8.child_id}


def test_re_referrals_within_12_months_of_the_previous_referral():
    again = PersonFactory()
    EpisodeFactory(child=again, referral_date=dt.date(2025, 1, 10), close_date=dt.date(2025, 2, 1))
    EpisodeFactory(child=again, referral_date=dt.date(2026, 1, 10))  # exactly 12 months later: a re-referral
    too_late = PersonFactory()
    EpisodeFactory(child=too_late, referral_date=dt.date(2025, 1, 9), close_date=dt.date(2025, 2, 1))
    EpisodeFactory(child=too_late, referral_date=dt.date(2026, 1, 10))  # 12 months and a day
    imported = PersonFactory()
    EpisodeFactory(child=imported, referral_date=dt.date(2026, 2, 1), previous_referral_date=dt.date(2025, 6, 1))
    r = result("re-referrals", AS_OF)
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.counted_ids == {again.pk, imported.pk}


def test_referral_rate_per_10000_and_nfa_share():
    EpisodeFactory(referral_date=dt.date(2025, 5, 1), referral_nfa=True)
    EpisodeFactory(referral_date=dt.date(2025, 6, 1))
    EpisodeFactory(referral_date=dt.date(2025, 3, 31))  # before the period
    r = result("referral-rate", AS_OF)
    assert r.value is None and r.numerator == 2 and "population" in r.note
    ChildPopulation.objects.create(year=2025, children=4000)
    r = result("referral-rate", AS_OF)
    assert (r.value, r.numerator, r.denominator) == (5.0, 2, 4000)
    nfa = result("referrals-nfa", AS_OF)
    assert (nfa.numerator, nfa.denominator) == (1, 2)


def test_contacts_that_became_referrals():
    user = UserFactory()

    def contact(received: dt.datetime, outcome=None, decided: dt.datetime | None = None):
        c = Contact.objects.create(
            child=PersonFactory(),
            group_reference="G",
            received_at=timezone.make_aware(received),
            source="1A",
            summary="Synthetic",
            rag="green",
            decision_due_date=received.date(),
            recorded_by=user,
        )
        if outcome:
            ContactDecision.objects.create(
                contact=c,
                outcome=outcome,
                reason="r",
                decided_by=user,
                decided_at=timezone.make_aware(decided or received),
            )
        return c

    referral = contact(dt.datetime(2026, 3, 2, 9), ContactDecision.Outcome.REFERRAL)
    contact(dt.datetime(2026, 3, 2, 10), ContactDecision.Outcome.STRATEGY_DISCUSSION)
    contact(dt.datetime(2026, 3, 3, 9), ContactDecision.Outcome.ADVICE)
    contact(dt.datetime(2026, 3, 31, 23, 30), ContactDecision.Outcome.REFERRAL, dt.datetime(2026, 4, 1, 9))
    contact(dt.datetime(2026, 4, 1, 0, 30), ContactDecision.Outcome.REFERRAL)  # after the as-of date
    r = result("contacts-to-referral", AS_OF)
    assert (r.numerator, r.denominator) == (2, 4)
    assert referral.child_id in r.counted_ids
    assert dict(r.details)["Contacts per child"] == "1.00"


def test_referral_source_mix():
    EpisodeFactory(referral_date=dt.date(2025, 5, 1), referral_source="5A")
    EpisodeFactory(referral_date=dt.date(2025, 5, 2), referral_source="5A")
    EpisodeFactory(referral_date=dt.date(2025, 5, 3), referral_source="2B")
    EpisodeFactory(referral_date=dt.date(2025, 3, 31), referral_source="2B")  # before the period
    r = result("referral-sources", AS_OF)
    assert r.value == 3
    shares = [value for _, value in r.details]
    assert shares == ["66.7% (2 of 3)", "33.3% (1 of 3)"]
