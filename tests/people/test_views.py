import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.access.models import AccessEvent
from safeguard.chronology.services import event_record
from safeguard.people.models import Person
from safeguard.people.services import relationship_add
from tests.factories import AdultFactory, AllocationFactory, PersonFactory, WorkerFactory


@pytest.mark.django_db
class TestChildPage:
    def test_family_network_reads_both_ways_and_hides_restricted_relatives(self, client, analyst):
        child = PersonFactory(first_name="Ruby")
        mother = AdultFactory(first_name="Dawn")
        sister = PersonFactory(first_name="Skye")
        hidden_uncle = AdultFactory(first_name="Hidden", is_restricted=True)
        relationship_add(person=child, related_person=mother, type="parent", has_parental_responsibility=True)
        relationship_add(person=sister, related_person=child, type="sibling")
        relationship_add(person=child, related_person=hidden_uncle, type="aunt_uncle")
        client.force_login(analyst)
        body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
        assert "Dawn" in body and "Parent (parental responsibility)" in body
        assert "Skye" in body and "Sibling" in body
        assert "Hidden" not in body
        mother_page = client.get(reverse("people:detail", args=[mother.pk])).content.decode()
        assert "Ruby" in mother_page and "Child" in mother_page

    def test_chronology_filters_by_category_and_text(self, client, analyst):
        child = PersonFactory()
        now = timezone.now()
        event_record(
            child=child,
            occurred_at=now,
            category="front_door",
            kind="contact.received",
            summary="Police DA notification",
        )
        event_record(
            child=child,
            occurred_at=now - dt.timedelta(days=3),
            category="allocation",
            kind="allocation.started",
            summary="Allocated to worker",
        )
        client.force_login(analyst)
        url = reverse("people:chronology", args=[child.pk])
        body = client.get(url, {"category": "allocation"}).content.decode()
        assert "Allocated to worker" in body and "Police DA notification" not in body
        body = client.get(url, {"text": "police"}).content.decode()
        assert "Police DA notification" in body and "Allocated to worker" not in body

    def test_who_viewed_is_for_managers_only(self, client, social_worker, manager, team):
        child = AllocationFactory(worker=WorkerFactory(team=team)).child
        client.force_login(social_worker)
        client.get(reverse("people:detail", args=[child.pk]))
        assert client.get(reverse("people:viewers", args=[child.pk])).status_code == 403
        client.force_login(manager)
        body = client.get(reverse("people:viewers", args=[child.pk])).content.decode()
        assert social_worker.get_full_name() in body and "person record" in body

    def test_stale_edit_is_refused_with_a_clear_message(self, client, social_worker, team):
        child = AllocationFactory(worker=WorkerFactory(team=team)).child
        client.force_login(social_worker)
        url = reverse("people:edit", args=[child.pk])
        data = {
            "version": 1,
            "first_name": "New",
            "last_name": child.last_name,
            "date_of_birth": "2015-06-01",
            "sex": "F",
            "ethnicity": "WBRI",
            "gender_identity": "",
            "nhs_number": "",
            "upn": "",
        }
        Person.objects.filter(pk=child.pk).update(version=2)  # someone else saved meanwhile
        body = client.post(url, data).content.decode()
        assert "changed by someone else" in body
        child.refresh_from_db()
        assert child.first_name != "New"


@pytest.mark.django_db
class TestCreateWithDuplicateCheck:
    def data(self, **extra):
        return {
            "kind": "child",
            "first_name": "Tyler",
            "last_name": "Hargreaves",
            "date_of_birth": "2016-02-03",
            "sex": "M",
            "ethnicity": "WBRI",
            "gender_identity": "",
            "nhs_number": "",
            "upn": "",
        } | extra

    def test_a_likely_duplicate_must_be_confirmed(self, client, front_door_user):
        existing = PersonFactory(first_name="Tyler", last_name="Hargreaves", date_of_birth=dt.date(2016, 2, 3))
        client.force_login(front_door_user)
        body = client.post(reverse("people:create"), self.data(first_name="Tylor")).content.decode()
        assert "This person may already have a record" in body and existing.la_person_id in body
        assert Person.objects.count() == 1
        assert AccessEvent.objects.filter(what="duplicate check").count() == 1
        response = client.post(reverse("people:create"), self.data(first_name="Tylor", confirm_not_duplicate="true"))
        assert response.status_code == 302 and Person.objects.count() == 2

    def test_invisible_duplicates_are_counted_not_shown(self, client, social_worker):
        hidden = PersonFactory(first_name="Tyler", last_name="Hargreaves", date_of_birth=dt.date(2016, 2, 3))
        client.force_login(social_worker)
        body = client.post(reverse("people:create"), self.data()).content.decode()
        assert "1 possible match you cannot see" in body
        assert hidden.la_person_id not in body

    def test_invalid_nhs_number_is_refused_on_the_form(self, client, front_door_user):
        client.force_login(front_door_user)
        body = client.post(reverse("people:create"), self.data(nhs_number="943 476 5918")).content.decode()
        assert "There is a problem" in body and "valid NHS number" in body
        assert Person.objects.count() == 0

    def test_spaced_nhs_number_is_accepted(self, client, front_door_user):
        client.force_login(front_door_user)
        client.post(reverse("people:create"), self.data(nhs_number="943 476 5919"))
        assert Person.objects.get().nhs_number == "9434765919"
