from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.access.selectors import people_for_listing, person_for_viewer
from safeguard.forms_errors import apply_errors
from safeguard.people.models import Person
from safeguard.people.selectors import family_network, previous_involvement

from . import services
from .forms import ContactForm, DecisionForm
from .models import ContactAdult
from .selectors import contact_for_viewer, front_door_queue


def queue(request):
    if not request.user.has_perm("frontdoor.record_contact"):
        raise PermissionDenied("The front-door queue is for front-door staff and managers")
    contacts = list(front_door_queue(request.user)[:500])
    people_for_listing(request, [c.child for c in contacts], what="front-door queue")
    return render(request, "frontdoor/queue.html", {"contacts": contacts, "today": timezone.localdate()})


def new_contact(request):
    if not request.user.has_perm("frontdoor.record_contact"):
        raise PermissionDenied("Only front-door staff and managers record contacts")
    child_ids = list(dict.fromkeys(int(c) for c in request.GET.getlist("child") if c.isdigit()))
    children = [person_for_viewer(request, pk, what="record a contact") for pk in child_ids]
    adults = {
        m.person.pk: m.person
        for c in children
        for m in family_network(c, request.user)
        if m.person.kind == Person.Kind.ADULT
    }
    form = ContactForm(request.POST or None, adults=adults.values())
    if request.method == "POST" and children and form.is_valid():
        data = form.cleaned_data
        involved = [(adults[int(pk)], ContactAdult.Role.PARENT_CARER) for pk in data["parents_carers"]]
        involved += [(adults[int(pk)], ContactAdult.Role.ALLEGED_PERPETRATOR) for pk in data["alleged_perpetrators"]]
        try:
            contacts = services.contact_record(
                children=children,
                received_at=data["received_at"],
                source=data["source"],
                reasons=data["reasons"],
                summary=data["summary"],
                rag=data["rag"],
                recorded_by=request.user,
                adults=involved,
                referrer_name=data["referrer_name"],
                referrer_organisation=data["referrer_organisation"],
                referrer_contact=data["referrer_contact"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"Contact recorded for {len(contacts)} {'child' if len(contacts) == 1 else 'children'}"
            )
            return redirect("frontdoor:contact", contacts[0].pk)
    this_page = reverse("frontdoor:new_contact") + (
        "?" + urlencode([("child", c) for c in child_ids]) if child_ids else ""
    )
    find_child = reverse("people:search") + "?" + urlencode({"pick_for": this_page})
    return render(request, "frontdoor/new_contact.html", {"form": form, "children": children, "find_child": find_child})


def contact(request, contact_id: int):
    contact = contact_for_viewer(request, contact_id, what="contact")
    decision = getattr(contact, "decision", None)
    form = None
    if decision is None and request.user.has_perm("frontdoor.decide_contact"):
        form = DecisionForm(request.POST or None, initial={"version": contact.version})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.contact_decide(
                    contact_id=contact.pk,
                    expected_version=data["version"],
                    outcome=data["outcome"],
                    reason=data["reason"],
                    team=data["team"],
                    decided_by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"Decision recorded for {contact.child.full_name}")
                return redirect("frontdoor:contact", contact.pk)
    elif request.method == "POST":
        raise PermissionDenied("This contact cannot be decided by you, or is already decided")
    return render(
        request,
        "frontdoor/contact.html",
        {
            "contact": contact,
            "decision": decision,
            "form": form,
            "involvement": previous_involvement(contact.child, exclude_contact_id=contact.pk),
            "network": family_network(contact.child, request.user),
            "today": timezone.localdate(),
        },
    )
