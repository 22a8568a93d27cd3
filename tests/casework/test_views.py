import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.casework.models import Assessment, CINEpisode, CINPlan
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory

from .factories import AssessmentFactory, CINPlanFactory, ReadyAssessmentFactory, SubmittedAssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(team, social_worker):
    child = PersonFactory()
    AllocationFactory(child=child, worker=social_worker.worker)
    return EpisodeFactory(child=child, team=team)


def assessment_url(a):
    return reverse("casework:assessment", args=[a.child_id, a.pk])


def test_start_an_assessment_from_the_episode(client, social_worker, episode):
    client.force_login(social_worker)
    page = reverse("casework:episode", args=[episode.child_id, episode.pk])
    body = client.get(page).content.decode()
    assert f"due {episode.assessment_due_date.day}" in body and "Start an assessment" in body
    response = client.post(
        page, {"action": "start_assessment", "assessment-start_date": episode.referral_date.isoformat()}
    )
    a = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == assessment_url(a)


def test_service_errors_show_on_the_page(client, social_worker, episode):
    client.force_login(social_worker)
    page = reverse("casework:episode", args=[episode.child_id, episode.pk])
    early = (episode.referral_date - dt.timedelta(days=1)).isoformat()
    response = client.post(page, {"action": "start_assessment", "assessment-start_date": early})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body
    assert "cannot start before the referral" in body and not Assessment.objects.exists()


def test_submit_lists_what_is_missing(client, social_worker, episode):
    a = AssessmentFactory(episode=episode)
    client.force_login(social_worker)
    body = client.post(assessment_url(a), {"action": "submit", "submit-version": "1"}).content.decode()
    for message in ("Write the analysis", "Choose an outcome", "Record the factors", "Record when the child was seen"):
        assert message in body


def test_worker_records_seen_factors_and_analysis(client, social_worker, episode):
    a = AssessmentFactory(episode=episode)
    client.force_login(social_worker)
    url = assessment_url(a)
    today = timezone.localdate().isoformat()
    assert client.post(url, {"action": "seen", "seen-seen_on": today, "seen-seen_alone": "on"}).status_code == 302
    assert client.post(url, {"action": "factors", "factors-codes": ["3A", "4A"]}).status_code == 302
    response = client.post(
        url,
        {
            "action": "analysis",
            "analysis-version": "1",
            "analysis-analysis": "Analysis",
            "analysis-outcome": "cin_plan",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.child_seen.get().seen_alone and a.factors.count() == 2 and a.outcome == "cin_plan"


def test_social_worker_gets_no_decision_form_and_cannot_post_one(client, social_worker, episode):
    a = SubmittedAssessmentFactory(episode=episode)
    client.force_login(social_worker)
    assert "Manager&#39;s decision" not in client.get(assessment_url(a)).content.decode()
    response = client.post(
        assessment_url(a),
        {"action": "authorise", "decision-version": "1", "decision-comment": "ok", "decision-primary_need": "N1"},
    )
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.status == Assessment.Status.SUBMITTED


def test_manager_authorises(client, manager, episode):
    a = SubmittedAssessmentFactory(episode=episode)
    client.force_login(manager)
    assert "Authorise" in client.get(assessment_url(a)).content.decode()
    response = client.post(
        assessment_url(a),
        {"action": "authorise", "decision-version": "1", "decision-comment": "Agreed", "decision-primary_need": "N4"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Assessment.Status.AUTHORISED


def test_manager_return_needs_a_comment(client, manager, episode):
    a = SubmittedAssessmentFactory(episode=episode)
    client.force_login(manager)
    body = client.post(assessment_url(a), {"action": "return", "decision-version": "1"}).content.decode()
    assert "Enter a comment explaining the decision" in body
    a.refresh_from_db()
    assert a.status == Assessment.Status.SUBMITTED


def test_late_assessment_shows_working_days_over(client, social_worker, team):
    child = PersonFactory()
    AllocationFactory(child=child, worker=social_worker.worker)
    # Referred long ago: the 45 working days have run out.
    episode = EpisodeFactory(child=child, team=team, referral_date=timezone.localdate() - dt.timedelta(days=90))
    a = ReadyAssessmentFactory(episode=episode)
    client.force_login(social_worker)
    body = client.get(assessment_url(a)).content.decode()
    from safeguard.workdays.calendar import working_days_between

    over = working_days_between(episode.assessment_due_date, timezone.localdate())
    assert over > 0 and f"{over} working days over" in body
    assert "Why the assessment is late" in body


def test_another_childs_assessment_is_not_found(client, social_worker, episode):
    other = AssessmentFactory()
    client.force_login(social_worker)
    url = reverse("casework:assessment", args=[episode.child_id, other.pk])
    assert client.get(url).status_code == 404


def test_plan_page_records_a_visit(client, social_worker, episode):
    plan = CINPlanFactory(episode=episode)
    client.force_login(social_worker)
    url = reverse("casework:cin_plan", args=[episode.child_id, plan.pk])
    response = client.post(
        url, {"action": "visit", "visit-visit_date": timezone.localdate().isoformat(), "visit-child_seen": "on"}
    )
    assert response.status_code == 302
    assert plan.visits.count() == 1


def test_start_plan_from_the_episode(client, social_worker, episode):
    client.force_login(social_worker)
    page = reverse("casework:episode", args=[episode.child_id, episode.pk])
    response = client.post(page, {"action": "start_plan", "plan-start_date": episode.referral_date.isoformat()})
    plan = CINPlan.objects.get()
    assert response["Location"] == reverse("casework:cin_plan", args=[episode.child_id, plan.pk])
    assert plan.visit_interval_working_days == 20


def test_close_and_reopen_pages(client, manager, episode):
    client.force_login(manager)
    close = reverse("casework:close_episode", args=[episode.child_id, episode.pk])
    today = timezone.localdate().isoformat()
    response = client.post(close, {"version": "1", "close_date": today, "reason": "RC8"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.close_date is not None
    reopen = reverse("casework:reopen_episode", args=[episode.child_id, episode.pk])
    assert client.post(reopen, {"version": "2", "reason": "New referral information"}).status_code == 302
    assert CINEpisode.objects.get().close_date is None


def test_close_refused_with_an_open_plan_shows_why(client, manager, episode):
    CINPlanFactory(episode=episode)
    client.force_login(manager)
    close = reverse("casework:close_episode", args=[episode.child_id, episode.pk])
    body = client.post(close, {"version": "1", "close_date": timezone.localdate().isoformat(), "reason": "RC8"})
    assert "End the child in need plan" in body.content.decode()


def test_social_worker_cannot_open_the_close_page(client, social_worker, episode):
    client.force_login(social_worker)
    assert client.get(reverse("casework:close_episode", args=[episode.child_id, episode.pk])).status_code == 403


def test_childs_page_panel(client, social_worker, episode):
    a = AssessmentFactory(episode=episode)
    plan = CINPlanFactory(episode=episode)
    client.force_login(social_worker)
    body = client.get(reverse("people:detail", args=[episode.child_id])).content.decode()
    assert 'id="casework-panel"' in body
    assert assessment_url(a) in body and "In progress" in body
    assert reverse("casework:cin_plan", args=[episode.child_id, plan.pk]) in body


def test_close_page_warns_what_blocks_closure(client, manager, episode):
    AssessmentFactory(episode=episode)
    client.force_login(manager)
    body = client.get(reverse("casework:close_episode", args=[episode.child_id, episode.pk])).content.decode()
    assert "The episode cannot close yet: The assessment must be authorised" in body
