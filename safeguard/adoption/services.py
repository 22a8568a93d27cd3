"""Adoption and permanence: the child's adoption journey, reviews and visits, permanence orders, previous
permanence, and prospective adopters.

Every write is keyword-only, atomic, validated before anything is saved, and recorded in the chronology (category
ADOPTION). Steps must happen in order (a match needs authority to place, the move needs the match, the order needs
the move) and each step's date may not precede the step it follows. Where a step changes the care record (the move
to the adopters is a placement change to A3-A6; a fostering-for-adoption move is a change to U2/U5; a placement order
is legal status E1; an adoption, special guardianship or child arrangements order ends care), this app calls the
looked-after services inside its own transaction rather than writing care rows itself (`care.py`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.codelists import (
    LA_PERM_CODES,
    AdopterLegalStatus,
    AdopterSexes,
    PreviousPermanence,
    ReasonEpisodeCeased,
    ReasonPlacedForAdoptionCeased,
    ReasonPlacementChange,
)
from safeguard.concurrency import lock_current
from safeguard.lac.models import CarePeriod

from . import care, schedule
from .models import (
    ADOPTER_STEPS,
    Adopter,
    AdoptionDisruption,
    AdoptionJourney,
    AdoptionReview,
    AdoptionVisit,
    PermanenceOrder,
    PreviousPermanenceRecord,
)

ADOPTION = Category.ADOPTION
SINGLE_SEXES = {AdopterSexes.SINGLE_MALE, AdopterSexes.SINGLE_FEMALE}


def _today() -> dt.date:
    return timezone.localdate()


def _check(user, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _not_before(field: str, value: dt.date, earlier: dt.date | None, what: str) -> None:
    if earlier and value < earlier:
        raise ValidationError({field: f"The {what} cannot be before the {earlier:%d %b %Y}"})


def _event(child, *, kind: str, summary: str, actor, source, detail: str = "") -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=ADOPTION,
        kind=kind,
        summary=summary,
        detail=detail,
        actor=actor,
        source=source,
    )


def rederive(journey: AdoptionJourney) -> AdoptionJourney:
    """Set the journey's next review and visit from its state, reviews and visits."""
    journey.next_review_due, journey.next_visit_due = schedule.next_due(
        is_open=journey.is_open,
        authority_date=journey.authority_date,
        placed_date=journey.placed_date,
        reviews=journey.reviews.values_list("held_on", flat=True),
        visits=journey.visits.values_list("visit_date", flat=True),
    )
    return journey


def _lock_open(journey_id: int, expected_version: int) -> AdoptionJourney:
    journey = lock_current(AdoptionJourney, pk=journey_id, expected_version=expected_version)
    if journey.adoption_order_date:
        raise ValidationError("The child has been adopted: this journey is complete")
    if journey.reversed_date:
        raise ValidationError("The decision that the child should be placed for adoption has been reversed")
    return journey


def _save(journey: AdoptionJourney) -> AdoptionJourney:
    rederive(journey).save()
    return journey


# --- The child's journey ---------------------------------------------------------------------------


@transaction.atomic
def journey_start(*, period: CarePeriod, decision_date: dt.date, recorded_by) -> AdoptionJourney:
    """The agency decision maker decided the child should be placed for adoption (AD1 DATE_INT)."""
    _check(recorded_by, "adoption.record", "Your role cannot record adoption decisions")
    period = CarePeriod.objects.select_for_update(of=("self",)).select_related("child").get(pk=period.pk)
    if not period.is_open:
        raise ValidationError({"decision_date": "The child is no longer looked after in this period of care"})
    _not_before("decision_date", decision_date, period.start_date, "decision")
    _not_future("decision_date", decision_date, "decision date")
    if period.adoption_journeys.filter(adoption_order_date__isnull=True, reversed_date__isnull=True).exists():
        raise ValidationError({"decision_date": "The child already has an adoption plan in this period of care"})
    journey = AdoptionJourney.objects.create(
        child=period.child, period=period, decision_date=decision_date, recorded_by=recorded_by
    )
    _event(
        period.child,
        kind="adoption.decision",
        summary=f"Decision that the child should be placed for adoption ({decision_date:%d %b %Y})",
        actor=recorded_by,
        source=journey,
    )
    return journey


