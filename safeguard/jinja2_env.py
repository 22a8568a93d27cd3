"""Jinja2 environment for Django's Jinja2 template backend.

Settings point ``TEMPLATES[...]["OPTIONS"]["environment"]`` here. Django passes
its own loader (the apps' ``jinja2/`` folders); we add the GOV.UK Frontend Jinja
macros so templates can ``{% from "govuk_frontend_jinja/components/..." %}``.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from django.templatetags.static import static
from django.urls import reverse

from safeguard.govuk_forms import govuk_error_summary, govuk_field

UK_TIME = ZoneInfo("Europe/London")
# Fixed English abbreviations so output doesn't depend on the server's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """``url('cases:detail', case.pk)`` in templates: Django's reverse()."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _uk_local(value: datetime.datetime) -> datetime.datetime:
    # Stored datetimes are UTC; people read UK wall-clock time. Naive ones are taken as already local.
    return value.astimezone(UK_TIME) if value.tzinfo else value


def date_uk(value: datetime.date | datetime.datetime | None) -> str:
    """``3 Jun 2026``; empty for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _uk_local(value).date()
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def datetime_uk(value: datetime.date | datetime.datetime | None) -> str:
    """``3 Jun 2026, 14:05`` in UK local time; a plain date gets no time."""
    if not isinstance(value, datetime.datetime):
        return date_uk(value)
    local = _uk_local(value)
    return f"{date_uk(local)}, {local:%H:%M}"


def environment(**options: Any) -> jinja2.Environment:
    govuk_loader = jinja2.PrefixLoader({"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")})
    # The macros import each other as "govuk_frontend_jinja/components/...", hence the prefix.
    django_loader = options.pop("loader", None)
    options["loader"] = jinja2.ChoiceLoader([loader for loader in (django_loader, govuk_loader) if loader])
    options["autoescape"] = True  # always: templates render case records typed by users
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]

    env = jinja2.Environment(**options)
    env.globals.update(
        static=static,
        url=url,
        govuk_field=govuk_field,
        govuk_error_summary=govuk_error_summary,
    )
    env.filters.update(date_uk=date_uk, datetime_uk=datetime_uk)
    return env
