"""Children looked after: start care, change placement or legal status, correct a placement, record the care
plan, end care.

Every write is keyword-only, atomic, validated before anything is saved, permission-checked and recorded in the
chronology (Category.LOOKED_AFTER). SSDA903 episodes are derived from these rows, so a change of placement or
legal status is recorded as "the old row ends, the new one starts on the same day".
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.casework.models import CINEpisode
from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.codelists import (
    PLACEMENT_TYPE_VALIDITY,
    PLACEMENT_TYPES_WITHOUT_PROVIDER,
    PLACEMENT_TYPES_WITHOUT_URN,
    CategoryOfNeed,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonPlacementChange,
    placement_type_valid_on,
)
from safeguard.concurrency import lock_current
from safeguard.people.models import Address, Person
from safeguard.workdays.deadlines import due_date

from .locations import LocationIndex, locate, normalise
from .models import CareLegalStatus, CarePeriod, CarePlan, Placement, PostcodeLocation

LOOKED_AFTER = Category.LOOKED_AFTER
LONG_TERM_FOSTER = {PlacementType.KINSHIP_LONG_TERM, PlacementType.FOSTER_LONG_TERM}
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# Ofsted unique reference numbers: "SC" and six digits for children's homes, or six/seven digits.
_URN = re.compile(r"^(SC)?[0-9]{6,7}$")
CARE_PLAN_EARLIEST = relativedelta(months=3)


def _today() -> dt.date:
    return timezone.localdate()


def _check(user, message: str) -> None:
    if not user.has_perm("lac.record"):
        raise PermissionDenied(message)


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _event(child, *, kind: str, summary: str, actor, source, detail: str = "") -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=LOOKED_AFTER,
        kind=kind,
        summary=summary,
        detail=detail,
        actor=actor,
        source=source,
    )


def eighteenth_birthday(child: Person) -> dt.date | None:
    return child.date_of_birth + relativedelta(years=18) if child.date_of_birth else None


def _code(field: str, value: str, choices, message: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: message})
    return value


def _postcode(field: str, value: str) -> str:
    postcode = normalise(value)
    if postcode and not _POSTCODE.match(postcode):
        raise ValidationError({field: "Enter a full postcode, like NB1 2AB"})
    return postcode


def _urn(value: str) -> str:
    urn = (value or "").strip().upper()
    if urn and not _URN.match(urn):
        raise ValidationError({"urn": "Enter the Ofsted URN: six or seven digits, or SC and six digits"})
    return urn


def _placement_type(code: str, first: dt.date, last: dt.date) -> str:
    """A DfE placement type in force at some point from `first` to `last` (a new placement: its start date; a
    correction: any day of the placement), e.g. no H5 for a move after March 2024 (it is K3 now)."""
    _code("placement_type", code, PlacementType, "Choose the placement type")
    if not (placement_type_valid_on(code, first) or placement_type_valid_on(code, last)):
        begins, ends = PLACEMENT_TYPE_VALIDITY[code]
        if begins and first < begins:
            message = f"{code} is a DfE placement type only from {begins:%d %B %Y}"
        else:
            message = f"{code} is not a DfE placement type after {ends:%d %B %Y}: choose a current one"
        raise ValidationError({"placement_type": message})
    return code


def _placement_details(
    *, placement_type: str, provider: str, postcode: str, urn: str, carer_name: str, between: tuple[dt.date, dt.date]
) -> dict:
    code = _placement_type(placement_type, *between)
    urn = _urn(urn)
    if code in PLACEMENT_TYPES_WITHOUT_PROVIDER:
        if provider:
            raise ValidationError({"provider": "Temporary and other placements (T0-T4, Z11-Z14) have no provider"})
    else:
        _code("provider", provider, PlacementProvider, "Choose who provides the placement")
    if urn and code in PLACEMENT_TYPES_WITHOUT_URN:
        raise ValidationError({"urn": f"Leave the Ofsted URN blank: a {code} placement has none"})
    return {
        "placement_type": code,
        "provider": provider or "",
        "postcode": _postcode("postcode", postcode),
        "urn": urn,
        "carer_name": (carer_name or "").strip(),
    }


def _not_with_parents_under_section_20(legal_status: str, placement_type: str) -> None:
    """A child placed with their parents is not accommodated under section 20 (reference validator rule 378)."""
    if legal_status == LegalStatus.SECTION_20 and placement_type == PlacementType.WITH_PARENTS:
        raise ValidationError(
            {"placement_type": "A child accommodated under section 20 (V2) cannot be placed with parents (P1)"}
        )


def _located(home_postcode: str, placement_postcode: str) -> dict:
    found = locate(home_postcode, placement_postcode)
    return {"distance_miles": found.distance_miles, "out_of_area": found.out_of_area}


def _before_eighteen(child: Person, field: str, day: dt.date, what: str) -> None:
    birthday = eighteenth_birthday(child)
    if birthday and day >= birthday:
        raise ValidationError({field: f"The {what} is on or after the child's 18th birthday ({birthday:%d %b %Y})"})


def _home_postcode(child: Person, day: dt.date) -> str:
    """The postcode of the child's address on `day` (SSDA903 HOME_POST), blank when unknown."""
    address = (
        Address.objects.filter(person=child, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .order_by("-start_date")
        .first()
    )
    return normalise(address.postcode) if address else ""


def _episode_for(child: Person, cin_episode: CINEpisode | None, start_date: dt.date) -> CINEpisode | None:
    if cin_episode is None:
        return CINEpisode.objects.filter(child=child, close_date__isnull=True).order_by("-referral_date").first()
    if cin_episode.child_id != child.pk:
        raise ValidationError({"cin_episode": "That episode is another child's"})
    if cin_episode.referral_date > start_date or (cin_episode.close_date and cin_episode.close_date < start_date):
        raise ValidationError({"cin_episode": "The children in need episode was not open when care started"})
    return cin_episode


def _check_can_start(child: Person, start_date: dt.date) -> None:
    if not child.is_child:
        raise ValidationError({"start_date": "Only a child can become looked after"})
    if child.date_of_birth is None:
        raise ValidationError({"start_date": "Record the child's date of birth before they become looked after"})
    if start_date < child.date_of_birth:
        raise ValidationError({"start_date": "Care cannot start before the child was born"})
    _before_eighteen(child, "start_date", start_date, "start date")
    _not_future("start_date", start_date, "start date")
    current = CarePeriod.objects.filter(child=child, end_date__isnull=True).first()
    if current:
        raise ValidationError(
            {"start_date": f"The child is already looked after (since {current.start_date:%d %b %Y})"}
        )
    last_end = CarePeriod.objects.filter(child=child).order_by("-end_date").values_list("end_date", flat=True).first()
    if last_end and start_date <= last_end:
        raise ValidationError(
            {"start_date": f"A new period of care must start after the last one ended ({last_end:%d %b %Y})"}
        )


@transaction.atomic
def care_period_start(
    *,
    child: Person,
    start_date: dt.date,
    category_of_need: str,
    legal_status: str,
    placement_type: str,
    provider: str,
    postcode: str = "",
    urn: str = "",
    carer_name: str = "",
    intended_until_18: bool = False,
    home_postcode: str | None = None,
    cin_episode: CINEpisode | None = None,
    previous_permanence: str = "",
    previous_permanence_la: str = "",
    previous_permanence_date: dt.date | None = None,
    started_by,
) -> CarePeriod:
    """The child starts to be looked after, with their first legal status and placement from `start_date`, and
    (SSDA903 PrevPerm, asked of every child starting care) any permanence order they had before: recorded through
    the adoption app's `previous_permanence_create` when `previous_permanence` is given."""
    _check(started_by, "Your role cannot record a child becoming looked after")
    child = Person.objects.select_for_update().get(pk=child.pk)
    _check_can_start(child, start_date)
    _code("category_of_need", category_of_need, CategoryOfNeed, "Choose the category of need")
    _code("legal_status", legal_status, LegalStatus, "Choose the legal status")
    details = _placement_details(
        placement_type=placement_type,
        provider=provider,
        postcode=postcode,
        urn=urn,
        carer_name=carer_name,
        between=(start_date, start_date),
    )
    _not_with_parents_under_section_20(legal_status, details["placement_type"])
    episode = _episode_for(child, cin_episode, start_date)
    home = _postcode("home_postcode", home_postcode) if home_postcode is not None else _home_postcode(child, start_date)
    period = CarePeriod.objects.create(
        child=child,
        cin_episode=episode,
        start_date=start_date,
        category_of_need=category_of_need,
        home_postcode=home,
        care_plan_due=due_date("cla-care-plan", start_date),
        recorded_by=started_by,
    )
    CareLegalStatus.objects.create(period=period, child=child, legal_status=legal_status, start_date=start_date)
    placement = Placement.objects.create(
        period=period,
        child=child,
        start_date=start_date,
        intended_until_18=intended_until_18,
        recorded_by=started_by,
        **details,
        **_located(home, details["postcode"]),
    )
    if previous_permanence:
        from safeguard.adoption.services import previous_permanence_create  # the adoption app builds on lac

        previous_permanence_create(
            period=period,
            previous_permanence=previous_permanence,
            la_code=previous_permanence_la,
            order_date=previous_permanence_date,
            recorded_by=started_by,
        )
    _event(
        child,
        kind="care.started",
        summary=(
            f"Became looked after on {start_date:%d %b %Y}: {LegalStatus(legal_status).label.lower()}; "
            f"{placement.get_placement_type_display().lower()}"
        ),
        actor=started_by,
        source=period,
    )
    return period


def _open_period(period_id: int, expected_version: int) -> CarePeriod:
    period = lock_current(CarePeriod, pk=period_id, expected_version=expected_version)
    if period.end_date:
        raise ValidationError(f"The period of care ended on {period.end_date:%d %b %Y}")
    return period


@transaction.atomic
def placement_change(
    *,
    placement_id: int,
    expected_version: int,
    change_date: dt.date,
    change_reason: str,
    placement_type: str,
    provider: str,
    postcode: str = "",
    urn: str = "",
    carer_name: str = "",
    same_carer_as_previous: bool = False,
    intended_until_18: bool = False,
    changed_by,
) -> Placement:
    """The child moves: the current placement ends on `change_date` (with the reason) and the next starts."""
    _check(changed_by, "Your role cannot record a change of placement")
    current = lock_current(Placement, pk=placement_id, expected_version=expected_version)
    period = CarePeriod.objects.select_for_update().select_related("child").get(pk=current.period_id)
    if current.end_date or period.end_date:
        raise ValidationError("This placement has already ended: change the child's current placement")
    if change_date <= current.start_date:
        raise ValidationError(
            {"change_date": f"The move must be after the current placement started ({current.start_date:%d %b %Y})"}
        )
    _not_future("change_date", change_date, "date of the move")
    _before_eighteen(period.child, "change_date", change_date, "date of the move")
    if not change_reason:
        raise ValidationError({"change_reason": "Choose why the placement ended"})
    _code("change_reason", change_reason, ReasonPlacementChange, "Choose why the placement ended")
    details = _placement_details(
        placement_type=placement_type,
        provider=provider,
        postcode=postcode,
        urn=urn,
        carer_name=carer_name,
        between=(change_date, change_date),
    )
    status = CareLegalStatus.objects.filter(period=period, start_date__lte=change_date).order_by("-start_date").first()
    if status is not None:
        _not_with_parents_under_section_20(status.legal_status, details["placement_type"])
    current.end_date = change_date
    current.change_reason = change_reason
    current.save(update_fields=["end_date", "change_reason", "version"])
    placement = Placement.objects.create(
        period=period,
        child=period.child,
        start_date=change_date,
        same_carer_as_previous=same_carer_as_previous,
        intended_until_18=intended_until_18,
        recorded_by=changed_by,
        **details,
        **_located(period.home_postcode, details["postcode"]),
    )
    _event(
        period.child,
        kind="placement.changed",
        summary=(
            f"Placement changed on {change_date:%d %b %Y} to {placement.get_placement_type_display().lower()} "
            f"({ReasonPlacementChange(change_reason).label.lower()})"
        ),
        actor=changed_by,
        source=placement,
    )
    return placement


@transaction.atomic
def legal_status_change(
    *, period_id: int, expected_version: int, change_date: dt.date, legal_status: str, changed_by
) -> CareLegalStatus:
    """The legal basis changes (e.g. interim to full care order): the current status ends, the new one starts."""
    _check(changed_by, "Your role cannot record a change of legal status")
    period = _open_period(period_id, expected_version)
    current = (
        CareLegalStatus.objects.select_for_update().filter(period=period, end_date__isnull=True).order_by("-pk").first()
    )
    _code("legal_status", legal_status, LegalStatus, "Choose the new legal status")
    if current and current.legal_status == legal_status:
        raise ValidationError({"legal_status": f"The legal status is already {LegalStatus(legal_status).label}"})
    since = current.start_date if current else period.start_date
    if change_date <= since:
        raise ValidationError({"change_date": f"The change must be after the current status began ({since:%d %b %Y})"})
    _not_future("change_date", change_date, "date of the change")
    placement = Placement.objects.filter(period=period, end_date__isnull=True).order_by("-start_date").first()
    if placement is not None and legal_status == LegalStatus.SECTION_20:
        try:
            _not_with_parents_under_section_20(legal_status, placement.placement_type)
        except ValidationError as error:
            raise ValidationError({"legal_status": error.message_dict["placement_type"]}) from error
    child = Person.objects.get(pk=period.child_id)
    _before_eighteen(child, "change_date", change_date, "date of the change")
    if current:
        current.end_date = change_date
        current.save(update_fields=["end_date"])
    period.save(update_fields=["version"])
    status = CareLegalStatus.objects.create(
        period=period, child=child, legal_status=legal_status, start_date=change_date
    )
    _event(
        child,
        kind="legal_status.changed",
        summary=f"Legal status changed on {change_date:%d %b %Y} to {status.get_legal_status_display().lower()}",
        actor=changed_by,
        source=status,
    )
    return status


@transaction.atomic
def care_period_end(*, period_id: int, expected_version: int, end_date: dt.date, reason: str, ended_by) -> CarePeriod:
    """Care ceases (SSDA903 REC): the current placement and legal status end the same day."""
    _check(ended_by, "Your role cannot record a child leaving care")
    period = _open_period(period_id, expected_version)
    if reason == ReasonEpisodeCeased.NEW_EPISODE or reason not in ReasonEpisodeCeased.values:
        raise ValidationError({"reason": "Choose why the child stopped being looked after"})
    placements = list(Placement.objects.select_for_update().filter(period=period, end_date__isnull=True))
    statuses = list(CareLegalStatus.objects.select_for_update().filter(period=period, end_date__isnull=True))
    latest_start = max([period.start_date, *(row.start_date for row in placements + statuses)])
    if end_date < latest_start:
        raise ValidationError(
            {"end_date": f"Care cannot end before the current placement or status began ({latest_start:%d %b %Y})"}
        )
    _not_future("end_date", end_date, "date care ended")
    child = Person.objects.get(pk=period.child_id)
    birthday = eighteenth_birthday(child)
    if birthday and end_date > birthday:
        raise ValidationError({"end_date": f"Care ends at the latest on the 18th birthday ({birthday:%d %b %Y})"})
    if reason == ReasonEpisodeCeased.STAYING_PUT and end_date != birthday:
        raise ValidationError(
            {"reason": "‘Aged 18 or over and remained with current carers’ ends care on the 18th birthday"}
        )
    for status in statuses:
        status.end_date = end_date
        status.save(update_fields=["end_date"])
    for placement in placements:
        placement.end_date = end_date
        placement.version += 1  # an edit started before care ended is now stale
        placement.save(update_fields=["end_date", "version"])
    period.end_date = end_date
    period.end_reason = reason
    period.save(update_fields=["end_date", "end_reason", "version"])
    _event(
        child,
        kind="care.ended",
        summary=f"Stopped being looked after on {end_date:%d %b %Y}: {period.get_end_reason_display()}",
        actor=ended_by,
        source=period,
    )
    return period


@transaction.atomic
def placement_update(
    *,
    placement_id: int,
    expected_version: int,
    placement_type: str,
    provider: str,
    postcode: str = "",
    urn: str = "",
    carer_name: str = "",
    same_carer_as_previous: bool = False,
    intended_until_18: bool = False,
    long_term_foster_agreed_on: dt.date | None = None,
    updated_by,
) -> Placement:
    """Correct a placement's details (dates are changed by moves and endings, not here)."""
    _check(updated_by, "Your role cannot change placement details")
    placement = lock_current(Placement, pk=placement_id, expected_version=expected_version)
    details = _placement_details(
        placement_type=placement_type,
        provider=provider,
        postcode=postcode,
        urn=urn,
        carer_name=carer_name,
        between=(placement.start_date, placement.end_date or _today()),
    )
    if same_carer_as_previous and not placement.period.placements.filter(start_date__lt=placement.start_date).exists():
        raise ValidationError({"same_carer_as_previous": "This is the first placement: there were no previous carers"})
    if long_term_foster_agreed_on is not None:
        if details["placement_type"] not in LONG_TERM_FOSTER:
            raise ValidationError(
                {"long_term_foster_agreed_on": "Only a long-term foster placement (U1 or U4) has a long-term agreement"}
            )
        if long_term_foster_agreed_on < placement.start_date:
            raise ValidationError(
                {"long_term_foster_agreed_on": "The agreement cannot be before the placement started"}
            )
        _not_future("long_term_foster_agreed_on", long_term_foster_agreed_on, "date of the agreement")
    for field, value in details.items():
        setattr(placement, field, value)
    placement.same_carer_as_previous = same_carer_as_previous
    placement.intended_until_18 = intended_until_18
    placement.long_term_foster_agreed_on = long_term_foster_agreed_on
    for field, value in _located(placement.period.home_postcode, details["postcode"]).items():
        setattr(placement, field, value)
    placement.save()
    _event(
        placement.child,
        kind="placement.updated",
        summary=f"Placement details corrected: {placement.get_placement_type_display().lower()}",
        actor=updated_by,
        source=placement,
    )
    return placement


@transaction.atomic
def care_plan_record(*, period_id: int, agreed_on: dt.date, summary: str = "", recorded_by) -> CarePlan:
    """The care plan was agreed (CPPCR reg 4: before the first placement or within 10 working days of it)."""
    _check(recorded_by, "Your role cannot record care plans")
    period = CarePeriod.objects.select_for_update().select_related("child").get(pk=period_id)
    if agreed_on < period.start_date - CARE_PLAN_EARLIEST:
        raise ValidationError({"agreed_on": "The care plan cannot be agreed more than 3 months before care started"})
    if period.end_date and agreed_on > period.end_date:
        raise ValidationError({"agreed_on": f"The period of care ended on {period.end_date:%d %b %Y}"})
    _not_future("agreed_on", agreed_on, "date the care plan was agreed")
    plan = CarePlan.objects.create(
        period=period, child=period.child, agreed_on=agreed_on, summary=(summary or "").strip(), recorded_by=recorded_by
    )
    late = agreed_on > period.care_plan_due if period.care_plan_due else False
    _event(
        period.child,
        kind="care_plan.recorded",
        summary=f"Care plan agreed on {agreed_on:%d %b %Y}" + (" (after the 10 working days)" if late else ""),
        actor=recorded_by,
        source=plan,
    )
    return plan


def placement_locations_rederive() -> int:
    """Re-derive every placement's distance and area after the postcode reference table changed."""
    placements = list(
        Placement.objects.select_related("period").only(
            "id", "postcode", "distance_miles", "out_of_area", "period__home_postcode"
        )
    )
    index = LocationIndex.everything()
    stale = []
    for placement in placements:
        found = index.locate(placement.period.home_postcode, placement.postcode)
        distance = Decimal(found.distance_miles) if found.distance_miles is not None else None
        if (placement.distance_miles, placement.out_of_area) != (distance, found.out_of_area):
            placement.distance_miles, placement.out_of_area = distance, found.out_of_area
            stale.append(placement)
    Placement.objects.bulk_update(stale, ["distance_miles", "out_of_area"], batch_size=1000)
    return len(stale)


@transaction.atomic
def postcode_location_save(*, postcode: str, easting: int, northing: int, la_code: str) -> PostcodeLocation:
    """Add or correct a reference postcode (administrators, in admin), then re-derive placement distances."""
    key = normalise(postcode)
    if not key or not (_POSTCODE.match(key) or _OUTWARD.match(key)):
        raise ValidationError({"postcode": "Enter a full postcode (NB1 2AB) or an outward code (NB1)"})
    if not (la_code or "").strip():
        raise ValidationError({"la_code": "Enter the local authority code"})
    location, _ = PostcodeLocation.objects.update_or_create(
        postcode=key, defaults={"easting": easting, "northing": northing, "la_code": la_code.strip()}
    )
    placement_locations_rederive()
    return location


@transaction.atomic
def postcode_location_remove(*, postcode: str) -> None:
    PostcodeLocation.objects.filter(postcode=normalise(postcode)).delete()
    placement_locations_rederive()