@transaction.atomic
def journey_placement_order(
    *, journey_id: int, expected_version: int, order_date: dt.date, recorded_by
) -> AdoptionJourney:
    """The court made a placement order (s21 ACA 2002); the child's legal status becomes E1."""
    _check(recorded_by, "adoption.record", "Your role cannot record placement orders")
    journey = _lock_open(journey_id, expected_version)
    if journey.placement_order_date:
        raise ValidationError({"order_date": "The placement order has already been recorded"})
    _not_before("order_date", order_date, journey.decision_date, "placement order")
    _not_future("order_date", order_date, "placement order date")
    journey.placement_order_date = order_date
    care.placement_order_granted(period=journey.period, order_date=order_date, recorded_by=recorded_by)
    _save(journey)
    _event(
        journey.child,
        kind="adoption.placement_order",
        summary=f"Placement order made {order_date:%d %b %Y}",
        actor=recorded_by,
        source=journey,
    )
    return journey


@transaction.atomic
def journey_consent(*, journey_id: int, expected_version: int, consent_date: dt.date, recorded_by) -> AdoptionJourney:
    """The parents consented to the child being placed for adoption (s19 ACA 2002): authority without an order."""
    _check(recorded_by, "adoption.record", "Your role cannot record consent to placement")
    journey = _lock_open(journey_id, expected_version)
    if journey.consent_date:
        raise ValidationError({"consent_date": "Consent to placement has already been recorded"})
    _not_before("consent_date", consent_date, journey.decision_date, "consent")
    _not_future("consent_date", consent_date, "consent date")
    journey.consent_date = consent_date
    _save(journey)
    _event(
        journey.child,
        kind="adoption.consent",
        summary=f"Parents consented to placement for adoption {consent_date:%d %b %Y}",
        actor=recorded_by,
        source=journey,
    )
    return journey


@transaction.atomic
def journey_early_permanence(
    *, journey_id: int, expected_version: int, kind: str, placed_date: dt.date, recorded_by
) -> AdoptionJourney:
    """The child went to live with carers who may adopt them before the match: fostering for adoption, concurrent
    planning (a placement change to U5, foster carers who are approved adopters) or their existing foster carers."""
    _check(recorded_by, "adoption.record", "Your role cannot record early permanence placements")
    journey = _lock_open(journey_id, expected_version)
    if kind not in AdoptionJourney.EarlyPermanence.values or not kind:
        raise ValidationError(
            {"kind": "Choose fostering for adoption, concurrent planning or adoption by foster carers"}
        )
    if journey.early_permanence:
        raise ValidationError({"kind": "An early permanence placement has already been recorded"})
    if journey.placed_date:
        raise ValidationError({"kind": "The child is already placed with the adopters"})
    _not_before("placed_date", placed_date, journey.period.start_date, "placement")
    _not_future("placed_date", placed_date, "placement date")
    if kind != AdoptionJourney.EarlyPermanence.FOSTER_CARER:
        _not_before("placed_date", placed_date, journey.decision_date, "fostering for adoption placement")
    journey.early_permanence = kind
    journey.early_permanence_placed_date = placed_date
    if kind != AdoptionJourney.EarlyPermanence.FOSTER_CARER:
        care.early_permanence_placement(period=journey.period, placed_date=placed_date, recorded_by=recorded_by)
    _save(journey)
    _event(
        journey.child,
        kind="adoption.early_permanence",
        summary=f"{journey.get_early_permanence_display()}: living with the carers since {placed_date:%d %b %Y}",
        actor=recorded_by,
        source=journey,
    )
    return journey


