"""The leaving-care category derived from care history and age (pure: no database)."""

import datetime as dt

from safeguard.careleavers.eligibility import (
    CareSpan,
    Category,
    age_on,
    birthday,
    days_looked_after,
    derive,
    first_eligible_day,
)

DOB = dt.date(2009, 5, 10)  # 14 on 10 May 2023, 16 on 10 May 2025, 18 on 10 May 2027, 21 on 10 May 2030
D = dt.date


def test_birthdays_and_leap_day():
    assert birthday(DOB, 16) == D(2025, 5, 10)
    assert birthday(D(2008, 2, 29), 17) == D(2025, 2, 28)
    assert age_on(DOB, D(2025, 5, 9)) == 15
    assert age_on(DOB, D(2025, 5, 10)) == 16


def test_days_count_from_the_14th_birthday_and_skip_short_breaks():
    spans = [
        CareSpan(D(2023, 1, 1), D(2023, 6, 9), "C2"),  # 30 days after the 14th birthday (10 May – 8 Jun)
        CareSpan(D(2024, 1, 1), D(2024, 3, 1), "V3"),  # a short break: not counted
    ]
    assert days_looked_after(spans, since=birthday(DOB, 14), through=D(2026, 1, 1)) == 30


def test_eligible_at_16_when_13_weeks_since_14_include_the_16th_birthday():
    spans = [CareSpan(D(2025, 2, 8), None, "C2")]  # 91 days to 9 May 2025 inclusive
    result = derive(spans, DOB, as_of=D(2025, 6, 1))
    assert result.category == Category.ELIGIBLE
    assert result.eligible_from == D(2025, 5, 10)  # the 16th birthday: 13 weeks were reached the day before
    assert result.looked_after_now


def test_eligibility_starts_the_day_13_weeks_are_reached_after_16():
    spans = [CareSpan(D(2025, 9, 1), None, "C2")]
    assert first_eligible_day(spans, DOB, as_of=D(2026, 1, 1)) == D(2025, 11, 30)  # day 91 counting 1 Sept as day 1
    assert derive(spans, DOB, as_of=D(2025, 11, 29)).category == Category.NONE
    assert derive(spans, DOB, as_of=D(2025, 11, 30)).category == Category.ELIGIBLE


def test_not_yet_eligible_shows_the_projected_day():
    spans = [CareSpan(D(2025, 9, 1), None, "C2")]
    result = derive(spans, DOB, as_of=D(2025, 10, 1))
    assert result.category == Category.NONE
    assert result.projected_eligible_on == D(2025, 11, 30)
    assert "not yet for 13 weeks" in " ".join(result.reasons)


def test_separate_periods_add_up_to_13_weeks():
    spans = [
        CareSpan(D(2024, 1, 1), D(2024, 2, 15), "V2", "E4A"),  # 45 days
        CareSpan(D(2025, 8, 1), None, "C2"),  # needs 46 more: 1 Aug + 45 days
    ]
    assert first_eligible_day(spans, DOB, as_of=D(2026, 1, 1)) == D(2025, 9, 15)


def test_time_before_14_does_not_count():
    spans = [CareSpan(D(2020, 1, 1), D(2023, 6, 1), "C2", "E4A"), CareSpan(D(2025, 6, 1), None, "C2")]
    # 22 days after the 14th birthday (10 – 31 May 2023), then 69 more from 1 Jun 2025: reached 8 Aug 2025.
    assert first_eligible_day(spans, DOB, as_of=D(2026, 1, 1)) == D(2025, 8, 8)


def test_short_breaks_never_make_a_child_eligible():
    spans = [CareSpan(D(2024, 1, 1), None, "V4")]
    result = derive(spans, DOB, as_of=D(2026, 1, 1))
    assert result.category == Category.NONE
    assert "Short breaks" in " ".join(result.reasons)


def test_under_16_is_never_a_care_leaver():
    assert derive([CareSpan(D(2020, 1, 1), None, "C2")], DOB, as_of=D(2025, 5, 9)).category == Category.NONE


def test_relevant_after_leaving_care_when_eligible_immediately_before():
    spans = [CareSpan(D(2024, 1, 1), D(2026, 3, 1), "C2", "E5")]
    result = derive(spans, DOB, as_of=D(2026, 4, 1))
    assert result.category == Category.RELEVANT
    assert result.left_care_on == D(2026, 3, 1)
    assert result.duties_end == D(2030, 5, 10)


