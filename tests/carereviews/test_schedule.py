"""The pure schedules (no database): which rule applies, from which anchor, and the edges of regulation 28."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from safeguard.carereviews import schedule as s
from safeguard.carereviews.schedule import Deadline, PlacementFacts, VisitFacts

# Stand-in rule table with calendar arithmetic; the real rules (and working days) are tested in test_deadlines.
INTERVALS = {
    s.REVIEW_FIRST: relativedelta(days=28),
    s.REVIEW_SECOND: relativedelta(months=3),
    s.REVIEW_LATER: relativedelta(months=6),
    s.VISIT_FIRST: relativedelta(weeks=1),
    s.VISIT_FIRST_YEAR: relativedelta(weeks=6),
    s.VISIT_INTENDED_UNTIL_18: relativedelta(months=3),
    s.VISIT_AFTER_FIRST_YEAR: relativedelta(weeks=6),
    s.VISIT_LONG_TERM_FOSTER: relativedelta(months=6),
    s.VISIT_WEEKLY: relativedelta(weeks=1),
    s.VISIT_AFTER_FIRST_REVIEW: relativedelta(weeks=6),
    s.IRO_CONTACT: relativedelta(months=3),
}


def due(code, anchor):
    return anchor + INTERVALS[code]


START = dt.date(2026, 3, 2)


def placement(start=START, kind="U6", until_18=False, end=None):
    return PlacementFacts(start_date=start, placement_type=kind, intended_until_18=until_18, end_date=end)


def visit(day, seen=True, agrees=False):
    return VisitFacts(visit_date=day, child_seen=seen, child_agrees_six_monthly=agrees)


def next_visit(placements, visits=(), first_review=None, dob=None):
    return s.next_visit(placements=placements, visits=visits, first_review=first_review, due=due, date_of_birth=dob)


class TestReviews:
    def test_first_review_counts_from_becoming_looked_after(self):
        got = s.next_review(became_looked_after=START, reviews_held=[], due=due)
        assert got == Deadline(s.REVIEW_FIRST, START, START + relativedelta(days=28))

    def test_second_review_counts_from_the_first(self):
        got = s.next_review(became_looked_after=START, reviews_held=[dt.date(2026, 3, 20)], due=due)
        assert got == Deadline(s.REVIEW_SECOND, dt.date(2026, 3, 20), dt.date(2026, 6, 20))

    def test_later_reviews_count_from_the_latest_whatever_the_order_given(self):
        held = [dt.date(2026, 9, 1), dt.date(2026, 3, 20), dt.date(2026, 6, 10)]
        got = s.next_review(became_looked_after=START, reviews_held=held, due=due)
        assert got == Deadline(s.REVIEW_LATER, dt.date(2026, 9, 1), dt.date(2027, 3, 1))

    def test_no_review_due_on_or_after_the_18th_birthday(self):
        dob = dt.date(2008, 12, 1)
        got = s.next_review(
            became_looked_after=START,
            reviews_held=[dt.date(2026, 3, 20), dt.date(2026, 6, 1)],
            due=due,
            date_of_birth=dob,
        )
        assert got is None  # due 1 Dec 2026, the 18th birthday itself

    def test_review_due_the_day_before_the_18th_birthday_is_kept(self):
        dob = dt.date(2008, 12, 2)
        got = s.next_review(
            became_looked_after=START,
            reviews_held=[dt.date(2026, 3, 20), dt.date(2026, 6, 1)],
            due=due,
            date_of_birth=dob,
        )
        assert got.due == dt.date(2026, 12, 1)


class TestReviewCycle:
    """T0 (becoming looked after) -> T1 first review (20 WD, here 28 days) -> T2 3 months -> T3, T4 6-monthly."""

    def test_the_whole_cycle_from_t0_to_t4(self):
        t1, t2, t3 = dt.date(2026, 3, 27), dt.date(2026, 6, 25), dt.date(2026, 12, 20)
        cycle = [
            s.next_review(became_looked_after=START, reviews_held=held, due=due)
            for held in ([], [t1], [t1, t2], [t1, t2, t3])
        ]
        assert [(d.rule_code, d.anchor, d.due) for d in cycle] == [
            (s.REVIEW_FIRST, START, dt.date(2026, 3, 30)),
            (s.REVIEW_SECOND, t1, dt.date(2026, 6, 27)),
            (s.REVIEW_LATER, t2, dt.date(2026, 12, 25)),
            (s.REVIEW_LATER, t3, dt.date(2027, 6, 20)),
        ]

    def test_a_late_review_moves_the_next_one_from_when_it_was_held(self):
        late_first = dt.date(2026, 4, 20)  # due 30 Mar
        got = s.next_review(became_looked_after=START, reviews_held=[late_first], due=due)
        assert got == Deadline(s.REVIEW_SECOND, late_first, dt.date(2026, 7, 20))


class TestIROContact:
    def _next(self, contacts=(), review=None, dob=None):
        return s.next_iro_contact(
            became_looked_after=START, contacts=contacts, next_review_due=review, due=due, date_of_birth=dob
        )

    def test_from_becoming_looked_after_when_there_is_no_contact_yet(self):
        assert self._next() == Deadline(s.IRO_CONTACT, START, dt.date(2026, 6, 2))

    def test_from_the_latest_contact_whatever_the_order_given(self):
        got = self._next([dt.date(2026, 5, 1), dt.date(2026, 3, 20)])
        assert got == Deadline(s.IRO_CONTACT, dt.date(2026, 5, 1), dt.date(2026, 8, 1))

    def test_no_later_than_the_next_review(self):
        first_review = s.next_review(became_looked_after=START, reviews_held=[], due=due)
        assert self._next(review=first_review) == first_review  # 30 Mar, before 2 Jun

    def test_the_interval_when_it_comes_before_the_review(self):
        review = Deadline(s.REVIEW_LATER, dt.date(2026, 3, 20), dt.date(2026, 9, 20))
        assert self._next([dt.date(2026, 5, 1)], review=review).rule_code == s.IRO_CONTACT

    def test_on_the_review_date_itself_the_review_is_kept(self):
        review = Deadline(s.REVIEW_SECOND, dt.date(2026, 5, 1), dt.date(2026, 8, 1))
        assert self._next([dt.date(2026, 5, 1)], review=review).due == dt.date(2026, 8, 1)

    def test_nothing_due_on_or_after_the_18th_birthday(self):
        assert self._next([dt.date(2026, 5, 1)], dob=dt.date(2008, 8, 1)) is None
        assert self._next([dt.date(2026, 5, 1)], dob=dt.date(2008, 8, 2)).due == dt.date(2026, 8, 1)


class TestFirstVisit:
    def test_within_a_week_of_the_placement_starting(self):
        assert next_visit([placement()]) == Deadline(s.VISIT_FIRST, START, START + dt.timedelta(days=7))

    def test_a_move_restarts_the_one_week_clock(self):
        moved = dt.date(2026, 5, 4)
        placements = [placement(end=moved), placement(start=moved, kind="K2")]
        got = next_visit(placements, [visit(dt.date(2026, 5, 1))])
        assert got == Deadline(s.VISIT_FIRST, moved, dt.date(2026, 5, 11))

    def test_a_visit_on_the_day_of_the_move_counts_for_the_new_placement(self):
        moved = dt.date(2026, 5, 4)
        got = next_visit([placement(end=moved), placement(start=moved)], [visit(moved)])
        assert got == Deadline(s.VISIT_FIRST_YEAR, moved, moved + dt.timedelta(weeks=6))

    def test_a_visit_where_the_child_was_not_seen_does_not_count(self):
        got = next_visit([placement()], [visit(dt.date(2026, 3, 5), seen=False)])
        assert got.rule_code == s.VISIT_FIRST

    def test_nothing_due_without_a_placement_or_after_the_last_one_ended(self):
        assert next_visit([]) is None
        assert next_visit([placement(end=dt.date(2026, 4, 1))]) is None


class TestFirstYear:
    def test_six_weekly_in_the_first_year(self):
        got = next_visit([placement(until_18=True)], [visit(dt.date(2026, 3, 5)), visit(dt.date(2026, 4, 10))])
        assert got == Deadline(s.VISIT_FIRST_YEAR, dt.date(2026, 4, 10), dt.date(2026, 5, 22))

    def test_last_day_of_the_first_year_is_still_six_weekly(self):
        got = next_visit([placement(until_18=True)], [visit(dt.date(2027, 3, 1))])
        assert got.rule_code == s.VISIT_FIRST_YEAR

    def test_on_the_first_anniversary_the_until_18_regime_starts(self):
        got = next_visit([placement(until_18=True)], [visit(dt.date(2027, 3, 2))])
        assert got == Deadline(s.VISIT_INTENDED_UNTIL_18, dt.date(2027, 3, 2), dt.date(2027, 6, 2))

    def test_after_the_first_year_not_intended_until_18_stays_six_weekly(self):
        got = next_visit([placement(until_18=False)], [visit(dt.date(2027, 4, 1))])
        assert got == Deadline(s.VISIT_AFTER_FIRST_YEAR, dt.date(2027, 4, 1), dt.date(2027, 5, 13))


class TestLongTermFoster:
    @pytest.mark.parametrize("kind", ["U4", "U1"])
    def test_six_monthly_after_a_year_when_the_child_agrees(self, kind):
        got = next_visit([placement(kind=kind, until_18=True)], [visit(dt.date(2027, 4, 1), agrees=True)], START)
        assert got == Deadline(s.VISIT_LONG_TERM_FOSTER, dt.date(2027, 4, 1), dt.date(2027, 10, 1))

    def test_without_the_childs_agreement_the_until_18_regime_applies(self):
        got = next_visit([placement(kind="U4", until_18=True)], [visit(dt.date(2027, 4, 1))])
        assert got.rule_code == s.VISIT_INTENDED_UNTIL_18

    def test_agreement_counts_only_after_the_first_year(self):
        got = next_visit([placement(kind="U4", until_18=True)], [visit(dt.date(2026, 12, 1), agrees=True)])
        assert got.rule_code == s.VISIT_FIRST_YEAR

    def test_not_a_long_term_foster_placement_agreement_is_ignored(self):
        got = next_visit([placement(kind="U6", until_18=True)], [visit(dt.date(2027, 4, 1), agrees=True)])
        assert got.rule_code == s.VISIT_INTENDED_UNTIL_18


class TestWithParentsOrConnectedPerson:
    @pytest.mark.parametrize("kind", ["P1", "U1", "U2", "U3"])
    def test_weekly_until_the_first_review(self, kind):
        got = next_visit([placement(kind=kind)], [visit(dt.date(2026, 3, 6))], first_review=None)
        assert got == Deadline(s.VISIT_WEEKLY, dt.date(2026, 3, 6), dt.date(2026, 3, 13))

    def test_still_weekly_when_the_review_is_after_the_last_visit(self):
        got = next_visit([placement(kind="P1")], [visit(dt.date(2026, 3, 6))], first_review=dt.date(2026, 3, 10))
        assert got.rule_code == s.VISIT_WEEKLY

    def test_after_the_first_review_the_local_interval_applies_in_the_first_year(self):
        got = next_visit([placement(kind="P1")], [visit(dt.date(2026, 3, 27))], first_review=dt.date(2026, 3, 27))
        assert got.rule_code == s.VISIT_FIRST_YEAR

    def test_after_the_first_year_and_review_with_parents(self):
        got = next_visit([placement(kind="P1")], [visit(dt.date(2027, 5, 1))], first_review=dt.date(2026, 3, 27))
        assert got.rule_code == s.VISIT_AFTER_FIRST_REVIEW

    def test_ordinary_foster_placement_is_not_weekly(self):
        got = next_visit([placement(kind="U6")], [visit(dt.date(2026, 3, 6))], first_review=None)
        assert got.rule_code == s.VISIT_FIRST_YEAR


class TestEighteen:
    def test_nothing_due_on_the_18th_birthday(self):
        dob = dt.date(2008, 4, 17)  # 18 on 17 Apr 2026; the next visit would be due 17 Apr 2026
        assert next_visit([placement()], [visit(dt.date(2026, 3, 6))], dob=dob) is None

    def test_due_the_day_before_the_18th_birthday_is_kept(self):
        dob = dt.date(2008, 4, 18)
        assert next_visit([placement()], [visit(dt.date(2026, 3, 6))], dob=dob).due == dt.date(2026, 4, 17)

    def test_leap_day_birthday(self):
        assert s.eighteenth_birthday(dt.date(2008, 2, 29)) == dt.date(2026, 2, 28)


class TestInTime:
    def test_a_visit_on_the_due_date_is_in_time(self):
        deadline = Deadline(s.VISIT_FIRST, START, dt.date(2026, 3, 9))
        assert s.visit_in_time(dt.date(2026, 3, 9), deadline)
        assert not s.visit_in_time(dt.date(2026, 3, 10), deadline)

    def test_a_visit_on_the_due_date_moves_the_next_due_date_on(self):
        got = next_visit([placement()], [visit(dt.date(2026, 3, 9))])
        assert got == Deadline(s.VISIT_FIRST_YEAR, dt.date(2026, 3, 9), dt.date(2026, 4, 20))
