"""The synthetic authority generator: deterministic, calibrated, coherent, and careful with existing data."""

import datetime as dt
import hashlib
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from safeguard.casework.models import Assessment, CINEpisode, CINPlan
from safeguard.casework.services import previous_referral_within_12_months
from safeguard.chronology.models import Event
from safeguard.frontdoor.models import Contact, ContactDecision
from safeguard.people.identifiers import nhs_number_is_valid, upn_is_valid
from safeguard.people.models import IdentifierSequence, Person
from safeguard.protection.models import ChildProtectionPlan, Section47Enquiry
from safeguard.synthetic.generator import generate_authority
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Allocation, Service, Team, Worker

from .test_casework import casework_event_sources

AS_OF = dt.date(2026, 3, 31)
POPULATION, YEARS, SEED = 5_000, 2, 2026


def _generate():
    return generate_authority(population=POPULATION, years=YEARS, seed=SEED, as_of=AS_OF)


@pytest.fixture
def authority(db):
    return _generate()


def _fingerprint() -> str:
    """A hash of the generated content (not of primary keys, which depend on the database's sequences).

    Every ordering is total: PostgreSQL returns ties in any order.
    """
    digest = hashlib.sha256()
    queries = [
        Person.objects.order_by("la_person_id").values_list(
            "la_person_id", "first_name", "last_name", "date_of_birth", "expected_date_of_birth", "nhs_number", "upn"
        ),
        Contact.objects.order_by("received_at", "child__la_person_id").values_list(
            "child__la_person_id", "received_at", "source", "rag", "group_reference", "decision__outcome"
        ),
        CINEpisode.objects.order_by("referral_date", "child__la_person_id").values_list(
            "child__la_person_id", "referral_date", "close_date", "close_reason", "team__name"
        ),
        Allocation.objects.order_by("start_date", "child__la_person_id", "worker__staff_id", "end_date").values_list(
            "child__la_person_id", "worker__staff_id", "start_date", "end_date"
        ),
        Event.objects.order_by("occurred_at", "child__la_person_id", "kind", "summary").values_list(
            "child__la_person_id", "occurred_at", "kind", "summary"
        ),
        Assessment.objects.order_by("start_date", "child__la_person_id", "factors__code").values_list(
            "child__la_person_id", "start_date", "status", "authorised_date", "outcome", "factors__code"
        ),
        Section47Enquiry.objects.order_by("start_date", "child__la_person_id").values_list(
            "child__la_person_id", "start_date", "icpc_target_date", "outcome", "conference__conference_date"
        ),
        ChildProtectionPlan.objects.order_by("start_date", "child__la_person_id").values_list(
            "child__la_person_id", "start_date", "end_date", "initial_category", "next_visit_due", "next_review_due"
        ),
        CINPlan.objects.order_by("start_date", "child__la_person_id").values_list(
            "child__la_person_id", "start_date", "end_date", "next_visit_due"
        ),
    ]
    for query in queries:
        for row in query:
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_authority():
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():  # each run starts from an empty database
            _generate()
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
        assert not Person.objects.exists()
    assert fingerprints[0] == fingerprints[1]


def test_volumes_follow_the_calibration(authority):
    contacts_per_year = Contact.objects.count() / YEARS
    assert contacts_per_year == pytest.approx(0.179 * POPULATION, rel=0.15)
    episodes = CINEpisode.objects.all()
    referrals = episodes.count()
    assert referrals / YEARS == pytest.approx(0.0536 * POPULATION, rel=0.20)
    assert 0.15 <= episodes.filter(is_re_referral=True).count() / referrals <= 0.30
    assert 0.20 <= episodes.filter(referral_source="6").count() / referrals <= 0.36
    rag = Counter(Contact.objects.values_list("rag", flat=True))
    assert 0.05 <= rag["red"] / sum(rag.values()) <= 0.16
    reasons = Counter(Contact.objects.values_list("reasons__reason", flat=True))
    assert reasons.most_common(1)[0][0] == "da_notification"


