"""Where an adoption step changes the child's care record, through the looked-after services (never by writing
care rows here). Called inside the adoption service's transaction, so a refusal by either rolls back both.

Errors from the care services name their own fields (change_date, end_date...); they are re-labelled with the
adoption form's field so the message appears next to the date the user typed.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.exceptions import ValidationError

from safeguard.codelists import LegalStatus, PlacementProvider, PlacementType, ReasonPlacementChange
from safeguard.lac import services as lac
from safeguard.lac.models import CareLegalStatus, CarePeriod, Placement


@contextmanager
def _as_field(field: str):
    try:
        yield
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


@contextmanager
def _renamed(names: dict[str, str], *, default: str):
    """Like _as_field, but keeps the care service's own field names where the adoption form has the same field
    (placement type, provider, postcode...), renaming the others; errors on no field go to `default`."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ValidationError({default: error.messages}) from error
        renamed: dict[str, list[str]] = {}
        for name, errors in error.message_dict.items():
            target = default if name == "__all__" else names.get(name, name)
            renamed.setdefault(target, []).extend(errors)
        raise ValidationError(renamed) from error


def _fresh(period: CarePeriod) -> CarePeriod:
    return CarePeriod.objects.get(pk=period.pk)


def _current_placement(period: CarePeriod) -> Placement:
    placement = Placement.objects.filter(period=period, end_date__isnull=True).order_by("-start_date", "-pk").first()
    if placement is None:
        raise ValidationError("The child has no current placement in this period of care")
    return placement


def placement_order_granted(*, period: CarePeriod, order_date: dt.date, recorded_by, field: str = "order_date"):
    """Legal status E1 from the day of the placement order (unless it already is)."""
    current = CareLegalStatus.objects.filter(period=period, end_date__isnull=True).order_by("-pk").first()
    if current and current.legal_status == LegalStatus.PLACEMENT_ORDER:
        return current
    with _as_field(field):
        return lac.legal_status_change(
            period_id=period.pk,
            expected_version=_fresh(period).version,
            change_date=order_date,
            legal_status=LegalStatus.PLACEMENT_ORDER,
            changed_by=recorded_by,
        )


def early_permanence_placement(*, period: CarePeriod, placed_date: dt.date, recorded_by, field: str = "placed_date"):
    """A fostering-for-adoption or concurrent planning placement: foster carers who are approved adopters (U5)."""
    current = _current_placement(period)
    with _as_field(field):
        return lac.placement_change(
            placement_id=current.pk,
            expected_version=current.version,
            change_date=placed_date,
            change_reason=ReasonPlacementChange.CARE_PLAN,
            placement_type=PlacementType.FOSTER_FFA,
            provider=PlacementProvider.OWN_PROVISION,
            changed_by=recorded_by,
        )


def placed_for_adoption(
    *,
    period: CarePeriod,
    placed_date: dt.date,
    placement_type: str,
    carer_name: str,
    recorded_by,
    field: str = "placed_date",
):
    """The move to the adopters (A3-A6). With the child's current carers (A3/A5) only the placement's status
    changes: same carers, same address."""
    current = _current_placement(period)
    same_carers = placement_type in (
        PlacementType.ADOPTION_CONSENT_FOSTER_CARER,
        PlacementType.ADOPTION_ORDER_FOSTER_CARER,
    )
    with _as_field(field):
        return lac.placement_change(
            placement_id=current.pk,
            expected_version=current.version,
            change_date=placed_date,
            change_reason=ReasonPlacementChange.STATUS_ONLY if same_carers else ReasonPlacementChange.CARE_PLAN,
            placement_type=placement_type,
            provider=PlacementProvider.OWN_PROVISION,
            postcode=current.postcode if same_carers else "",
            # A placement for adoption carries the agency's Ofsted URN (reference validator rule 218): with the same
            # carers, the one already recorded.
            urn=current.urn if same_carers else "",
            carer_name=current.carer_name if same_carers else carer_name,
            same_carer_as_previous=same_carers,
            changed_by=recorded_by,
        )


def end_care(*, period: CarePeriod, end_date: dt.date, reason: str, recorded_by, field: str = "order_date"):
    """The child stops being looked after because of a permanence order (REC E11/E12, E41, E45-E48)."""
    with _as_field(field):
        return lac.care_period_end(
            period_id=period.pk,
            expected_version=_fresh(period).version,
            end_date=end_date,
            reason=reason,
            ended_by=recorded_by,
        )


# The placements that mean "placed for adoption"; a disruption moves the child somewhere else.
ADOPTION_PLACEMENTS = frozenset(
    {
        PlacementType.ADOPTION_CONSENT_FOSTER_CARER,
        PlacementType.ADOPTION_CONSENT_OTHER,
        PlacementType.ADOPTION_ORDER_FOSTER_CARER,
        PlacementType.ADOPTION_ORDER_OTHER,
    }
)


def moved_from_adopters(
    *,
    period: CarePeriod,
    moved_on: dt.date,
    reason: str,
    placement_type: str,
    provider: str,
    postcode: str,
    carer_name: str,
    recorded_by,
    field: str = "disrupted_on",
) -> Placement:
    """The child left the prospective adopters: their placement ends (with the REASON_PLACE_CHANGE) and the next
    one starts the same day."""
    current = _current_placement(period)
    with _renamed({"change_date": field, "change_reason": "reason"}, default=field):
        return lac.placement_change(
            placement_id=current.pk,
            expected_version=current.version,
            change_date=moved_on,
            change_reason=reason,
            placement_type=placement_type,
            provider=provider,
            postcode=postcode,
            carer_name=carer_name,
            changed_by=recorded_by,
        )
