"""Health pages for a child. Each loads the child through the visibility selector first; sub-records are fetched
filtered by that child (another child's record id 404s). Writes go through services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import person_for_viewer
from safeguard.forms_errors import save_through_service

from . import services
from .forms import (
    ConvictionForm,
    DentalCheckForm,
    HealthAssessmentForm,
    ImmunisationForm,
    SDQForm,
    SubstanceMisuseForm,
    SubstanceMisuseUpdateForm,
)
from .models import SubstanceMisuse
from .selectors import health_due, health_records


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="health record")
    today = timezone.localdate()
    period, due = health_due(person, today)
    return render(
        request,
        "health/child.html",
        {
            "person": person,
            "period": period,
            "due": due,
            "today": today,
            "can_record": request.user.has_perm("health.record"),
            **health_records(person),
        },
    )


def _record_page(request, person, form, *, title: str, save, success: str):
    """A page with one form that records one thing about the child through a service."""
    can = request.user.has_perm("health.record")
    if request.method == "POST":
        if not can:
            raise PermissionDenied("Your role cannot record health information")
        if save_through_service(request, form, save, success):
            return redirect("health:child", person.pk)
    return render(request, "health/record_new.html", {"person": person, "form": form, "title": title,
                                                      "can_record": can})  # fmt: skip


def _today_initial(field: str) -> dict:
    return {field: timezone.localdate()}


def assessment_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record a health assessment")
    form = HealthAssessmentForm(request.POST or None, initial=_today_initial("assessment_date"))
    return _record_page(
        request, person, form, title="Record a health assessment", success="Health assessment recorded",
        save=lambda d: services.health_assessment_record(child=person, recorded_by=request.user, **d),
    )  # fmt: skip


def dental_check_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record a dental check")
    form = DentalCheckForm(request.POST or None, initial=_today_initial("check_date"))
    return _record_page(
        request, person, form, title="Record a dental check", success="Dental check recorded",
        save=lambda d: services.dental_check_record(child=person, recorded_by=request.user, **d),
    )  # fmt: skip


def immunisation_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record immunisations")
    form = ImmunisationForm(request.POST or None, initial=_today_initial("status_date"))
    return _record_page(
        request, person, form, title="Record immunisation status", success="Immunisation status recorded",
        save=lambda d: services.immunisation_status_record(child=person, recorded_by=request.user, **d),
    )  # fmt: skip


def sdq_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record an SDQ")
    form = SDQForm(request.POST or None, initial=_today_initial("completed_date"))
    return _record_page(
        request, person, form, title="Record a Strengths and Difficulties Questionnaire", success="SDQ recorded",
        save=lambda d: services.sdq_score_record(child=person, recorded_by=request.user, **d),
    )  # fmt: skip


def substance_misuse_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record substance misuse")
    form = SubstanceMisuseForm(request.POST or None, initial=_today_initial("identified_date"))
    return _record_page(
        request, person, form, title="Record substance misuse", success="Substance misuse recorded",
        save=lambda d: services.substance_misuse_record(child=person, recorded_by=request.user, **d),
    )  # fmt: skip


def substance_misuse(request, person_id: int, misuse_id: int):
    person = person_for_viewer(request, person_id, what="substance misuse")
    misuse = get_object_or_404(SubstanceMisuse, pk=misuse_id, child=person)
    initial = {"version": misuse.version, "intervention_offered": misuse.intervention_offered,
               "intervention_received": misuse.intervention_received}  # fmt: skip
    form = SubstanceMisuseUpdateForm(request.POST or None, initial=initial)
    title = f"Substance misuse identified {misuse.identified_date:%d %B %Y}: intervention"
    return _record_page(
        request, person, form, title=title, success="Intervention updated",
        save=lambda d: services.substance_misuse_update(
            misuse_id=misuse.pk, expected_version=d["version"], intervention_offered=d["intervention_offered"],
            intervention_received=d["intervention_received"], updated_by=request.user,
        ),
    )  # fmt: skip


def conviction_new(request, person_id: int):
    person = person_for_viewer(request, person_id, what="record a conviction")
    form = ConvictionForm(request.POST or None, initial=_today_initial("conviction_date"))
    return _record_page(
        request, person, form, title="Record a conviction", success="Conviction recorded",
        save=lambda d: services.conviction_record(child=person, recorded_by=request.user, **d),
    )  # fmt: skip