def test_identifiers_are_valid_and_unique(authority):
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    nhs_numbers = list(children.exclude(nhs_number="").values_list("nhs_number", flat=True))
    upns = list(children.exclude(upn="").values_list("upn", flat=True))
    assert len(nhs_numbers) > 0.8 * children.count()
    assert upns
    assert all(nhs_number_is_valid(n) for n in nhs_numbers)
    assert all(upn_is_valid(u) for u in upns)
    assert len(set(nhs_numbers)) == len(nhs_numbers)
    assert len(set(upns)) == len(upns)
    for prefix in ("C", "A"):
        last = Person.objects.filter(la_person_id__startswith=prefix).aggregate(Max("la_person_id"))
        assert IdentifierSequence.objects.get(prefix=prefix).last_value == int(last["la_person_id__max"][1:])


def test_episodes_are_coherent(authority):
    open_per_child = CINEpisode.objects.filter(close_date__isnull=True).values("child").annotate(n=Count("id"))
    assert open_per_child and max(row["n"] for row in open_per_child) == 1
    brought_in = 0
    for episode in CINEpisode.objects.select_related("child", "decision__contact", "team"):
        assert episode.assessment_due_date == due_date("assessment-completion", episode.referral_date)
        if not hasattr(episode, "decision"):
            # The looked-after stage's stock: in care before the generated history began, or transferred in, so
            # the record was brought in without a front-door contact; always a children in care episode with care.
            assert episode.team.service == Service.CHILDREN_IN_CARE
            assert episode.child.care_periods.filter(cin_episode=episode).exists()
            brought_in += 1
            continue
        assert episode.referral_date == timezone.localdate(episode.decision.contact.received_at)
        assert episode.close_date is None or episode.close_date >= episode.referral_date
        previous = previous_referral_within_12_months(episode.child, episode.referral_date)
        assert episode.previous_referral_date == previous
        assert episode.is_re_referral == (previous is not None)
    assert CINEpisode.objects.filter(close_date__isnull=True, assessment_due_date__lt=AS_OF).exists()
    assert CINEpisode.objects.filter(referral_nfa=True).exists()
    assert brought_in < 0.1 * CINEpisode.objects.count()


def test_the_front_door_has_a_live_queue_and_some_late_decisions(authority):
    for contact in Contact.objects.all():
        assert contact.decision_due_date == due_date("contact-decision", timezone.localdate(contact.received_at))
    undecided = Contact.objects.filter(decision__isnull=True)
    assert undecided.exists()
    assert undecided.filter(decision_due_date__lt=AS_OF).exists()  # already overdue
    two_working_days_ago = dt.date(2026, 3, 27)  # Friday before Tuesday 31 March 2026
    assert not undecided.filter(received_at__date__lt=two_working_days_ago).exists()
    decisions = list(ContactDecision.objects.select_related("contact"))
    late = sum(timezone.localdate(d.decided_at) > d.contact.decision_due_date for d in decisions)
    assert 0.05 <= late / len(decisions) <= 0.25
    assert all(d.decided_at >= d.contact.received_at for d in decisions)
    opening = [d for d in decisions if d.outcome in ContactDecision.OPENS_EPISODE]
    assert all(d.cin_episode_id and d.team.service == Service.ASSESSMENT for d in opening)


