"""Small helpers for the indicator tests: compute one indicator for a scope and date."""

import datetime as dt

from safeguard.indicators.engine import Scope
from safeguard.indicators.registry import get


def result(key: str, as_of: dt.date, scope: Scope | None = None):
    return get(key).result(scope=scope or Scope.authority(), as_of=as_of)
