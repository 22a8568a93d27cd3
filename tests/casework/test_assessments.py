import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safeguard.casework import services
from safeguard.casework.models import Assessment, AssessmentChildSeen, AssessmentFactorIdentified
from safeguard.casework.selectors import assessments_awaiting_authorisation
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.oversight.models import ManagerDecision
from safeguard.people.models import Person
from tests.factories import EpisodeFactory

from .factories import AssessmentFactory, ReadyAssessmentFactory, SubmittedAssessmentFactory

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


class TestStart:
    def test_starts_with_an_event(self, social_worker):
        episode = EpisodeFactory()
        a = services.assessment_start(episode=episode, start_date=episode.referral_date, started_by=social_worker)
        assert a.status == Assessment.Status.IN_PROGRESS and a.child == episode.child
        event = Event.objects.get(kind="assessment.started")
        assert event.category == "assessment" and event.actor == social_worker and event.source_id == a.pk

    @pytest.mark.parametrize(
        ("offset", "message"),
        [(-1, "cannot start before the referral"), (11, "cannot be in the future")],
    )
    def test_start_date_must_be_between_referral_and_today(self, social_worker, offset, message):
        episode = EpisodeFactory()  # referred 10 days ago
        with pytest.raises(ValidationError, match=message):
            services.assessment_start(
                episode=episode,
                start_date=episode.referral_date + dt.timedelta(days=offset),
                started_by=social_worker,
            )
        assert not Assessment.objects.exists() and not Event.objects.exists()

    def test_one_unauthorised_assessment_at_a_time(self, social_worker):
        existing = AssessmentFactory()
        with pytest.raises(ValidationError, match="already has an assessment"):
            services.assessment_start(
                episode=existing.episode, start_date=existing.start_date, started_by=social_worker
            )
        existing.status = Assessment.Status.AUTHORISED
        existing.save()
        services.assessment_start(episode=existing.episode, start_date=existing.start_date, started_by=social_worker)
        assert Assessment.objects.count() == 2

    def test_closed_episode_refused(self, social_worker):
        episode = EpisodeFactory(close_date=timezone.localdate(), close_reason="RC8")
        with pytest.raises(ValidationError, match="closed"):
            services.assessment_start(episode=episode, start_date=episode.referral_date, started_by=social_worker)

    def test_front_door_cannot_start(self, front_door_user):
        episode = EpisodeFactory()
        with pytest.raises(PermissionDenied):
            services.assessment_start(episode=episode, start_date=episode.referral_date, started_by=front_door_user)


class TestChildSeenAndFactors:
    def test_child_seen_alone(self, social_worker):
        a = AssessmentFactory()
        services.assessment_child_seen_record(
            assessment_id=a.pk, seen_on=a.start_date, seen_alone=True, recorded_by=social_worker
        )
        seen = AssessmentChildSeen.objects.get()
        assert seen.seen_alone and seen.recorded_by == social_worker
        assert "seen alone" in Event.objects.get(kind="assessment.child_seen").summary

    @pytest.mark.parametrize(("offset", "field"), [(-1, "seen_on"), (30, "seen_on")])
    def test_seen_date_inside_the_assessment(self, social_worker, offset, field):
        a = AssessmentFactory()
        with pytest.raises(ValidationError) as raised:
            services.assessment_child_seen_record(
                assessment_id=a.pk,
                seen_on=a.start_date + dt.timedelta(days=offset),
                seen_alone=False,
                recorded_by=social_worker,
            )
        assert field in messages(raised.value)
        assert not AssessmentChildSeen.objects.exists()

    def test_factors_replace_the_previous_set(self, social_worker):
        a = AssessmentFactory()
        services.assessment_factors_set(assessment_id=a.pk, codes=["3A", "4A"], set_by=social_worker)
        services.assessment_factors_set(assessment_id=a.pk, codes=["2B"], set_by=social_worker)
        assert list(a.factors.values_list("code", flat=True)) == ["2B"]
        assert Event.objects.filter(kind="assessment.factors_set").count() == 2

    @pytest.mark.parametrize(
        ("codes", "message"),
        [(["21", "3A"], "cannot be chosen with other factors"), (["99Z"], "Unknown factor"), ([], "Choose")],
    )
    def test_bad_factors_write_nothing(self, social_worker, codes, message):
        a = AssessmentFactory()
        AssessmentFactorIdentified.objects.create(assessment=a, code="1B")
        with pytest.raises(ValidationError, match=message):
            services.assessment_factors_set(assessment_id=a.pk, codes=codes, set_by=social_worker)
        assert list(a.factors.values_list("code", flat=True)) == ["1B"]

    def test_no_factors_alone_is_fine(self, social_worker):
        a = AssessmentFactory()
        assert services.assessment_factors_set(assessment_id=a.pk, codes=["21"], set_by=social_worker) == ["21"]

    def test_submitted_assessment_cannot_change(self, social_worker):
        a = SubmittedAssessmentFactory()
        with pytest.raises(ValidationError, match="no longer be changed"):
            services.assessment_factors_set(assessment_id=a.pk, codes=["21"], set_by=social_worker)
        with pytest.raises(ValidationError, match="no longer be changed"):
            services.assessment_child_seen_record(
                assessment_id=a.pk, seen_on=a.start_date, seen_alone=False, recorded_by=social_worker
            )


