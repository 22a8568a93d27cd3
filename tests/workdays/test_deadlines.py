"""Deadlines from the seeded rule table, changes to the rules and the calendar, and re-derivation."""

import datetime as dt

import holidays
import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone

from safeguard.accounts.models import User
from safeguard.casework.models import CINEpisode
from safeguard.codelists import ReferralSource
from safeguard.frontdoor.models import Contact, ContactDecision, Rag
from safeguard.people.models import Person
from safeguard.workdays import calendar, deadlines, services
from safeguard.workdays.deadlines import DerivedDeadline, UnknownDeadlineRule, apply_rule, due_date, get_rule
from safeguard.workdays.models import CalendarOverride, DeadlineRule
from safeguard.workforce.models import Service, Team

pytestmark = pytest.mark.django_db

D = dt.date
BANK_HOLIDAYS = set(holidays.UK(subdiv="ENG", years=range(2020, 2031)))


def brute_add(start: dt.date, n: int, *, closed: frozenset[dt.date] = frozenset()) -> dt.date:
    """n working days after start (day 0), one calendar day at a time."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in BANK_HOLIDAYS and day not in closed:
            n -= 1
    return day


@pytest.fixture(autouse=True)
def fresh_caches():
    """Test transactions roll back without signals, so the per-process caches must not outlive a test."""
    calendar.invalidate()
    deadlines.invalidate_rules()
    yield
    calendar.invalidate()
    deadlines.invalidate_rules()


# --- the rule table -----------------------------------------------------------------------------------


def test_seeded_rules_include_contact_decision_and_assessment():
    contact = DeadlineRule.objects.get(code="contact-decision")
    assert (contact.amount, contact.unit) == (1, DeadlineRule.Unit.WORKING_DAYS)
    assert not contact.locally_configurable
    assessment = DeadlineRule.objects.get(code="assessment-completion")
    assert (assessment.amount, assessment.unit) == (45, DeadlineRule.Unit.WORKING_DAYS)
    assert assessment.status == DeadlineRule.Status.STATUTORY_GUIDANCE
    assert not assessment.locally_configurable


def test_contact_decision_on_a_friday_is_due_on_monday():
    assert due_date("contact-decision", D(2026, 1, 9)) == D(2026, 1, 12)


def test_contact_decision_on_christmas_eve_2026_is_due_on_the_29th():
    # Fri 25 Christmas, Sat, Sun, Mon 28 Boxing Day (substitute).
    assert due_date("contact-decision", D(2026, 12, 24)) == D(2026, 12, 29)


def test_assessment_45_working_days_across_easter_2026():
    referral = D(2026, 3, 16)
    expected = brute_add(referral, 45)
    # Counted by hand too: Good Friday 3 Apr, Easter Monday 6 Apr and May Day 4 May fall inside.
    assert expected == D(2026, 5, 21)
    assert due_date("assessment-completion", referral) == expected


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [(D(2026, 1, 31), D(2026, 2, 28)), (D(2028, 1, 31), D(2028, 2, 29)), (D(2026, 3, 31), D(2026, 4, 30))],
)
def test_one_calendar_month_from_a_month_end_clips_to_the_shorter_month(anchor, expected):
    assert apply_rule(get_rule("cp-first-review"), anchor, amount=1) == expected


def test_seeded_months_rule_ends_on_the_last_day_of_february():
    # First review conference: 3 months after the ICPC.
    assert due_date("cp-first-review", D(2026, 11, 30)) == D(2027, 2, 28)
    assert due_date("cp-first-review", D(2027, 11, 30)) == D(2028, 2, 29)


def test_other_units():
    assert due_date("careleaver-pa-first", D(2026, 12, 24)) == D(2026, 12, 31)  # 7 calendar days
    assert due_date("missing-rhi", D(2026, 12, 24)) == D(2026, 12, 27)  # 72 hours


def test_unknown_rule_code_raises():
    with pytest.raises(UnknownDeadlineRule, match="no-such-rule"):
        due_date("no-such-rule", D(2026, 1, 9))
    assert issubclass(UnknownDeadlineRule, LookupError)


def test_statutory_rule_cannot_be_changed():
    with pytest.raises(ValidationError) as caught:
        services.deadline_rule_update(code="assessment-completion", amount=30)
    assert "amount" in caught.value.message_dict
    assert DeadlineRule.objects.get(code="assessment-completion").amount == 45
    assert due_date("assessment-completion", D(2026, 3, 16)) == D(2026, 5, 21)


@pytest.mark.parametrize("amount", [0, 100_000])
def test_local_rule_amount_must_be_countable(amount):
    with pytest.raises(ValidationError):
        services.deadline_rule_update(code="cp-visit", amount=amount)
    assert DeadlineRule.objects.get(code="cp-visit").amount == 10
    assert due_date("cp-visit", D(2026, 1, 9)) == brute_add(D(2026, 1, 9), 10)


def test_local_rule_can_be_changed_and_stored_deadlines_are_rederived(monkeypatch, world):
    # cp-visit has no stored column yet: register one for this test on the episode's due date.
    episode = world.open_episode
    monkeypatch.setattr(
        deadlines,
        "_registry",
        [
            DerivedDeadline(
                model=CINEpisode,
                field="assessment_due_date",
                rule_code="cp-visit",
                anchor=lambda row: row.referral_date,
                open_rows=lambda: CINEpisode.objects.filter(close_date__isnull=True),
            )
        ],
    )

    rule = services.deadline_rule_update(code="cp-visit", amount=5)

    assert rule.amount == 5
    assert DeadlineRule.objects.get(code="cp-visit").amount == 5
    assert due_date("cp-visit", D(2026, 1, 9)) == D(2026, 1, 16)
    episode.refresh_from_db()
    assert episode.assessment_due_date == brute_add(episode.referral_date, 5)
    world.closed_episode.refresh_from_db()
    assert world.closed_episode.assessment_due_date == world.closed_due


# --- re-derivation when the calendar changes ----------------------------------------------------------


class World:
    pass


@pytest.fixture
def world():
    """One child, team and user; an open and a closed episode, an undecided and a decided contact."""
    w = World()
    team = Team.objects.create(name="Assessment Team 1", service=Service.ASSESSMENT)
    user = User.objects.create(username="worker", role="social_worker")
    child = Person.objects.create(la_person_id="T0001", first_name="Ada", last_name="Test")
    w.referral = D(2026, 3, 16)
    w.open_episode = CINEpisode.objects.create(
        child=child,
        referral_date=w.referral,
        referral_source=ReferralSource.SCHOOLS,
        team=team,
        assessment_due_date=due_date("assessment-completion", w.referral),
    )
    w.closed_due = due_date("assessment-completion", w.referral)
    w.closed_episode = CINEpisode.objects.create(
        child=child,
        referral_date=w.referral,
        referral_source=ReferralSource.SCHOOLS,
        team=team,
        assessment_due_date=w.closed_due,
        close_date=D(2026, 3, 20),
    )
    received = timezone.make_aware(dt.datetime(2026, 3, 16, 10, 30))
    contacts = []
    for reference in ("open", "decided"):
        contacts.append(
            Contact.objects.create(
                child=child,
                group_reference=reference,
                received_at=received,
                source=ReferralSource.SCHOOLS,
                summary="Concern raised by school",
                rag=Rag.AMBER,
                decision_due_date=due_date("contact-decision", w.referral),
                recorded_by=user,
            )
        )
    w.open_contact, w.decided_contact = contacts
    ContactDecision.objects.create(
        contact=w.decided_contact,
        outcome=ContactDecision.Outcome.NO_FURTHER_ACTION,
        reason="Advice given",
        decided_by=user,
        decided_at=received,
    )
    return w


def stored(w: World) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    rows = (w.open_episode, w.closed_episode, w.open_contact, w.decided_contact)
    for row in rows:
        row.refresh_from_db()
    return (
        w.open_episode.assessment_due_date,
        w.closed_episode.assessment_due_date,
        w.open_contact.decision_due_date,
        w.decided_contact.decision_due_date,
    )


def test_both_stored_deadlines_are_registered():
    assert {(d.model, d.field, d.rule_code) for d in deadlines.registered()} >= {
        (CINEpisode, "assessment_due_date", "assessment-completion"),
        (Contact, "decision_due_date", "contact-decision"),
    }


def test_closure_day_moves_open_deadlines_by_one_working_day_and_removal_moves_them_back(world):
    before = stored(world)
    assert before == (D(2026, 5, 21), D(2026, 5, 21), D(2026, 3, 17), D(2026, 3, 17))

    # A closure inside the assessment window but after the contact's decision day.
    services.calendar_override_set(
        date=D(2026, 4, 15), kind=CalendarOverride.Kind.LOCAL_CLOSURE, description="Staff training day"
    )
    expected_episode = brute_add(world.referral, 45, closed=frozenset({D(2026, 4, 15)}))
    assert expected_episode == D(2026, 5, 22)
    assert stored(world) == (expected_episode, before[1], before[2], before[3])

    # A closure on the contact's decision day moves both open deadlines; closed rows stay as they were.
    closed = frozenset({D(2026, 4, 15), D(2026, 3, 17)})
    services.calendar_override_set(
        date=D(2026, 3, 17), kind=CalendarOverride.Kind.LOCAL_CLOSURE, description="Snow closure"
    )
    assert stored(world) == (
        brute_add(world.referral, 45, closed=closed),
        before[1],
        brute_add(world.referral, 1, closed=closed),
        before[3],
    )
    assert stored(world)[0] == D(2026, 5, 26)  # Mon 25 May is the spring bank holiday
    assert stored(world)[2] == D(2026, 3, 18)

    services.calendar_override_remove(date=D(2026, 3, 17))
    services.calendar_override_remove(date=D(2026, 4, 15))
    assert stored(world) == before


def test_rederive_all_reports_how_many_rows_changed(world):
    assert deadlines.rederive_all() == 0
    CalendarOverride.objects.create(date=D(2026, 3, 17), kind="local_closure", description="Snow closure")
    calendar.invalidate()
    assert deadlines.rederive_all() == 2  # the open episode and the undecided contact


def test_failed_change_leaves_no_phantom_closure_in_the_cache(monkeypatch, world):
    """If re-deriving fails, the change rolls back: the cached calendar must not keep the closure day."""
    real_rederive = deadlines.rederive_all

    def rederive_then_fail():
        real_rederive()
        calendar.get_calendar()  # as re-deriving any open row does: the cache now holds the uncommitted day
        raise OperationalError("database is locked")

    monkeypatch.setattr(deadlines, "rederive_all", rederive_then_fail)
    with pytest.raises(OperationalError):
        services.calendar_override_set(
            date=D(2026, 12, 29), kind=CalendarOverride.Kind.LOCAL_CLOSURE, description="Office closed"
        )
    assert not CalendarOverride.objects.filter(date=D(2026, 12, 29)).exists()
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert stored(world)[0] == D(2026, 5, 21)


def test_rolled_back_change_leaves_no_phantom_rule_amount_in_the_cache():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.deadline_rule_update(code="cp-visit", amount=3)
        raise RuntimeError("the surrounding work failed")
    assert DeadlineRule.objects.get(code="cp-visit").amount == 10
    assert get_rule("cp-visit").amount == 10