@transaction.atomic
def journey_match(
    *, journey_id: int, expected_version: int, match_date: dt.date, adopter_id: int, recorded_by
) -> AdoptionJourney:
    """The authority decided to place the child with these approved adopters (AD1 DATE_MATCH)."""
    _check(recorded_by, "adoption.record", "Your role cannot record matches")
    journey = _lock_open(journey_id, expected_version)
    if journey.match_date:
        raise ValidationError({"match_date": "The child has already been matched"})
    if not journey.authority_date:
        raise ValidationError(
            {"match_date": "A match needs authority to place: record the placement order or the parents' consent first"}
        )
    _not_before("match_date", match_date, journey.authority_date, "match")
    _not_future("match_date", match_date, "match date")
    adopter = Adopter.objects.select_for_update().filter(pk=adopter_id).first()
    if adopter is None:
        raise ValidationError({"adopter": "Choose the adopters"})
    if not adopter.approved_on or adopter.approved_on > match_date:
        raise ValidationError({"adopter": "The adopters were not approved on the match date"})
    if adopter.left_on and adopter.left_on <= match_date:
        raise ValidationError({"adopter": "The adopters had left the adoption process by the match date"})
    journey.match_date = match_date
    journey.adopter = adopter
    journey.number_of_adopters = adopter.number_of_adopters
    journey.adopter_sexes = adopter.sexes
    journey.adopter_legal_status = adopter.legal_status
    _save(journey)
    _event(
        journey.child,
        kind="adoption.matched",
        summary=f"Matched with prospective adopters {match_date:%d %b %Y}",
        actor=recorded_by,
        source=journey,
    )
    return journey


def placement_type_for(journey: AdoptionJourney) -> str:
    """SSDA903 PLACE for the move to the adopters: A5/A6 with a placement order, A3/A4 with consent; the first of
    each pair when the adopters are the child's current (foster) carers."""
    with_carers = bool(journey.early_permanence)
    if journey.placement_order_date:
        return "A5" if with_carers else "A6"
    return "A3" if with_carers else "A4"


@transaction.atomic
def journey_place(*, journey_id: int, expected_version: int, placed_date: dt.date, recorded_by) -> AdoptionJourney:
    """The child was placed for adoption with the matched adopters: the placement changes to A3-A6."""
    _check(recorded_by, "adoption.record", "Your role cannot record placements for adoption")
    journey = _lock_open(journey_id, expected_version)
    if journey.placed_date:
        raise ValidationError({"placed_date": "The child is already placed with the adopters"})
    if not journey.match_date:
        raise ValidationError({"placed_date": "The child must be matched with the adopters before being placed"})
    _not_before("placed_date", placed_date, journey.match_date, "placement for adoption")
    _not_future("placed_date", placed_date, "placement date")
    if not journey.period.is_open:
        raise ValidationError({"placed_date": "The child is no longer looked after"})
    journey.placed_date = placed_date
    care.placed_for_adoption(
        period=journey.period,
        placed_date=placed_date,
        placement_type=placement_type_for(journey),
        carer_name=journey.adopter.name,
        recorded_by=recorded_by,
    )
    _save(journey)
    _event(
        journey.child,
        kind="adoption.placed",
        summary=f"Placed for adoption with the prospective adopters {placed_date:%d %b %Y}",
        actor=recorded_by,
        source=journey,
    )
    return journey


