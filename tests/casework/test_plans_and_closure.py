import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safeguard.casework import services
from safeguard.casework.models import Assessment, CINEpisode, CINPlan, CINPlanVisit
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.protection.models import ChildProtectionPlan
from safeguard.workdays.calendar import add_working_days
from safeguard.workdays.models import DeadlineRule
from tests.factories import EpisodeFactory

from .factories import AssessmentFactory, CINPlanFactory

pytestmark = pytest.mark.django_db

CHRISTMAS_WEEK = dt.date(2026, 12, 18)  # a Friday; 25 Dec (Fri) and 28 Dec (Mon, Boxing Day substitute) closed


class TestCINPlanStart:
    def test_default_interval_from_the_rule(self, social_worker, today):
        today(dt.date(2026, 11, 23))
        episode = EpisodeFactory(referral_date=dt.date(2026, 11, 2))
        plan = services.cin_plan_start(episode=episode, start_date=dt.date(2026, 11, 23), started_by=social_worker)
        assert plan.visit_interval_working_days == 20
        assert plan.next_visit_due == dt.date(2026, 12, 21)  # 20 working days, no holidays in between
        assert plan.next_review_due == dt.date(2027, 2, 23)  # 3 calendar months
        assert Event.objects.get(kind="cin_plan.started").category == "child_in_need"

    def test_the_default_follows_the_authoritys_rule(self, social_worker):
        DeadlineRule.objects.filter(code="cin-visit").update(amount=15)
        from safeguard.workdays.deadlines import invalidate_rules

        invalidate_rules()
        episode = EpisodeFactory()
        plan = services.cin_plan_start(episode=episode, start_date=episode.referral_date, started_by=social_worker)
        assert plan.visit_interval_working_days == 15
        assert plan.next_visit_due == add_working_days(episode.referral_date, 15)

    def test_own_interval_across_christmas(self, social_worker, today):
        today(dt.date(2026, 11, 23))
        episode = EpisodeFactory(referral_date=dt.date(2026, 11, 2))
        plan = services.cin_plan_start(
            episode=episode, start_date=dt.date(2026, 11, 23), started_by=social_worker, visit_interval_working_days=25
        )
        # 21 Dec is the 20th working day; 22, 23, 24, 29, 30 Dec follow (25 and 28 Dec are bank holidays).
        assert plan.next_visit_due == dt.date(2026, 12, 30)

    def test_one_open_plan_per_episode(self, social_worker):
        plan = CINPlanFactory()
        with pytest.raises(ValidationError, match="already has an open child in need plan"):
            services.cin_plan_start(episode=plan.episode, start_date=plan.start_date, started_by=social_worker)
        assert CINPlan.objects.count() == 1

    @pytest.mark.parametrize(
        ("offset", "interval", "field"),
        [(-1, None, "start_date"), (11, None, "start_date"), (0, 0, "visit_interval_working_days")],
    )
    def test_bad_input_writes_nothing(self, social_worker, offset, interval, field):
        episode = EpisodeFactory()
        with pytest.raises(ValidationError) as raised:
            services.cin_plan_start(
                episode=episode,
                start_date=episode.referral_date + dt.timedelta(days=offset),
                started_by=social_worker,
                visit_interval_working_days=interval,
            )
        assert field in raised.value.message_dict
        assert not CINPlan.objects.exists() and not Event.objects.exists()


