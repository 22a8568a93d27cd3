"""The indicator pages: every indicator for an as-of date and a scope, and the children behind each number.

The table shows numbers only. The drill-down names children, and only those the viewer may see
(access.selectors.visible_people); the children named on the page are recorded as one listing access event.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.access.selectors import people_for_listing
from safeguard.people.models import Person

from . import registry, selectors

CHILDREN_PER_PAGE = 100
EARLIEST = dt.date(1991, 1, 1)
LATEST = dt.date(2059, 12, 31)


def _require(user) -> None:
    if not user.has_perm("indicators.view"):
        raise PermissionDenied("Indicators are for managers, senior leaders, analysts, inspectors and social workers")


def _as_of(request) -> tuple[dt.date, str]:
    """The as-of date asked for (default today) and an error message when it could not be used."""
    today = timezone.localdate()
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return today, ""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return today, "Enter the as-of date as a real date, for example 2026-03-31"
    if not EARLIEST <= day <= LATEST:
        return today, f"The as-of date must be between {EARLIEST:%Y} and {LATEST:%Y}"
    return day, ""


@require_GET
def index(request):
    user = request.user
    _require(user)
    as_of, error = _as_of(request)
    scope = selectors.resolve_scope(user, request.GET.get("scope", ""))
    results = registry.compute_all(scope=scope, as_of=as_of)
    sections: dict[str, list] = {}
    for result in results:
        sections.setdefault(result.indicator.section, []).append(result)
    return render(
        request,
        "indicators/index.html",
        {
            "as_of": as_of,
            "scope": scope,
            "choices": selectors.scope_choices(user),
            "sections": sections,
            "error": error,
            "period": results[0].context.period if results else None,
        },
    )


@require_GET
def detail(request, key: str):
    user = request.user
    _require(user)
    try:
        indicator = registry.get(key)
    except KeyError:
        raise Http404("No such indicator") from None
    as_of, error = _as_of(request)
    scope = selectors.resolve_scope(user, request.GET.get("scope", ""))
    which = "other" if request.GET.get("list") == "other" else "counted"
    result = indicator.result(scope=scope, as_of=as_of)
    ids = result.children_ids(which)
    visible = selectors.visible_children(user, ids)
    page = Paginator(visible, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    children = Person.objects.filter(pk__in=list(page.object_list)).order_by("last_name", "first_name", "pk")
    children = people_for_listing(request, children, what=f"indicator {indicator.number}: {indicator.title}")
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "result": result,
            "as_of": as_of,
            "scope": scope,
            "choices": selectors.scope_choices(user),
            "which": which,
            "page": page,
            "children": children,
            "hidden": len(ids) - len(visible),
            "total": len(ids),
            "error": error,
        },
    )
