"""Adoption pages. A child's pages load the child through the visibility selector first, then their records filtered
by that child (another child's journey id 404s). Adopter and scorecard pages show no child and are for the roles
in rules.py. Writes go through services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safeguard.access.selectors import person_for_viewer
from safeguard.forms_errors import bound_to as _bound
from safeguard.forms_errors import check_action as _check_action
from safeguard.forms_errors import posted_action as _action
from safeguard.forms_errors import save_through_service
from safeguard.lac.selectors import current_period

from . import selectors, services
from .charts import bar_chart
from .forms import (
    AdopterForm,
    AdopterLeaveForm,
    AdopterStepForm,
    AdoptionOrderForm,
    ConsentForm,
    DecisionForm,
    DisruptionForm,
    EarlyPermanenceForm,
    MatchForm,
    PermanenceOrderForm,
    PlaceForm,
    PlacementOrderForm,
    PreviousPermanenceForm,
    ReverseForm,
    ReviewForm,
    ScorecardForm,
    VisitForm,
)
from .models import ADOPTER_STEPS, AdoptionJourney, PermanenceOrder, PreviousPermanenceRecord


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied("Your role cannot see this page")


# --- The child's adoption and permanence record ------------------------------------------------------


def child(request, person_id: int):
    person = person_for_viewer(request, person_id, what="adoption and permanence record")
    user = request.user
    today = timezone.localdate()
    period = current_period(person)
    journeys = list(selectors.journeys_for(person))
    can = user.has_perm("adoption.record") and period is not None
    has_open = any(j.is_open and j.period_id == period.pk for j in journeys) if period else False
    has_previous = period is not None and PreviousPermanenceRecord.objects.filter(period=period).exists()
    allowed = {"decision": can and not has_open, "order": can and not has_open, "previous": can and not has_previous}
    action = _action(request)
    _check_action(action, allowed)
    decision_form = DecisionForm(
        _bound(request, action, "decision"), prefix="decision", initial={"decision_date": today}
    )
    order_form = PermanenceOrderForm(_bound(request, action, "order"), prefix="order", initial={"order_date": today})
    previous_form = PreviousPermanenceForm(_bound(request, action, "previous"), prefix="previous")
    calls = {
        "decision": (
            decision_form,
            lambda d: services.journey_start(period=period, decision_date=d["decision_date"], recorded_by=user),
            "Decision recorded",
        ),
        "order": (
            order_form,
            lambda d: services.permanence_order_record(
                period=period, kind=d["kind"], order_date=d["order_date"], carer=d["carer"], recorded_by=user
            ),
            "Order recorded: the child is no longer looked after",
        ),
        "previous": (
            previous_form,
            lambda d: services.previous_permanence_record(
                period=period,
                previous_permanence=d["previous_permanence"],
                la_code=d["la_code"],
                order_date=d["order_date"],
                recorded_by=user,
            ),
            "Previous permanence recorded",
        ),
    }
    if action is not None:
        saved = save_through_service(request, *calls[action])
        if isinstance(saved, AdoptionJourney):
            return redirect("adoption:journey", person.pk, saved.pk)
        if saved:
            return redirect("adoption:child", person.pk)
    return render(
        request,
        "adoption/child.html",
        {
            "person": person,
            "period": period,
            "journeys": journeys,
            "orders": list(PermanenceOrder.objects.filter(child=person).order_by("-order_date")),
            "previous": list(PreviousPermanenceRecord.objects.filter(child=person).select_related("period")),
            "decision_form": decision_form if allowed["decision"] else None,
            "order_form": order_form if allowed["order"] else None,
            "previous_form": previous_form if allowed["previous"] else None,
            "forms": [decision_form, order_form, previous_form],
        },
    )


def _journey_allowed(journey: AdoptionJourney, can: bool) -> dict[str, bool]:
    live = can and journey.is_open
    return {
        "placement_order": live and not journey.placement_order_date,
        "consent": live and not journey.consent_date and not journey.match_date,
        "early_permanence": live and not journey.early_permanence and not journey.placed_date,
        "match": live and bool(journey.authority_date) and not journey.match_date,
        "place": live and bool(journey.match_date) and not journey.placed_date,
        "adoption_order": live and bool(journey.placed_date),
        "review": live and bool(journey.authority_date),
        "visit": live and bool(journey.placed_date),
        "reverse": live,
        "disrupt": live and journey.moved_in_date is not None,
    }


def journey(request, person_id: int, journey_id: int):
    person = person_for_viewer(request, person_id, what="adoption journey")
    j = get_object_or_404(AdoptionJourney.objects.select_related("period", "adopter"), pk=journey_id, child=person)
    user = request.user
    today = timezone.localdate()
    allowed = _journey_allowed(j, user.has_perm("adoption.record"))
    action = _action(request)
    _check_action(action, allowed)
    version = {"version": j.version}
    forms = {
        "placement_order": PlacementOrderForm(
            _bound(request, action, "placement_order"), prefix="po", initial={**version, "order_date": today}
        ),
        "consent": ConsentForm(
            _bound(request, action, "consent"), prefix="consent", initial={**version, "consent_date": today}
        ),
        "early_permanence": EarlyPermanenceForm(
            _bound(request, action, "early_permanence"), prefix="ep", initial={**version, "placed_date": today}
        ),
        "match": MatchForm(
            _bound(request, action, "match"),
            prefix="match",
            initial={**version, "match_date": today},
            adopters=selectors.approved_adopters_available(today),
        ),
        "place": PlaceForm(_bound(request, action, "place"), prefix="place", initial={**version, "placed_date": today}),
        "adoption_order": AdoptionOrderForm(
            _bound(request, action, "adoption_order"), prefix="ao", initial={**version, "order_date": today}
        ),
        "review": ReviewForm(_bound(request, action, "review"), prefix="review", initial={"held_on": today}),
        "visit": VisitForm(_bound(request, action, "visit"), prefix="visit", initial={"visit_date": today}),
        "reverse": ReverseForm(
            _bound(request, action, "reverse"), prefix="reverse", initial={**version, "reversed_date": today}
        ),
        "disrupt": DisruptionForm(
            _bound(request, action, "disrupt"), prefix="disrupt", initial={**version, "disrupted_on": today}
        ),
    }
    ids = {"journey_id": j.pk}
    calls = {
        "placement_order": lambda d: services.journey_placement_order(
            **ids, expected_version=d["version"], order_date=d["order_date"], recorded_by=user
        ),
        "consent": lambda d: services.journey_consent(
            **ids, expected_version=d["version"], consent_date=d["consent_date"], recorded_by=user
        ),
        "early_permanence": lambda d: services.journey_early_permanence(
            **ids, expected_version=d["version"], kind=d["kind"], placed_date=d["placed_date"], recorded_by=user
        ),
        "match": lambda d: services.journey_match(
            **ids,
            expected_version=d["version"],
            match_date=d["match_date"],
            adopter_id=d["adopter"].pk,
            recorded_by=user,
        ),
        "place": lambda d: services.journey_place(
            **ids, expected_version=d["version"], placed_date=d["placed_date"], recorded_by=user
        ),
        "adoption_order": lambda d: services.journey_adoption_order(
            **ids,
            expected_version=d["version"],
            order_date=d["order_date"],
            consent_dispensed=d["consent_dispensed"],
            recorded_by=user,
        ),
        "review": lambda d: services.adoption_review_record(**ids, held_on=d["held_on"], recorded_by=user),
        "visit": lambda d: services.adoption_visit_record(
            **ids, visit_date=d["visit_date"], child_seen=d["child_seen"], recorded_by=user
        ),
        "reverse": lambda d: services.journey_reverse(
            **ids, expected_version=d["version"], reversed_date=d["reversed_date"], reason=d["reason"], recorded_by=user
        ),
        "disrupt": lambda d: services.journey_disrupt(
            **ids, expected_version=d["version"], recorded_by=user, **{k: v for k, v in d.items() if k != "version"}
        ),
    }
    if action is not None and save_through_service(request, forms[action], calls[action], "Saved"):
        return redirect("adoption:journey", person.pk, j.pk)
    return render(
        request,
        "adoption/journey.html",
        {
            "person": person,
            "journey": j,
            "timeline": selectors.timeline(j),
            "a1": selectors.a1_days(j),
            "a2": selectors.a2_days(j),
            "a1_threshold": selectors.a1_threshold(),
            "a2_threshold": selectors.a2_threshold(),
            "reviews": list(j.reviews.all()),
            "visits": list(j.visits.select_related("recorded_by")),
            "disruptions": list(j.disruptions.select_related("adopter", "new_placement")),
            "shown": {name: form for name, form in forms.items() if allowed[name]},
            "forms": list(forms.values()),
            "today": today,
        },
    )


# --- Prospective adopters ----------------------------------------------------------------------------


def adopters(request):
    _require(request.user, "adoption.view_adopters")
    show = request.GET.get("show", "active")
    households = selectors.adopters().order_by("-enquiry_date", "-pk")
    if show == "active":
        households = households.filter(left_on__isnull=True)
    return render(
        request,
        "adoption/adopters.html",
        {
            "adopters": list(households[:500]),
            "show": show,
            "can_manage": request.user.has_perm("adoption.manage_adopters"),
        },
    )


def adopter_new(request):
    _require(request.user, "adoption.manage_adopters")
    form = AdopterForm(request.POST or None, initial={"enquiry_date": timezone.localdate()})
    if request.method == "POST":
        adopter = save_through_service(
            request,
            form,
            lambda d: services.adopter_record(**d, recorded_by=request.user),
            "Prospective adopters recorded",
        )
        if adopter:
            return redirect("adoption:adopter", adopter.pk)
    return render(request, "adoption/adopter_new.html", {"form": form})


def adopter(request, adopter_id: int):
    user = request.user
    _require(user, "adoption.view_adopters")
    household = get_object_or_404(selectors.adopters(), pk=adopter_id)
    today = timezone.localdate()
    can = user.has_perm("adoption.manage_adopters") and household.is_active
    allowed = {"step": can, "leave": can}
    action = _action(request)
    _check_action(action, allowed)
    version = {"version": household.version}
    step_form = AdopterStepForm(_bound(request, action, "step"), prefix="step", initial={**version, "on": today})
    leave_form = AdopterLeaveForm(
        _bound(request, action, "leave"), prefix="leave", initial={**version, "left_on": today}
    )
    calls = {
        "step": (
            step_form,
            lambda d: services.adopter_step_record(
                adopter_id=household.pk, expected_version=d["version"], step=d["step"], on=d["on"], recorded_by=user
            ),
            "Stage recorded",
        ),
        "leave": (
            leave_form,
            lambda d: services.adopter_leave(
                adopter_id=household.pk,
                expected_version=d["version"],
                left_on=d["left_on"],
                reason=d["reason"],
                recorded_by=user,
            ),
            "Recorded that they left the adoption process",
        ),
    }
    if action is not None and save_through_service(request, *calls[action]):
        return redirect("adoption:adopter", household.pk)
    return render(
        request,
        "adoption/adopter.html",
        {
            "adopter": household,
            "steps": [(label, getattr(household, name)) for name, label in ADOPTER_STEPS],
            # Children appear by count and dates only: naming them would bypass need-to-know.
            "journeys": list(
                household.journeys.order_by("match_date").only(
                    "id", "match_date", "placed_date", "adoption_order_date", "reversed_date", "adopter_id"
                )
            ),
            "step_form": step_form if allowed["step"] else None,
            "leave_form": leave_form if allowed["leave"] else None,
            "forms": [step_form, leave_form],
        },
    )


# --- Scorecard ---------------------------------------------------------------------------------------


def scorecard(request):
    _require(request.user, "adoption.view_scorecard")
    form = ScorecardForm(request.GET or None)
    end = form.cleaned_data.get("end") if form.is_valid() else None
    end = end or selectors.last_complete_year_end(timezone.localdate())
    start, end = selectors.three_years_to(end)
    card = selectors.scorecard(start, end)
    return render(
        request,
        "adoption/scorecard.html",
        {
            "form": form,
            "card": card,
            "a1_chart": bar_chart(
                [(m.label, m.a1_average) for m in card.years], card.overall.a1_threshold, "A1 average days", "a1"
            ),
            "a2_chart": bar_chart(
                [(m.label, m.a2_average) for m in card.years], card.overall.a2_threshold, "A2 average days", "a2"
            ),
        },
    )
