"""The child's legal page: pre-proceedings and deprivation of liberty orders, and the forms to record them.

The child is loaded through the visibility selector; a record named in a form is looked up among that
child's own records only, so a posted id cannot reach another child's record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguard.access.selectors import person_for_viewer
from safeguard.forms_errors import bound_to, check_action, posted_action, save_through_service

from . import services
from .forms import EndForm, EndOrderForm, OrderForm, StartForm, UpdateForm
from .models import DeprivationOfLibertyOrder, PreProceedings
from .selectors import open_pre_proceedings, orders_for, pre_proceedings_for

ACTIONS = ("start", "update", "end", "order", "end_order")


def _own(model, person, pk: int):
    record = model.objects.filter(child=person, pk=pk).first()
    if record is None:
        raise ValidationError("That record is not this child's: reload the page")
    return record


def _update(person, user, d):
    record = _own(PreProceedings, person, d.pop("record"))
    return services.preproceedings_update(pre_proceedings=record, recorded_by=user, **d)


def _end(person, user, d):
    record = _own(PreProceedings, person, d.pop("record"))
    return services.preproceedings_end(pre_proceedings=record, recorded_by=user, **d)


def _end_order(person, user, d):
    order = _own(DeprivationOfLibertyOrder, person, d.pop("record"))
    return services.deprivation_of_liberty_end(order=order, recorded_by=user, **d)


def _record_forms(request, action, current):
    """The update and end forms for the open pre-proceedings, bound when posted, else filled from the record."""
    if current is None:
        return None, None
    fill = {"record": current.pk, "version": current.version}
    update = UpdateForm(
        bound_to(request, action, "update"),
        prefix="update",
        initial=fill | {
            "letter_sent_on": current.letter_sent_on, "initial_meeting_date": current.initial_meeting_date,
            "review_meetings": current.review_meetings, "notes": current.notes,
            "fgdm_offered": {True: "yes", False: "no"}.get(current.fgdm_offered, ""),
            "fgdm_held": {True: "yes", False: "no"}.get(current.fgdm_held, ""),
        },
    )  # fmt: skip
    end = EndForm(bound_to(request, action, "end"), prefix="end", initial=fill)
    return update, end


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="pre-proceedings and deprivation of liberty")
    user = request.user
    can_record = user.has_perm("legal.record") and person.is_child
    action = posted_action(request)
    check_action(action, dict.fromkeys(ACTIONS, can_record))
    today = timezone.localdate()
    current = open_pre_proceedings(person)
    start_form = StartForm(bound_to(request, action, "start"), prefix="start", initial={"decision_date": today})
    update_form, end_form = _record_forms(request, action, current)
    orders = list(orders_for(person))
    open_order = next((o for o in orders if o.end_date is None), None)
    order_form = OrderForm(bound_to(request, action, "order"), prefix="order")
    end_order_form = (
        EndOrderForm(bound_to(request, action, "end_order"), prefix="end_order",
                     initial={"record": open_order.pk, "version": open_order.version, "end_date": today})
        if open_order else None
    )  # fmt: skip
    calls = {
        "start": (start_form, lambda d: services.preproceedings_start(child=person, recorded_by=user, **d),
                  "Pre-proceedings started"),
        "update": (update_form, lambda d: _update(person, user, d), "Pre-proceedings updated"),
        "end": (end_form, lambda d: _end(person, user, d), "Pre-proceedings ended"),
        "order": (order_form, lambda d: services.deprivation_of_liberty_record(child=person, recorded_by=user, **d),
                  "Deprivation of liberty order recorded"),
        "end_order": (end_order_form, lambda d: _end_order(person, user, d), "Deprivation of liberty order ended"),
    }  # fmt: skip
    if action is not None:
        form, call, message = calls[action]
        if form is not None and save_through_service(request, form, call, message):
            return redirect("legal:child", person.pk)
    forms = [f for f in (start_form, update_form, end_form, order_form, end_order_form) if f is not None]
    return render(
        request,
        "legal/child.html",
        {
            "person": person,
            "records": list(pre_proceedings_for(person)),
            "current": current,
            "orders": orders,
            "open_order": open_order,
            "start_form": start_form,
            "update_form": update_form,
            "end_form": end_form,
            "order_form": order_form,
            "end_order_form": end_order_form,
            "can_record": can_record,
            "has_errors": any(f.errors for f in forms),
            "forms": forms,
        },
    )
