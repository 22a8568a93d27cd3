import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.chronology.models import Event
from safeguard.oversight.models import CaseNote, ManagerDecision, SupervisionChild, SupervisionRecord
from safeguard.oversight.selectors import last_oversight_for
from safeguard.oversight.services import case_note_add, supervision_record
from safeguard.workforce.models import Service, Worker
from tests.factories import AdultFactory, AllocationFactory, PersonFactory, TeamFactory, UserFactory, worker_user

from .factories import ManagerDecisionFactory

pytestmark = pytest.mark.django_db


def an_hour_ago():
    return timezone.now() - dt.timedelta(hours=1)


def nothing_written():
    return not (
        CaseNote.objects.exists()
        or ManagerDecision.objects.exists()
        or SupervisionRecord.objects.exists()
        or SupervisionChild.objects.exists()
        or Event.objects.filter(category__in=["note", "management"]).exists()
    )


# Case notes


def test_a_note_is_saved_and_is_a_chronology_event(child, social_worker):
    when = an_hour_ago()
    note = case_note_add(
        child=child, kind="visit", occurred_at=when, text="  Saw Child at home.  ", author=social_worker
    )
    assert note.text == "Saw Child at home." and note.author == social_worker
    event = Event.objects.get(category="note")
    assert event.kind == "note.visit"
    assert event.summary == f"Visit note by {social_worker}"
    assert event.detail == "Saw Child at home."
    assert event.occurred_at == when and event.actor == social_worker and event.child == child
    assert (event.source_model, event.source_id) == ("oversight.casenote", note.pk)


def test_phone_call_note_kind_and_summary(child, social_worker):
    case_note_add(child=child, kind="phone", occurred_at=an_hour_ago(), text="Called school", author=social_worker)
    event = Event.objects.get(category="note")
    assert event.kind == "note.phone" and event.summary.startswith("Phone call note by ")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "   "}, "text", "Enter the note"),
        ({"kind": "gossip"}, "kind", "Choose the type of note"),
        ({"occurred_at": None}, "occurred_at", "Enter the date and time"),
        ({"occurred_at": "future"}, "occurred_at", "cannot be in the future"),
    ],
)
def test_bad_notes_write_nothing(child, social_worker, changes, field, message):
    args = {"child": child, "kind": "visit", "occurred_at": an_hour_ago(), "text": "A note", "author": social_worker}
    args.update(changes)
    if args["occurred_at"] == "future":
        args["occurred_at"] = timezone.now() + dt.timedelta(minutes=5)
    with pytest.raises(ValidationError) as error:
        case_note_add(**args)
    assert message in " ".join(error.value.message_dict[field])
    assert nothing_written()


def test_notes_only_on_a_child(social_worker):
    with pytest.raises(ValidationError) as error:
        case_note_add(
            child=AdultFactory(), kind="visit", occurred_at=an_hour_ago(), text="A note", author=social_worker
        )
    assert "child" in error.value.message_dict and nothing_written()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SENIOR_LEADER, Role.INSPECTOR, Role.ADMINISTRATOR])
def test_non_practitioners_cannot_add_notes(child, role):
    with pytest.raises(PermissionDenied):
        case_note_add(child=child, kind="visit", occurred_at=an_hour_ago(), text="x", author=UserFactory(role=role))
    assert nothing_written()


def test_only_managers_write_oversight_notes(child, social_worker, manager):
    with pytest.raises(ValidationError) as error:
        case_note_add(child=child, kind="oversight", occurred_at=an_hour_ago(), text="Direct", author=social_worker)
    assert "Only team managers" in error.value.message_dict["kind"][0] and nothing_written()
    case_note_add(child=child, kind="oversight", occurred_at=an_hour_ago(), text="Direct", author=manager)
    assert CaseNote.objects.get().kind == "oversight"


# Supervision


@pytest.fixture
def worker(social_worker):
    return social_worker.worker


def test_supervision_records_each_childs_decision_as_oversight(child, worker, manager):
    other = PersonFactory()
    AllocationFactory(child=other, worker=worker)
    record = supervision_record(
        worker=worker,
        held_on=timezone.localdate(),
        notes="Caseload reviewed",
        child_decisions=[(child, " Visit by Friday "), (other, "Close after review")],
        supervisor=manager,
    )
    assert record.supervisor == manager and record.notes == "Caseload reviewed"
    assert {(c.child, c.decision) for c in record.children.all()} == {
        (child, "Visit by Friday"),
        (other, "Close after review"),
    }
    decision = ManagerDecision.objects.get(child=child)
    assert (decision.kind, decision.decision, decision.comment) == ("oversight", "direction", "Visit by Friday")
    assert decision.decided_by == manager and (decision.subject_model, decision.subject_id) == (
        "oversight.supervisionrecord",
        record.pk,
    )
    event = Event.objects.get(child=child, category="management")
    assert event.kind == "manager_decision.direction" and event.detail == "Visit by Friday"


