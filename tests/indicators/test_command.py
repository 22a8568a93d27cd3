"""`safeguard indicators --as-of ... [--team|--worker] [--format text|json]`."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from safeguard.casework.models import Assessment
from safeguard.indicators.registry import indicators
from tests.casework.factories import AssessmentFactory
from tests.factories import AllocationFactory, EpisodeFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_for_a_team_and_a_worker():
    team = TeamFactory(name="Assessment East")
    worker = WorkerFactory(team=team, staff_id="SW424242")
    episode = EpisodeFactory(referral_date=dt.date(2026, 1, 5))
    AllocationFactory(child=episode.child, worker=worker, start_date=dt.date(2025, 1, 1))
    AssessmentFactory(episode=episode, status=Assessment.Status.AUTHORISED, authorised_date=dt.date(2026, 2, 2))
    AssessmentFactory(status=Assessment.Status.AUTHORISED, authorised_date=dt.date(2026, 2, 2))
    everyone = json.loads(run("--as-of", "2026-03-31", "--format", "json"))
    assert len(everyone["indicators"]) == len(indicators())
    by_key = {i["key"]: i for i in everyone["indicators"]}
    assert by_key["assessments-within-45-wd"]["denominator"] == 2
    assert by_key["assessments-within-45-wd"]["period"] == {"start": "2025-04-01", "end": "2026-03-31"}
    for args in (["--team", "Assessment East"], ["--worker", "SW424242"], ["--worker", str(worker.pk)]):
        scoped = json.loads(run("--as-of", "2026-03-31", "--format", "json", *args))
        item = next(i for i in scoped["indicators"] if i["key"] == "assessments-within-45-wd")
        assert (item["numerator"], item["denominator"], item["value"]) == (1, 1, 100.0)


def test_text_output_lists_every_indicator():
    text = run("--as-of", "2026-03-31")
    assert "Whole authority" in text and "1 Apr 2025 to 31 Mar 2026" in text
    for item in indicators():
        assert item.title in text


def test_unknown_team_or_worker_is_refused():
    with pytest.raises(CommandError, match="No team"):
        run("--as-of", "2026-03-31", "--team", "Nowhere")
    with pytest.raises(CommandError, match="No worker"):
        run("--as-of", "2026-03-31", "--worker", "SW000000")


def test_definitions_need_no_date_and_a_report_needs_one():
    text = run("--definitions")
    assert "**7. Assessments completed within 45 working days** (`assessments-within-45-wd`)" in text
    with pytest.raises(CommandError, match="--as-of"):
        run()


def test_a_team_sees_the_count_behind_a_rate():
    team = TeamFactory(name="Assessment West")
    episode = EpisodeFactory(referral_date=dt.date(2026, 1, 5))
    AllocationFactory(child=episode.child, worker=WorkerFactory(team=team), start_date=dt.date(2025, 1, 1))
    text = run("--as-of", "2026-03-31", "--team", "Assessment West")
    line = next(line for line in text.splitlines() if "Referrals per 10,000 children" in line)
    assert "(count 1: A rate per 10,000 is for the whole authority" in line
