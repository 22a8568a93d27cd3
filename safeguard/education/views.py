"""Education pages: a child's education record (PEPs, virtual school notes, missing education) and the list of
children missing education. Child pages load the child through the visibility selector first.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import people_for_listing, person_for_viewer, visible_people
from safeguard.forms_errors import save_through_service

from . import services
from .forms import CMEReportForm, CMEUpdateForm, PEPForm, VirtualSchoolNoteForm
from .models import ChildMissingEducation
from .selectors import education_records, open_missing_education, pep_due


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="education record")
    today = timezone.localdate()
    period, due = pep_due(person, today)
    user = request.user
    return render(
        request,
        "education/child.html",
        {
            "person": person,
            "period": period,
            "pep": due,
            "today": today,
            "can_record": user.has_perm("education.record"),
            "can_report": user.has_perm("education.report_cme"),
            **education_records(person),
        },
    )


def _record_page(request, person, form, *, perm: str, title: str, save, success: str):
    can = request.user.has_perm(perm)
    if request.method == "POST":
        if not can:
            raise PermissionDenied("Your role cannot record this")
        if save_through_service(request, form, save, success):
            return redirect("education:child", person.pk)
    return render(request, "education/record_new.html", {"person": person, "form": form, "title": title,
                                                         "can_record": can})  # fmt: skip


def pep_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record a personal education plan")
    form = PEPForm(request.POST or None, initial={"meeting_date": timezone.localdate()})
    return _record_page(
        request, person, form, perm="education.record", title="Record a personal education plan meeting",
        success="Personal education plan recorded",
        save=lambda d: services.pep_record(child=person, recorded_by=request.user, **d),
    )  # fmt: skip


def virtual_school_note_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record a virtual school note")
    form = VirtualSchoolNoteForm(request.POST or None, initial={"note_date": timezone.localdate()})
    return _record_page(
        request, person, form, perm="education.record", title="Record a virtual school note", success="Note recorded",
        save=lambda d: services.virtual_school_note_record(child=person, recorded_by=request.user, **d),
    )  # fmt: skip


def cme_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="report a child missing education")
    form = CMEReportForm(request.POST or None, initial={"reported_date": timezone.localdate()})
    return _record_page(
        request, person, form, perm="education.report_cme", title="Report a child missing education",
        success="Reported as missing education",
        save=lambda d: services.cme_report(child=person, recorded_by=request.user, **d),
    )  # fmt: skip


def cme(request, person_id: int, cme_id: int):
    person = person_for_viewer(request, person_id, what="child missing education")
    record = get_object_or_404(ChildMissingEducation, pk=cme_id, child=person)
    can = request.user.has_perm("education.report_cme") and record.is_open
    form = CMEUpdateForm(request.POST or None, initial={"version": record.version, "status": record.status})
    if request.method == "POST":
        if not can:
            raise PermissionDenied("This record is closed, or your role cannot update it")
        saved = save_through_service(
            request,
            form,
            lambda d: services.cme_update(cme_id=record.pk, expected_version=d["version"], updated_by=request.user,
                                          status=d["status"], resolved_date=d["resolved_date"], notes=d["notes"]),
            "Missing education record updated",
        )  # fmt: skip
        if saved:
            return redirect("education:child", person.pk)
    return render(request, "education/cme.html", {"person": person, "record": record, "form": form, "can_update": can})


def missing_education(request):
    """Open reports of children missing education, for managers and analysts, longest open first."""
    if not request.user.has_perm("education.view_cme_list"):
        raise PermissionDenied("Your role cannot see the list of children missing education")
    records = list(open_missing_education(visible_people(request.user)))
    people_for_listing(request, [r.child for r in records], what="children missing education")
    return render(request, "education/missing_education.html", {"records": records, "today": timezone.localdate()})
