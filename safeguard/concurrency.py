"""Optimistic concurrency: an edit names the version it started from; a stale edit is refused, not merged."""

from django.core.exceptions import ValidationError


class ConcurrentEditError(ValidationError):
    def __init__(self, what: str = "record"):
        super().__init__(
            f"This {what} was changed by someone else while you were editing it. "
            "Reload the page to see their changes, then make yours again."
        )


def lock_current(model, *, pk: int, expected_version: int):
    """Lock the row for this transaction and check nobody has saved it since the editor loaded it."""
    obj = model.objects.select_for_update().get(pk=pk)
    if obj.version != expected_version:
        raise ConcurrentEditError(model._meta.verbose_name)
    obj.version += 1
    return obj
