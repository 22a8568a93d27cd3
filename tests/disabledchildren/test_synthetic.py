"""The "asylum and disability" synthetic stage: counts, coherence, determinism and calibration."""

import datetime as dt
import itertools
import random
import statistics
from types import SimpleNamespace

import pytest

from safeguard.asylum.models import AgeAssessment, ImmigrationStatus, UASCRecord
from safeguard.chronology.models import Event
from safeguard.disabledchildren.models import DisabledChildrenService
from safeguard.people.models import Person
from safeguard.synthetic import generator
from safeguard.synthetic.context import GenerationContext
from safeguard.synthetic.stages import asylum_disability as stage
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Service

AS_OF = dt.date(2026, 3, 31)


class _Ctx:
    """Just enough context for the pure row builders."""

    as_of = AS_OF

    def due(self, code, anchor, amount=None):
        return due_date(code, anchor)


def _episode(referral, close=None):
    return SimpleNamespace(referral_date=referral, close_date=close, pk=1, child=SimpleNamespace(pk=1))


@pytest.mark.django_db
def test_waits_are_right_skewed_around_eight_weeks_with_a_fifth_past_the_threshold():
    rng = random.Random(7)
    last_day = AS_OF - dt.timedelta(days=1)
    rows = [stage._service_row(_Ctx(), rng, _episode(dt.date(2024, 1, 1)), last_day) for _ in range(4000)]
    waits = [(row[8] - row[4]).days for row in rows if row[8]]
    declined = sum(row[6] == "declined" for row in rows) / len(rows)
    assert 50 <= statistics.median(waits) <= 62
    assert statistics.mean(waits) > statistics.median(waits)  # right-skewed
    beyond = sum(wait > 84 for wait in waits) / len(waits)
    assert 0.16 <= beyond <= 0.24
    assert 0.03 <= declined <= 0.07


@pytest.mark.django_db
def test_recent_referrals_are_still_waiting_and_closed_episodes_withdraw():
    rng = random.Random(3)
    last_day = AS_OF - dt.timedelta(days=1)
    recent = stage._service_row(_Ctx(), rng, _episode(last_day - dt.timedelta(days=3)), last_day)
    assert recent[8] is None and recent[9] is None  # no first service yet, not ended
    closed = dt.date(2025, 1, 10)
    for _ in range(50):
        row = stage._service_row(_Ctx(), rng, _episode(dt.date(2025, 1, 1), close=closed), last_day)
        assert row[8] is None and (row[9] == closed or row[6] == "declined")


def test_status_history_is_deterministic_and_ordered():
    first = stage._status_history(None, random.Random(11), dt.date(2024, 1, 1), dt.date(2026, 3, 30))
    again = stage._status_history(None, random.Random(11), dt.date(2024, 1, 1), dt.date(2026, 3, 30))
    assert first == again and first[0][0] == "claim_lodged"
    assert [start for _, start in first] == sorted(start for _, start in first)


def _stages_before_this_one():
    """The stages this one depends on: up to "looked after" (or "supervision" until that stage exists)."""
    names = [name for name, _ in generator.STAGES]
    last = "looked after" if "looked after" in names else "supervision"
    return generator.STAGES[: names.index(last) + 1]


@pytest.fixture
def generated(db):
    """A small authority: the stages this one reads from, then this one."""
    ctx = GenerationContext(population=3000, years=2, seed=99, as_of=AS_OF)
    for _name, function in _stages_before_this_one():
        function(ctx)
    stage.write_asylum_and_disability(ctx)
    return ctx


def test_the_stage_is_registered():
    assert ("asylum and disability", stage.write_asylum_and_disability) in generator.STAGES


def test_the_stage_writes_coherent_records(generated):
    ctx = generated
    uasc_children = {c.pk for f in ctx.plan.families if f.uasc for c in f.children if c.pk}
    records = list(UASCRecord.objects.select_related("child"))
    assert records and {r.child_id for r in records} <= uasc_children
    for record in records:
        assert record.became_uasc_on < AS_OF
        if record.ceased_on:
            assert record.became_uasc_on <= record.ceased_on < AS_OF
        if record.arrival_route == "nts_in":
            assert record.nts_from_authority and record.nts_referral_date <= record.nts_transfer_date
    for child_id in {r.child_id for r in records}:
        statuses = list(ImmigrationStatus.objects.filter(child_id=child_id).order_by("start_date"))
        assert statuses and sum(s.end_date is None for s in statuses) == 1
        assert all(a.end_date == b.start_date - dt.timedelta(days=1) for a, b in itertools.pairwise(statuses))
    for assessment in AgeAssessment.objects.filter(date_of_birth_changed=True).select_related("child"):
        assert assessment.assessed_date_of_birth == assessment.child.date_of_birth != assessment.previous_date_of_birth
    services = list(DisabledChildrenService.objects.select_related("episode__team"))
    assert services
    for service in services:
        assert service.episode.team.service == Service.DISABLED_CHILDREN
        assert service.first_service_due == due_date("disabled-first-service", service.referral_date)
        if service.first_service_start:
            assert service.referral_date < service.first_service_start < AS_OF
    assert any(s.is_waiting for s in services)
    assert Event.objects.filter(category="asylum").count() >= len(records)
    assert Event.objects.filter(category="disability", kind="disabled_service.requested").count() == len(services)
    assert Person.objects.filter(pk__in=[r.child_id for r in records]).count() == len(records)
    _rerunning_gives_the_same_rows(ctx)


def _rerunning_gives_the_same_rows(ctx):
    """Determinism (in the same test: generating the authority is the slow part)."""

    def fingerprint():
        return (
            sorted(
                UASCRecord.objects.values_list("child__la_person_id", "became_uasc_on", "arrival_route", "ceased_on")
            ),
            sorted(
                DisabledChildrenService.objects.values_list(
                    "child__la_person_id", "kind", "referral_date", "first_service_start", "end_date"
                )
            ),
        )

    first = fingerprint()
    UASCRecord.objects.all().delete()
    AgeAssessment.objects.all().delete()
    ImmigrationStatus.objects.all().delete()
    DisabledChildrenService.objects.all().delete()
    stage.write_asylum_and_disability(ctx)
    assert fingerprint() == first


def test_someone_is_left_waiting_however_small_the_authority():
    episodes = [_episode(dt.date(2025, 1, 1)), _episode(dt.date(2025, 6, 1))]
    started = (1, 1, "short_breaks", "", dt.date(2025, 6, 1), dt.date(2025, 8, 24), "declined", dt.date(2025, 7, 1),
               None, None)  # fmt: skip
    rows = [(1, 1, "equipment", "", dt.date(2025, 1, 1), None, "agreed", None, dt.date(2025, 2, 1), None), started]
    stage._ensure_someone_waits(episodes, rows)
    assert rows[1][6] == "agreed" and rows[1][8] is None and rows[1][9] is None
    assert rows[0][8] == dt.date(2025, 2, 1)
