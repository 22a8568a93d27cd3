import datetime as dt

from safeguard.people.ages import age_on

D = dt.date


def test_age_changes_on_the_birthday():
    assert age_on(D(2010, 6, 15), D(2026, 6, 14)) == 15
    assert age_on(D(2010, 6, 15), D(2026, 6, 15)) == 16


def test_born_on_29_february_reaches_the_birthday_on_1_march_in_other_years():
    assert age_on(D(2008, 2, 29), D(2025, 2, 28)) == 16
    assert age_on(D(2008, 2, 29), D(2025, 3, 1)) == 17
    assert age_on(D(2008, 2, 29), D(2024, 2, 29)) == 16


def test_unknown_date_of_birth_has_no_age():
    assert age_on(None, D(2026, 1, 1)) is None
