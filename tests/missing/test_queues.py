"""The at-risk lists, the work item, the derived deadline and the child's-page panel for missing episodes."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguard.missing import at_risk, selectors
from safeguard.missing.models import MissingEpisode, RepeatMissingPolicy
from safeguard.missing.services import rhi_due_date
from safeguard.people.models import Person
from safeguard.workdays.deadlines import rederive_all
from safeguard.workdays.models import DeadlineRule
from safeguard.workforce.work import work_items_for
from tests.factories import PersonFactory

from .conftest import at
from .factories import MissingEpisodeFactory, ReturnHomeInterviewFactory, StrategyMeetingFactory

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 20, 12, 0)


def everyone():
    return Person.objects.all()


@pytest.mark.parametrize(
    ("end", "due"),
    [
        (at(2026, 11, 20, 10, 0), dt.date(2026, 11, 23)),  # Friday -> Monday: hours, not working days
        (at(2026, 12, 24, 18, 0), dt.date(2026, 12, 27)),  # over Christmas: bank holidays make no difference
        (at(2026, 12, 29, 0, 30), dt.date(2027, 1, 1)),  # New Year's Day
        (at(2027, 3, 26, 23, 59), dt.date(2027, 3, 29)),  # Good Friday to Easter Monday
    ],
)
def test_interview_due_date_is_72_hours_on_the_clock(end, due):
    assert rhi_due_date(end) == due


def test_a_rule_change_rederives_open_interview_dates():
    waiting = MissingEpisodeFactory(start_at=at(2026, 11, 18, 8, 0), end_at=at(2026, 11, 18, 20, 0))
    done = ReturnHomeInterviewFactory(
        episode__start_at=at(2026, 11, 10, 8, 0), episode__end_at=at(2026, 11, 10, 20, 0)
    ).episode
    DeadlineRule.objects.filter(code="missing-rhi").update(amount=24)
    from safeguard.workdays.deadlines import invalidate_rules

    invalidate_rules()
    rederive_all()
    waiting.refresh_from_db()
    done.refresh_from_db()
    assert waiting.rhi_due_date == dt.date(2026, 11, 19)
    assert done.rhi_due_date == dt.date(2026, 11, 13)  # completed: left as it was


def test_missing_now_lists_open_episodes_only():
    open_episode = MissingEpisodeFactory(start_at=at(2026, 11, 19, 22, 0), end_at=None, police_reference="NB-9")
    MissingEpisodeFactory()
    rows = at_risk.children_missing_now(everyone(), dt.date(2026, 11, 20))
    assert [row.child for row in rows] == [open_episode.child]
    assert rows[0].late_date == dt.date(2026, 11, 19) and rows[0].working_days_late == 1
    assert "Missing since 19 Nov 2026 22:00" in rows[0].detail and "NB-9" in rows[0].detail
    assert rows[0].url.endswith(f"/episodes/{open_episode.pk}/")
    assert list(at_risk._open_episodes(dt.date(2026, 11, 20))) == [open_episode.child_id]


def test_without_interview_appears_only_once_the_72_hours_have_passed(monkeypatch):
    episode = MissingEpisodeFactory(start_at=at(2026, 11, 16, 8, 0), end_at=at(2026, 11, 17, 12, 0))
    children = everyone()
    just_before = at(2026, 11, 20, 11, 59)
    assert not selectors.without_interview_in_time(children, just_before).exists()
    assert not selectors.without_interview_candidates(just_before).exists()
    after = at(2026, 11, 20, 12, 1)
    assert list(selectors.without_interview_in_time(children, after)) == [episode]
    assert list(selectors.without_interview_candidates(after)) == [episode.child_id]
    monkeypatch.setattr(at_risk.timezone, "now", lambda: after)
    rows = at_risk.without_interview(children, dt.date(2026, 11, 20))
    assert len(rows) == 1 and rows[0].late_date == dt.date(2026, 11, 20)
    assert "interview was due by 12:00" in rows[0].detail


def test_a_completed_or_declined_interview_clears_the_list_but_an_offer_alone_does_not():
    children = everyone()
    completed = ReturnHomeInterviewFactory(episode__start_at=at(2026, 11, 1), episode__end_at=at(2026, 11, 2))
    declined = ReturnHomeInterviewFactory(
        episode__start_at=at(2026, 11, 3), episode__end_at=at(2026, 11, 4), response="declined", completed_at=None
    )
    offered = ReturnHomeInterviewFactory(
        episode__start_at=at(2026, 11, 5), episode__end_at=at(2026, 11, 6), response="", completed_at=None
    )
    ids = set(selectors.without_interview_in_time(children, NOW).values_list("pk", flat=True))
    assert ids == {offered.episode_id}
    assert completed.episode_id not in ids and declined.episode_id not in ids


def test_returns_older_than_the_look_back_leave_the_queue():
    MissingEpisodeFactory(start_at=at(2026, 8, 1), end_at=at(2026, 8, 2))
    assert not selectors.without_interview_in_time(everyone(), NOW).exists()


def three_in(child, days):
    return [
        MissingEpisodeFactory(child=child, start_at=at(2026, 11, day, 20, 0), end_at=at(2026, 11, day, 23, 0))
        for day in days
    ]


def test_repeat_missing_three_in_thirty_days():
    child = PersonFactory()
    three_in(child, [1, 10, 19])
    spread = PersonFactory()
    MissingEpisodeFactory(child=spread, start_at=at(2026, 9, 1), end_at=at(2026, 9, 2))
    three_in(spread, [1, 10])  # three in 80 days, two in 30
    policy = RepeatMissingPolicy.current()
    triggers = list(selectors.repeat_triggers(everyone(), NOW, policy))
    assert {t.child_id for t in triggers} == {child.pk}
    assert set(selectors.repeat_candidates(NOW, policy)) == {child.pk, spread.pk}
    rows = at_risk.repeat_without_meeting(everyone(), dt.date(2026, 11, 20))
    assert len(rows) == 1 and rows[0].child == child and rows[0].late_date == dt.date(2026, 11, 19)
    assert rows[0].detail == "3 episodes in the 30 days to 19 Nov 2026"


def test_the_window_edge_is_thirty_days():
    child = PersonFactory()
    for day in (at(2026, 10, 20, 20, 0), at(2026, 11, 1, 20, 0), at(2026, 11, 19, 20, 0)):
        MissingEpisodeFactory(child=child, start_at=day, end_at=day + dt.timedelta(hours=2))
    # 20 Oct to 19 Nov is exactly 30 days: outside a window of 30 days ending on the third.
    assert not selectors.repeat_triggers(everyone(), NOW, RepeatMissingPolicy.current()).exists()
    RepeatMissingPolicy.objects.create(episodes=3, window_days=31)
    assert selectors.repeat_triggers(everyone(), NOW, RepeatMissingPolicy.current()).exists()


def test_a_strategy_meeting_answers_the_trigger_and_the_policy_is_configurable():
    child = PersonFactory()
    three_in(child, [1, 10, 19])
    StrategyMeetingFactory(child=child, held_on=dt.date(2026, 9, 1))  # long before: does not count
    assert at_risk.repeat_without_meeting(everyone(), dt.date(2026, 11, 20))
    StrategyMeetingFactory(child=child, held_on=dt.date(2026, 11, 12))
    assert not at_risk.repeat_without_meeting(everyone(), dt.date(2026, 11, 20))
    other = PersonFactory()
    three_in(other, [2, 4])
    assert not at_risk.repeat_without_meeting(everyone(), dt.date(2026, 11, 20))
    RepeatMissingPolicy.objects.create(episodes=2, window_days=30)
    assert [row.child for row in at_risk.repeat_without_meeting(everyone(), dt.date(2026, 11, 20))] == [other]


def test_return_interview_work_item():
    today = timezone.localdate()
    now = timezone.now()
    waiting = MissingEpisodeFactory(start_at=now - dt.timedelta(hours=10), end_at=now - dt.timedelta(hours=4))
    ReturnHomeInterviewFactory(episode__child=PersonFactory())
    MissingEpisodeFactory(end_at=None)
    items = [item for item in work_items_for(everyone()) if item.kind == "Return home interview"]
    assert len(items) == 1
    assert items[0].child_id == waiting.child_id and items[0].due_date == waiting.rhi_due_date
    assert items[0].due_date == timezone.localtime(waiting.end_at + dt.timedelta(hours=72)).date()
    assert items[0].due_date >= today


def test_work_item_source_is_one_query(django_assert_num_queries):
    for _ in range(3):
        MissingEpisodeFactory()
    from safeguard.workforce.work import _sources

    with django_assert_num_queries(1):
        assert len(list(_sources["return-interviews"].branch(everyone()))) == 3


def test_each_at_risk_list_is_one_query(django_assert_num_queries):
    child = PersonFactory()
    three_in(child, [1, 10, 19])
    MissingEpisodeFactory(end_at=None)
    today = dt.date(2026, 11, 20)
    at_risk.late_working_days(today - dt.timedelta(days=40), today)  # the working-day calendar, cached once
    RepeatMissingPolicy.current()
    with django_assert_num_queries(1):
        at_risk.children_missing_now(everyone(), today)
    with django_assert_num_queries(1):
        at_risk.without_interview(everyone(), today)
    with django_assert_num_queries(2):  # the policy row, then the list
        at_risk.repeat_without_meeting(everyone(), today)


def test_panel_counts_and_interview_status(client, social_worker):
    from safeguard.missing.panels import _context

    child = PersonFactory()
    now = timezone.now()
    assert _context(child, social_worker)["summary"] is None
    MissingEpisodeFactory(child=child, start_at=now - dt.timedelta(days=200), end_at=now - dt.timedelta(days=199))
    MissingEpisodeFactory(child=child, start_at=now - dt.timedelta(days=20), end_at=now - dt.timedelta(days=19))
    current = MissingEpisodeFactory(child=child, start_at=now - dt.timedelta(hours=3), end_at=None)
    context = _context(child, social_worker)
    summary = context["summary"]
    assert summary.current == current and summary.last_30_days == 2 and summary.last_12_months == 3
    assert context["rhi_status"] == "overdue"
    assert _context(PersonFactory(kind=Person.Kind.ADULT), social_worker) is None


def test_open_episode_blocks_nothing_in_rhi_status():
    episode = MissingEpisodeFactory(start_at=at(2026, 11, 18, 8, 0), end_at=at(2026, 11, 18, 9, 0))
    assert selectors.rhi_status(episode, at(2026, 11, 21, 8, 59)) == "due"
    assert selectors.rhi_status(episode, at(2026, 11, 21, 9, 1)) == "overdue"
    ReturnHomeInterviewFactory(episode=episode, completed_at=at(2026, 11, 21, 10, 0))
    episode = MissingEpisode.objects.select_related("return_interview").get(pk=episode.pk)
    assert selectors.rhi_status(episode, NOW) == "completed late"
