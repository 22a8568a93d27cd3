"""The "legal" synthetic stage on a small hand-built authority (rates forced to 1 so a few records suffice):
every record coherent with what it hangs off, and the same seed gives the same records."""

import datetime as dt

import pytest

from safeguard.accounts.models import User
from safeguard.chronology.models import Event
from safeguard.codelists import LegalStatus, PlacementType
from safeguard.legal.models import DeprivationOfLibertyOrder, PreProceedings
from safeguard.synthetic import generator
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.stages import legal
from tests.factories import EpisodeFactory, PersonFactory, UserFactory
from tests.lac.factories import CarePeriodFactory, PlacementFactory
from tests.protection.factories import PlanFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 4, 1)
D = dt.date


@pytest.fixture
def authority(monkeypatch):
    for name in ("CARE_PROCEEDINGS_PLO_RATE", "CP_PLO_RATE", "DOLO_RATE"):
        monkeypatch.setattr(legal, name, 1.0)
    for n in range(3):  # long child protection plans
        plan = PlanFactory(conference__conference_date=D(2024, 9, 2 + n))
        plan.episode.referral_date = D(2024, 8, 1)
        plan.episode.save()
    short = PlanFactory(conference__conference_date=D(2026, 1, 5))  # too short to reach pre-proceedings
    for n in range(3):  # entering care under an interim care order, open to children's social care before
        child = PersonFactory(date_of_birth=D(2015, 1, 1))
        episode = EpisodeFactory(child=child, referral_date=D(2024, 6, 3))
        CarePeriodFactory(child=child, cin_episode=episode, start_date=D(2025, 6, 2 + n),
                          legal_status=LegalStatus.INTERIM_CARE_ORDER)  # fmt: skip
    section_20 = CarePeriodFactory(start_date=D(2025, 6, 2), legal_status=LegalStatus.SECTION_20)
    teenager = PersonFactory(date_of_birth=D(2010, 3, 3))
    period = CarePeriodFactory(child=teenager, start_date=D(2025, 1, 6), with_placement=False)
    PlacementFactory(
        period=period, child=teenager, start_date=D(2025, 1, 6), placement_type=PlacementType.CHILDRENS_HOME
    )
    young = PersonFactory(date_of_birth=D(2018, 3, 3))
    young_period = CarePeriodFactory(child=young, start_date=D(2025, 1, 6), with_placement=False)
    PlacementFactory(period=young_period, child=young, start_date=D(2025, 1, 6),
                     placement_type=PlacementType.CHILDRENS_HOME)  # fmt: skip
    return {"short": short, "section_20": section_20, "teenager": teenager, "young": young}


def run(seed=3):
    ctx = GenerationContext(population=28_000, years=2, seed=seed, as_of=AS_OF)
    ctx.import_user = User.objects.filter(username="synthetic-import").first() or UserFactory(
        username="synthetic-import"
    )
    return legal.write_legal(ctx)


def test_records_are_coherent(authority):
    counts = run()
    assert counts["pre-proceedings"] == PreProceedings.objects.count() >= 5
    for record in PreProceedings.objects.select_related("cin_episode"):
        episode = record.cin_episode
        assert episode.child_id == record.child_id and episode.referral_date <= record.decision_date
        assert episode.close_date is None or episode.close_date >= record.decision_date
        dates = [record.decision_date, record.letter_sent_on, record.step_decision_date, record.court_application_date,
                 record.proceedings_letter_date]  # fmt: skip
        known = [day for day in dates if day is not None]
        assert known == sorted(known) and known[-1] < AS_OF
        assert bool(record.outcome) == (record.step_decision_date is not None)
        assert record.court_application_date is None or record.outcome == "B"
        assert record.fgdm_held is None or record.fgdm_offered is not None
    care = PreProceedings.objects.filter(child__care_periods__isnull=False)
    assert care.count() == 3 and set(care.values_list("outcome", flat=True)) == {"B"}
    for record in care:
        began = record.child.care_periods.get().start_date
        assert record.court_application_date <= began
    assert not PreProceedings.objects.filter(child__in=[authority["short"].child, authority["section_20"].child])
    [order] = DeprivationOfLibertyOrder.objects.all()  # the teenager, not the 7 year old
    assert order.child == authority["teenager"] and order.period is not None
    assert order.period.start_date <= order.start_date < AS_OF
    assert Event.objects.filter(kind="dolo.started", source_id=order.pk).exists()
    assert Event.objects.filter(kind="preproceedings.started").count() == counts["pre-proceedings"]


def test_the_same_seed_gives_the_same_records(authority):
    run(seed=5)
    first = list(PreProceedings.objects.order_by("child_id").values_list("child_id", "decision_date", "outcome"))
    PreProceedings.objects.all().delete()
    DeprivationOfLibertyOrder.objects.all().delete()
    run(seed=5)
    assert (
        list(PreProceedings.objects.order_by("child_id").values_list("child_id", "decision_date", "outcome")) == first
    )


def test_the_stage_is_registered_after_the_looked_after_stage():
    names = [name for name, _ in generator.STAGES]
    assert ("legal", legal.write_legal) in generator.STAGES
    assert names.index("legal") > names.index("looked after")
