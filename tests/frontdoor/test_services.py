import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safeguard.casework.models import CINEpisode
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.frontdoor import services
from safeguard.frontdoor.models import Contact, ContactDecision
from safeguard.workdays.calendar import add_working_days
from tests.factories import AdultFactory, EpisodeFactory, PersonFactory

LONDON = ZoneInfo("Europe/London")


def record(user, children, **overrides):
    fields = {
        "children": children,
        "received_at": timezone.now() - dt.timedelta(hours=1),
        "source": "6",
        "reasons": ["da_notification"],
        "summary": "Police attended a domestic incident; children present.",
        "rag": "amber",
        "recorded_by": user,
    }
    fields.update(overrides)
    return services.contact_record(**fields)


@pytest.mark.django_db
class TestRecordContact:
    def test_one_contact_per_child_sharing_a_group(self, front_door_user):
        siblings = [PersonFactory(), PersonFactory()]
        contacts = record(front_door_user, siblings)
        assert [c.child for c in contacts] == siblings
        assert len({c.group_reference for c in contacts}) == 1
        assert Event.objects.filter(kind="contact.received").count() == 2

    def test_decision_is_due_one_working_day_after_receipt(self, front_door_user):
        friday_evening = dt.datetime(2026, 11, 20, 18, 30, tzinfo=LONDON)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 20, 19, 0, tzinfo=LONDON))
            (contact,) = record(front_door_user, [PersonFactory()], received_at=friday_evening)
        assert contact.decision_due_date == dt.date(2026, 11, 23)  # the Monday

    def test_received_late_on_a_day_counts_that_local_day(self, front_door_user):
        # 23:30 in London in summer is 22:30 UTC the same day; the local date is day 0.
        received = dt.datetime(2026, 7, 2, 23, 30, tzinfo=LONDON)
        (contact,) = record(front_door_user, [PersonFactory()], received_at=received)
        assert contact.decision_due_date == dt.date(2026, 7, 3)

    def test_bad_input_writes_nothing(self, front_door_user):
        with pytest.raises(ValidationError) as error:
            record(front_door_user, [PersonFactory()], reasons=[], summary=" ", rag="purple", source="XX")
        assert set(error.value.message_dict) == {"reasons", "summary", "rag", "source"}
        assert Contact.objects.count() == 0 and Event.objects.count() == 0

    def test_adults_cannot_be_the_subject(self, front_door_user):
        with pytest.raises(ValidationError, match="about children"):
            record(front_door_user, [AdultFactory()])

    def test_future_receipt_is_refused(self, front_door_user):
        with pytest.raises(ValidationError, match="future"):
            record(front_door_user, [PersonFactory()], received_at=timezone.now() + dt.timedelta(days=1))

    def test_partner_notification_is_idempotent(self, front_door_user):
        child = PersonFactory()
        first = record(front_door_user, [child], external_reference="POLICE-2026-000123")
        again = record(front_door_user, [child], external_reference="POLICE-2026-000123")
        assert [c.pk for c in again] == [c.pk for c in first]
        assert Contact.objects.count() == 1

    def test_social_workers_do_not_record_contacts(self, social_worker):
        with pytest.raises(PermissionDenied):
            record(social_worker, [PersonFactory()])