class TestUpdateAndSubmit:
    def test_update_checks_the_version(self, social_worker):
        a = AssessmentFactory()
        services.assessment_update(
            assessment_id=a.pk, expected_version=1, analysis="First", outcome="", updated_by=social_worker
        )
        with pytest.raises(ConcurrentEditError):
            services.assessment_update(
                assessment_id=a.pk, expected_version=1, analysis="Stale", outcome="nfa", updated_by=social_worker
            )
        a.refresh_from_db()
        assert (a.analysis, a.outcome, a.version) == ("First", "", 2)

    def test_unknown_outcome(self, social_worker):
        a = AssessmentFactory()
        with pytest.raises(ValidationError, match="Choose an outcome"):
            services.assessment_update(
                assessment_id=a.pk, expected_version=1, analysis="x", outcome="maybe", updated_by=social_worker
            )

    def test_submit_names_every_missing_piece(self, social_worker):
        a = AssessmentFactory()
        with pytest.raises(ValidationError) as raised:
            services.assessment_submit(assessment_id=a.pk, expected_version=1, submitted_by=social_worker)
        assert set(messages(raised.value)) == {"analysis", "outcome", "codes", "seen_on"}
        a.refresh_from_db()
        assert a.status == Assessment.Status.IN_PROGRESS and a.version == 1

    def test_submit(self, social_worker):
        a = ReadyAssessmentFactory()
        services.assessment_submit(assessment_id=a.pk, expected_version=1, submitted_by=social_worker)
        a.refresh_from_db()
        assert a.status == Assessment.Status.SUBMITTED and a.submitted_by == social_worker and a.submitted_at
        assert Event.objects.filter(kind="assessment.submitted", category="assessment").count() == 1

    def test_late_submission_needs_a_reason(self, social_worker, today):
        a = ReadyAssessmentFactory()
        today(a.episode.assessment_due_date + dt.timedelta(days=1))
        with pytest.raises(ValidationError) as raised:
            services.assessment_submit(assessment_id=a.pk, expected_version=1, submitted_by=social_worker)
        assert list(messages(raised.value)) == ["late_reason"]
        services.assessment_submit(
            assessment_id=a.pk, expected_version=1, submitted_by=social_worker, late_reason="Family unavailable"
        )
        a.refresh_from_db()
        assert a.late_reason == "Family unavailable"
        assert "late" in Event.objects.get(kind="assessment.submitted").summary

    def test_submitting_on_the_due_day_is_not_late(self, social_worker, today):
        a = ReadyAssessmentFactory()
        today(a.episode.assessment_due_date)
        services.assessment_submit(assessment_id=a.pk, expected_version=1, submitted_by=social_worker)


