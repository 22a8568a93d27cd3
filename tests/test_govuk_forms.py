"""GOV.UK form rendering, date filters and the base layout, checked on real HTML output.

Runs under pytest-django (project settings) or standalone with
``python -m pytest tests/test_govuk_forms.py -p no:django`` (minimal settings below).
"""

import datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import django
import jinja2
import pytest
from django.conf import settings
from django.urls import include, path

if not settings.configured:
    settings.configure(
        USE_TZ=True,
        TIME_ZONE="Europe/London",
        STATIC_URL="/static/",
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[],
    )
    django.setup()

from django import forms
from django.test.utils import override_settings
from django.utils import timezone
from markupsafe import Markup

from safeguard import jinja2_env

JINJA_DIR = Path(jinja2_env.__file__).parent / "jinja2"

# A stand-in `accounts:logout` URL, so the layout test doesn't depend on the real urlconf.
accounts_patterns = ([path("logout/", lambda request: None, name="logout")], "accounts")
urlpatterns = [path("accounts/", include(accounts_patterns))]


@pytest.fixture(scope="module")
def env():
    return jinja2_env.environment(loader=jinja2.FileSystemLoader(JINJA_DIR))


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(html, tag_name, /, **attrs):
    """Start tags called `name` whose attributes include `attrs` (use class_ for class)."""
    parser = _Tags()
    parser.feed(str(html))
    wanted = {key.rstrip("_"): value for key, value in attrs.items()}
    return [a for tag, a in parser.found if tag == tag_name and wanted.items() <= a.items()]


def render(env, source, **context):
    return env.from_string(source).render(**context)


