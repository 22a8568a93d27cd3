"""PEP timing: the initial plan rule at its edges, school age, the seeded terms and the termly window."""

import datetime as dt

import pytest

from safeguard.education.models import SchoolTerm
from safeguard.education.schedule import (
    is_school_age,
    pep_anchor,
    pep_initial_due,
    review_window,
    school_age_from,
    term_after,
    terms_around,
)

pytestmark = pytest.mark.django_db


def test_initial_pep_is_10_working_days_from_the_start_over_christmas():
    # 25 and 28 December 2026 and 1 January 2027 are bank holidays.
    assert pep_initial_due(dt.date(2026, 12, 17)) == dt.date(2027, 1, 5)


def test_initial_pep_over_easter_2027():
    # Good Friday 26 March, Easter Monday 29 March 2027.
    assert pep_initial_due(dt.date(2027, 3, 22)) == dt.date(2027, 4, 7)


def test_school_age_is_reception_to_year_13():
    dob = dt.date(2015, 6, 1)
    assert not is_school_age(dob, dt.date(2019, 8, 31))  # 4 on 31 August 2019: reception from September
    assert is_school_age(dob, dt.date(2019, 9, 1))
    assert is_school_age(dob, dt.date(2033, 7, 31))  # Year 13
    assert not is_school_age(dob, dt.date(2033, 9, 1))
    assert not is_school_age(None, dt.date(2026, 1, 1))


def test_terms_are_seeded_for_2019_to_2028():
    assert SchoolTerm.objects.count() == 30
    autumn = SchoolTerm.objects.get(name="Autumn term 2026")
    assert (autumn.start_date, autumn.end_date) == (dt.date(2026, 9, 3), dt.date(2026, 12, 18))
    spring = SchoolTerm.objects.get(name="Spring term 2027")
    # Ends the Thursday before Good Friday 2027; summer starts the Monday after the Easter week.
    assert spring.end_date == dt.date(2027, 3, 25)
    assert SchoolTerm.objects.get(name="Summer term 2027").start_date == dt.date(2027, 4, 5)


def test_in_term_the_window_runs_from_the_day_after_the_previous_term():
    term, counts_from = review_window(dt.date(2026, 11, 23))
    assert term.name == "Autumn term 2026" and counts_from == dt.date(2026, 7, 18)


def test_in_the_holidays_the_next_term_is_due():
    term, counts_from = review_window(dt.date(2026, 12, 24))
    assert term.name == "Spring term 2027" and counts_from == dt.date(2026, 12, 19)


def test_term_after():
    terms = terms_around(dt.date(2026, 11, 23))
    assert [t.name for t in terms] == ["Summer term 2026", "Autumn term 2026", "Spring term 2027"]
    assert term_after(terms[1], terms).name == "Spring term 2027"
    assert term_after(terms[2], terms) is None


def test_past_the_table_there_is_no_window():
    assert review_window(dt.date(2030, 1, 1)) is None


def test_school_age_starts_on_1_september_of_the_reception_year():
    assert school_age_from(dt.date(2015, 6, 1)) == dt.date(2019, 9, 1)
    assert school_age_from(dt.date(2015, 8, 31)) == dt.date(2019, 9, 1)
    assert school_age_from(dt.date(2015, 9, 1)) == dt.date(2020, 9, 1)
    assert is_school_age(dt.date(2015, 9, 1), school_age_from(dt.date(2015, 9, 1)))


def test_the_initial_pep_counts_from_care_or_from_starting_school():
    assert pep_anchor(dt.date(2026, 3, 2), dt.date(2015, 6, 1)) == dt.date(2026, 3, 2)
    assert pep_anchor(dt.date(2024, 3, 2), dt.date(2022, 6, 1)) == dt.date(2026, 9, 1)