class TestVisitsAndReviews:
    def test_visit_before_christmas_is_due_back_after_it(self, social_worker, today):
        today(CHRISTMAS_WEEK)
        plan = CINPlanFactory(episode=EpisodeFactory(referral_date=dt.date(2026, 12, 1)))
        services.cin_plan_visit_record(
            plan_id=plan.pk, visit_date=CHRISTMAS_WEEK, child_seen=True, seen_alone=True, recorded_by=social_worker
        )
        plan.refresh_from_db()
        # 21-24 Dec (4), 29-31 Dec (7), 1 Jan closed, 4-8 Jan (12), 11-15 Jan (17), 18-20 Jan (20).
        assert plan.next_visit_due == dt.date(2027, 1, 20)
        assert plan.version == 2

    def test_the_latest_visit_counts_even_if_recorded_late(self, social_worker, today):
        today(dt.date(2026, 11, 23))
        plan = CINPlanFactory(episode=EpisodeFactory(referral_date=dt.date(2026, 10, 1)))
        for day in (dt.date(2026, 11, 20), dt.date(2026, 11, 2)):
            services.cin_plan_visit_record(
                plan_id=plan.pk, visit_date=day, child_seen=True, seen_alone=False, recorded_by=social_worker
            )
        plan.refresh_from_db()
        assert plan.next_visit_due == add_working_days(dt.date(2026, 11, 20), 20)

    @pytest.mark.parametrize(
        ("offset", "seen", "alone", "field"),
        [(-1, True, False, "visit_date"), (30, True, False, "visit_date"), (0, False, True, "seen_alone")],
    )
    def test_bad_visit_writes_nothing(self, social_worker, offset, seen, alone, field):
        plan = CINPlanFactory()
        before = plan.next_visit_due
        with pytest.raises(ValidationError) as raised:
            services.cin_plan_visit_record(
                plan_id=plan.pk,
                visit_date=plan.start_date + dt.timedelta(days=offset),
                child_seen=seen,
                seen_alone=alone,
                recorded_by=social_worker,
            )
        assert field in raised.value.message_dict
        plan.refresh_from_db()
        assert plan.next_visit_due == before and not CINPlanVisit.objects.exists()

    def test_review_moves_the_next_review(self, social_worker, today):
        today(dt.date(2026, 11, 23))
        plan = CINPlanFactory(episode=EpisodeFactory(referral_date=dt.date(2026, 8, 31)))
        services.cin_plan_review_record(
            plan_id=plan.pk, review_date=dt.date(2026, 11, 23), notes="Progress", recorded_by=social_worker
        )
        plan.refresh_from_db()
        assert plan.next_review_due == dt.date(2027, 2, 23)
        assert Event.objects.get(kind="cin_plan.review").detail == "Progress"

    def test_ended_plan_takes_no_visits(self, social_worker):
        plan = CINPlanFactory(end_date=timezone.localdate())
        with pytest.raises(ValidationError, match="ended"):
            services.cin_plan_visit_record(
                plan_id=plan.pk,
                visit_date=plan.start_date,
                child_seen=True,
                seen_alone=False,
                recorded_by=social_worker,
            )

    def test_end(self, social_worker):
        plan = CINPlanFactory()
        services.cin_plan_end(
            plan_id=plan.pk, expected_version=1, end_date=timezone.localdate(), ended_by=social_worker
        )
        plan.refresh_from_db()
        assert plan.end_date == timezone.localdate()
        with pytest.raises(ConcurrentEditError):
            services.cin_plan_end(plan_id=plan.pk, expected_version=1, end_date=plan.end_date, ended_by=social_worker)

    def test_end_before_start_refused(self, social_worker):
        plan = CINPlanFactory()
        with pytest.raises(ValidationError, match="before it started"):
            services.cin_plan_end(
                plan_id=plan.pk,
                expected_version=1,
                end_date=plan.start_date - dt.timedelta(days=1),
                ended_by=social_worker,
            )
        plan.refresh_from_db()
        assert plan.end_date is None and plan.version == 1

    def test_front_door_cannot_record_plans(self, front_door_user):
        plan = CINPlanFactory()
        with pytest.raises(PermissionDenied):
            services.cin_plan_review_record(
                plan_id=plan.pk, review_date=plan.start_date, notes="", recorded_by=front_door_user
            )


def close(episode, user, **overrides):
    fields = {
        "episode_id": episode.pk,
        "expected_version": episode.version,
        "close_date": timezone.localdate(),
        "reason": "RC8",
        "closed_by": user,
    }
    return services.cin_episode_close(**(fields | overrides))