@transaction.atomic
def journey_adoption_order(
    *, journey_id: int, expected_version: int, order_date: dt.date, consent_dispensed: bool, recorded_by
) -> AdoptionJourney:
    """The court made the adoption order: care ends E11 (unopposed) or E12 (consent dispensed with)."""
    _check(recorded_by, "adoption.record", "Your role cannot record adoption orders")
    journey = _lock_open(journey_id, expected_version)
    if not journey.placed_date:
        raise ValidationError({"order_date": "The child must be placed with the adopters before an adoption order"})
    _not_before("order_date", order_date, journey.placed_date, "adoption order")
    _not_future("order_date", order_date, "adoption order date")
    reason = (
        ReasonEpisodeCeased.ADOPTED_CONSENT_DISPENSED if consent_dispensed else ReasonEpisodeCeased.ADOPTED_UNOPPOSED
    )
    journey.adoption_order_date = order_date
    care.end_care(period=journey.period, end_date=order_date, reason=reason, recorded_by=recorded_by)
    _save(journey)
    PermanenceOrder.objects.create(
        child=journey.child,
        period=journey.period,
        journey=journey,
        kind=PermanenceOrder.Kind.ADOPTION,
        order_date=order_date,
        carer=PermanenceOrder.Carer.ADOPTERS,
        reason_ceased=reason,
        recorded_by=recorded_by,
    )
    _event(
        journey.child,
        kind="adoption.order",
        summary=f"Adoption order made {order_date:%d %b %Y}: no longer looked after ({reason})",
        actor=recorded_by,
        source=journey,
    )
    return journey


@transaction.atomic
def journey_reverse(
    *, journey_id: int, expected_version: int, reversed_date: dt.date, reason: str, recorded_by
) -> AdoptionJourney:
    """The authority decided the child should no longer be placed for adoption (PlacedAdoption DATE_PLACED_CEASED)."""
    _check(recorded_by, "adoption.record", "Your role cannot record that decision")
    journey = _lock_open(journey_id, expected_version)
    if reason not in ReasonPlacedForAdoptionCeased.values:
        raise ValidationError({"reason": "Choose the reason the child is no longer to be placed for adoption"})
    _not_before("reversed_date", reversed_date, journey.decision_date, "decision")
    _not_future("reversed_date", reversed_date, "decision date")
    journey.reversed_date = reversed_date
    journey.reversed_reason = reason
    _save(journey)
    _event(
        journey.child,
        kind="adoption.reversed",
        summary=f"Decided the child should no longer be placed for adoption: {journey.get_reversed_reason_display()}",
        actor=recorded_by,
        source=journey,
    )
    return journey


# What the journey says about the carers the child lived with; a disruption moves it onto the disruption row.
CARERS_FIELDS = ("adopter", "match_date", "placed_date", "early_permanence", "early_permanence_placed_date")
# The journey's values once the carers are gone (the AD1 adopter details describe the match, so they go too).
NO_CARERS = {
    "adopter": None,
    "match_date": None,
    "placed_date": None,
    "early_permanence": "",
    "early_permanence_placed_date": None,
    "number_of_adopters": None,
    "adopter_sexes": "",
    "adopter_legal_status": "",
}


def _check_disruption(journey: AdoptionJourney, *, disrupted_on: dt.date, reason: str, placement_type: str) -> None:
    moved_in = journey.moved_in_date
    if moved_in is None:
        raise ValidationError(
            {"disrupted_on": "The child is not living with prospective adopters: there is no placement to end"}
        )
    if not journey.period.is_open:
        raise ValidationError({"disrupted_on": "The child is no longer looked after"})
    if disrupted_on <= moved_in:
        raise ValidationError(
            {"disrupted_on": f"The child must have left after moving in with the carers ({moved_in:%d %b %Y})"}
        )
    _not_future("disrupted_on", disrupted_on, "date the child left")
    if reason not in ReasonPlacementChange.values or reason == ReasonPlacementChange.STATUS_ONLY:
        raise ValidationError({"reason": "Choose why the placement with the prospective adopters ended"})
    if placement_type in care.ADOPTION_PLACEMENTS:
        raise ValidationError(
            {"placement_type": "A new placement for adoption follows a new match: choose where the child lives now"}
        )


