import pytest

from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory


@pytest.fixture
def child(team, social_worker):
    """A child open to the fixture team and allocated to the fixture social worker."""
    child = PersonFactory()
    AllocationFactory(child=child, worker=social_worker.worker)
    EpisodeFactory(child=child, team=team)
    return child
