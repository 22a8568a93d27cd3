import datetime as dt

import pytest

from safeguard.people.models import Person
from safeguard.people.search import PartialDate, parse_partial_date, phonetic_key, search_people
from tests.factories import PersonFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015", PartialDate(2015)),
        ("03/2015", PartialDate(2015, 3)),
        ("2015-03", PartialDate(2015, 3)),
        ("12/03/2015", PartialDate(2015, 3, 12)),
        ("2015-03-12", PartialDate(2015, 3, 12)),
        ("", None),
    ],
)
def test_partial_dates_of_birth(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2015", "13/2015", "15", "next tuesday", "1/2/3/4"])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_spelling_variants_share_a_phonetic_key():
    assert phonetic_key("Mohammed") == phonetic_key("Muhammad") == phonetic_key("Mohamed")
    assert phonetic_key("Khan") == phonetic_key("Kahn")
    assert phonetic_key("Smith") != phonetic_key("Jones")


@pytest.mark.django_db
class TestSearch:
    def test_misspelt_names_are_found(self):
        target = PersonFactory(first_name="Mohammed", last_name="Khan", date_of_birth=dt.date(2016, 4, 9))
        PersonFactory(first_name="Sarah", last_name="Jones")
        matches = search_people(Person.objects.all(), name="Muhamad Kahn")
        assert matches and matches[0].person == target

    def test_partial_date_of_birth_narrows(self):
        a = PersonFactory(first_name="Ella", last_name="Brown", date_of_birth=dt.date(2014, 2, 1))
        PersonFactory(first_name="Ella", last_name="Brown", date_of_birth=dt.date(2019, 2, 1))
        matches = search_people(Person.objects.all(), name="Ella Brown", date_of_birth=PartialDate(2014))
        assert [m.person for m in matches] == [a]

    def test_identifiers_find_exactly(self):
        person = PersonFactory(nhs_number="9434765919", upn="A123456789012")
        for identifier in ["943 476 5919", person.la_person_id, "a123456789012"]:
            assert [m.person for m in search_people(Person.objects.all(), identifier=identifier)] == [person]

    def test_likely_duplicates_are_flagged(self):
        dob = dt.date(2017, 8, 30)
        one = PersonFactory(first_name="Jayden", last_name="Okafor", date_of_birth=dob)
        two = PersonFactory(first_name="Jaden", last_name="Okafor", date_of_birth=dob)
        other = PersonFactory(first_name="Jayden", last_name="Okafor", date_of_birth=dt.date(2012, 1, 1))
        matches = {m.person: m for m in search_people(Person.objects.all(), name="Jayden Okafor")}
        assert matches[one].likely_duplicate_of == [two.pk]
        assert matches[two].likely_duplicate_of == [one.pk]
        assert matches[other].likely_duplicate_of == []

    def test_aliases_are_searched(self):
        from safeguard.people.services import person_alias_add

        person = PersonFactory(first_name="Amy", last_name="Walker")
        person_alias_add(person=person, first_name="Amy", last_name="Fitzgerald", kind="previous")
        assert [m.person for m in search_people(Person.objects.all(), name="Amy Fitzgerald")] == [person]

    def test_search_only_ranks_what_it_is_given(self):
        hidden = PersonFactory(first_name="Zara", last_name="Hidden")
        assert search_people(Person.objects.exclude(pk=hidden.pk), name="Zara Hidden") == []
