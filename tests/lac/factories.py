"""Factories for children looked after (synthetic).

`CarePeriodFactory()` gives an open period with one C2 legal status and one U6 placement from its start date, as
care_period_start would; `with_placement=False` / `with_legal_status=False` leave them out. `looked_after_child(...)`
also gives the child an open children in need episode (with `team`, so that team's practitioners can see them).
"""

import datetime as dt

import factory
from django.utils import timezone

from safeguard.codelists import CategoryOfNeed, LegalStatus, PlacementProvider, PlacementType
from safeguard.lac.models import CareLegalStatus, CarePeriod, CarePlan, Placement, PostcodeLocation
from safeguard.workdays.deadlines import due_date
from tests.factories import EpisodeFactory, PersonFactory


def _days_ago(n):
    return factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=n))


class CarePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarePeriod
        skip_postgeneration_save = True

    class Params:
        placement_type = PlacementType.FOSTER_OTHER
        legal_status = LegalStatus.FULL_CARE_ORDER
        with_placement = True
        with_legal_status = True

    child = factory.SubFactory(PersonFactory)
    start_date = _days_ago(30)
    category_of_need = CategoryOfNeed.ABUSE_NEGLECT
    home_postcode = "NB1 1AA"
    care_plan_due = factory.LazyAttribute(lambda p: due_date("cla-care-plan", p.start_date))

    # As care_period_start would: the first legal status and placement run from the period's start.
    first_legal_status = factory.Maybe(
        "with_legal_status",
        yes_declaration=factory.RelatedFactory(
            "tests.lac.factories.CareLegalStatusFactory",
            factory_related_name="period",
            legal_status=factory.SelfAttribute("..legal_status"),
        ),
        no_declaration=None,
    )
    first_placement = factory.Maybe(
        "with_placement",
        yes_declaration=factory.RelatedFactory(
            "tests.lac.factories.PlacementFactory",
            factory_related_name="period",
            placement_type=factory.SelfAttribute("..placement_type"),
        ),
        no_declaration=None,
    )


class CareLegalStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareLegalStatus

    period = factory.SubFactory(CarePeriodFactory, with_legal_status=False)
    child = factory.LazyAttribute(lambda s: s.period.child)
    legal_status = LegalStatus.FULL_CARE_ORDER
    start_date = factory.LazyAttribute(lambda s: s.period.start_date)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    period = factory.SubFactory(CarePeriodFactory, with_placement=False)
    child = factory.LazyAttribute(lambda p: p.period.child)
    start_date = factory.LazyAttribute(lambda p: p.period.start_date)
    placement_type = PlacementType.FOSTER_OTHER
    provider = PlacementProvider.OWN_PROVISION
    postcode = "NB2 3CD"
    carer_name = factory.Sequence(lambda n: f"Foster carer {n}")


class CarePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarePlan

    period = factory.SubFactory(CarePeriodFactory)
    child = factory.LazyAttribute(lambda p: p.period.child)
    agreed_on = factory.LazyAttribute(lambda p: p.period.start_date)


class PostcodeLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeLocation
        django_get_or_create = ("postcode",)

    postcode = factory.Sequence(lambda n: f"NB{n % 90 + 1} {n % 9}AA")
    easting = 430000
    northing = 433000
    la_code = "999"


def looked_after_child(
    *,
    start_date: dt.date,
    placement_type: str = PlacementType.FOSTER_OTHER,
    legal_status: str = LegalStatus.FULL_CARE_ORDER,
    child=None,
    team=None,
) -> CarePeriod:
    """A child in care since `start_date`, with an open CIN episode (in `team` when given) linked to the period."""
    child = child or PersonFactory()
    episode = child.cin_episodes.filter(close_date__isnull=True).first()
    if episode is None:
        extra = {"team": team} if team is not None else {}
        episode = EpisodeFactory(child=child, referral_date=start_date - dt.timedelta(days=28), **extra)
    return CarePeriodFactory(
        child=child,
        cin_episode=episode,
        start_date=start_date,
        placement_type=placement_type,
        legal_status=legal_status,
    )