def test_a_past_session_dates_its_decisions_on_that_day(child, worker, manager):
    held_on = timezone.localdate() - dt.timedelta(days=7)
    supervision_record(
        worker=worker, held_on=held_on, notes="", child_decisions=[(child, "Escalate")], supervisor=manager
    )
    assert timezone.localdate(ManagerDecision.objects.get().decided_at) == held_on
    assert last_oversight_for([child]) == {child.pk: held_on}


def test_social_worker_cannot_record_supervision(child, worker, team):
    colleague = worker_user(Role.SOCIAL_WORKER, team=team)
    with pytest.raises(PermissionDenied):
        supervision_record(
            worker=worker, held_on=timezone.localdate(), notes="x", child_decisions=[(child, "y")], supervisor=colleague
        )
    assert nothing_written()


def test_manager_of_another_service_cannot_supervise(child, worker):
    elsewhere = worker_user(
        Role.TEAM_MANAGER, team=TeamFactory(service=Service.CHILDREN_IN_CARE), worker_role=Worker.Role.TEAM_MANAGER
    )
    with pytest.raises(PermissionDenied):
        supervision_record(
            worker=worker, held_on=timezone.localdate(), notes="x", child_decisions=[], supervisor=elsewhere
        )
    assert nothing_written()


def test_manager_of_another_team_in_the_same_service_can_supervise(worker):
    sibling_team = TeamFactory(service=worker.team.service)
    other_manager = worker_user(Role.TEAM_MANAGER, team=sibling_team, worker_role=Worker.Role.TEAM_MANAGER)
    supervision_record(
        worker=worker, held_on=timezone.localdate(), notes="x", child_decisions=[], supervisor=other_manager
    )
    assert SupervisionRecord.objects.count() == 1


def test_refuses_a_child_not_allocated_to_the_worker(child, worker, manager):
    stranger = PersonFactory()
    AllocationFactory(child=stranger)  # someone else's
    with pytest.raises(ValidationError) as error:
        supervision_record(
            worker=worker,
            held_on=timezone.localdate(),
            notes="x",
            child_decisions=[(child, "fine"), (stranger, "Visit")],
            supervisor=manager,
        )
    assert "not currently allocated" in error.value.message_dict["child_decisions"][0]
    assert nothing_written()


def test_refuses_a_child_whose_allocation_has_ended(child, worker, manager):
    child.allocations.update(end_date=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        supervision_record(
            worker=worker, held_on=timezone.localdate(), notes="", child_decisions=[(child, "x")], supervisor=manager
        )
    assert nothing_written()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"held_on": "tomorrow"}, "held_on", "cannot be in the future"),
        ({"held_on": None}, "held_on", "Enter the date"),
        ({"notes": " ", "child_decisions": []}, "notes", "at least one child"),
        ({"child_decisions": "blank"}, "child_decisions", "Enter the decision for"),
        ({"child_decisions": "twice"}, "child_decisions", "more than once"),
    ],
)
def test_bad_supervision_writes_nothing(child, worker, manager, changes, field, message):
    args = {
        "worker": worker,
        "held_on": timezone.localdate(),
        "notes": "Notes",
        "child_decisions": [(child, "Visit")],
        "supervisor": manager,
    }
    args.update(changes)
    if args["held_on"] == "tomorrow":
        args["held_on"] = timezone.localdate() + dt.timedelta(days=1)
    if args["child_decisions"] == "blank":
        args["child_decisions"] = [(child, "  ")]
    if args["child_decisions"] == "twice":
        args["child_decisions"] = [(child, "a"), (child, "b")]
    with pytest.raises(ValidationError) as error:
        supervision_record(**args)
    assert message in " ".join(error.value.message_dict[field])
    assert nothing_written()


def test_a_manager_cannot_record_their_own_supervision(manager):
    with pytest.raises(ValidationError):
        supervision_record(
            worker=manager.worker, held_on=timezone.localdate(), notes="x", child_decisions=[], supervisor=manager
        )
    assert nothing_written()


# last_oversight_for


def test_last_oversight_for_takes_the_latest_decision_of_any_kind():
    a, b, none = PersonFactory(), PersonFactory(), PersonFactory()
    now = timezone.now()
    ManagerDecisionFactory(child=a, decided_at=now - dt.timedelta(days=40))
    ManagerDecisionFactory(child=a, kind="assessment", decision="approved", decided_at=now - dt.timedelta(days=3))
    ManagerDecisionFactory(child=b, decided_at=now - dt.timedelta(days=90))
    ManagerDecisionFactory(decided_at=now)  # another child, not asked about
    expected = {
        a.pk: timezone.localdate(now - dt.timedelta(days=3)),
        b.pk: timezone.localdate(now - dt.timedelta(days=90)),
    }
    assert last_oversight_for([a, b, none]) == expected
    assert last_oversight_for([a.pk, b.pk, none.pk]) == expected
    from safeguard.people.models import Person

    assert last_oversight_for(Person.objects.filter(pk__in=[a.pk, b.pk, none.pk])) == expected
    assert last_oversight_for([]) == {}