@transaction.atomic
def journey_disrupt(
    *,
    journey_id: int,
    expected_version: int,
    disrupted_on: dt.date,
    reason: str,
    placement_type: str,
    provider: str,
    postcode: str = "",
    carer_name: str = "",
    outcome: str,
    reversed_reason: str = "",
    reversed_date: dt.date | None = None,
    notes: str = "",
    recorded_by,
) -> AdoptionDisruption:
    """The child's placement with the prospective adopters ended before an adoption order.

    The care record gets the move (placement change with the REASON_PLACE_CHANGE) and an `AdoptionDisruption` keeps
    who the carers were. If adoption is still the plan, the journey's match and placement are cleared, so it is back
    at "authority to place" (reg 36 reviews resume on the not-placed cycle, from the latest review) and a new match
    can be recorded. With outcome "reversed" the journey instead records the decision that the child should no longer
    be placed for adoption (RD code; on the day of the disruption unless another date is given), which ends it with
    its dates as they were."""
    _check(recorded_by, "adoption.record", "Your role cannot record that a placement for adoption ended")
    journey = _lock_open(journey_id, expected_version)
    _check_disruption(journey, disrupted_on=disrupted_on, reason=reason, placement_type=placement_type)
    if outcome not in AdoptionDisruption.Outcome.values:
        raise ValidationError({"outcome": "Choose whether adoption is still the plan"})
    reversing = outcome == AdoptionDisruption.Outcome.REVERSED
    if reversing:
        if reversed_reason not in ReasonPlacedForAdoptionCeased.values:
            raise ValidationError(
                {"reversed_reason": "Choose the reason the child is no longer to be placed for adoption"}
            )
        reversed_date = reversed_date or disrupted_on
        _not_before("reversed_date", reversed_date, disrupted_on, "decision")
        _not_future("reversed_date", reversed_date, "decision date")
    placement = care.moved_from_adopters(
        period=journey.period,
        moved_on=disrupted_on,
        reason=reason,
        placement_type=placement_type,
        provider=provider,
        postcode=postcode,
        carer_name=carer_name,
        recorded_by=recorded_by,
    )
    disruption = AdoptionDisruption.objects.create(
        journey=journey,
        child=journey.child,
        disrupted_on=disrupted_on,
        reason=reason,
        outcome=outcome,
        notes=(notes or "").strip(),
        new_placement=placement,
        recorded_by=recorded_by,
        **{name: getattr(journey, name) for name in CARERS_FIELDS},
    )
    if reversing:
        # The journey ends here and keeps its record of the match and placement (Annex A list 10 reports them).
        journey.reversed_date = reversed_date
        journey.reversed_reason = reversed_reason
    else:
        # Family finding again: the journey must be free for a new match.
        for name, value in NO_CARERS.items():
            setattr(journey, name, value)
    _save(journey)
    summary = (
        f"Placement with the prospective adopters ended {disrupted_on:%d %b %Y} "
        f"({ReasonPlacementChange(reason).label.lower()}); "
    )
    summary += (
        f"no longer to be placed for adoption: {journey.get_reversed_reason_display()}"
        if reversing
        else "adoption is still the plan"
    )
    _event(journey.child, kind="adoption.disrupted", summary=summary, detail=disruption.notes, actor=recorded_by,
           source=disruption)  # fmt: skip
    return disruption


@transaction.atomic
def adoption_review_record(*, journey_id: int, held_on: dt.date, recorded_by) -> AdoptionReview:
    _check(recorded_by, "adoption.record", "Your role cannot record adoption reviews")
    journey = AdoptionJourney.objects.select_for_update(of=("self",)).select_related("child").get(pk=journey_id)
    if not journey.is_open:
        raise ValidationError({"held_on": "The journey has ended: no further reviews are due"})
    if not journey.authority_date:
        raise ValidationError({"held_on": "Reviews start once there is authority to place the child"})
    _not_before("held_on", held_on, journey.authority_date, "review")
    _not_future("held_on", held_on, "review date")
    review = AdoptionReview.objects.create(journey=journey, held_on=held_on, recorded_by=recorded_by)
    journey.version += 1
    _save(journey)
    _event(
        journey.child,
        kind="adoption.review",
        summary=f"Adoption review held {held_on:%d %b %Y}; next due {journey.next_review_due:%d %b %Y}",
        actor=recorded_by,
        source=review,
    )
    return review