def test_leaving_on_the_16th_birthday_is_not_relevant_but_qualifying_is_not_either():
    # Care ceased on the 16th birthday: never looked after as a 16-year-old, so neither eligible nor qualifying.
    spans = [CareSpan(D(2024, 1, 1), D(2025, 5, 10), "C2", "E4A")]
    assert derive(spans, DOB, as_of=D(2025, 6, 1)).category == Category.NONE
    # A day later, and they were eligible immediately before leaving.
    spans = [CareSpan(D(2024, 1, 1), D(2025, 5, 11), "C2", "E13")]
    assert derive(spans, DOB, as_of=D(2025, 6, 1)).category == Category.RELEVANT


def test_returned_home_for_six_months_stops_being_relevant():
    spans = [CareSpan(D(2024, 1, 1), D(2025, 9, 1), "C2", "E4A")]
    assert derive(spans, DOB, as_of=D(2026, 2, 28)).category == Category.RELEVANT
    result = derive(spans, DOB, as_of=D(2026, 3, 1))
    assert result.category == Category.NONE
    assert "six months" in result.reasons[-1]


def test_qualifying_when_looked_after_after_16_but_under_13_weeks():
    spans = [CareSpan(D(2025, 6, 1), D(2025, 7, 1), "V2", "E4A")]
    result = derive(spans, DOB, as_of=D(2025, 8, 1))
    assert result.category == Category.QUALIFYING
    assert result.duties_end == D(2030, 5, 10)


def test_special_guardianship_before_16_is_qualifying_from_16_to_21():
    spans = [CareSpan(D(2018, 1, 1), D(2020, 1, 1), "C2", "E45")]
    assert derive(spans, DOB, as_of=D(2025, 6, 1)).category == Category.QUALIFYING
    assert derive(spans, DOB, as_of=D(2030, 5, 9)).category == Category.QUALIFYING
    assert derive(spans, DOB, as_of=D(2030, 5, 10)).category == Category.NONE


def test_former_relevant_from_18_to_21_then_to_25_only_when_extended():
    spans = [CareSpan(D(2023, 1, 1), D(2027, 5, 10), "C2", "E17")]  # left care on the 18th birthday
    assert derive(spans, DOB, as_of=D(2027, 5, 9)).category == Category.ELIGIBLE
    at_18 = derive(spans, DOB, as_of=D(2027, 5, 10))
    assert at_18.category == Category.FORMER_RELEVANT
    assert at_18.duties_end == D(2030, 5, 10)
    assert derive(spans, DOB, as_of=D(2030, 5, 9)).category == Category.FORMER_RELEVANT
    assert derive(spans, DOB, as_of=D(2030, 5, 10)).category == Category.NONE
    extended = derive(spans, DOB, as_of=D(2030, 5, 10), extended_to_25=True)
    assert extended.category == Category.FORMER_RELEVANT
    assert extended.duties_end == D(2034, 5, 10)
    assert derive(spans, DOB, as_of=D(2034, 5, 10), extended_to_25=True).category == Category.NONE


def test_relevant_child_becomes_former_relevant_at_18():
    spans = [CareSpan(D(2024, 1, 1), D(2026, 3, 1), "C2", "E5")]
    assert derive(spans, DOB, as_of=D(2027, 6, 1)).category == Category.FORMER_RELEVANT


def test_home_for_six_months_before_18_is_not_former_relevant():
    spans = [CareSpan(D(2024, 1, 1), D(2026, 3, 1), "C2", "E4B")]
    assert derive(spans, DOB, as_of=D(2027, 6, 1)).category == Category.QUALIFYING
    # Home for under six months by the 18th birthday: still relevant at 18, so former relevant.
    spans = [CareSpan(D(2024, 1, 1), D(2027, 1, 1), "C2", "E4B")]
    assert derive(spans, DOB, as_of=D(2027, 6, 1)).category == Category.FORMER_RELEVANT


def test_qualifying_at_18_to_20_when_not_eligible():
    spans = [CareSpan(D(2026, 1, 1), D(2026, 2, 1), "V2", "E13")]
    assert derive(spans, DOB, as_of=D(2028, 1, 1)).category == Category.QUALIFYING
    assert derive(spans, DOB, as_of=D(2030, 6, 1)).category == Category.NONE


def test_never_looked_after():
    assert derive([], DOB, as_of=D(2026, 1, 1)).category == Category.NONE
