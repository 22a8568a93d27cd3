"""Indicator definitions, one module per area; importing this package registers them all (apps.ready)."""

from . import assessment, careleavers, childrenlookedafter, practice, protection  # noqa: F401