@transaction.atomic
def adoption_visit_record(*, journey_id: int, visit_date: dt.date, child_seen: bool, recorded_by) -> AdoptionVisit:
    _check(recorded_by, "adoption.record", "Your role cannot record visits")
    journey = AdoptionJourney.objects.select_for_update(of=("self",)).select_related("child").get(pk=journey_id)
    if not journey.is_open:
        raise ValidationError({"visit_date": "The journey has ended: no further visits are due"})
    if not journey.placed_date:
        raise ValidationError({"visit_date": "Visits are recorded here once the child is placed with the adopters"})
    _not_before("visit_date", visit_date, journey.placed_date, "visit")
    _not_future("visit_date", visit_date, "visit date")
    visit = AdoptionVisit.objects.create(
        journey=journey, visit_date=visit_date, child_seen=child_seen, recorded_by=recorded_by
    )
    journey.version += 1
    _save(journey)
    seen = "child seen" if child_seen else "child not seen"
    _event(
        journey.child,
        kind="adoption.visit",
        summary=f"Visit to the child placed for adoption {visit_date:%d %b %Y} ({seen})",
        actor=recorded_by,
        source=visit,
    )
    return visit


# --- Special guardianship and child arrangements orders ----------------------------------------------

SGO_REASONS = {
    PermanenceOrder.Carer.FOSTER_KIN: ReasonEpisodeCeased.SGO_FOSTER_KIN,
    PermanenceOrder.Carer.FOSTER_OTHER: ReasonEpisodeCeased.SGO_FOSTER_OTHER,
    PermanenceOrder.Carer.KIN: ReasonEpisodeCeased.SGO_CARER_KIN,
    PermanenceOrder.Carer.OTHER: ReasonEpisodeCeased.SGO_CARER_OTHER,
}


def reason_ceased_for(kind: str, carer: str) -> str:
    """SSDA903 REC for a special guardianship (E45-E48 by who the guardians are) or child arrangements (E41) order."""
    if kind == PermanenceOrder.Kind.CHILD_ARRANGEMENTS:
        return ReasonEpisodeCeased.CHILD_ARRANGEMENTS
    return SGO_REASONS[carer]


@transaction.atomic
def permanence_order_record(
    *, period: CarePeriod, kind: str, order_date: dt.date, carer: str, recorded_by
) -> PermanenceOrder:
    """A special guardianship or child arrangements order ends the period of care."""
    _check(recorded_by, "adoption.record", "Your role cannot record permanence orders")
    period = CarePeriod.objects.select_for_update(of=("self",)).select_related("child").get(pk=period.pk)
    if kind == PermanenceOrder.Kind.ADOPTION:
        raise ValidationError({"kind": "Record an adoption order on the child's adoption journey"})
    if kind not in PermanenceOrder.Kind.values:
        raise ValidationError({"kind": "Choose the kind of order"})
    if carer not in SGO_REASONS:
        raise ValidationError({"carer": "Choose who the order was granted to"})
    if not period.is_open:
        raise ValidationError({"order_date": "The child is no longer looked after in this period of care"})
    _not_before("order_date", order_date, period.start_date, "order")
    _not_future("order_date", order_date, "order date")
    open_journey = period.adoption_journeys.filter(adoption_order_date__isnull=True, reversed_date__isnull=True)
    if open_journey.exists():
        raise ValidationError(
            {
                "kind": "The child's plan is adoption: record that the child should no longer be placed for adoption first"
            }
        )
    reason = reason_ceased_for(kind, carer)
    care.end_care(period=period, end_date=order_date, reason=reason, recorded_by=recorded_by)
    order = PermanenceOrder.objects.create(
        child=period.child,
        period=period,
        kind=kind,
        order_date=order_date,
        carer=carer,
        reason_ceased=reason,
        recorded_by=recorded_by,
    )
    _event(
        period.child,
        kind=f"permanence.{kind}",
        summary=f"{order.get_kind_display()} made {order_date:%d %b %Y}: no longer looked after ({reason})",
        actor=recorded_by,
        source=order,
    )
    return order


