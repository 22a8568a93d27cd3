"""The reviews and visits page and the IRO's list: who may write, forms show service errors, need-to-know."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.access.models import AccessEvent, AccessEventChild
from safeguard.accounts.models import Role
from safeguard.carereviews.models import IROContact, LookedAfterReview, StatutoryVisit
from safeguard.workforce.models import Allocation, Service, Worker
from tests.factories import PersonFactory, TeamFactory, worker_user

from .factories import IROFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(in_care, iro_user):
    return in_care(timezone.localdate() - dt.timedelta(days=40), iro=iro_user.worker)


def _page(period):
    return reverse("carereviews:child", args=[period.child_id])


def _day(days_ago=1):
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def test_social_worker_sees_the_page_and_records_a_visit(client, period, social_worker):
    client.force_login(social_worker)
    body = client.get(_page(period)).content.decode()
    assert 'id="next-review-due"' in body and "Record visit" in body
    assert "Save review" not in body and "Allocate IRO" not in body
    response = client.post(_page(period), {"action": "visit", "visit-visit_date": _day(), "visit-child_seen": "on"})
    assert response.status_code == 302 and response["Location"] == _page(period)
    assert StatutoryVisit.objects.get().child_seen


def test_visit_errors_show_on_the_form(client, period, social_worker):
    client.force_login(social_worker)
    response = client.post(_page(period), {"action": "visit", "visit-visit_date": _day(), "visit-seen_alone": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body
    assert "A child who was not seen cannot have been seen alone" in body
    assert not StatutoryVisit.objects.exists()


def test_social_worker_cannot_post_a_review(client, period, social_worker):
    client.force_login(social_worker)
    response = client.post(
        _page(period), {"action": "review", "review-review_date": _day(), "review-participation": "PN1"}
    )
    assert response.status_code == 403
    assert not LookedAfterReview.objects.exists()


def test_iro_records_a_review_and_a_contact(client, period, iro_user):
    client.force_login(iro_user)
    response = client.post(
        _page(period), {"action": "review", "review-review_date": _day(5), "review-participation": "PN1"}
    )
    assert response.status_code == 302
    assert LookedAfterReview.objects.get().iro == iro_user.worker
    response = client.post(
        _page(period), {"action": "iro_contact", "contact-contact_date": _day(2), "contact-kind": "phone"}
    )
    assert response.status_code == 302 and IROContact.objects.count() == 1


def test_review_errors_show_on_the_form(client, period, iro_user):
    client.force_login(iro_user)
    response = client.post(_page(period), {"action": "review", "review-review_date": _day(-3)})
    body = response.content.decode()
    assert response.status_code == 200 and "cannot be in the future" in body
    assert not LookedAfterReview.objects.exists()


def test_manager_allocates_an_iro(client, period, manager):
    other = IROFactory()
    client.force_login(manager)
    response = client.post(_page(period), {"action": "allocate_iro", "iro-iro": other.pk, "iro-start_date": _day(0)})
    assert response.status_code == 302
    assert Allocation.objects.get(child=period.child, kind="iro", end_date__isnull=True).worker == other


def test_a_child_not_looked_after_has_no_forms(client, social_worker, team):
    from tests.factories import EpisodeFactory

    child = PersonFactory()
    EpisodeFactory(child=child, team=team)
    client.force_login(social_worker)
    body = client.get(reverse("carereviews:child", args=[child.pk])).content.decode()
    assert 'id="not-looked-after"' in body and "Record visit" not in body
    response = client.post(reverse("carereviews:child", args=[child.pk]), {"action": "visit"})
    assert response.status_code == 403


def test_outside_the_service_is_not_found(client, period):
    outsider = worker_user(Role.SOCIAL_WORKER, team=TeamFactory(service=Service.DISABLED_CHILDREN))
    client.force_login(outsider)
    assert client.get(_page(period)).status_code == 404
    assert client.post(_page(period), {"action": "visit", "visit-visit_date": _day()}).status_code == 404
    assert not StatutoryVisit.objects.exists()


def test_iro_list_shows_their_children_and_records_the_listing(client, period, in_care, iro_user):
    someone_elses = in_care(timezone.localdate() - dt.timedelta(days=40), iro=IROFactory())
    client.force_login(iro_user)
    body = client.get(reverse("carereviews:iro_list")).content.decode()
    assert period.child.full_name in body and someone_elses.child.full_name not in body
    event = AccessEvent.objects.get(what="IRO review schedule")
    assert list(AccessEventChild.objects.filter(event=event).values_list("child_id", flat=True)) == [period.child_id]


def test_iro_list_for_a_conference_chair_who_is_not_an_iro(client, qa_team):
    chair = worker_user(Role.CONFERENCE_CHAIR, team=qa_team, worker_role=Worker.Role.CONFERENCE_CHAIR)
    client.force_login(chair)
    body = client.get(reverse("carereviews:iro_list")).content.decode()
    assert 'id="not-an-iro"' in body


def test_iro_list_is_for_iros_only(client, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse("carereviews:iro_list")).status_code == 403


def _edit_page(review):
    return reverse("carereviews:review_edit", args=[review.child_id, review.pk])


@pytest.fixture
def review(period, iro_user):
    from safeguard.carereviews import services

    day = timezone.localdate() - dt.timedelta(days=5)
    return services.review_record(period=period, review_date=day, participation="PN1", recorded_by=iro_user)


def test_the_iro_corrects_a_review(client, review, iro_user):
    client.force_login(iro_user)
    page = client.get(reverse("carereviews:child", args=[review.child_id])).content.decode()
    assert _edit_page(review) in page
    body = client.get(_edit_page(review)).content.decode()
    assert 'name="version" id="id_version" value="1"' in body and "Save correction" in body
    response = client.post(
        _edit_page(review), {"version": "1", "participation": "PN2", "outcome_notes": " Advocate spoke "}
    )
    assert response.status_code == 302 and response["Location"] == reverse("carereviews:child", args=[review.child_id])
    review.refresh_from_db()
    assert (review.participation, review.outcome_notes, review.version) == ("PN2", "Advocate spoke", 2)


def test_a_stale_correction_is_refused_on_the_page(client, review, iro_user):
    client.force_login(iro_user)
    client.post(_edit_page(review), {"version": "1", "participation": "PN2", "outcome_notes": "first"})
    response = client.post(_edit_page(review), {"version": "1", "participation": "PN3", "outcome_notes": "second"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body
    assert "changed by someone else" in body and "govuk-error-summary" in body
    review.refresh_from_db()
    assert (review.participation, review.outcome_notes) == ("PN2", "first")


def test_correction_errors_show_next_to_the_field(client, review, iro_user):
    client.force_login(iro_user)
    response = client.post(_edit_page(review), {"version": "1", "participation": "PN0", "outcome_notes": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "PN0 is only for a child under 4" in body
    assert 'href="#id_participation' in body  # the error summary links to the field
    review.refresh_from_db()
    assert (review.participation, review.version) == ("PN1", 1)


def test_a_social_worker_reads_the_review_but_cannot_correct_it(client, review, social_worker):
    client.force_login(social_worker)
    body = client.get(_edit_page(review)).content.decode()
    assert 'id="cannot-correct"' in body and "Save correction" not in body
    response = client.post(_edit_page(review), {"version": "1", "participation": "PN2", "outcome_notes": "x"})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.participation == "PN1"


def test_another_childs_review_is_not_found(client, review, in_care, iro_user):
    other = in_care(timezone.localdate() - dt.timedelta(days=40), iro=iro_user.worker)
    client.force_login(iro_user)
    url = reverse("carereviews:review_edit", args=[other.child_id, review.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": "1", "participation": "PN2"}).status_code == 404