class TestManagerDecision:
    def test_authorise(self, manager):
        a = SubmittedAssessmentFactory()
        services.assessment_authorise(
            assessment_id=a.pk, expected_version=1, authorised_by=manager, comment="Sound analysis", primary_need="N1"
        )
        a.refresh_from_db()
        a.episode.refresh_from_db()
        assert a.status == Assessment.Status.AUTHORISED
        assert a.authorised_date == timezone.localdate() and a.authorised_by == manager
        assert a.episode.primary_need == "N1"
        decision = ManagerDecision.objects.get()
        assert (decision.kind, decision.decision, decision.comment) == ("assessment", "approved", "Sound analysis")
        assert (decision.subject_model, decision.subject_id) == ("casework.assessment", a.pk)
        assert Event.objects.filter(kind="assessment.authorised").exists()
        assert Event.objects.filter(kind="manager_decision.approved").exists()

    def test_social_worker_cannot_authorise_or_return(self, social_worker):
        a = SubmittedAssessmentFactory()
        with pytest.raises(PermissionDenied):
            services.assessment_authorise(
                assessment_id=a.pk, expected_version=1, authorised_by=social_worker, comment="ok", primary_need="N1"
            )
        with pytest.raises(PermissionDenied):
            services.assessment_return(assessment_id=a.pk, expected_version=1, returned_by=social_worker, comment="x")
        a.refresh_from_db()
        assert a.status == Assessment.Status.SUBMITTED and not ManagerDecision.objects.exists()

    @pytest.mark.parametrize(
        ("comment", "need", "field"), [("", "N1", "comment"), ("ok", "N0", "primary_need"), ("ok", "", "primary_need")]
    )
    def test_authorise_needs_comment_and_primary_need(self, manager, comment, need, field):
        a = SubmittedAssessmentFactory()
        with pytest.raises(ValidationError) as raised:
            services.assessment_authorise(
                assessment_id=a.pk, expected_version=1, authorised_by=manager, comment=comment, primary_need=need
            )
        assert field in messages(raised.value)
        a.refresh_from_db()
        assert a.status == Assessment.Status.SUBMITTED and not ManagerDecision.objects.exists()

    def test_in_progress_cannot_be_authorised(self, manager):
        a = ReadyAssessmentFactory()
        with pytest.raises(ValidationError, match="Only a submitted"):
            services.assessment_authorise(
                assessment_id=a.pk, expected_version=1, authorised_by=manager, comment="ok", primary_need="N1"
            )

    def test_stale_version(self, manager):
        a = SubmittedAssessmentFactory(version=3)
        with pytest.raises(ConcurrentEditError):
            services.assessment_authorise(
                assessment_id=a.pk, expected_version=2, authorised_by=manager, comment="ok", primary_need="N1"
            )

    def test_return_then_resubmit(self, manager, social_worker):
        a = SubmittedAssessmentFactory()
        services.assessment_return(
            assessment_id=a.pk, expected_version=1, returned_by=manager, comment="Add dad's view"
        )
        a.refresh_from_db()
        assert a.status == Assessment.Status.IN_PROGRESS and a.submitted_at is None
        decision = ManagerDecision.objects.get()
        assert (decision.decision, decision.comment) == ("returned", "Add dad's view")
        assert Event.objects.get(kind="assessment.returned").detail == "Add dad's view"
        services.assessment_submit(assessment_id=a.pk, expected_version=2, submitted_by=social_worker)
        a.refresh_from_db()
        assert a.status == Assessment.Status.SUBMITTED

    def test_return_needs_a_comment(self, manager):
        a = SubmittedAssessmentFactory()
        with pytest.raises(ValidationError, match="comment"):
            services.assessment_return(assessment_id=a.pk, expected_version=1, returned_by=manager, comment="  ")
        a.refresh_from_db()
        assert a.status == Assessment.Status.SUBMITTED


def test_awaiting_authorisation_oldest_first(db):
    newer = SubmittedAssessmentFactory(submitted_at=timezone.now())
    older = SubmittedAssessmentFactory(submitted_at=timezone.now() - dt.timedelta(days=2))
    ReadyAssessmentFactory()
    other_child_only = Person.objects.filter(pk__in=[newer.child_id, older.child_id])
    assert list(assessments_awaiting_authorisation(other_child_only)) == [older, newer]
    assert list(assessments_awaiting_authorisation(Person.objects.filter(pk=newer.child_id))) == [newer]