def previous_permanence_create(
    *,
    period: CarePeriod,
    previous_permanence: str,
    la_code: str = "",
    order_date: dt.date | None = None,
    recorded_by,
) -> PreviousPermanenceRecord:
    """Validate and save the child's previous permanence (SSDA903 PrevPerm) for a period of care, with its event.

    No permission check: the caller has made it (`previous_permanence_record` here, lac `care_period_start` when
    care starts). Z1 ("none, or not known") has no local authority or date (reference validator rule 635); the local
    authority is a DfE three-digit LA number or WAL, SCO, NIR, NUK (rule 633).
    """
    if previous_permanence not in PreviousPermanence.values:
        raise ValidationError({"previous_permanence": "Choose the earlier order"})
    if PreviousPermanenceRecord.objects.filter(period=period).exists():
        raise ValidationError({"previous_permanence": "Previous permanence is already recorded for this period"})
    la_code = (la_code or "").strip().upper()
    if previous_permanence == PreviousPermanence.UNKNOWN and (la_code or order_date):
        raise ValidationError(
            {"previous_permanence": "With no earlier order (or none known), leave the local authority and date blank"}
        )
    if la_code and la_code not in LA_PERM_CODES:
        raise ValidationError(
            {"la_code": "Enter the local authority's three-digit DfE number, or WAL, SCO, NIR or NUK outside England"}
        )
    child = period.child
    if order_date:
        _not_before("order_date", order_date, child.date_of_birth, "order")
        if order_date > period.start_date:
            raise ValidationError({"order_date": "The earlier order must be before the child came into care"})
    record = PreviousPermanenceRecord.objects.create(
        child=child,
        period=period,
        previous_permanence=previous_permanence,
        la_code=la_code,
        order_date=order_date,
        recorded_by=recorded_by,
    )
    _event(
        child,
        kind="permanence.previous",
        summary=f"Before coming into care: {record.get_previous_permanence_display()}",
        actor=recorded_by,
        source=record,
    )
    return record


@transaction.atomic
def previous_permanence_record(
    *,
    period: CarePeriod,
    previous_permanence: str,
    la_code: str = "",
    order_date: dt.date | None = None,
    recorded_by,
) -> PreviousPermanenceRecord:
    """The child had a permanence order before coming into care, or none (SSDA903 PrevPerm), recorded after care
    started (care_period_start records it when care starts)."""
    _check(recorded_by, "adoption.record", "Your role cannot record previous permanence")
    period = CarePeriod.objects.select_for_update(of=("self",)).select_related("child").get(pk=period.pk)
    return previous_permanence_create(
        period=period,
        previous_permanence=previous_permanence,
        la_code=la_code,
        order_date=order_date,
        recorded_by=recorded_by,
    )


# --- Prospective adopters ------------------------------------------------------------------------------


def _check_household(number_of_adopters: int, sexes: str, legal_status: str) -> None:
    if number_of_adopters not in (1, 2):
        raise ValidationError({"number_of_adopters": "A household has one or two adopters"})
    if sexes not in AdopterSexes.values:
        raise ValidationError({"sexes": "Choose the sex of the adopters"})
    if legal_status not in AdopterLegalStatus.values:
        raise ValidationError({"legal_status": "Choose the adopters' legal status"})
    single = number_of_adopters == 1
    if single != (sexes in SINGLE_SEXES):
        raise ValidationError({"sexes": f"Does not match {number_of_adopters} adopter(s)"})
    if single != (legal_status == AdopterLegalStatus.SINGLE):
        raise ValidationError({"legal_status": f"Does not match {number_of_adopters} adopter(s)"})