def test_allocations_follow_episodes_and_caseloads_are_realistic(authority):
    open_episodes = CINEpisode.objects.filter(close_date__isnull=True).select_related("team")
    key_workers = Allocation.objects.filter(end_date__isnull=True, kind=Allocation.Kind.KEY_WORKER)
    current = {a.child_id: a for a in key_workers.select_related("worker")}
    unallocated = [e for e in open_episodes if e.child_id not in current]
    assert 0 < len(unallocated) < 0.15 * len(open_episodes)
    for episode in open_episodes:
        allocation = current.get(episode.child_id)
        if allocation:
            assert allocation.team_id == episode.team_id == allocation.worker.team_id
            assert allocation.start_date >= episode.referral_date
            assert allocation.worker.end_date is None
    assert set(current) <= {e.child_id for e in open_episodes}
    assert not Allocation.objects.filter(end_date__lt=F("start_date")).exists()
    for team in Team.objects.all():
        managers = team.workers.filter(role=Worker.Role.TEAM_MANAGER, end_date__isnull=True)
        assert managers.count() == 1
    agency = Worker.objects.filter(end_date__isnull=True, employment=Worker.Employment.AGENCY).count()
    assert 0.05 <= agency / Worker.objects.filter(end_date__isnull=True).count() <= 0.35


def children_of(model) -> dict[int, int]:
    """{pk: child pk} for a model with a `child`, or one foreign key away from a record with one."""
    names = {f.name for f in model._meta.get_fields()}
    if "child" in names:
        return dict(model.objects.values_list("pk", "child_id"))
    for field in model._meta.get_fields():
        if field.many_to_one and "child" in {f.name for f in field.related_model._meta.get_fields()}:
            return dict(model.objects.values_list("pk", f"{field.name}__child_id"))
    raise AssertionError(f"No way from {model._meta.label} to a child")


def test_every_event_belongs_to_its_source_records_child(authority):
    sources = {
        "frontdoor.contact": dict(Contact.objects.values_list("pk", "child_id")),
        "frontdoor.contactdecision": dict(ContactDecision.objects.values_list("pk", "contact__child_id")),
        "casework.cinepisode": dict(CINEpisode.objects.values_list("pk", "child_id")),
        "workforce.allocation": dict(Allocation.objects.values_list("pk", "child_id")),
        **casework_event_sources(),
    }
    for label in Event.objects.order_by().values_list("source_model", flat=True).distinct():
        if label not in sources:  # a later domain's records: follow the model to its child
            sources[label] = children_of(apps.get_model(label))
    kinds = Counter()
    horizon = dt.datetime.combine(AS_OF, dt.time(), tzinfo=timezone.get_default_timezone())
    for event in Event.objects.all().only("child_id", "kind", "source_model", "source_id", "occurred_at"):
        assert sources[event.source_model][event.source_id] == event.child_id
        assert event.occurred_at < horizon
        kinds[event.kind] += 1
    assert kinds["contact.received"] == Contact.objects.count()
    assert kinds["contact.decided"] == ContactDecision.objects.count()
    assert kinds["referral.opened"] == CINEpisode.objects.count()
    assert kinds["episode.closed"] == CINEpisode.objects.filter(close_date__isnull=False).count()
    assert kinds["allocation.started"] == Allocation.objects.count()
    assert kinds["allocation.ended"] == Allocation.objects.filter(end_date__isnull=False).count()
    contacted_without_events = Person.objects.filter(contacts__isnull=False).filter(~Q(events__isnull=False))
    assert not contacted_without_events.exists()


@pytest.mark.django_db
def test_the_command_reports_each_stage_then_refuses_to_run_again():
    out = io.StringIO()
    call_command("generate", population=1_000, years=1, seed=7, as_of="2026-03-31", stdout=out)
    output = out.getvalue()
    for stage in ("plan", "workforce", "people", "contacts", "episodes", "allocations"):
        assert stage in output
    assert "Done in" in output
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate", population=1_000, years=1, seed=7, as_of="2026-03-31")


@pytest.mark.django_db
def test_the_command_refuses_a_database_that_already_holds_people():
    Person.objects.create(la_person_id="C0000001", first_name="Test", last_name="Child", date_of_birth=AS_OF)
    with pytest.raises(CommandError, match="already holds 1 people"):
        call_command("generate", population=5_000, years=2, seed=1, as_of="2026-03-31")
    assert Person.objects.count() == 1
