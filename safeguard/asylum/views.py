"""Unaccompanied asylum-seeking children's pages. Each loads the child through the visibility selector first, then
their records filtered by that child (another child's record id 404s). Writes go through services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import person_for_viewer
from safeguard.forms_errors import save_through_service

from . import services
from .forms import AgeAssessmentForm, CeaseForm, EndStatusForm, ImmigrationStatusForm, UASCRecordForm
from .models import ImmigrationStatus
from .selectors import age_assessments, current_immigration_status, immigration_statuses, uasc_record


def _can_record(request) -> bool:
    return request.user.has_perm("asylum.record")


def _refuse_post_unless(request, allowed: bool, message: str) -> None:
    if request.method == "POST" and not allowed:
        raise PermissionDenied(message)


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="unaccompanied asylum-seeking child record")
    record = uasc_record(person)
    can_record = _can_record(request)
    can_cease = can_record and record is not None and record.ceased_on is None
    _refuse_post_unless(request, can_cease, "Your role cannot record this, or the date is already recorded")
    today = timezone.localdate()
    suggested = services.eighteenth_birthday(person)
    initial = {
        "version": record.version if record else None,
        "ceased_on": min(suggested, today) if suggested else today,
    }
    form = CeaseForm(request.POST or None, prefix="cease", initial=initial)
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.uasc_record_cease(
                record_id=record.pk,
                expected_version=d["version"],
                ceased_on=d["ceased_on"],
                ceased_reason=d["ceased_reason"],
                ceased_by=request.user,
            ),
            "Date ceased to be UASC recorded",
        )
        if saved:
            return redirect("asylum:child", person.pk)
    return render(
        request,
        "asylum/child.html",
        {
            "person": person,
            "record": record,
            "statuses": list(immigration_statuses(person)),
            "assessments": list(age_assessments(person).select_related("recorded_by")),
            "can_record": can_record,
            "can_cease": can_cease,
            "cease_form": form,
            "eighteenth_birthday": suggested,
        },
    )


def record_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record an unaccompanied asylum-seeking child")
    existing = uasc_record(person)
    can = _can_record(request) and existing is None
    _refuse_post_unless(request, can, "Your role cannot record this, or the child already has a UASC record")
    form = UASCRecordForm(request.POST or None, initial={"became_uasc_on": timezone.localdate()})
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.uasc_record_create(child=person, recorded_by=request.user, **d),
            "UASC record saved",
        )
        if saved:
            return redirect("asylum:child", person.pk)
    return render(
        request, "asylum/record_new.html", {"person": person, "form": form, "can_record": can, "existing": existing}
    )


def age_assessment_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record an age assessment")
    can = _can_record(request)
    _refuse_post_unless(request, can, "Your role cannot record age assessments")
    form = AgeAssessmentForm(
        request.POST or None, initial={"version": person.version, "assessed_on": timezone.localdate()}
    )
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.age_assessment_record(
                child=person,
                expected_person_version=d["version"],
                assessed_on=d["assessed_on"],
                outcome=d["outcome"],
                assessed_date_of_birth=d["assessed_date_of_birth"],
                merton_compliant=d["merton_compliant"],
                assessed_by=d["assessed_by"],
                recorded_by=request.user,
            ),
            "Age assessment recorded",
        )
        if saved:
            return redirect("asylum:child", person.pk)
    return render(request, "asylum/age_assessment_new.html", {"person": person, "form": form, "can_record": can})


def immigration_status_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record immigration status")
    can = _can_record(request)
    _refuse_post_unless(request, can, "Your role cannot record immigration status")
    current = current_immigration_status(person)
    form = ImmigrationStatusForm(
        request.POST or None,
        initial={"current_version": current.version if current else None, "start_date": timezone.localdate()},
    )
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.immigration_status_record(
                child=person,
                status=d["status"],
                start_date=d["start_date"],
                home_office_reference=d["home_office_reference"],
                expected_current_version=d["current_version"],
                recorded_by=request.user,
            ),
            "Immigration status recorded",
        )
        if saved:
            return redirect("asylum:child", person.pk)
    return render(
        request,
        "asylum/immigration_status_new.html",
        {"person": person, "form": form, "can_record": can, "current": current},
    )


def immigration_status_end(request, person_id: int, immigration_status_id: int):
    person = person_for_viewer(request, person_id, what="end an immigration status")
    status = get_object_or_404(ImmigrationStatus, pk=immigration_status_id, child=person)
    can = _can_record(request) and status.end_date is None
    _refuse_post_unless(request, can, "Your role cannot end this status, or it has already ended")
    form = EndStatusForm(request.POST or None, initial={"version": status.version, "end_date": timezone.localdate()})
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.immigration_status_end(
                status_id=status.pk, expected_version=d["version"], end_date=d["end_date"], ended_by=request.user
            ),
            "Immigration status ended",
        )
        if saved:
            return redirect("asylum:child", person.pk)
    return render(
        request,
        "asylum/immigration_status_end.html",
        {"person": person, "status": status, "form": form, "can_record": can},
    )
