import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.frontdoor.models import Contact
from safeguard.frontdoor.services import contact_record
from tests.factories import AdultFactory, PersonFactory


def _contact(user, rag, hours_ago):
    (contact,) = contact_record(
        children=[PersonFactory()],
        received_at=timezone.now() - dt.timedelta(hours=hours_ago),
        source="2A",
        reasons=["neglect"],
        summary="School concern",
        rag=rag,
        recorded_by=user,
    )
    return contact


@pytest.mark.django_db
def test_queue_is_ordered_by_priority_then_deadline(client, front_door_user):
    green = _contact(front_door_user, "green", 80)
    red_recent = _contact(front_door_user, "red", 1)
    amber_old = _contact(front_door_user, "amber", 80)
    red_old = _contact(front_door_user, "red", 80)
    client.force_login(front_door_user)
    response = client.get(reverse("frontdoor:queue"))
    body = response.content.decode()
    links = {
        c.pk: body.index(reverse("frontdoor:contact", args=[c.pk])) for c in (green, red_recent, amber_old, red_old)
    }
    order = sorted(links, key=links.get)
    expected_red = sorted([red_old, red_recent], key=lambda c: (c.decision_due_date, c.received_at))
    assert order == [*[c.pk for c in expected_red], amber_old.pk, green.pk]


@pytest.mark.django_db
def test_recording_a_contact_through_the_form(client, front_door_user):
    child = PersonFactory()
    mother = AdultFactory()
    from safeguard.people.services import relationship_add

    relationship_add(person=child, related_person=mother, type="parent")
    client.force_login(front_door_user)
    url = reverse("frontdoor:new_contact") + f"?child={child.pk}"
    page = client.get(url)
    assert mother.full_name in page.content.decode()
    response = client.post(
        url,
        {
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "source": "6",
            "reasons": ["da_notification"],
            "summary": "Police notification",
            "rag": "amber",
            "parents_carers": [str(mother.pk)],
        },
    )
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("frontdoor:contact", args=[contact.pk])
    assert list(contact.adults.values_list("person_id", "role")) == [(mother.pk, "parent_carer")]


@pytest.mark.django_db
def test_an_incomplete_contact_shows_the_errors_and_saves_nothing(client, front_door_user):
    child = PersonFactory()
    client.force_login(front_door_user)
    response = client.post(reverse("frontdoor:new_contact") + f"?child={child.pk}", {"source": "6"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and 'href="#id_summary"' in body
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_deciding_through_the_page(client, front_door_user, team):
    contact = _contact(front_door_user, "amber", 2)
    client.force_login(front_door_user)
    response = client.post(
        reverse("frontdoor:contact", args=[contact.pk]),
        {
            "version": contact.version,
            "outcome": "referral",
            "team": team.pk,
            "reason": "Significant concerns",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Referral to children" in body and "assessment due" in body
