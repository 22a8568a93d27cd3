"""Care leaver pages. The child's page loads the person through the visibility selector first; the leaving care
list filters from visible_people and records who was shown. Writes go through services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguard.access.selectors import people_for_listing, person_for_viewer, visible_people
from safeguard.forms_errors import bound_to as _bound
from safeguard.forms_errors import posted_action as _action
from safeguard.forms_errors import save_through_service
from safeguard.workforce.models import Allocation

from . import selectors, services
from .eligibility import Category, age_on
from .forms import (
    CATEGORY_FILTER,
    AdviserForm,
    BirthdayForm,
    ContactForm,
    ExtendForm,
    NeedsAssessmentForm,
    PlanReviewForm,
    PlanStartForm,
)
from .models import CareLeaver

PAGE_SIZE = 50


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="care leaver record")
    user = request.user
    today = timezone.localdate()
    care_leaver = selectors.care_leaver_for(person)
    plan = selectors.open_pathway_plan(person)
    current = care_leaver is not None and care_leaver.category != Category.NONE
    can_record = user.has_perm("careleavers.record")
    due_ages = selectors.birthday_record_ages(care_leaver, person.date_of_birth) if current else []
    recorded = {r.age: r for r in selectors.birthday_records(person)}
    next_age = next((age for age in due_ages if age not in recorded), None)
    allowed = {
        "refresh": can_record and person.date_of_birth is not None,
        "extend": can_record and care_leaver is not None and care_leaver.eligible_from is not None,
        "needs_assessment": can_record
        and current
        and care_leaver.eligible_from is not None
        and care_leaver.needs_assessment_completed_on is None,
        "adviser": current and user.has_perm("workforce.allocate"),
        "contact": can_record and current,
        "plan_start": can_record and current and plan is None and care_leaver.category != Category.QUALIFYING,
        "plan_review": can_record and plan is not None,
        "birthday": can_record and next_age is not None,
    }
    action = _action(request)
    if action is not None and not allowed.get(action, False):
        raise PermissionDenied("Unknown action, or not one your role may take")
    forms = _forms(request, action, care_leaver, next_age, today)
    if action == "refresh":
        services.care_leaver_refresh(child=person, refreshed_by=user)
        return redirect("careleavers:child", person.pk)
    if action is not None and save_through_service(request, *_call(action, forms, care_leaver, plan, user)):
        return redirect("careleavers:child", person.pk)
    return render(
        request,
        "careleavers/child.html",
        {
            "person": person,
            "care_leaver": care_leaver,
            "current": current,
            "eligibility": selectors.eligibility_for(person, today),
            "adviser": selectors.personal_adviser(person),
            "plan": plan,
            "reviews": list(plan.reviews.all()) if plan else [],
            "contacts": selectors.recent_contacts(person),
            "birthdays": [recorded[age] for age in sorted(recorded)],
            "next_birthday_age": next_age,
            "next_birthday_label": services.ordinal(next_age) if next_age else "",
            "forms": {name: form for name, form in forms.items() if allowed[name]},
            "can_refresh": allowed["refresh"],
            "today": today,
        },
    )


def _forms(request, action, care_leaver: CareLeaver | None, next_age, today) -> dict:
    version = care_leaver.version if care_leaver else 0
    return {
        "extend": ExtendForm(
            _bound(request, action, "extend"),
            prefix="extend",
            initial={"version": version, "extended": "no" if care_leaver and care_leaver.extended_to_25 else "yes"},
        ),
        "needs_assessment": NeedsAssessmentForm(
            _bound(request, action, "needs_assessment"),
            prefix="na",
            initial={"version": version, "completed_on": today},
        ),
        "adviser": AdviserForm(_bound(request, action, "adviser"), prefix="pa", initial={"start_date": today}),
        "contact": ContactForm(_bound(request, action, "contact"), prefix="contact", initial={"contact_date": today}),
        "plan_start": PlanStartForm(
            _bound(request, action, "plan_start"), prefix="plan", initial={"start_date": today}
        ),
        "plan_review": PlanReviewForm(
            _bound(request, action, "plan_review"), prefix="review", initial={"review_date": today}
        ),
        "birthday": BirthdayForm(_bound(request, action, "birthday"), prefix="birthday", initial={"age": next_age}),
    }


def _call(action: str, forms: dict, care_leaver, plan, user):
    form = forms[action]
    calls = {
        "extend": lambda d: services.care_leaver_support_extend(
            care_leaver_id=care_leaver.pk, expected_version=d["version"], extended=d["extended"], changed_by=user
        ),
        "needs_assessment": lambda d: services.needs_assessment_complete(
            care_leaver_id=care_leaver.pk,
            expected_version=d["version"],
            completed_on=d["completed_on"],
            recorded_by=user,
        ),
        "adviser": lambda d: services.personal_adviser_allocate(
            care_leaver_id=care_leaver.pk, worker=d["worker"], start_date=d["start_date"], allocated_by=user
        ),
        "contact": lambda d: services.adviser_contact_record(
            care_leaver_id=care_leaver.pk,
            contact_date=d["contact_date"],
            kind=d["kind"],
            in_touch=d["in_touch"],
            notes=d["notes"],
            recorded_by=user,
        ),
        "plan_start": lambda d: services.pathway_plan_start(
            care_leaver_id=care_leaver.pk, start_date=d["start_date"], summary=d["summary"], created_by=user
        ),
        "plan_review": lambda d: services.pathway_plan_review_record(
            plan_id=plan.pk, review_date=d["review_date"], notes=d["notes"], recorded_by=user
        ),
        "birthday": lambda d: services.birthday_contact_record(
            care_leaver_id=care_leaver.pk,
            age=d["age"],
            in_touch=d["in_touch"],
            accommodation=d["accommodation"],
            activity=d["activity"],
            contact_date=d["contact_date"],
            recorded_by=user,
        ),
    }
    messages = {
        "extend": "Support to 25 updated",
        "needs_assessment": "Needs assessment recorded",
        "adviser": "Personal adviser allocated",
        "contact": "Contact recorded",
        "plan_start": "Pathway plan recorded",
        "plan_review": "Pathway plan review recorded",
        "birthday": "Birthday record saved",
    }
    return form, calls[action], messages[action]


def team_list(request):
    """The leaving care team's list: every visible care leaver with their position and what is overdue."""
    today = timezone.localdate()
    category = request.GET.get("category", "")
    if category not in dict(CATEGORY_FILTER):
        category = ""
    leavers = selectors.care_leavers_for_listing(visible_people(request.user), category=category)
    page = Paginator(leavers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    people_for_listing(request, [cl.child for cl in rows], what="care leavers list")
    advisers = {
        a.child_id: a.worker
        for a in Allocation.objects.filter(
            child_id__in=[cl.child_id for cl in rows], kind=Allocation.Kind.PERSONAL_ADVISER, end_date__isnull=True
        ).select_related("worker")
    }
    late_reviews = selectors.overdue_reviews([cl.pk for cl in rows], today)
    return render(
        request,
        "careleavers/list.html",
        {
            "rows": [_row(cl, advisers.get(cl.child_id), cl.pk in late_reviews, today) for cl in rows],
            "page": page,
            "category": category,
            "categories": CATEGORY_FILTER,
            "today": today,
        },
    )


def _row(cl: CareLeaver, adviser, review_overdue: bool, today) -> dict:
    overdue = []
    if cl.needs_assessment_completed_on is None and cl.needs_assessment_due and cl.needs_assessment_due < today:
        overdue.append("Needs assessment")
    if review_overdue:
        overdue.append("Pathway plan review")
    if cl.next_pa_contact_due and cl.next_pa_contact_due < today:
        overdue.append("Personal adviser contact")
    if cl.next_birthday_contact_due and cl.next_birthday_contact_due < today:
        overdue.append("Birthday record")
    dob = cl.child.date_of_birth
    return {"cl": cl, "age": age_on(dob, today) if dob else None, "adviser": adviser, "overdue": overdue}