@transaction.atomic
def adopter_record(
    *,
    name: str,
    number_of_adopters: int,
    sexes: str,
    legal_status: str,
    enquiry_date: dt.date,
    fostering_for_adoption: bool = False,
    recorded_by,
) -> Adopter:
    _check(recorded_by, "adoption.manage_adopters", "Your role cannot record prospective adopters")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the names of the prospective adopters"})
    _check_household(number_of_adopters, sexes, legal_status)
    _not_future("enquiry_date", enquiry_date, "enquiry date")
    return Adopter.objects.create(
        name=name,
        number_of_adopters=number_of_adopters,
        sexes=sexes,
        legal_status=legal_status,
        enquiry_date=enquiry_date,
        fostering_for_adoption=fostering_for_adoption,
        recorded_by=recorded_by,
    )


# Which steps must already be recorded before each one (the rest may be skipped, e.g. no registration of interest).
STEP_NEEDS = {
    "interest_registered_on": [],
    "stage1_started_on": [],
    "stage1_ended_on": ["stage1_started_on"],
    "stage2_started_on": ["stage1_ended_on"],
    "stage2_ended_on": ["stage2_started_on"],
    "application_on": ["stage1_ended_on"],
    "approved_on": ["stage2_ended_on", "application_on"],
}
STEP_LABELS = dict(ADOPTER_STEPS)


@transaction.atomic
def adopter_step_record(*, adopter_id: int, expected_version: int, step: str, on: dt.date, recorded_by) -> Adopter:
    """Record the date a household reached a stage of assessment; stages follow each other in order."""
    _check(recorded_by, "adoption.manage_adopters", "Your role cannot update prospective adopters")
    adopter = lock_current(Adopter, pk=adopter_id, expected_version=expected_version)
    if step not in STEP_NEEDS:
        raise ValidationError({"step": "Choose the stage"})
    label = STEP_LABELS[step]
    if adopter.left_on:
        raise ValidationError({"step": "The household has left the adoption process"})
    if getattr(adopter, step):
        raise ValidationError({"step": f"{label} is already recorded"})
    missing = [STEP_LABELS[s].lower() for s in STEP_NEEDS[step] if not getattr(adopter, s)]
    if missing:
        raise ValidationError({"step": f"Record {' and '.join(missing)} first"})
    earlier = [getattr(adopter, f) for f, _ in ADOPTER_STEPS[: [f for f, _ in ADOPTER_STEPS].index(step)]]
    latest = max((d for d in earlier if d), default=None)
    _not_before("on", on, latest, label.lower())
    _not_future("on", on, "date")
    setattr(adopter, step, on)
    adopter.save()
    return adopter


@transaction.atomic
def adopter_leave(*, adopter_id: int, expected_version: int, left_on: dt.date, reason: str, recorded_by) -> Adopter:
    _check(recorded_by, "adoption.manage_adopters", "Your role cannot update prospective adopters")
    adopter = lock_current(Adopter, pk=adopter_id, expected_version=expected_version)
    if adopter.left_on:
        raise ValidationError({"left_on": "The household has already left the adoption process"})
    if reason not in Adopter.LeftReason.values:
        raise ValidationError({"reason": "Choose why they left"})
    _not_before("left_on", left_on, adopter.enquiry_date, "date they left")
    _not_future("left_on", left_on, "date they left")
    waiting = adopter.journeys.filter(adoption_order_date__isnull=True, reversed_date__isnull=True)
    if waiting.exists():
        raise ValidationError({"left_on": "A child matched with them has no adoption order yet"})
    adopter.left_on = left_on
    adopter.left_reason = reason
    adopter.save()
    return adopter
