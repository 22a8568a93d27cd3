"""The work-item registry: every stored-deadline source is one branch of a single query."""

import pytest
from django.urls import reverse

from safeguard.people.models import Person
from safeguard.workforce import work
from tests.factories import EpisodeFactory, PersonFactory
from tests.missing.factories import MissingEpisodeFactory
from tests.protection.factories import PlanFactory

pytestmark = pytest.mark.django_db


def _children(*people):
    return Person.objects.filter(pk__in=[person.pk for person in people])


def test_all_sources_are_read_in_one_query(django_assert_num_queries):
    episode = EpisodeFactory()
    plan = PlanFactory()
    missing = MissingEpisodeFactory()
    children = _children(episode.child, plan.child, missing.child)
    names = {person.pk: person.full_name for person in children}
    with django_assert_num_queries(1):
        items = work._items_from_sources(children, names)
    kinds = {(item.child_id, item.kind) for item in items}
    assert (episode.child_id, "Child and family assessment") in kinds
    assert (plan.child_id, "Child protection visit") in kinds
    assert (missing.child_id, "Return home interview") in kinds
    assert len(work._sources) > 15  # every domain registers its deadlines as sources


def test_items_carry_the_childs_name_and_link_to_the_record():
    episode = EpisodeFactory(child__first_name="Ada", child__last_name="Okafor")
    (item,) = [i for i in work.work_items_for(_children(episode.child)) if i.kind == "Child and family assessment"]
    assert item.child_name == "Ada Okafor"
    assert item.due_date == episode.assessment_due_date
    assert str(item.url) == reverse("casework:episode", args=[episode.child_id, episode.pk])


def test_only_the_given_childrens_work_is_returned():
    mine, other = EpisodeFactory(), EpisodeFactory()
    found = {item.child_id for item in work.work_items_for(_children(mine.child))}
    assert found == {mine.child_id}
    assert other.child_id not in found


def test_no_children_no_items():
    PersonFactory()
    assert work.work_items_for(Person.objects.none()) == []