class CaseForm(forms.Form):
    name = forms.CharField(label="Child's full name", help_text="As on the birth certificate")
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    date_of_birth = forms.DateField(widget=forms.DateInput, required=False)
    seen_at = forms.DateTimeField(widget=forms.DateTimeInput, required=False)
    siblings = forms.IntegerField(required=False)
    risk = forms.ChoiceField(choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green")], widget=forms.RadioSelect)
    team = forms.ChoiceField(
        choices=[("", "Choose a team"), ("mash", "MASH"), ("cin", "Child in need")], required=False
    )
    concerns = forms.MultipleChoiceField(
        choices=[("neglect", "Neglect"), ("emotional", "Emotional abuse")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(label="Parent consents to checks", required=False)
    case_id = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        if self.cleaned_data.get("name") == "conflict":
            raise forms.ValidationError("This child is already open to another team")
        return self.cleaned_data


def field_html(env, form, name, **kwargs):
    html = jinja2_env.govuk_field(env, form[name], **kwargs)
    assert isinstance(html, Markup)
    return str(html)


def test_text_input_has_label_hint_and_value(env):
    form = CaseForm(initial={"name": "Sam Smith"})
    html = field_html(env, form, "name")
    assert tags(html, "label", for_="id_name")
    assert "Child&#39;s full name" in html or "Child's full name" in html
    assert tags(html, "div", id="id_name-hint", class_="govuk-hint")
    [field] = tags(html, "input", id="id_name", name="name", type="text", value="Sam Smith")
    assert field["aria-describedby"] == "id_name-hint"
    assert "govuk-error-message" not in html


def test_user_text_is_escaped(env):
    form = CaseForm(data={"name": "<script>alert(1)</script>"})
    html = field_html(env, form, "name")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_label_and_help_text_are_escaped(env):
    class Evil(forms.Form):
        name = forms.CharField(label="<script>x</script>", help_text="<b>bold</b>")

    html = field_html(env, Evil(), "name")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_field_errors_render_govuk_error_message(env):
    form = CaseForm(data={"name": "", "risk": "purple"})
    assert not form.is_valid()
    html = field_html(env, form, "name")
    assert tags(html, "div", class_="govuk-form-group govuk-form-group--error")
    assert tags(html, "p", id="id_name-error", class_="govuk-error-message")
    assert "This field is required." in html
    assert tags(html, "input", class_="govuk-input govuk-input--error", id="id_name")


def test_error_summary_links_to_fields_and_lists_non_field_errors(env):
    form = CaseForm(data={"name": "conflict", "risk": "", "email": "not-an-email"})
    assert not form.is_valid()
    html = str(jinja2_env.govuk_error_summary(env, form))
    assert "There is a problem" in html
    assert tags(html, "a", href="#id_email")
    assert tags(html, "a", href="#id_risk")
    assert "This child is already open to another team" in html
    # Non-field errors have no link: there is no single input to move to.
    assert not [a for a in tags(html, "a") if "another team" in a.get("href", "")]
    assert len(tags(html, "a")) == 2


def test_error_summary_empty_without_errors(env):
    assert jinja2_env.govuk_error_summary(env, CaseForm()) == ""
    assert jinja2_env.govuk_error_summary(env, CaseForm(data={"name": "Sam", "risk": "red"})) == ""


def test_date_and_datetime_inputs_use_native_types(env):
    seen = datetime.datetime(2026, 6, 3, 13, 5, tzinfo=datetime.UTC)
    form = CaseForm(initial={"date_of_birth": datetime.date(2015, 2, 1), "seen_at": seen})
    assert tags(field_html(env, form, "date_of_birth"), "input", type="date", value="2015-02-01")
    # Aware UTC values show in UK local time (BST in June).
    with timezone.override("Europe/London"):
        assert tags(field_html(env, form, "seen_at"), "input", type="datetime-local", value="2026-06-03T14:05")


def test_date_field_parses_the_native_format():
    form = CaseForm(data={"name": "Sam", "risk": "red", "date_of_birth": "2015-02-01", "seen_at": "2026-06-03T14:05"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2015, 2, 1)


def test_number_input_is_text_with_numeric_inputmode(env):
    [field] = tags(field_html(env, CaseForm(), "siblings"), "input", id="id_siblings")
    assert field["type"] == "text" and field["inputmode"] == "numeric"


def test_radios_fieldset_and_checked_state(env):
    form = CaseForm(data={"risk": "amber"})
    html = field_html(env, form, "risk", is_page_heading=True)
    legend = tags(html, "legend")[0]
    assert "govuk-fieldset__legend--l" in legend["class"]
    assert '<h1 class="govuk-fieldset__heading">' in html
    radios = tags(html, "input", type="radio", name="risk")
    assert [r["value"] for r in radios] == ["red", "amber", "green"]
    assert ["checked" in r for r in radios] == [False, True, False]
    # The first radio carries the field id, so error summary links land on it.
    assert radios[0]["id"] == "id_risk"


def test_checkboxes_and_single_checkbox(env):
    form = CaseForm(initial={"concerns": ["emotional"], "consent": True})
    boxes = tags(field_html(env, form, "concerns"), "input", type="checkbox", name="concerns")
    assert ["checked" in b for b in boxes] == [False, True]
    single = field_html(env, form, "consent")
    [box] = tags(single, "input", type="checkbox", name="consent", id="id_consent", value="true")
    assert "checked" in box
    assert "Parent consents to checks" in single
    assert CaseForm(data={"name": "Sam", "risk": "red", "consent": "true"}).is_valid()


def test_select_marks_selected_option(env):
    html = field_html(env, CaseForm(initial={"team": "cin"}), "team")
    assert tags(html, "select", id="id_team", name="team", class_="govuk-select")
    assert [o.get("value") for o in tags(html, "option")] == ["", "mash", "cin"]
    assert ["selected" in o for o in tags(html, "option")] == [False, False, True]


def test_textarea_password_and_hidden(env):
    form = CaseForm(initial={"notes": "Seen at school", "secret": "hunter2", "case_id": "C-1"})
    notes = field_html(env, form, "notes")
    assert tags(notes, "textarea", id="id_notes", class_="govuk-textarea")
    assert "Seen at school</textarea>" in notes
    assert "None" not in field_html(env, CaseForm(data={}), "notes")
    [secret] = tags(field_html(env, form, "secret"), "input", id="id_secret")
    assert secret["type"] == "password" and "value" not in secret
    assert field_html(env, form, "case_id") == '<input type="hidden" name="case_id" id="id_case_id" value="C-1">'


def test_overrides_merge_into_macro_params(env):
    html = field_html(env, CaseForm(), "name", is_page_heading=True, classes="govuk-input--width-20")
    assert tags(html, "label", class_="govuk-label govuk-label--l")
    assert '<h1 class="govuk-label-wrapper">' in html
    assert tags(html, "input", class_="govuk-input govuk-input--width-20")


def test_globals_work_inside_templates(env):
    form = CaseForm(data={"name": ""})
    form.is_valid()
    html = render(env, "{{ govuk_error_summary(form) }}{{ govuk_field(form['name']) }}", form=form)
    assert tags(html, "a", href="#id_name")
    assert tags(html, "p", class_="govuk-error-message")


def test_macros_import_from_package_path(env):
    html = render(
        env,
        '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
        "{{ govukButton({'text': 'Save <now>'}) }}",
    )
    assert tags(html, "button", class_="govuk-button", type="submit")
    assert "Save &lt;now&gt;" in html


def test_date_filters():
    summer = datetime.datetime(2026, 6, 3, 13, 5, tzinfo=datetime.UTC)
    assert jinja2_env.date_uk(datetime.date(2026, 6, 3)) == "3 Jun 2026"
    assert jinja2_env.date_uk(None) == ""
    assert jinja2_env.datetime_uk(summer) == "3 Jun 2026, 14:05"
    assert jinja2_env.datetime_uk(datetime.datetime(2026, 1, 9, 9, 30, tzinfo=datetime.UTC)) == "9 Jan 2026, 09:30"
    # 23:30 UTC in summer is already the next day in the UK.
    assert jinja2_env.date_uk(datetime.datetime(2026, 6, 3, 23, 30, tzinfo=datetime.UTC)) == "4 Jun 2026"
    assert jinja2_env.datetime_uk(None) == ""


# Plain static storage: the manifest storage needs collectstatic to have run.
plain_static = override_settings(
    ROOT_URLCONF=__name__,
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
)


@plain_static
def test_layout_renders_header_messages_and_content(env):
    user = SimpleNamespace(is_authenticated=True, get_full_name=lambda: "Ada <Lovelace>", get_username=lambda: "ada")
    messages = [_Message("success", "Referral saved"), _Message("info", "Visit due <today>")]
    page = env.from_string(
        '{% extends "layout.html" %}{% block pageTitle %}Cases{% endblock %}'
        '{% block content %}<h1 class="govuk-heading-l">Cases</h1>{% endblock %}'
    )
    html = page.render(
        request=SimpleNamespace(user=user),
        csrf_input=Markup('<input type="hidden" name="csrfmiddlewaretoken" value="t">'),
        nav_items=[{"text": "Cases", "href": "/cases/", "active": True}, {"text": "Team", "href": "/team/"}],
        messages=messages,
    )
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert "<title>Cases \u2013 Safeguard</title>" in html
    assert tags(html, "link", rel="stylesheet", href="/static/govuk/safeguard.min.css")
    assert tags(html, "script", type="module", src="/static/govuk/init.js")
    assert tags(html, "main", id="main-content", class_="govuk-main-wrapper")
    assert tags(html, "a", href="#main-content", class_="govuk-skip-link")
    assert tags(html, "a", href="/cases/", **{"aria-current": "true"})
    assert tags(html, "form", method="post", action="/accounts/logout/")
    assert tags(html, "input", name="csrfmiddlewaretoken")
    assert "Ada &lt;Lovelace&gt;" in html
    assert "Synthetic data" in html and "This service holds synthetic data only." in html
    assert tags(html, "div", class_="govuk-notification-banner govuk-notification-banner--success")
    assert "Visit due &lt;today&gt;" in html
    assert "govuk-header__logotype" not in html and "govuk-footer__crown" not in html
    assert "<script>" not in html  # no inline scripts: the CSP forbids them


@plain_static
def test_layout_without_user_or_title(env):
    html = env.get_template("layout.html").render()
    assert "<title>Safeguard</title>" in html
    assert "Sign out" not in html


class _Message:
    def __init__(self, level_tag, text):
        self.level_tag, self.text = level_tag, text

    def __str__(self):
        return self.text
