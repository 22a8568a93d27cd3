"""The "health and education" synthetic stage on a small population built in bulk: counts, determinism, rates."""

import datetime as dt
import random
import statistics

import pytest
from dateutil.relativedelta import relativedelta

from safeguard.accounts.models import User
from safeguard.chronology.models import Event
from safeguard.education.models import ChildMissingEducation, PersonalEducationPlan
from safeguard.health.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQScore,
    SubstanceMisuse,
)
from safeguard.health.schedule import iha_due
from safeguard.health.selectors import REVIEW, due_for_period, open_periods_with_health
from safeguard.lac.models import CarePeriod
from safeguard.people.models import Person
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.stages.health import write_health
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 31)
MODELS = [HealthAssessment, ImmunisationStatus, DentalCheck, SDQScore, SubstanceMisuse, Conviction,
          PersonalEducationPlan, ChildMissingEducation]  # fmt: skip


@pytest.fixture
def population():
    """600 children, 400 of them looked after (some for years, some newly, some who have left care)."""
    rng = random.Random(7)
    people = Person.objects.bulk_create(
        Person(kind=Person.Kind.CHILD, la_person_id=f"S{n:06d}", first_name=f"Child{n}", last_name="Synthetic",
               date_of_birth=AS_OF - dt.timedelta(days=rng.randint(200, 17 * 365)))
        for n in range(600)
    )  # fmt: skip
    periods = []
    for person in people[:400]:
        age_days = (AS_OF - person.date_of_birth).days
        start = AS_OF - dt.timedelta(days=rng.randint(10, min(age_days, 6 * 365)))
        end = None if rng.random() < 0.8 else min(AS_OF - dt.timedelta(days=1), start + dt.timedelta(days=400))
        periods.append(CarePeriod(child=person, start_date=start, end_date=end, category_of_need="N1"))
    CarePeriod.objects.bulk_create(periods)
    return people


def _ctx():
    ctx = GenerationContext(population=28_000, years=2, seed=11, as_of=AS_OF)
    ctx.import_user = User.objects.filter(username="synthetic-import").first() or UserFactory(
        username="synthetic-import"
    )
    return ctx


def _snapshot():
    return [sorted(model.objects.values_list(*[f.attname for f in model._meta.concrete_fields if f.name != "id"]))
            for model in MODELS]  # fmt: skip


def test_counts_match_the_rows_and_every_row_has_an_event(population):
    counts = write_health(_ctx())
    assert counts["health assessments"] == HealthAssessment.objects.count() > 400
    assert counts["children missing education"] == ChildMissingEducation.objects.count()
    assert Event.objects.filter(category__in=["health", "education"]).count() == sum(counts.values())
    assert not HealthAssessment.objects.filter(assessment_date__gte=AS_OF).exists()
    owners = {
        f"{m._meta.app_label}.{m._meta.model_name}": dict(m.objects.values_list("pk", "child_id")) for m in MODELS
    }
    for event in Event.objects.filter(category__in=["health", "education"]):
        assert owners[event.source_model][event.source_id] == event.child_id
        assert event.occurred_at.date() < AS_OF


def test_deterministic(population):
    write_health(_ctx())
    first = _snapshot()
    for model in MODELS:
        model.objects.all().delete()
    write_health(_ctx())
    assert _snapshot() == first


def test_rates_roughly_right(population):
    write_health(_ctx())
    open_periods = list(open_periods_with_health().select_related("child"))
    # Initial health assessments: about three quarters within 20 working days.
    iha_starts = CarePeriod.objects.filter(
        start_date__gte=AS_OF - relativedelta(years=2), start_date__lt=AS_OF - relativedelta(months=3)
    )
    on_time = late = 0
    for period in iha_starts:
        iha = (
            HealthAssessment.objects.filter(child=period.child, kind="initial")
            .values_list("assessment_date", flat=True)
            .first()
        )
        if iha:
            on_time, late = (on_time + 1, late) if iha <= iha_due(period.start_date) else (on_time, late + 1)
    assert 0.6 < on_time / (on_time + late) < 0.9
    reviews = [d for p in open_periods for d in due_for_period(p, AS_OF) if d.kind == REVIEW]
    up_to_date = sum(d.due_date >= AS_OF for d in reviews) / len(reviews)
    assert 0.8 < up_to_date < 0.97
    scores = list(SDQScore.objects.exclude(score=None).values_list("score", flat=True))
    assert 11 < statistics.mean(scores) < 17 and min(scores) >= 0 and max(scores) <= 40
    assert 0.7 < ImmunisationStatus.objects.filter(up_to_date=True).count() / ImmunisationStatus.objects.count() < 0.97
    cme = ChildMissingEducation.objects.all()
    assert 40 <= cme.count() <= 70  # 300 a year per big city, scale 0.1, two years
    assert cme.filter(status__in=["found_education", "found_other", "closed"]).count() > 0.8 * cme.count()
    assert not cme.filter(resolved_date__isnull=True).exclude(status__in=["reported", "tracing"]).exists()
    assert (
        PersonalEducationPlan.objects.filter(kind="review").count()
        > PersonalEducationPlan.objects.filter(kind="initial").count()
    )
