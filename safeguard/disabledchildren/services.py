"""Disabled children's services: a request (referral), the decision, the first service and its end.

Every write is keyword-only, atomic, checked against the role's permission, validated before anything is saved and
recorded in the chronology (category disability). The date the first service is due is derived from the rule
table (disabled-first-service), never typed in. Disabilities are recorded through `people.services`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.casework.models import CINEpisode
from safeguard.chronology.models import Category
from safeguard.chronology.services import event_record
from safeguard.codelists import Disability
from safeguard.concurrency import lock_current
from safeguard.people.models import Person, PersonDisability
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Service

from .models import DisabledChildrenService

RULE = "disabled-first-service"


def _today() -> dt.date:
    return timezone.localdate()


def _check(user, message: str) -> None:
    if not user.has_perm("disabledchildren.record"):
        raise PermissionDenied(message)


def _not_future(field: str, value: dt.date, what: str) -> None:
    if value > _today():
        raise ValidationError({field: f"The {what} cannot be in the future"})


def _event(child, *, kind: str, summary: str, actor, source) -> None:
    event_record(
        child=child,
        occurred_at=timezone.now(),
        category=Category.DISABILITY,
        kind=kind,
        summary=summary,
        actor=actor,
        source=source,
    )


def is_eligible(child: Person) -> bool:
    """A child with a recorded disability, or with an episode in the disabled children's service."""
    return (
        PersonDisability.objects.filter(person=child).exclude(code=Disability.NONE).exists()
        or CINEpisode.objects.filter(child=child, team__service=Service.DISABLED_CHILDREN).exists()
    )


@transaction.atomic
def disabled_service_request(
    *,
    child: Person,
    kind: str,
    detail: str = "",
    referral_date: dt.date | None = None,
    episode: CINEpisode | None = None,
    recorded_by,
) -> DisabledChildrenService:
    """Record a request for a service; the referral date is the episode's unless a request date is given."""
    _check(recorded_by, "Your role cannot record services for disabled children")
    child = Person.objects.select_for_update().get(pk=child.pk)
    if not child.is_child:
        raise ValidationError({"kind": "Only a child can be referred for a disabled children's service"})
    if not is_eligible(child):
        raise ValidationError({"kind": "Record the child's disability first: services are for disabled children"})
    if kind not in DisabledChildrenService.Kind.values:
        raise ValidationError({"kind": "Choose the service"})
    if kind == DisabledChildrenService.Kind.OTHER and not detail.strip():
        raise ValidationError({"detail": "Describe the service"})
    if episode is not None and episode.child_id != child.pk:
        raise ValidationError({"episode": "The episode is another child's"})
    if referral_date is None:
        if episode is None:
            raise ValidationError({"referral_date": "Enter the date the service was requested"})
        referral_date = episode.referral_date
    _not_future("referral_date", referral_date, "referral date")
    if child.date_of_birth and referral_date < child.date_of_birth:
        raise ValidationError({"referral_date": "The referral cannot be before the child's date of birth"})
    service = DisabledChildrenService.objects.create(
        child=child,
        episode=episode,
        kind=kind,
        detail=detail.strip(),
        referral_date=referral_date,
        first_service_due=due_date(RULE, referral_date),
        recorded_by=recorded_by,
    )
    _event(
        child,
        kind="disabled_service.requested",
        summary=f"{service.get_kind_display()} requested {referral_date:%d %b %Y}: first service due by "
        f"{service.first_service_due:%d %b %Y}",
        actor=recorded_by,
        source=service,
    )
    return service


@transaction.atomic
def disabled_service_decide(
    *, service_id: int, expected_version: int, decision: str, decision_date: dt.date, decided_by
) -> DisabledChildrenService:
    _check(decided_by, "Your role cannot record decisions on services for disabled children")
    service = lock_current(DisabledChildrenService, pk=service_id, expected_version=expected_version)
    if service.decision:
        raise ValidationError({"decision": "The decision has already been recorded"})
    if service.end_date:
        raise ValidationError({"decision": "The request has ended"})
    if decision not in DisabledChildrenService.Decision.values:
        raise ValidationError({"decision": "Choose the decision"})
    if decision_date < service.referral_date:
        raise ValidationError({"decision_date": "The decision cannot be before the referral"})
    if service.first_service_start and decision == DisabledChildrenService.Decision.DECLINED:
        raise ValidationError({"decision": "The service has already started: end it instead"})
    _not_future("decision_date", decision_date, "decision date")
    service.decision = decision
    service.decision_date = decision_date
    service.save()
    _event(
        service.child,
        kind="disabled_service.decided",
        summary=f"{service.get_kind_display()}: {service.get_decision_display().lower()} on {decision_date:%d %b %Y}",
        actor=decided_by,
        source=service,
    )
    return service


@transaction.atomic
def disabled_service_start(
    *, service_id: int, expected_version: int, start_date: dt.date, started_by
) -> DisabledChildrenService:
    """The first day the service was provided: this ends the wait."""
    _check(started_by, "Your role cannot record services for disabled children")
    service = lock_current(DisabledChildrenService, pk=service_id, expected_version=expected_version)
    if service.first_service_start:
        raise ValidationError({"start_date": "The first service is already recorded"})
    if service.decision == DisabledChildrenService.Decision.DECLINED:
        raise ValidationError({"start_date": "The service was not agreed"})
    if service.end_date:
        raise ValidationError({"start_date": "The request has ended"})
    if start_date < service.referral_date:
        raise ValidationError({"start_date": "The service cannot start before the referral"})
    if service.decision_date and start_date < service.decision_date:
        raise ValidationError({"start_date": "The service cannot start before the decision"})
    _not_future("start_date", start_date, "start date")
    service.first_service_start = start_date
    if not service.decision:
        service.decision = DisabledChildrenService.Decision.AGREED
        service.decision_date = start_date
    service.save()
    waited = service.waiting_days(start_date)
    _event(
        service.child,
        kind="disabled_service.started",
        summary=f"{service.get_kind_display()} started {start_date:%d %b %Y}, {waited} days after the referral",
        actor=started_by,
        source=service,
    )
    return service


@transaction.atomic
def disabled_service_end(
    *, service_id: int, expected_version: int, end_date: dt.date, ended_by
) -> DisabledChildrenService:
    """The service ended, or a request still waiting was withdrawn."""
    _check(ended_by, "Your role cannot record services for disabled children")
    service = lock_current(DisabledChildrenService, pk=service_id, expected_version=expected_version)
    if service.end_date:
        raise ValidationError({"end_date": "The service has already ended"})
    if end_date < (service.first_service_start or service.referral_date):
        raise ValidationError({"end_date": "The end cannot be before the service started (or was requested)"})
    _not_future("end_date", end_date, "end date")
    withdrawn = service.first_service_start is None
    service.end_date = end_date
    service.save()
    what = "request withdrawn" if withdrawn else "ended"
    _event(
        service.child,
        kind="disabled_service.ended",
        summary=f"{service.get_kind_display()} {what} {end_date:%d %b %Y}",
        actor=ended_by,
        source=service,
    )
    return service
