"""Administrators grant inspectors time-limited access and name who may see restricted records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import Role

from .models import InspectorGrant, RestrictedAccessPermit


@transaction.atomic
def inspector_grant_create(
    *, inspector, starts_at: dt.datetime, ends_at: dt.datetime, reason: str, granted_by
) -> InspectorGrant:
    if not granted_by.has_perm("access.manage_grants"):
        raise PermissionDenied("Only administrators grant inspector access")
    if inspector.role != Role.INSPECTOR:
        raise ValidationError({"inspector": "Grants are for inspector accounts only"})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The grant must end after it starts"})
    if ends_at - starts_at > dt.timedelta(days=31):
        raise ValidationError({"ends_at": "A grant lasts at most 31 days; grant again for a longer inspection"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the grant (e.g. the inspection it is for)"})
    return InspectorGrant.objects.create(
        inspector=inspector, starts_at=starts_at, ends_at=ends_at, reason=reason.strip(), granted_by=granted_by
    )


@transaction.atomic
def inspector_grant_revoke(*, grant_id: int, revoked_by) -> InspectorGrant:
    if not revoked_by.has_perm("access.manage_grants"):
        raise PermissionDenied("Only administrators revoke inspector access")
    grant = InspectorGrant.objects.select_for_update().get(pk=grant_id)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save()
    return grant


@transaction.atomic
def restriction_apply(*, person, permitted_users, reason: str, applied_by) -> None:
    """Restrict a person's record to the named users (and the one who applies it)."""
    if not applied_by.has_perm("access.manage_grants"):
        raise PermissionDenied("Only administrators restrict records")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the record is restricted"})
    person.is_restricted = True
    person.version += 1
    person._change_reason = f"Restricted: {reason.strip()}"
    person.save()
    for user in {*permitted_users, applied_by}:
        RestrictedAccessPermit.objects.get_or_create(
            person=person, user=user, defaults={"granted_by": applied_by, "reason": reason.strip()}
        )
