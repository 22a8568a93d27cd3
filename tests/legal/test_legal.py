"""Pre-proceedings and deprivation of liberty orders: services (order of dates, one at a time, versions),
chronology events, field history, the child's page and its panel, visibility and the access event."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safeguard.access.models import AccessEvent
from safeguard.chronology.models import Event
from safeguard.concurrency import ConcurrentEditError
from safeguard.legal import services
from safeguard.legal.models import DeprivationOfLibertyOrder, PreProceedings
from safeguard.legal.panels import _context
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory
from tests.lac.factories import looked_after_child

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2026, 12, 31))


@pytest.fixture
def child(social_worker):
    person = PersonFactory(first_name="Ada", last_name="Reed", date_of_birth=D(2012, 2, 2))
    AllocationFactory(child=person, worker=social_worker.worker)
    EpisodeFactory(child=person, referral_date=D(2026, 3, 1))
    return person


def _start(child, user, **extra):
    return services.preproceedings_start(child=child, decision_date=D(2026, 6, 1), recorded_by=user, **extra)


# --- pre-proceedings -------------------------------------------------------------------------------------------


def test_start_links_the_open_episode_and_writes_the_chronology(child, social_worker):
    record = _start(child, social_worker, letter_sent_on=D(2026, 6, 8), fgdm_offered=True)
    assert record.cin_episode == child.cin_episodes.get()
    assert record.is_open and record.version == 1
    event = Event.objects.get(kind="preproceedings.started")
    assert event.category == "child_protection" and event.source_id == record.pk
    assert event.occurred_at.date() == D(2026, 6, 1)
    assert record.history.count() == 1


def test_start_needs_an_open_episode_on_the_day(social_worker):
    orphan = PersonFactory()
    with pytest.raises(ValidationError) as error:
        _start(orphan, social_worker)
    assert "no open children in need episode" in str(error.value)
    EpisodeFactory(child=orphan, referral_date=D(2026, 1, 1), close_date=D(2026, 5, 1))
    with pytest.raises(ValidationError):
        _start(orphan, social_worker)  # closed before the decision
    assert not PreProceedings.objects.exists() and not Event.objects.filter(kind__startswith="pre").exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"decision_date": D(2027, 1, 5)}, "decision_date"),  # future
        ({"letter_sent_on": D(2026, 5, 1)}, "letter_sent_on"),  # before the decision
        ({"fgdm_offered": True}, "fgdm_offered"),  # no letter to offer it in
        ({"letter_sent_on": D(2026, 6, 2), "fgdm_offered": False, "fgdm_held": True}, "fgdm_held"),
        ({"review_meetings": 2}, "review_meetings"),  # reviews with no initial meeting
        ({"initial_meeting_date": D(2026, 5, 30)}, "initial_meeting_date"),
    ],
)
def test_start_refuses_impossible_dates_naming_the_field(child, social_worker, extra, field):
    arguments = {"decision_date": D(2026, 6, 1)} | extra
    with pytest.raises(ValidationError) as error:
        services.preproceedings_start(child=child, recorded_by=social_worker, **arguments)
    assert field in error.value.error_dict


def test_one_open_pre_proceedings_at_a_time(child, social_worker):
    _start(child, social_worker)
    with pytest.raises(ValidationError) as error:
        services.preproceedings_start(child=child, decision_date=D(2026, 7, 1), recorded_by=social_worker)
    assert "already in pre-proceedings" in str(error.value)


def test_update_then_end_with_a_step_up_and_court_application(child, social_worker):
    record = _start(child, social_worker)
    record = services.preproceedings_update(
        pre_proceedings=record, version=1, recorded_by=social_worker, letter_sent_on=D(2026, 6, 5),
        fgdm_offered=True, fgdm_held=True, initial_meeting_date=D(2026, 6, 19), review_meetings=2,
    )  # fmt: skip
    assert record.version == 2 and record.review_meetings == 2
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {"preproceedings.letter", "preproceedings.meeting", "preproceedings.fgdm"} <= kinds
    with pytest.raises(ConcurrentEditError):
        services.preproceedings_end(pre_proceedings=record, version=1, recorded_by=social_worker,
                                    step_decision_date=D(2026, 9, 1), outcome="B")  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.preproceedings_end(pre_proceedings=record, version=2, recorded_by=social_worker,
                                    step_decision_date=D(2026, 9, 1), outcome="B",
                                    court_application_date=D(2026, 8, 30))  # fmt: skip
    assert "court_application_date" in error.value.error_dict
    ended = services.preproceedings_end(
        pre_proceedings=record, version=2, recorded_by=social_worker, step_decision_date=D(2026, 9, 1),
        outcome="B", court_application_date=D(2026, 9, 8), proceedings_letter_date=D(2026, 9, 9),
    )  # fmt: skip
    assert not ended.is_open and ended.outcome == "B"
    assert Event.objects.filter(kind="preproceedings.ended", summary__contains="Stepped up").exists()
    assert Event.objects.filter(kind="preproceedings.court_application").exists()
    assert ended.history.count() == 3  # created, updated, ended: field history for each change
    with pytest.raises(ValidationError):
        services.preproceedings_end(pre_proceedings=ended, version=3, recorded_by=social_worker,
                                    step_decision_date=D(2026, 9, 2), outcome="A")  # fmt: skip


def test_a_step_down_has_no_court_application(child, social_worker):
    record = _start(child, social_worker)
    with pytest.raises(ValidationError) as error:
        services.preproceedings_end(pre_proceedings=record, version=1, recorded_by=social_worker,
                                    step_decision_date=D(2026, 9, 1), outcome="A",
                                    court_application_date=D(2026, 9, 2))  # fmt: skip
    assert "court_application_date" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.preproceedings_end(pre_proceedings=record, version=1, recorded_by=social_worker,
                                    step_decision_date=D(2026, 5, 1), outcome="A")  # fmt: skip
    assert "step_decision_date" in error.value.error_dict


def test_front_door_cannot_record(child, front_door_user):
    with pytest.raises(PermissionDenied):
        _start(child, front_door_user)


# --- deprivation of liberty orders -----------------------------------------------------------------------------


def test_order_links_the_care_period_and_cannot_overlap(social_worker):
    period = looked_after_child(start_date=D(2026, 1, 10), child=PersonFactory(date_of_birth=D(2010, 1, 1)))
    child = period.child
    order = services.deprivation_of_liberty_record(child=child, start_date=D(2026, 4, 2), authorisation="inherent",
                                                   court_reference="FD26P00001", recorded_by=social_worker)  # fmt: skip
    assert order.period == period and order.is_open
    assert Event.objects.get(kind="dolo.started").category == "looked_after"
    with pytest.raises(ValidationError) as error:
        services.deprivation_of_liberty_record(child=child, start_date=D(2026, 8, 1), authorisation="cop",
                                               recorded_by=social_worker)  # fmt: skip
    assert "orders cannot overlap" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.deprivation_of_liberty_end(order=order, version=1, end_date=D(2026, 4, 1), recorded_by=social_worker)
    assert "end_date" in error.value.error_dict
    ended = services.deprivation_of_liberty_end(order=order, version=1, end_date=D(2026, 7, 31),
                                                recorded_by=social_worker)  # fmt: skip
    assert ended.end_date == D(2026, 7, 31) and Event.objects.filter(kind="dolo.ended").count() == 1
    again = services.deprivation_of_liberty_record(child=child, start_date=D(2026, 8, 1), authorisation="cop",
                                                   recorded_by=social_worker)  # fmt: skip
    assert again.period == period


def test_order_needs_an_authorisation_and_a_sane_date(social_worker):
    child = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.deprivation_of_liberty_record(child=child, start_date=D(2026, 4, 2), authorisation="",
                                               recorded_by=social_worker)  # fmt: skip
    assert "authorisation" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.deprivation_of_liberty_record(child=child, start_date=D(2014, 1, 1), authorisation="inherent",
                                               recorded_by=social_worker)  # fmt: skip
    assert "before the child was born" in str(error.value)
    assert not DeprivationOfLibertyOrder.objects.exists()


# --- the page and the panel ------------------------------------------------------------------------------------


def test_page_records_and_shows_pre_proceedings(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("legal:child", args=[child.pk])
    response = client.post(url, {"action": "start", "start-decision_date": "2026-06-01",
                                 "start-letter_sent_on": "2026-06-03", "start-fgdm_offered": "yes"})  # fmt: skip
    assert response.status_code == 302
    record = PreProceedings.objects.get(child=child)
    assert record.fgdm_offered is True and record.fgdm_held is None
    response = client.post(url, {"action": "end", "end-record": record.pk, "end-version": 1,
                                 "end-step_decision_date": "2026-05-01", "end-outcome": "A"})  # fmt: skip
    assert response.status_code == 200 and "cannot end before they started" in response.content.decode()
    page = client.get(url).content.decode()
    assert "Under way" in page and "3 Jun 2026" in page
    person_page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="panel-pre-proceedings"' in person_page


def test_a_posted_record_of_another_child_is_refused(client, child, social_worker):
    other = PreProceedings.objects.create(child=PersonFactory(), decision_date=D(2026, 6, 1))
    client.force_login(social_worker)
    response = client.post(reverse("legal:child", args=[child.pk]),
                           {"action": "end", "end-record": other.pk, "end-version": 1,
                            "end-step_decision_date": "2026-07-01", "end-outcome": "A"})  # fmt: skip
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.is_open


def test_page_is_need_to_know_and_audited(client, child, social_worker):
    stranger = PersonFactory()
    client.force_login(social_worker)
    assert client.get(reverse("legal:child", args=[stranger.pk])).status_code == 404
    before = AccessEvent.objects.count()
    assert client.get(reverse("legal:child", args=[child.pk])).status_code == 200
    assert AccessEvent.objects.count() == before + 1


def test_front_door_sees_no_forms_and_cannot_post(client, front_door_user):
    child = PersonFactory()
    AllocationFactory(child=child, worker=front_door_user.worker)
    client.force_login(front_door_user)
    url = reverse("legal:child", args=[child.pk])
    assert "Start pre-proceedings" not in client.get(url).content.decode()
    assert client.post(url, {"action": "start", "start-decision_date": "2026-06-01"}).status_code == 403


def test_panel_shows_the_order_in_force(child, social_worker):
    assert _context(child, social_worker) == {"pre_proceedings": None, "order": None}
    order = services.deprivation_of_liberty_record(child=child, start_date=D(2026, 4, 2), authorisation="inherent",
                                                   recorded_by=social_worker)  # fmt: skip
    assert _context(child, social_worker)["order"] == order
