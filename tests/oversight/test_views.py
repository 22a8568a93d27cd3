import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.access.models import AccessEvent, AccessEventChild
from safeguard.accounts.models import Role
from safeguard.chronology.models import Event
from safeguard.oversight.models import CaseNote, ManagerDecision, SupervisionRecord
from safeguard.workforce.models import Service, Worker
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory, worker_user

from .factories import CaseNoteFactory, ManagerDecisionFactory, SupervisionRecordFactory

pytestmark = pytest.mark.django_db


def local_input(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


# Case notes


def test_add_a_note_from_the_page(client, social_worker, child):
    client.force_login(social_worker)
    url = reverse("oversight:add_note", args=[child.pk])
    body = client.get(url).content.decode()
    assert "cannot be changed after it is saved" in body
    assert 'value="oversight"' not in body  # oversight decisions are for managers
    when = timezone.now() - dt.timedelta(hours=2)
    response = client.post(url, {"kind": "meeting", "occurred_at": local_input(when), "text": "Core group met"})
    assert response.status_code == 302 and response["Location"] == reverse("oversight:notes", args=[child.pk])
    note = CaseNote.objects.get()
    assert (note.kind, note.text, note.author) == ("meeting", "Core group met", social_worker)
    assert Event.objects.filter(child=child, kind="note.meeting").exists()


def test_note_errors_show_on_the_page(client, social_worker, child):
    client.force_login(social_worker)
    future = timezone.now() + dt.timedelta(days=1)
    response = client.post(
        reverse("oversight:add_note", args=[child.pk]),
        {"kind": "visit", "occurred_at": local_input(future), "text": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body and "Enter the note" in body
    response = client.post(
        reverse("oversight:add_note", args=[child.pk]),
        {"kind": "visit", "occurred_at": local_input(future), "text": "Text"},
    )
    assert "cannot be in the future" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_analyst_cannot_open_the_add_note_page(client, analyst, child):
    client.force_login(analyst)
    before = AccessEvent.objects.count()
    assert client.get(reverse("oversight:add_note", args=[child.pk])).status_code == 403
    assert AccessEvent.objects.count() == before


def test_notes_list_filters_paginates_and_is_newest_first(client, social_worker, child):
    now = timezone.now()
    for i in range(30):
        CaseNoteFactory(
            child=child, kind="visit", text=f"Visit number {i:02d}", occurred_at=now - dt.timedelta(days=i + 1)
        )
    CaseNoteFactory(child=child, kind="phone", text="Phoned the GP", occurred_at=now - dt.timedelta(hours=1))
    CaseNoteFactory(text="Another child's note")
    client.force_login(social_worker)
    url = reverse("oversight:notes", args=[child.pk])
    body = client.get(url).content.decode()
    assert "31 notes, newest first" in body and "Another child" not in body
    assert body.index("Phoned the GP") < body.index("Visit number 00") < body.index("Visit number 01")
    assert "Visit number 29" not in body and "page=2" in body and "not changed once saved" in body
    page2 = client.get(url, {"page": 2}).content.decode()
    assert "Visit number 29" in page2 and "Phoned the GP" not in page2
    phone = client.get(url, {"kind": "phone"}).content.decode()
    assert "1 note, newest first" in phone and "Phoned the GP" in phone and "Visit number" not in phone


def test_note_text_is_escaped_and_keeps_line_breaks(client, social_worker, child):
    CaseNoteFactory(child=child, text="<script>x</script>\nSecond line")
    client.force_login(social_worker)
    body = client.get(reverse("oversight:notes", args=[child.pk])).content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;<br>Second line" in body


# Management oversight


def test_manager_records_a_direction(client, manager, child):
    client.force_login(manager)
    url = reverse("oversight:record_oversight", args=[child.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"comment": "Convene a strategy discussion today"})
    assert response.status_code == 302 and response["Location"] == reverse("oversight:decisions", args=[child.pk])
    decision = ManagerDecision.objects.get()
    assert (decision.kind, decision.decision, decision.decided_by) == ("oversight", "direction", manager)
    event = Event.objects.get(child=child, category="management")
    assert event.kind == "manager_decision.direction" and event.detail == "Convene a strategy discussion today"


def test_a_direction_needs_a_comment(client, manager, child):
    client.force_login(manager)
    response = client.post(reverse("oversight:record_oversight", args=[child.pk]), {"comment": ""})
    assert "<title>Error:" in response.content.decode() and not ManagerDecision.objects.exists()


def test_social_worker_cannot_record_oversight(client, social_worker, child):
    client.force_login(social_worker)
    url = reverse("oversight:record_oversight", args=[child.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"comment": "Do it"}).status_code == 403
    assert not ManagerDecision.objects.exists()


def test_decisions_page_lists_approvals_returns_and_directions(client, social_worker, child, manager):
    now = timezone.now()
    ManagerDecisionFactory(
        child=child,
        kind="assessment",
        decision="approved",
        comment="Authorised",
        decided_by=manager,
        decided_at=now - dt.timedelta(days=2),
    )
    ManagerDecisionFactory(
        child=child,
        kind="assessment",
        decision="returned",
        comment="More on father",
        decided_by=manager,
        decided_at=now - dt.timedelta(days=5),
    )
    ManagerDecisionFactory(
        child=child, comment="Visit weekly", decided_by=manager, decided_at=now - dt.timedelta(days=1)
    )
    ManagerDecisionFactory(comment="Someone else's")
    client.force_login(social_worker)
    url = reverse("oversight:decisions", args=[child.pk])
    body = client.get(url).content.decode()
    assert "3 decisions" in body and "Someone else" not in body and str(manager) in body
    assert body.index("Visit weekly") < body.index("Authorised") < body.index("More on father")
    assert "Record management oversight" not in body  # social worker: no link
    only = client.get(url, {"kind": "assessment"}).content.decode()
    assert "2 decisions" in only and "Visit weekly" not in only


# The child's page panel


def test_panel_shows_latest_notes_and_decision_with_links_by_permission(client, social_worker, manager, child):
    now = timezone.now()
    for i in range(7):
        CaseNoteFactory(child=child, text=f"Panel note {i}", occurred_at=now - dt.timedelta(days=i + 1))
    ManagerDecisionFactory(child=child, comment="Older direction", decided_at=now - dt.timedelta(days=9))
    ManagerDecisionFactory(child=child, comment="Newest direction", decided_at=now - dt.timedelta(days=1))
    client.force_login(social_worker)
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert all(f"Panel note {i}" in body for i in range(5)) and "Panel note 5" not in body
    assert "Newest direction" in body and "Older direction" not in body
    assert reverse("oversight:add_note", args=[child.pk]) in body
    assert reverse("oversight:record_oversight", args=[child.pk]) not in body
    client.force_login(manager)
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert reverse("oversight:record_oversight", args=[child.pk]) in body


def test_panel_for_a_read_only_role_has_no_add_links(client, child, analyst):
    client.force_login(analyst)
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Case notes and management oversight" in body
    assert reverse("oversight:add_note", args=[child.pk]) not in body


# Supervision


@pytest.fixture
def worker(social_worker):
    return social_worker.worker


def test_manager_records_supervision_with_a_decision_per_child(client, manager, worker, child):
    second = PersonFactory(first_name="Second")
    AllocationFactory(child=second, worker=worker)
    not_theirs = PersonFactory(first_name="Elsewhere")
    AllocationFactory(child=not_theirs)
    client.force_login(manager)
    url = reverse("oversight:record_supervision", args=[worker.pk])
    before = AccessEvent.objects.count()
    body = client.get(url).content.decode()
    assert f"Decision for {child.full_name}" in body and f"Decision for {second.full_name}" in body
    assert "Elsewhere" not in body
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.latest("id")
    assert event.action == AccessEvent.Action.LIST and event.user == manager
    assert set(AccessEventChild.objects.filter(event=event).values_list("child_id", flat=True)) == {child.pk, second.pk}
    response = client.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "notes": "Workload discussed",
            f"child_{child.pk}": "Visit before Friday",
            f"child_{second.pk}": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "oversight:supervision_history", args=[worker.pk]
    )
    assert AccessEvent.objects.count() == before + 1  # the save redirects: nothing more was shown
    record = SupervisionRecord.objects.get()
    assert [c.child for c in record.children.all()] == [child]
    assert ManagerDecision.objects.get().child == child
    assert Event.objects.filter(child=child, kind="manager_decision.direction").exists()
    assert not Event.objects.filter(child=second, category="management").exists()
    decisions = client.get(reverse("oversight:decisions", args=[child.pk])).content.decode()
    assert "Visit before Friday" in decisions and "In supervision" in decisions


def test_supervision_form_errors(client, manager, worker, child):
    client.force_login(manager)
    url = reverse("oversight:record_supervision", args=[worker.pk])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    body = client.post(url, {"held_on": tomorrow, "notes": "x"}).content.decode()
    assert "<title>Error:" in body and "cannot be in the future" in body
    body = client.post(url, {"held_on": timezone.localdate().isoformat(), "notes": ""}).content.decode()
    assert "at least one child" in body
    assert not SupervisionRecord.objects.exists()


def test_supervision_history_for_the_worker_and_their_managers(client, social_worker, manager, worker, child):
    SupervisionRecordFactory(
        worker=worker, supervisor=manager, notes="First session", held_on=timezone.localdate() - dt.timedelta(days=30)
    )
    latest = SupervisionRecordFactory(worker=worker, supervisor=manager, notes="Second session")
    latest.children.create(child=child, decision="Visit weekly")
    url = reverse("oversight:supervision_history", args=[worker.pk])
    for user, heading in ((social_worker, "My supervision"), (manager, "Record supervision")):
        client.force_login(user)
        before = AccessEvent.objects.count()
        body = client.get(url).content.decode()
        assert heading in body and body.index("Second session") < body.index("First session")
        assert "Visit weekly" in body and child.full_name in body
        assert AccessEvent.objects.count() == before + 1
        assert list(
            AccessEventChild.objects.filter(event=AccessEvent.objects.latest("id")).values_list("child_id", flat=True)
        ) == [child.pk]
    client.force_login(social_worker)
    assert "Record supervision" not in client.get(url).content.decode()
    assert client.get(reverse("oversight:record_supervision", args=[worker.pk])).status_code == 403


def test_history_hides_children_the_viewer_cannot_see(client, social_worker, manager, worker, child):
    moved = PersonFactory(first_name="Moved")
    record = SupervisionRecordFactory(worker=worker, supervisor=manager)
    record.children.create(child=moved, decision="Transfer")  # no longer allocated: invisible to the worker
    client.force_login(social_worker)
    body = client.get(reverse("oversight:supervision_history", args=[worker.pk])).content.decode()
    assert "Moved" not in body and "1 more child discussed" in body


def test_other_people_get_404_on_worker_pages(client, team, worker):
    colleague = worker_user(Role.SOCIAL_WORKER, team=team)
    other_manager = worker_user(
        Role.TEAM_MANAGER, team=TeamFactory(service=Service.CHILDREN_IN_CARE), worker_role=Worker.Role.TEAM_MANAGER
    )
    for user in (colleague, other_manager, UserFactory(role=Role.ANALYST)):
        client.force_login(user)
        before = AccessEvent.objects.count()
        for name in ("oversight:supervision_history", "oversight:record_supervision"):
            assert client.get(reverse(name, args=[worker.pk])).status_code == 404, (user.role, name)
        assert client.post(reverse("oversight:record_supervision", args=[worker.pk]), {"notes": "x"}).status_code == 404
        assert AccessEvent.objects.count() == before
    assert not SupervisionRecord.objects.exists()
