"""The missing pages: report, return, offer, interview, strategy meeting; errors shown; other child's id 404s."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.missing.models import MissingEpisode, RepeatMissingStrategyMeeting, ReturnHomeInterview
from tests.factories import PersonFactory

from .factories import MissingEpisodeFactory

pytestmark = pytest.mark.django_db


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def signed_in(client, social_worker):
    # Team managers and social workers see children allocated in their team; a social worker with the
    # child allocated is the usual case.
    from tests.factories import AllocationFactory

    child = PersonFactory(first_name="Mia", last_name="Lowe")
    AllocationFactory(child=child, worker=social_worker.worker)
    client.force_login(social_worker)
    return child


def test_report_a_child_missing_through_the_page(client, signed_in):
    page = reverse("missing:report", args=[signed_in.pk])
    response = client.get(page)
    assert response.status_code == 200 and "Report missing or away" in response.content.decode()
    response = client.post(page, {"start_at": "", "risk_level": "high"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body and "Choose missing or away" in body
    future = local(timezone.now() + dt.timedelta(hours=2))
    response = client.post(page, {"missing_type": "M", "start_at": future, "risk_level": "high"})
    assert "cannot be in the future" in response.content.decode() and not MissingEpisode.objects.exists()
    start = timezone.now() - dt.timedelta(hours=5)
    response = client.post(
        page,
        {
            "missing_type": "A",
            "start_at": local(start),
            "risk_level": "medium",
            "reported_to_police": "on",
            "police_reference": "NB-77",
        },
    )
    episode = MissingEpisode.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("missing:episode", args=[signed_in.pk, episode.pk])
    assert episode.missing_type == "A" and episode.police_reference == "NB-77" and episode.missing_from == "home"


def test_return_then_interview_through_the_episode_page(client, signed_in):
    episode = MissingEpisodeFactory(child=signed_in, start_at=timezone.now() - dt.timedelta(hours=30), end_at=None)
    page = reverse("missing:episode", args=[signed_in.pk, episode.pk])
    assert "Record the return" in client.get(page).content.decode()
    bad = client.post(page, {"action": "return", "return-version": 1, "return-end_at": local(episode.start_at)})
    assert "must be after the child went missing" in bad.content.decode()
    returned_at = timezone.now() - dt.timedelta(hours=2)
    response = client.post(
        page,
        {"action": "return", "return-version": 1, "return-end_at": local(returned_at), "return-where_found": "Park"},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.end_at is not None and episode.where_found == "Park"
    stale = client.post(page, {"action": "offer", "offer-version": 1, "offer-offered_at": local(timezone.now())})
    assert "changed by someone else" in stale.content.decode()
    response = client.post(
        page,
        {
            "action": "interview",
            "interview-version": episode.version,
            "interview-completed_at": local(timezone.now() - dt.timedelta(minutes=5)),
            "interview-interviewer": "Sam Reed",
            "interview-key_findings": "Safe now",
        },
    )
    assert response.status_code == 302
    interview = ReturnHomeInterview.objects.get()
    assert interview.interviewer == "Sam Reed"
    body = client.get(page).content.decode()
    assert "Record the return-home interview" not in body and "Sam Reed" in body and "completed" in body


def test_actions_not_allowed_are_refused(client, signed_in):
    episode = MissingEpisodeFactory(child=signed_in, end_at=None)
    page = reverse("missing:episode", args=[signed_in.pk, episode.pk])
    assert client.post(page, {"action": "interview"}).status_code == 403
    assert client.post(page, {"action": "nonsense"}).status_code == 403


def test_another_childs_episode_is_not_found(client, signed_in):
    other = MissingEpisodeFactory()
    assert client.get(reverse("missing:episode", args=[signed_in.pk, other.pk])).status_code == 404


def test_child_page_lists_episodes_and_records_a_strategy_meeting(client, signed_in):
    MissingEpisodeFactory(child=signed_in)
    page = reverse("missing:child", args=[signed_in.pk])
    body = client.get(page).content.decode()
    assert "Episodes" in body and "3 or more times within 30 days" in body
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(page, {"action": "meeting", "meeting-held_on": future})
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    response = client.post(
        page, {"action": "meeting", "meeting-held_on": timezone.localdate().isoformat(), "meeting-outcome": "Plan"}
    )
    assert response.status_code == 302 and RepeatMissingStrategyMeeting.objects.get().outcome == "Plan"


def test_person_page_shows_the_missing_panel(client, signed_in):
    MissingEpisodeFactory(child=signed_in, start_at=timezone.now() - dt.timedelta(hours=3), end_at=None)
    body = client.get(reverse("people:detail", args=[signed_in.pk])).content.decode()
    assert 'id="missing-panel"' in body and 'id="panel-missing-now"' in body
    assert "1 in the last 30 days; 1 in the last 12 months" in body


def test_at_risk_page_shows_the_missing_sections(client, manager):
    from tests.factories import AllocationFactory, WorkerFactory

    child = PersonFactory(first_name="Noah", last_name="Grant")
    AllocationFactory(child=child, worker=WorkerFactory(team=manager.worker.team))
    MissingEpisodeFactory(child=child, start_at=timezone.now() - dt.timedelta(hours=3), end_at=None)
    client.force_login(manager)
    body = client.get(reverse("queues:at_risk")).content.decode()
    assert 'id="missing-now"' in body and "Noah Grant" in body
    assert "Missing episodes without a return interview within 72 hours" in body
