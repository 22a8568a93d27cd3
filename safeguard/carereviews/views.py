"""Looked-after reviews and visits. The child's page loads the child through the visibility selector first;
the IRO's list filters their children through visible_people and records the listing. Writes go through services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import people_for_listing, person_for_viewer, visible_people
from safeguard.forms_errors import bound_to as _bound
from safeguard.forms_errors import posted_action as _action
from safeguard.forms_errors import save_through_service
from safeguard.workforce.models import Worker

from . import selectors, services
from .forms import AllocateIROForm, IROContactForm, ReviewForm, ReviewUpdateForm, VisitForm
from .models import LookedAfterReview


def _active_iros(today):
    return Worker.objects.filter(role=Worker.Role.IRO).exclude(end_date__lt=today).order_by("last_name", "first_name")


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="looked-after reviews and visits")
    user = request.user
    today = timezone.localdate()
    period = selectors.current_period(person)
    allowed = {
        "review": period is not None and user.has_perm("carereviews.record_review"),
        "iro_contact": period is not None and user.has_perm("carereviews.record_review"),
        "visit": period is not None and user.has_perm("carereviews.record_visit"),
        "allocate_iro": period is not None and user.has_perm("workforce.allocate"),
    }
    action = _action(request)
    if action is not None and not allowed.get(action, False):
        raise PermissionDenied("Unknown action, or not one your role may take")
    iros = _active_iros(today)
    review_form = ReviewForm(
        _bound(request, action, "review"), prefix="review", iros=iros, initial={"review_date": today}
    )
    visit_form = VisitForm(_bound(request, action, "visit"), prefix="visit", initial={"visit_date": today})
    contact_form = IROContactForm(
        _bound(request, action, "iro_contact"), prefix="contact", initial={"contact_date": today}
    )
    allocate_form = AllocateIROForm(
        _bound(request, action, "allocate_iro"), prefix="iro", iros=iros, initial={"start_date": today}
    )
    calls = {
        "review": (
            review_form,
            lambda d: services.review_record(
                period=period,
                review_date=d["review_date"],
                participation=d["participation"],
                iro=d["iro"],
                outcome_notes=d["outcome_notes"],
                recorded_by=user,
            ),
            "Review recorded",
        ),
        "visit": (
            visit_form,
            lambda d: services.visit_record(
                period=period,
                visit_date=d["visit_date"],
                child_seen=d["child_seen"],
                seen_alone=d["seen_alone"],
                child_agrees_six_monthly=d["child_agrees_six_monthly"],
                note=d["note"],
                recorded_by=user,
            ),
            "Visit recorded",
        ),
        "iro_contact": (
            contact_form,
            lambda d: services.iro_contact_record(
                period=period, contact_date=d["contact_date"], kind=d["kind"], note=d["note"], recorded_by=user
            ),
            "IRO contact recorded",
        ),
        "allocate_iro": (
            allocate_form,
            lambda d: services.iro_allocate(child=person, iro=d["iro"], start_date=d["start_date"], allocated_by=user),
            "IRO allocated",
        ),
    }
    if action is not None and save_through_service(request, *calls[action]):
        return redirect("carereviews:child", person.pk)
    forms = {name: form for name, (form, _, _) in calls.items()}
    return render(
        request,
        "carereviews/child.html",
        {
            "person": person,
            "period": period,
            "schedule": selectors.schedule_for(period),
            "iro_allocation": selectors.current_iro_allocation(person),
            "reviews": list(selectors.reviews_for(person)),
            "visits": list(selectors.visits_for(person)),
            "contacts": list(selectors.iro_contacts_for(person)),
            **{f"{name}_form": form if allowed[name] else None for name, form in forms.items()},
            "forms": list(forms.values()),
            "today": today,
            "can_correct_reviews": user.has_perm("carereviews.record_review"),
        },
    )


def review_edit(request, person_id: int, lac_review_id: int):
    """Correct a recorded review's participation code or outcome. The review is fetched through its child, so
    another child's review id answers 404; a stale version (someone saved first) is refused by the service."""
    person = person_for_viewer(request, person_id, what="looked-after review")
    review = get_object_or_404(LookedAfterReview.objects.select_related("iro"), pk=lac_review_id, child=person)
    can_correct = request.user.has_perm("carereviews.record_review")
    if request.method == "POST" and not can_correct:
        raise PermissionDenied("Your role cannot change looked-after reviews")
    initial = {"version": review.version, "participation": review.participation, "outcome_notes": review.outcome_notes}
    form = ReviewUpdateForm(request.POST if request.method == "POST" else None, initial=initial)

    def save(data):
        return services.review_update(
            review_id=review.pk,
            expected_version=data["version"],
            participation=data["participation"],
            outcome_notes=data["outcome_notes"],
            updated_by=request.user,
        )

    if request.method == "POST" and save_through_service(request, form, save, "Review corrected"):
        return redirect("carereviews:child", person.pk)
    return render(
        request,
        "carereviews/review_edit.html",
        {"person": person, "review": review, "form": form, "can_correct": can_correct},
    )


def iro_list(request):
    user = request.user
    if not user.has_perm("carereviews.view_iro_list"):
        raise PermissionDenied("Only IROs have a list of reviews")
    worker = getattr(user, "worker", None)
    is_iro = worker is not None and worker.role == Worker.Role.IRO
    rows = list(selectors.iro_schedules(worker, visible_people(user))) if is_iro else []
    people_for_listing(request, [row.child for row in rows], what="IRO review schedule")
    return render(
        request,
        "carereviews/iro_list.html",
        {"worker": worker, "is_iro": is_iro, "rows": rows, "today": timezone.localdate()},
    )
