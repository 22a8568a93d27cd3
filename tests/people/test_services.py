import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safeguard.concurrency import ConcurrentEditError
from safeguard.people import services
from safeguard.people.models import Person
from tests.factories import AdultFactory, PersonFactory


@pytest.mark.django_db
class TestPersonServices:
    def test_create_issues_sequential_identifiers_and_phonetic_keys(self, social_worker):
        first = services.person_create(
            kind="child",
            created_by=social_worker,
            first_name="Leo",
            last_name="Grant",
            date_of_birth=dt.date(2018, 1, 2),
        )
        second = services.person_create(kind="adult", created_by=social_worker, first_name="Kim", last_name="Grant")
        third = services.person_create(
            kind="child",
            created_by=social_worker,
            first_name="Mia",
            last_name="Grant",
            expected_date_of_birth=dt.date.today() + dt.timedelta(days=60),
        )
        assert (first.la_person_id, second.la_person_id, third.la_person_id) == ("C0000001", "A0000001", "C0000002")
        assert first.last_name_key == "KRNT" and third.is_unborn

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"nhs_number": "9434765918"}, "nhs_number"),
            ({"upn": "Z123456789012"}, "upn"),
            ({"date_of_birth": None}, "date_of_birth"),
            ({"date_of_birth": dt.date.today() + dt.timedelta(days=1)}, "date_of_birth"),
        ],
    )
    def test_bad_input_is_refused_with_the_field_named(self, social_worker, fields, field):
        data = {"first_name": "Ada", "last_name": "Stone", "date_of_birth": dt.date(2015, 1, 1)} | fields
        with pytest.raises(ValidationError) as error:
            services.person_create(kind="child", created_by=social_worker, **data)
        assert field in error.value.message_dict
        assert Person.objects.count() == 0

    def test_update_keeps_field_history_and_refuses_stale_versions(self, social_worker):
        person = PersonFactory(first_name="Ben")
        services.person_update(person_id=person.pk, expected_version=1, updated_by=social_worker, first_name="Benjamin")
        person.refresh_from_db()
        assert person.first_name == "Benjamin" and person.version == 2
        assert person.history.first().first_name == "Benjamin"
        with pytest.raises(ConcurrentEditError):
            services.person_update(person_id=person.pk, expected_version=1, updated_by=social_worker, first_name="B")

    def test_new_address_ends_the_previous_one(self):
        person = PersonFactory()
        old = services.address_add(
            person=person, line_1="1 Mill Lane", town="Northbridge", postcode="nb1 2aa", start_date=dt.date(2020, 1, 1)
        )
        services.address_add(
            person=person,
            line_1="9 Quay Street",
            town="Northbridge",
            postcode="NB3 4BB",
            start_date=dt.date(2024, 5, 1),
        )
        old.refresh_from_db()
        assert old.end_date == dt.date(2024, 4, 30) and old.postcode == "NB1 2AA"

    def test_relationships_are_not_duplicated_or_reflexive(self):
        child, mother = PersonFactory(), AdultFactory()
        services.relationship_add(person=child, related_person=mother, type="parent", has_parental_responsibility=True)
        with pytest.raises(ValidationError):
            services.relationship_add(person=child, related_person=mother, type="parent")
        with pytest.raises(ValidationError):
            services.relationship_add(person=child, related_person=child, type="sibling")

    def test_flag_review_date_must_follow_its_start(self, social_worker):
        with pytest.raises(ValidationError):
            services.flag_add(
                person=PersonFactory(),
                type="cse_risk",
                note="",
                start_date=dt.date(2026, 5, 1),
                review_date=dt.date(2026, 4, 1),
                created_by=social_worker,
            )
