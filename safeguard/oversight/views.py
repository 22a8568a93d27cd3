"""Case notes, management oversight and supervision pages.

Child pages take the child's id first and load the child through the visibility selector. Supervision pages
are about a worker: only the worker and the managers of their service may open them (404 for anyone else),
and any child they show is recorded with `people_for_listing`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access.selectors import people_for_listing, person_for_viewer, visible_people
from safeguard.accounts.models import Role
from safeguard.forms_errors import apply_errors
from safeguard.workforce.models import Worker

from . import selectors, services
from .forms import CaseNoteForm, NoteFilterForm, OversightForm, SupervisionForm
from .models import ManagerDecision

NOTES_PER_PAGE = 25
DECISIONS_PER_PAGE = 50
SUPERVISIONS_PER_PAGE = 20


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def notes(request, person_id: int):
    person = person_for_viewer(request, person_id, what="case notes")
    filter_form = NoteFilterForm(request.GET or None)
    kind = filter_form.cleaned_data["kind"] if filter_form.is_valid() else ""
    page = Paginator(selectors.notes_for(person, kind=kind), NOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/notes.html",
        {
            "person": person,
            "page": page,
            "filter_form": filter_form,
            "kind": kind,
            "query": _query_without_page(request),
            "can_add": request.user.has_perm("oversight.add_case_note") and person.is_child,
        },
    )


@require_http_methods(["GET", "POST"])
def add_note(request, person_id: int):
    if not request.user.has_perm("oversight.add_case_note"):
        raise PermissionDenied("Your role cannot add case notes")
    person = person_for_viewer(request, person_id, what="add a case note")
    if not person.is_child:
        raise Http404("Case notes are recorded on a child's record")
    form = CaseNoteForm(
        request.POST if request.method == "POST" else None,
        may_record_oversight=request.user.has_perm("oversight.record_manager_decision"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_note_add(child=person, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Case note saved")
            return redirect("oversight:notes", person.pk)
    return render(request, "oversight/add_note.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
def record_oversight(request, person_id: int):
    if not request.user.has_perm("oversight.record_manager_decision"):
        raise PermissionDenied("Only team managers record management oversight")
    person = person_for_viewer(request, person_id, what="record management oversight")
    if not person.is_child:
        raise Http404("Management oversight is recorded on a child's record")
    form = OversightForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.manager_decision_record(
                child=person,
                kind=ManagerDecision.Kind.OVERSIGHT,
                decision=ManagerDecision.Decision.DIRECTION,
                comment=form.cleaned_data["comment"],
                decided_by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Management oversight recorded")
            return redirect("oversight:decisions", person.pk)
    return render(
        request,
        "oversight/record_oversight.html",
        {"person": person, "form": form, "latest": selectors.latest_decision(person)},
    )


def decisions(request, person_id: int):
    person = person_for_viewer(request, person_id, what="manager decisions")
    kind = request.GET.get("kind", "")
    if kind not in ManagerDecision.Kind.values:
        kind = ""
    page = Paginator(selectors.decisions_for(person, kind=kind), DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/decisions.html",
        {
            "person": person,
            "page": page,
            "kinds": ManagerDecision.Kind.choices,
            "kind": kind,
            "query": _query_without_page(request),
            "can_record": request.user.has_perm("oversight.record_manager_decision") and person.is_child,
        },
    )


def _is_manager_of(user, worker: Worker) -> bool:
    own = getattr(user, "worker", None)
    return user.role == Role.TEAM_MANAGER and own is not None and own.team.service == worker.team.service


def _worker_for_viewer(request, worker_id: int) -> Worker:
    """The worker, if the user is that worker or a manager of their service; otherwise 404."""
    worker = get_object_or_404(Worker.objects.select_related("team"), pk=worker_id)
    own = getattr(request.user, "worker", None)
    if not ((own is not None and own.pk == worker.pk) or _is_manager_of(request.user, worker)):
        raise Http404("No such worker")
    return worker


def supervision_history(request, worker_id: int):
    worker = _worker_for_viewer(request, worker_id)
    page = Paginator(selectors.supervisions_of(worker), SUPERVISIONS_PER_PAGE).get_page(request.GET.get("page"))
    sessions = list(page)
    discussed = {item.child_id for session in sessions for item in session.children.all()}
    visible = set(visible_people(request.user).filter(pk__in=discussed).values_list("pk", flat=True))
    rows = []
    shown = {}
    for session in sessions:
        items = [item for item in session.children.all() if item.child_id in visible]
        for item in items:
            shown[item.child_id] = item.child
        rows.append({"session": session, "shown": items, "hidden": len(session.children.all()) - len(items)})
    people_for_listing(request, shown.values(), what=f"supervision history: {worker}")
    own = getattr(request.user, "worker", None)
    return render(
        request,
        "oversight/supervision_history.html",
        {
            "worker": worker,
            "page": page,
            "rows": rows,
            "is_self": own is not None and own.pk == worker.pk,
            "can_record": request.user.has_perm("oversight.record_supervision")
            and _is_manager_of(request.user, worker)
            and not (own is not None and own.pk == worker.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def record_supervision(request, worker_id: int):
    worker = _worker_for_viewer(request, worker_id)
    if not (request.user.has_perm("oversight.record_supervision") and _is_manager_of(request.user, worker)):
        raise PermissionDenied("Only managers of the worker's service record supervision")
    children = list(selectors.supervision_caseload(worker, request.user))
    form = SupervisionForm(request.POST if request.method == "POST" else None, children=children)
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_record(
                worker=worker,
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
                child_decisions=form.child_decisions(),
                supervisor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Supervision with {worker.full_name} recorded")
            return redirect("oversight:supervision_history", worker.pk)
    # The form lists the worker's children: record that they were shown (not when a save redirects away).
    people_for_listing(request, children, what=f"supervision: {worker}")
    return render(
        request,
        "oversight/record_supervision.html",
        {
            "worker": worker,
            "form": form,
            "child_fields": [(child, form[SupervisionForm.child_field(child)]) for child in children],
        },
    )
