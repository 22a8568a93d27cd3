"""Render bound Django form fields with the GOV.UK Frontend Jinja macros.

Templates call ``govuk_field(form["name"])`` and ``govuk_error_summary(form)``;
both are Jinja globals (see ``safeguard.jinja2_env``). Each widget maps to the
GOV.UK component a user of GOV.UK services already knows, and ids line up so
the error summary's links move focus to the right input.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

import jinja2
from django import forms
from django.forms.forms import NON_FIELD_ERRORS
from django.forms.widgets import Input
from django.utils import timezone
from markupsafe import Markup

# Widget attributes the macros set themselves (or that GOV.UK styling replaces).
_MACRO_OWNED_ATTRS = {"id", "name", "type", "value", "class", "required", "cols", "rows", "disabled"}


@lru_cache(maxsize=64)
def _macro_template(env: jinja2.Environment, macro: str, component: str) -> jinja2.Template:
    # One tiny compiled template per (environment, macro): compiling per call is slow.
    return env.from_string(
        f'{{% from "govuk_frontend_jinja/components/{component}/macro.html" import {macro} %}}{{{{ {macro}(params) }}}}'
    )


def render_macro(env: jinja2.Environment, macro: str, component: str, params: dict) -> Markup:
    # The environment autoescapes, so the output is safe HTML with user text escaped.
    return Markup(_macro_template(env, macro, component).render(params=params).strip())


def field_id(bound_field: forms.BoundField) -> str:
    """The id the error summary links to: the input itself, or the first radio/checkbox."""
    return bound_field.field.widget.attrs.get("id") or bound_field.auto_id


def _merge(params: dict, overrides: dict) -> dict:
    # One level deep, so e.g. label={"classes": ...} keeps the label text.
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(params.get(key), dict):
            params[key] = {**params[key], **value}
        else:
            params[key] = value
    return params


def _input_value(bound_field: forms.BoundField, widget: forms.Widget) -> Any:
    value = bound_field.field.prepare_value(bound_field.value())  # aware datetimes -> local time
    # Native date/time inputs need ISO values whatever the display locale is.
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return widget.format_value(value)


def _choice_items(bound_field: forms.BoundField, selected_key: str) -> list[dict]:
    # Django's subwidgets already flatten groups and work out which options are selected.
    return [
        {
            "value": str(option.data["value"]),
            "text": option.data["label"],
            selected_key: option.data["selected"],
        }
        for option in bound_field.subwidgets
    ]


def _input_type(bound_field: forms.BoundField, widget: forms.Widget) -> tuple[str, dict]:
    """The <input> type plus any extra macro params for that type."""
    if isinstance(widget, forms.DateTimeInput):
        return "datetime-local", {}
    if isinstance(widget, forms.DateInput):
        return "date", {}
    if isinstance(widget, forms.TimeInput):
        return "time", {}
    if isinstance(widget, forms.NumberInput):
        # GOV.UK advises text inputs with an inputmode over type="number".
        integer = isinstance(bound_field.field, forms.IntegerField)
        return "text", {"inputmode": "numeric" if integer else "decimal", "spellcheck": False}
    return widget.input_type, {}


@jinja2.pass_environment
def govuk_field(env: jinja2.Environment, bound_field: forms.BoundField, **overrides: Any) -> Markup:
    """Render one bound field; keyword arguments override or extend the macro params."""
    widget = bound_field.field.widget
    is_page_heading = overrides.pop("is_page_heading", False)
    id_ = field_id(bound_field)
    name = bound_field.html_name

    if isinstance(widget, forms.HiddenInput):
        value = _input_value(bound_field, widget)
        return Markup('<input type="hidden" name="{}" id="{}" value="{}">').format(name, id_, value or "")

    params: dict[str, Any] = {"name": name, "id": id_, "idPrefix": id_}
    extra_attrs = {k: v for k, v in widget.attrs.items() if k not in _MACRO_OWNED_ATTRS}
    if extra_attrs:
        params["attributes"] = extra_attrs
    if widget.attrs.get("class"):
        params["classes"] = widget.attrs["class"]
    if bound_field.help_text:
        params["hint"] = {"text": bound_field.help_text}
    if bound_field.errors:
        params["errorMessage"] = {"text": " ".join(str(error) for error in bound_field.errors)}
    if bound_field.field.disabled:
        params["disabled"] = True

    # Questions asked with a group of inputs use a fieldset legend; others a label.
    # A question that is also the page's <h1> gets the large size, as in GOV.UK patterns.
    legend = {"text": bound_field.label, "isPageHeading": is_page_heading}
    label = dict(legend)
    if is_page_heading:
        legend["classes"] = "govuk-fieldset__legend--l"
        label["classes"] = "govuk-label--l"

    if isinstance(widget, forms.CheckboxInput):
        # A single yes/no checkbox: the field's label is the item's text.
        params.pop("hint", None)
        item = {"value": "true", "text": bound_field.label, "checked": bool(bound_field.value())}
        if bound_field.help_text:
            item["hint"] = {"text": bound_field.help_text}
        params["items"] = [item]
        macro, component = "govukCheckboxes", "checkboxes"
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.SelectMultiple):
        # GOV.UK uses checkboxes rather than multi-selects, which are hard to use.
        params |= {"fieldset": {"legend": legend}, "items": _choice_items(bound_field, "checked")}
        macro, component = "govukCheckboxes", "checkboxes"
    elif isinstance(widget, forms.RadioSelect):
        params |= {"fieldset": {"legend": legend}, "items": _choice_items(bound_field, "checked")}
        macro, component = "govukRadios", "radios"
    elif isinstance(widget, forms.Select):
        params |= {"label": label, "items": _choice_items(bound_field, "selected")}
        macro, component = "govukSelect", "select"
    elif isinstance(widget, forms.Textarea):
        # The macro prints its value param as-is, so None must become "".
        params |= {"label": label, "value": _input_value(bound_field, widget) or ""}
        params["rows"] = widget.attrs.get("rows", 5)
        macro, component = "govukTextarea", "textarea"
    elif isinstance(widget, Input):
        input_type, type_params = _input_type(bound_field, widget)
        params |= {"label": label, "type": input_type, **type_params}
        # Passwords are never echoed back unless the widget asks for it.
        if not isinstance(widget, forms.PasswordInput) or widget.render_value:
            params["value"] = _input_value(bound_field, widget)
        macro, component = "govukInput", "input"
    else:
        raise TypeError(f"govuk_field has no GOV.UK component for {type(widget).__name__}")

    return render_macro(env, macro, component, _merge(params, overrides))


@jinja2.pass_environment
def govuk_error_summary(env: jinja2.Environment, form: forms.BaseForm, **overrides: Any) -> Markup | str:
    """The "There is a problem" summary, linking each field error to its input."""
    if not form.errors:
        return ""
    error_list: list[dict] = [{"text": str(error)} for error in form.errors.get(NON_FIELD_ERRORS, [])]
    for bound_field in form:
        for error in bound_field.errors:
            item = {"text": str(error)}
            if not bound_field.is_hidden:  # a hidden input can't take focus
                item["href"] = f"#{field_id(bound_field)}"
            error_list.append(item)
    params = _merge({"titleText": "There is a problem", "errorList": error_list}, overrides)
    return render_macro(env, "govukErrorSummary", "error-summary", params)
