"""factory_boy factories for the domain. Names and identifiers are synthetic."""

import datetime as dt

import factory
from django.utils import timezone

from safeguard.accounts.models import Role, User
from safeguard.casework.models import CINEpisode
from safeguard.codelists import ReferralSource
from safeguard.people.models import Person
from safeguard.people.search import phonetic_key
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Allocation, Service, Team, Worker

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Test{n}")
    last_name = "User"
    role = Role.SOCIAL_WORKER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist(self, create, extracted, **kwargs):
        if create:
            self.save()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Assessment team {n}")
    service = Service.ASSESSMENT


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    staff_id = factory.Sequence(lambda n: f"SW{n:06d}")
    first_name = factory.Sequence(lambda n: f"Worker{n}")
    last_name = "Smith"
    role = Worker.Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    start_date = dt.date(2020, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.CHILD
    la_person_id = factory.Sequence(lambda n: f"T{n:07d}")
    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = "Example"
    date_of_birth = dt.date(2015, 6, 1)
    first_name_key = factory.LazyAttribute(lambda p: phonetic_key(p.first_name))
    last_name_key = factory.LazyAttribute(lambda p: phonetic_key(p.last_name))


class AdultFactory(PersonFactory):
    kind = Person.Kind.ADULT
    date_of_birth = dt.date(1988, 3, 2)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(PersonFactory)
    worker = factory.SubFactory(WorkerFactory)
    team = factory.LazyAttribute(lambda a: a.worker.team)
    start_date = dt.date(2024, 1, 1)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CINEpisode

    child = factory.SubFactory(PersonFactory)
    referral_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    referral_source = ReferralSource.POLICE
    team = factory.SubFactory(TeamFactory)
    assessment_due_date = factory.LazyAttribute(lambda e: due_date("assessment-completion", e.referral_date))


def worker_user(role: str = Role.SOCIAL_WORKER, *, team: Team | None = None, worker_role=Worker.Role.SOCIAL_WORKER):
    """A signed-in practitioner: a user linked to a worker in `team`."""
    user = UserFactory(role=role)
    WorkerFactory(user=user, team=team or TeamFactory(), role=worker_role)
    user.refresh_from_db()
    return user