class TestClosure:
    def test_close(self, manager):
        episode = EpisodeFactory()
        AssessmentFactory(episode=episode, status=Assessment.Status.AUTHORISED)
        close(episode, manager)
        episode.refresh_from_db()
        assert episode.close_date == timezone.localdate() and episode.close_reason == "RC8"

    @pytest.mark.parametrize("reason", ["RC8", "RC9"])
    def test_closed_after_assessment_is_refused_after_a_section_47_or_a_plan(self, manager, reason):
        from tests.protection.factories import Section47Factory

        with_s47 = Section47Factory(outcome="no_icpc", outcome_date=timezone.localdate()).episode
        AssessmentFactory(episode=with_s47, status=Assessment.Status.AUTHORISED)
        with pytest.raises(ValidationError, match="section 47 enquiry") as refused:
            close(with_s47, manager, reason=reason)
        assert "reason" in refused.value.message_dict
        with_s47.refresh_from_db()
        assert with_s47.close_date is None
        close(with_s47, manager, reason="RC7")  # services ceased: fine

        ended_plan = CINPlanFactory(end_date=timezone.localdate()).episode
        with pytest.raises(ValidationError, match="child in need plan"):
            close(ended_plan, manager, reason=reason)

    def test_refused_while_a_cin_plan_is_open(self, manager):
        plan = CINPlanFactory()
        with pytest.raises(ValidationError, match="child in need plan"):
            close(plan.episode, manager)
        plan.episode.refresh_from_db()
        assert plan.episode.close_date is None and plan.episode.version == 1

    def test_refused_while_a_cp_plan_is_open(self, manager):
        episode = EpisodeFactory()
        ChildProtectionPlan.objects.create(
            episode=episode,
            child=episode.child,
            start_date=episode.referral_date,
            initial_category="NEG",
            latest_category="NEG",
            visit_interval_working_days=10,
            first_core_group_due=episode.referral_date,
        )
        with pytest.raises(ValidationError, match="child protection plan"):
            close(episode, manager)

    def test_refused_while_an_assessment_is_unauthorised(self, manager):
        a = AssessmentFactory()
        with pytest.raises(ValidationError, match="assessment must be authorised"):
            close(a.episode, manager)

    def test_social_worker_cannot_close(self, social_worker):
        with pytest.raises(PermissionDenied):
            close(EpisodeFactory(), social_worker)


class TestReopen:
    def closed(self, **kwargs):
        return EpisodeFactory(close_date=timezone.localdate(), close_reason="RC8", **kwargs)

    def test_reopen(self, manager):
        episode = self.closed()
        services.cin_episode_reopen(
            episode_id=episode.pk, expected_version=1, reason="New concerns", reopened_by=manager
        )
        episode.refresh_from_db()
        assert episode.close_date is None and episode.close_reason == "" and episode.version == 2
        event = Event.objects.get(kind="episode.reopened")
        assert event.detail == "New concerns" and event.actor == manager

    def test_only_the_latest_episode(self, manager):
        older = self.closed(referral_date=timezone.localdate() - dt.timedelta(days=200))
        self.closed(child=older.child)
        with pytest.raises(ValidationError, match="latest episode"):
            services.cin_episode_reopen(episode_id=older.pk, expected_version=1, reason="x", reopened_by=manager)
        older.refresh_from_db()
        assert older.close_date is not None

    def test_not_with_another_open_episode(self, manager):
        latest = self.closed()
        # An earlier episode that was never closed (data from before the rule).
        EpisodeFactory(child=latest.child, referral_date=latest.referral_date - dt.timedelta(days=400))
        with pytest.raises(ValidationError, match="already has an open episode"):
            services.cin_episode_reopen(episode_id=latest.pk, expected_version=1, reason="x", reopened_by=manager)

    def test_needs_a_reason_and_a_manager(self, manager, social_worker):
        episode = self.closed()
        with pytest.raises(ValidationError, match="Enter why"):
            services.cin_episode_reopen(episode_id=episode.pk, expected_version=1, reason=" ", reopened_by=manager)
        with pytest.raises(PermissionDenied):
            services.cin_episode_reopen(
                episode_id=episode.pk, expected_version=1, reason="x", reopened_by=social_worker
            )
        assert CINEpisode.objects.get().close_date is not None

    def test_open_episode_cannot_be_reopened(self, manager):
        episode = EpisodeFactory()
        with pytest.raises(ValidationError, match="already open"):
            services.cin_episode_reopen(episode_id=episode.pk, expected_version=1, reason="x", reopened_by=manager)
