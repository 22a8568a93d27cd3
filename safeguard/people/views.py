"""Person pages. Every one loads the person through access.selectors.person_for_viewer (audited, 404s)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safeguard.access.selectors import people_for_listing, person_for_viewer, viewers_of, visible_people
from safeguard.chronology.models import Category
from safeguard.forms_errors import apply_errors
from safeguard.workforce.selectors import allocations_for

from . import services
from .forms import (
    AddressForm,
    AliasForm,
    DisabilityForm,
    FlagForm,
    NewPersonForm,
    PersonForm,
    PersonSearchForm,
    ProfessionalForm,
    RelationshipForm,
)
from .models import Person
from .panels import panels_for
from .search import search_people
from .selectors import (
    active_flags,
    age_on,
    chronology,
    family_network,
    field_history,
    likely_duplicates,
    previous_involvement,
)


def search(request):
    form = PersonSearchForm(request.GET or None)
    matches = []
    if form.is_valid():
        matches = search_people(
            visible_people(request.user),
            name=form.cleaned_data["name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
            identifier=form.cleaned_data["identifier"],
        )
        people_for_listing(request, [m.person for m in matches], what="person search", action="search")
    pick_for = request.GET.get("pick_for", "")
    return render(
        request,
        "people/search.html",
        {"form": form, "matches": matches, "pick_for": pick_for, "searched": form.is_bound},
    )


def detail(request, person_id: int):
    person = person_for_viewer(request, person_id, what="person record")
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "age": age_on(person),
            "flags": active_flags(person),
            "network": family_network(person, request.user),
            "addresses": person.addresses.all(),
            "professionals": person.professionals.all(),
            "aliases": person.aliases.all(),
            "disabilities": person.disabilities.all(),
            "allocations": allocations_for(person),
            "episodes": person.cin_episodes.select_related("team").all(),
            "involvement": previous_involvement(person) if person.is_child else None,
            "recent_events": chronology(person)[:10],
            "panels": panels_for(person, request.user),
            "today": timezone.localdate(),
            "can_allocate": request.user.has_perm("workforce.allocate"),
            "can_edit": request.user.has_perm("people.edit"),
            "can_view_viewers": request.user.has_perm("access.view_viewers"),
        },
    )


def chronology_view(request, person_id: int):
    person = person_for_viewer(request, person_id, what="chronology")
    categories = [c for c in request.GET.getlist("category") if c in Category.values]
    since, until = _date_param(request, "since"), _date_param(request, "until")
    events = chronology(person, categories=categories, since=since, until=until, text=request.GET.get("text", ""))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/chronology.html",
        {
            "person": person,
            "page": page,
            "categories": Category.choices,
            "selected": categories,
            "since": since,
            "until": until,
            "text": request.GET.get("text", ""),
        },
    )


def history(request, person_id: int):
    person = person_for_viewer(request, person_id, what="change history")
    return render(request, "people/history.html", {"person": person, "changes": field_history(person)})


def viewers(request, person_id: int):
    if not request.user.has_perm("access.view_viewers"):
        raise PermissionDenied("Only managers can see who viewed a record")
    person = person_for_viewer(request, person_id, what="who viewed this record")
    return render(request, "people/viewers.html", {"person": person, "rows": viewers_of(person)})


@require_http_methods(["GET", "POST"])
def create(request):
    if not request.user.has_perm("people.create"):
        raise PermissionDenied("Your role cannot create records")
    form = NewPersonForm(request.POST or None, initial={"kind": request.GET.get("kind", "child")})
    duplicates, hidden_duplicates = [], 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates, hidden_duplicates = likely_duplicates(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            viewer=request.user,
        )
        people_for_listing(request, duplicates, what="duplicate check", action="search")
        if (duplicates or hidden_duplicates) and not data["confirm_not_duplicate"]:
            form.add_error(None, "Check the possible matches below before creating a new record")
        else:
            try:
                fields = {k: data[k] for k in services.PERSON_FIELDS if k in data}
                person = services.person_create(kind=data["kind"], created_by=request.user, **fields)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"Record created for {person.full_name} ({person.la_person_id})")
                return redirect(_after_create(request, person))
    return render(
        request,
        "people/create.html",
        {
            "form": form,
            "duplicates": duplicates,
            "hidden_duplicates": hidden_duplicates,
            "next": request.GET.get("next", ""),
        },
    )


def _after_create(request, person: Person) -> str:
    next_url = request.GET.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        separator = "&" if "?" in next_url else "?"
        return f"{next_url}{separator}child={person.pk}" if person.is_child else next_url
    return reverse("people:detail", args=[person.pk])


@require_http_methods(["GET", "POST"])
def edit(request, person_id: int):
    if not request.user.has_perm("people.edit"):
        raise PermissionDenied("Your role cannot edit records")
    person = person_for_viewer(request, person_id, what="edit personal details")
    form = PersonForm(request.POST or None, instance=person, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in PersonForm.Meta.fields}
        try:
            services.person_update(
                person_id=person.pk,
                expected_version=form.cleaned_data["version"] or 0,
                updated_by=request.user,
                **changes,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Personal details updated")
            return redirect("people:detail", person.pk)
    return render(request, "people/edit.html", {"form": form, "person": person})


def _child_form_view(request, person_id: int, *, form_class, title: str, save, what: str):
    """The shared shape of the small "add something to this person" pages."""
    if not request.user.has_perm("people.edit"):
        raise PermissionDenied("Your role cannot change records")
    person = person_for_viewer(request, person_id, what=what)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(person, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{title}: saved")
            return redirect("people:detail", person.pk)
    return render(request, "people/add_form.html", {"form": form, "person": person, "title": title})


def add_flag(request, person_id: int):
    return _child_form_view(
        request,
        person_id,
        form_class=FlagForm,
        title="Add a flag",
        what="add flag",
        save=lambda person, data: services.flag_add(person=person, created_by=request.user, **data),
    )


def add_alias(request, person_id: int):
    return _child_form_view(
        request,
        person_id,
        form_class=AliasForm,
        title="Add another name",
        what="add alias",
        save=lambda person, data: services.person_alias_add(person=person, **data),
    )


def add_address(request, person_id: int):
    return _child_form_view(
        request,
        person_id,
        form_class=AddressForm,
        title="Add an address",
        what="add address",
        save=lambda person, data: services.address_add(person=person, **data),
    )


def add_professional(request, person_id: int):
    return _child_form_view(
        request,
        person_id,
        form_class=ProfessionalForm,
        title="Add a professional involved",
        what="add professional",
        save=lambda person, data: services.professional_add(person=person, **data),
    )


def add_disability(request, person_id: int):
    return _child_form_view(
        request,
        person_id,
        form_class=DisabilityForm,
        title="Record a disability",
        what="add disability",
        save=lambda person, data: services.person_disability_add(person=person, **data),
    )


def add_relationship(request, person_id: int):
    def save(person, data):
        related = visible_people(request.user).filter(la_person_id=data["related_person_id"].strip().upper()).first()
        if related is None:
            raise ValidationError({"related_person_id": "No person you can see has that LA person ID"})
        services.relationship_add(
            person=person,
            related_person=related,
            type=data["type"],
            lives_with=data["lives_with"],
            has_parental_responsibility=data["has_parental_responsibility"],
            start_date=data["start_date"],
        )

    return _child_form_view(
        request, person_id, form_class=RelationshipForm, title="Add a relationship", what="add relationship", save=save
    )


def _date_param(request, name: str):
    from django.utils.dateparse import parse_date

    try:
        return parse_date(request.GET.get(name, "") or "")
    except ValueError:
        return None