@pytest.mark.django_db
class TestDecideContact:
    def test_referral_opens_an_episode_with_the_45_working_day_deadline(self, front_door_user, team):
        (contact,) = record(front_door_user, [PersonFactory()])
        decision = services.contact_decide(
            contact_id=contact.pk,
            expected_version=contact.version,
            outcome="referral",
            reason="Threshold met",
            team=team,
            decided_by=front_door_user,
        )
        episode = decision.cin_episode
        referral_date = timezone.localdate(contact.received_at)
        assert episode.referral_date == referral_date
        assert episode.assessment_due_date == add_working_days(referral_date, 45)
        assert episode.team == team and not episode.is_re_referral
        kinds = set(Event.objects.filter(child=contact.child).values_list("kind", flat=True))
        assert {"contact.received", "contact.decided", "referral.opened"} <= kinds

    def test_re_referral_within_12_months_is_flagged(self, front_door_user, team):
        child = PersonFactory()
        earlier = timezone.localdate() - dt.timedelta(days=200)
        EpisodeFactory(
            child=child,
            team=team,
            referral_date=earlier,
            close_date=earlier + dt.timedelta(days=40),
            close_reason="RC8",
        )
        (contact,) = record(front_door_user, [child])
        decision = services.contact_decide(
            contact_id=contact.pk,
            expected_version=contact.version,
            outcome="referral",
            reason="Again",
            team=team,
            decided_by=front_door_user,
        )
        assert decision.cin_episode.is_re_referral
        assert decision.cin_episode.previous_referral_date == earlier

    def test_a_referral_more_than_12_months_later_is_not_a_re_referral(self, front_door_user, team):
        child = PersonFactory()
        earlier = timezone.localdate() - dt.timedelta(days=400)
        EpisodeFactory(child=child, team=team, referral_date=earlier, close_date=earlier + dt.timedelta(days=40))
        (contact,) = record(front_door_user, [child])
        decision = services.contact_decide(
            contact_id=contact.pk,
            expected_version=contact.version,
            outcome="referral",
            reason="Again",
            team=team,
            decided_by=front_door_user,
        )
        assert not decision.cin_episode.is_re_referral

    @pytest.mark.parametrize("outcome", ["nfa", "advice", "early_help"])
    def test_other_outcomes_open_no_episode(self, front_door_user, outcome):
        (contact,) = record(front_door_user, [PersonFactory()])
        decision = services.contact_decide(
            contact_id=contact.pk,
            expected_version=contact.version,
            outcome=outcome,
            reason="Below threshold",
            decided_by=front_door_user,
        )
        assert decision.cin_episode is None and CINEpisode.objects.count() == 0

    def test_referral_needs_a_team_and_writes_nothing_without_one(self, front_door_user):
        (contact,) = record(front_door_user, [PersonFactory()])
        with pytest.raises(ValidationError) as error:
            services.contact_decide(
                contact_id=contact.pk,
                expected_version=contact.version,
                outcome="referral",
                reason="x",
                decided_by=front_door_user,
            )
        assert "team" in error.value.message_dict
        assert ContactDecision.objects.count() == 0 and CINEpisode.objects.count() == 0
        contact.refresh_from_db()
        assert contact.version == 1

    def test_a_stale_version_is_refused(self, front_door_user):
        (contact,) = record(front_door_user, [PersonFactory()])
        with pytest.raises(ConcurrentEditError):
            services.contact_decide(
                contact_id=contact.pk,
                expected_version=contact.version + 1,
                outcome="nfa",
                reason="x",
                decided_by=front_door_user,
            )

    def test_a_contact_is_decided_once(self, front_door_user):
        (contact,) = record(front_door_user, [PersonFactory()])
        services.contact_decide(
            contact_id=contact.pk, expected_version=1, outcome="nfa", reason="x", decided_by=front_door_user
        )
        with pytest.raises(ValidationError, match="already been decided"):
            services.contact_decide(
                contact_id=contact.pk, expected_version=2, outcome="advice", reason="y", decided_by=front_door_user
            )

    def test_no_second_open_episode(self, front_door_user, team):
        child = PersonFactory()
        EpisodeFactory(child=child, team=team)
        (contact,) = record(front_door_user, [child])
        with pytest.raises(ValidationError, match="already has an open episode"):
            services.contact_decide(
                contact_id=contact.pk,
                expected_version=1,
                outcome="referral",
                reason="x",
                team=team,
                decided_by=front_door_user,
            )
        assert ContactDecision.objects.count() == 0

    def test_late_decisions_say_so_in_the_chronology(self, front_door_user):
        received = timezone.now() - dt.timedelta(days=10)
        (contact,) = record(front_door_user, [PersonFactory()], received_at=received)
        services.contact_decide(
            contact_id=contact.pk, expected_version=1, outcome="advice", reason="x", decided_by=front_door_user
        )
        event = Event.objects.get(kind="contact.decided")
        assert "after the 1 working day deadline" in event.summary
