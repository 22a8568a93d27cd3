"""The "missing and exploitation" synthetic stage on a small hand-built authority: rates, coherence, determinism."""

import datetime as dt
import itertools
from collections import defaultdict

import pytest
from django.utils import timezone

from safeguard.casework.models import Assessment, AssessmentFactorIdentified
from safeguard.chronology.models import Event
from safeguard.exploitation.models import ExploitationLink, ExploitationScreening, PlaceOfConcern
from safeguard.lac.models import CarePeriod
from safeguard.missing.models import MissingEpisode, RepeatMissingStrategyMeeting, ReturnHomeInterview
from safeguard.people.models import Person
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.stages.missing import write_missing
from safeguard.workdays.deadlines import apply_rule, get_rule
from tests.factories import AdultFactory, EpisodeFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 31)
IN_CARE = 600


@pytest.fixture
def authority(db):
    children = Person.objects.bulk_create(
        Person(kind="child", la_person_id=f"S{n:07d}", first_name=f"C{n}", last_name="Synthetic",
               date_of_birth=dt.date(2009 + n % 8, 1 + n % 12, 1))
        for n in range(IN_CARE + 200)
    )  # fmt: skip
    periods = []
    for n, child in enumerate(children[:IN_CARE]):
        start = AS_OF - dt.timedelta(days=60 + (n * 7) % 900)
        end = None if n % 3 else start + dt.timedelta(days=200)
        periods.append(CarePeriod(child=child, start_date=start, end_date=end, category_of_need="N1"))
    CarePeriod.objects.bulk_create(periods)
    for child in children[IN_CARE : IN_CARE + 10]:
        episode = EpisodeFactory(child=child, referral_date=AS_OF - dt.timedelta(days=100))
        assessment = Assessment.objects.create(episode=episode, child=child, start_date=episode.referral_date)
        AssessmentFactorIdentified.objects.create(assessment=assessment, code="11A")
    AdultFactory()
    user = UserFactory(username="synthetic-import")
    return user


def run(user, seed=7):
    ctx = GenerationContext(population=28_000, years=2, seed=seed, as_of=AS_OF)
    ctx.import_user = user
    return write_missing(ctx)


def fingerprint():
    return (
        list(MissingEpisode.objects.order_by("child_id", "start_at").values_list(
            "child_id", "start_at", "end_at", "missing_type", "risk_level", "rhi_due_date")),
        list(ReturnHomeInterview.objects.order_by("child_id", "offered_at").values_list(
            "child_id", "offered_at", "completed_at", "response")),
        list(ExploitationScreening.objects.order_by("child_id", "screened_on").values_list(
            "child_id", "screened_on", "risk_level", "review_due")),
        ExploitationLink.objects.count(),
    )  # fmt: skip


def test_rates_coherence_and_determinism(authority):
    counts = run(authority)
    episodes = list(MissingEpisode.objects.order_by("child_id", "start_at"))
    assert counts["missing episodes"] == len(episodes) > 0
    horizon = timezone.make_aware(dt.datetime.combine(AS_OF, dt.time()))
    by_child = defaultdict(list)
    for e in episodes:
        by_child[e.child_id].append(e)
        assert e.start_at < horizon and (e.end_at is None or e.start_at < e.end_at < horizon)
        if e.end_at:
            assert e.rhi_due_date == apply_rule(get_rule("missing-rhi"), timezone.localtime(e.end_at))
        else:
            assert e.rhi_due_date is None
    for child_episodes in by_child.values():
        for before, after in itertools.pairwise(child_episodes):
            assert before.end_at is not None and before.end_at <= after.start_at  # never overlapping
    care_missers = {e.child_id for e in episodes if e.missing_from == "care"}
    # About 11% of the children looked after in each of two years; each child counted once here.
    assert 0.08 * IN_CARE <= len(care_missers) <= 0.3 * IN_CARE
    per_child = sorted(len(v) for v in by_child.values())
    assert 3.5 <= sum(per_child) / len(per_child) <= 10 and per_child[-1] >= 12  # right-skewed
    assert MissingEpisode.objects.filter(end_at__isnull=True).count() >= 2  # missing at as-of
    short = sum(1 for e in episodes if e.end_at and e.end_at - e.start_at < dt.timedelta(hours=24))
    assert short / len(episodes) > 0.5
    returned = [e for e in episodes if e.end_at]
    on_time = sum(
        1
        for i in ReturnHomeInterview.objects.filter(completed_at__isnull=False).select_related("episode")
        if i.completed_at - i.episode.end_at <= dt.timedelta(hours=72)
    )
    assert 0.53 <= on_time / len(returned) <= 0.73
    assert ReturnHomeInterview.objects.count() < len(returned)  # some never offered
    assert RepeatMissingStrategyMeeting.objects.exists()
    screened = set(ExploitationScreening.objects.values_list("child_id", flat=True))
    assert set(Person.objects.filter(la_person_id__in=[f"S{n:07d}" for n in range(IN_CARE, IN_CARE + 10)])
               .values_list("pk", flat=True)) <= screened  # fmt: skip
    assert counts["exploitation screenings"] == ExploitationScreening.objects.count()
    assert ExploitationLink.objects.filter(kind="missing").exists()
    assert PlaceOfConcern.objects.exists() and ExploitationLink.objects.filter(kind="place").exists()
    assert counts["events"] == Event.objects.count() > len(episodes)
    assert set(Event.objects.values_list("category", flat=True)) == {"missing", "exploitation"}

    first = fingerprint()
    for model in (ExploitationLink, PlaceOfConcern, ExploitationScreening, ReturnHomeInterview,
                  RepeatMissingStrategyMeeting, MissingEpisode, Event):  # fmt: skip
        model.objects.all().delete()
    run(authority)
    assert fingerprint() == first
    for model in (ExploitationLink, PlaceOfConcern, ExploitationScreening, ReturnHomeInterview,
                  RepeatMissingStrategyMeeting, MissingEpisode, Event):  # fmt: skip
        model.objects.all().delete()
    run(authority, seed=8)
    assert fingerprint() != first


def test_no_care_periods_means_only_children_at_home(db):
    user = UserFactory(username="synthetic-import")
    child = PersonFactory(date_of_birth=dt.date(2012, 1, 1))
    EpisodeFactory(child=child, referral_date=AS_OF - dt.timedelta(days=300))
    run(user)
    assert not MissingEpisode.objects.filter(missing_from="care").exists()
