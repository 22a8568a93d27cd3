"""Looked-after pages. Each takes the child's id first, loads the child through the visibility selector, then any
record filtered by that child (another child's record id 404s). Writes go through services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import person_for_viewer
from safeguard.concurrency import ConcurrentEditError
from safeguard.forms_errors import save_through_service

from . import selectors, services
from .forms import CarePlanForm, EndCareForm, LegalStatusForm, PlacementChangeForm, PlacementEditForm, StartCareForm
from .models import Placement


def _can_record(request) -> bool:
    return request.user.has_perm("lac.record")


def _refuse_post(request, allowed: bool, message: str) -> None:
    if request.method == "POST" and not allowed:
        raise PermissionDenied(message)


def _placement_fields(data: dict) -> dict:
    return {
        "placement_type": data["placement_type"],
        "provider": data["provider"],
        "postcode": data["postcode"],
        "urn": data["urn"],
        "carer_name": data["carer_name"],
        "intended_until_18": data["intended_until_18"],
    }


def _still_current(current: Placement, opened_for: int) -> int:
    """The form's placement must still be the current one (a placement's version restarts at 1 after a move)."""
    if opened_for != current.pk:
        raise ConcurrentEditError("placement")
    return current.pk


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="care record")
    today = timezone.localdate()
    period = selectors.current_period(person)
    placements = list(person.placements.order_by("start_date", "pk"))
    return render(
        request,
        "lac/child.html",
        {
            "person": person,
            "period": period,
            "placement": selectors.current_placement(person) if period else None,
            "legal_status": selectors.current_legal_status(person) if period else None,
            "care_plan_outstanding": period is not None and selectors.care_plan_outstanding(period),
            "timeline": selectors.care_timeline(person),
            "placements": placements,
            "placements_in_year": selectors.placements_in_last_12_months(person, today),
            "episodes": selectors.ssda903_episodes(person),
            "can_record": _can_record(request),
            "today": today,
        },
    )


def start(request, person_id: int):
    person = person_for_viewer(request, person_id, what="start care")
    period = selectors.current_period(person)
    can = _can_record(request) and period is None and person.is_child
    _refuse_post(request, can, "Your role cannot record a child becoming looked after, or the child already is")
    form = StartCareForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.care_period_start(
                child=person,
                start_date=d["start_date"],
                category_of_need=d["category_of_need"],
                legal_status=d["legal_status"],
                home_postcode=d["home_postcode"] or None,
                previous_permanence=d["previous_permanence"],
                previous_permanence_la=d["previous_permanence_la"],
                previous_permanence_date=d["previous_permanence_date"],
                started_by=request.user,
                **_placement_fields(d),
            ),
            "Care started",
        )
        if saved:
            return redirect("lac:child", person.pk)
    return render(request, "lac/start.html", {"person": person, "period": period, "form": form, "can_record": can})


def placement_change(request, person_id: int):
    person = person_for_viewer(request, person_id, what="change placement")
    current = selectors.current_placement(person)
    can = _can_record(request) and current is not None
    _refuse_post(request, can, "Your role cannot record a move, or the child has no current placement")
    initial = {
        "version": current.version if current else None,
        "placement": current.pk if current else None,
        "change_date": timezone.localdate(),
    }
    form = PlacementChangeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.placement_change(
                placement_id=_still_current(current, d["placement"]),
                expected_version=d["version"],
                change_date=d["change_date"],
                change_reason=d["change_reason"],
                same_carer_as_previous=d["same_carer_as_previous"],
                changed_by=request.user,
                **_placement_fields(d),
            ),
            "Placement changed",
        )
        if saved:
            return redirect("lac:child", person.pk)
    context = {"person": person, "placement": current, "form": form, "can_record": can}
    return render(request, "lac/placement_change.html", context)


def legal_status_change(request, person_id: int):
    person = person_for_viewer(request, person_id, what="change legal status")
    period = selectors.current_period(person)
    can = _can_record(request) and period is not None
    _refuse_post(request, can, "Your role cannot change the legal status, or the child is not looked after")
    initial = {"version": period.version if period else None, "change_date": timezone.localdate()}
    form = LegalStatusForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.legal_status_change(
                period_id=period.pk,
                expected_version=d["version"],
                change_date=d["change_date"],
                legal_status=d["legal_status"],
                changed_by=request.user,
            ),
            "Legal status changed",
        )
        if saved:
            return redirect("lac:child", person.pk)
    context = {
        "person": person,
        "period": period,
        "legal_status": selectors.current_legal_status(person) if period else None,
        "form": form,
        "can_record": can,
    }
    return render(request, "lac/legal_status.html", context)


def end(request, person_id: int):
    person = person_for_viewer(request, person_id, what="end care")
    period = selectors.current_period(person)
    can = _can_record(request) and period is not None
    _refuse_post(request, can, "Your role cannot end care, or the child is not looked after")
    initial = {"version": period.version if period else None, "end_date": timezone.localdate()}
    form = EndCareForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.care_period_end(
                period_id=period.pk,
                expected_version=d["version"],
                end_date=d["end_date"],
                reason=d["reason"],
                ended_by=request.user,
            ),
            "Care ended",
        )
        if saved:
            return redirect("lac:child", person.pk)
    return render(request, "lac/end.html", {"person": person, "period": period, "form": form, "can_record": can})


def care_plan(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record care plan")
    period = selectors.current_period(person)
    can = _can_record(request) and period is not None
    _refuse_post(request, can, "Your role cannot record care plans, or the child is not looked after")
    form = CarePlanForm(request.POST or None, initial={"agreed_on": timezone.localdate()})
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.care_plan_record(
                period_id=period.pk, agreed_on=d["agreed_on"], summary=d["summary"], recorded_by=request.user
            ),
            "Care plan recorded",
        )
        if saved:
            return redirect("lac:child", person.pk)
    context = {"person": person, "period": period, "form": form, "can_record": can}
    return render(request, "lac/care_plan.html", context)


def placement(request, person_id: int, placement_id: int):
    person = person_for_viewer(request, person_id, what="placement")
    record = get_object_or_404(Placement.objects.select_related("period"), pk=placement_id, child=person)
    can = _can_record(request)
    _refuse_post(request, can, "Your role cannot change placement details")
    initial = {
        "version": record.version,
        "placement_type": record.placement_type,
        "provider": record.provider,
        "postcode": record.postcode,
        "urn": record.urn,
        "carer_name": record.carer_name,
        "intended_until_18": record.intended_until_18,
        "same_carer_as_previous": record.same_carer_as_previous,
        "long_term_foster_agreed_on": record.long_term_foster_agreed_on,
    }
    form = PlacementEditForm(request.POST or None, initial=initial, current=record.placement_type)
    if request.method == "POST":
        saved = save_through_service(
            request,
            form,
            lambda d: services.placement_update(
                placement_id=record.pk,
                expected_version=d["version"],
                same_carer_as_previous=d["same_carer_as_previous"],
                long_term_foster_agreed_on=d["long_term_foster_agreed_on"],
                updated_by=request.user,
                **_placement_fields(d),
            ),
            "Placement details saved",
        )
        if saved:
            return redirect("lac:placement", person.pk, record.pk)
    context = {"person": person, "placement": record, "form": form, "can_record": can}
    return render(request, "lac/placement.html", context)
