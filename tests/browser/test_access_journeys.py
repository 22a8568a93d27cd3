"""Access and accessibility journeys in a real browser.

Need-to-know (a child outside your team does not exist for you), the manager's "who viewed this record",
the sign-in lockout, the skip link, and the GOV.UK error summary.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.access.models import AccessEvent
from safeguard.accounts.models import Role
from safeguard.workforce.models import Worker
from tests.factories import (
    PASSWORD,
    AllocationFactory,
    EpisodeFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
)

from . import uk_date

pytestmark = pytest.mark.browser


def _named_worker_user(role, team, first_name, last_name, worker_role=Worker.Role.SOCIAL_WORKER):
    user = UserFactory(role=role, first_name=first_name, last_name=last_name)
    WorkerFactory(user=user, team=team, role=worker_role, first_name=first_name, last_name=last_name)
    return user


@pytest.fixture
def child(team):
    """A child open to `team` and allocated to one of its social workers."""
    child = PersonFactory(first_name="Leo", last_name="Marsh")
    EpisodeFactory(child=child, team=team)
    AllocationFactory(child=child, worker=WorkerFactory(team=team))
    return child


def test_a_child_outside_your_team_is_not_found(page: Page, sign_in, child):
    outsider = _named_worker_user(Role.SOCIAL_WORKER, TeamFactory(), "Oliver", "Stone")
    sign_in(outsider)

    for path in (f"/people/{child.pk}/", f"/people/{child.pk}/chronology/"):
        response = page.goto(path)
        assert response.status == 404
        expect(page.get_by_role("heading", name=re.compile("not found", re.IGNORECASE))).to_be_visible()
        # Nothing on the page gives away that the child exists.
        expect(page.locator("body")).not_to_contain_text("Marsh")
    assert not AccessEvent.objects.filter(user=outsider).exists()


def test_a_manager_sees_who_viewed_the_record(page: Page, sign_in, sign_out, team, child):
    worker = _named_worker_user(Role.SOCIAL_WORKER, team, "Priya", "Shah")
    manager = _named_worker_user(Role.TEAM_MANAGER, team, "Grace", "Okafor", worker_role=Worker.Role.TEAM_MANAGER)

    sign_in(worker)
    page.goto(f"/people/{child.pk}/")
    expect(page.get_by_role("heading", name="Leo Marsh", level=1)).to_be_visible()
    # Only managers may see who looked at a record.
    expect(page.get_by_role("link", name="Who viewed this record")).to_have_count(0)
    assert page.goto(f"/people/{child.pk}/viewers/").status == 403
    page.goto(f"/people/{child.pk}/chronology/")
    expect(page.get_by_role("heading", name="Leo Marsh", level=1)).to_be_visible()
    sign_out()

    sign_in(manager)
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Who viewed this record").click()
    expect(page.get_by_role("heading", name="Who viewed this record")).to_be_visible()

    when = re.compile(rf"^{re.escape(uk_date(timezone.localdate()))}, \d\d:\d\d$")
    rows = page.locator("table tbody tr")
    for what in ("person record", "chronology"):
        row = rows.filter(has_text="Priya Shah").filter(has_text=what)
        expect(row.locator("td")).to_have_text([when, "Priya Shah", "social worker", "Viewed", what, ""])
    # The manager's own looks are recorded too, this page included.
    expect(rows.filter(has_text="Grace Okafor").filter(has_text="who viewed this record")).to_have_count(1)


def test_five_failed_sign_ins_lock_the_account(page: Page, social_worker):
    page.goto("/accounts/login/")
    for _ in range(4):
        page.get_by_label("Username").fill(social_worker.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Sign in to Safeguard")).to_be_visible()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Please enter a correct username and password")

    page.get_by_label("Username").fill(social_worker.username)
    page.get_by_label("Password").fill("not-the-password")
    with page.expect_response(lambda r: r.request.method == "POST") as fifth:
        page.get_by_role("button", name="Sign in").click()
    assert fifth.value.status == 429
    expect(page.get_by_role("heading", name="Your account is locked")).to_be_visible()
    expect(page.get_by_text("Try again in 30 minutes")).to_be_visible()

    # Even the right password does not get in while the lock lasts.
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(social_worker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account is locked")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_the_skip_link_is_the_first_tab_stop(page: Page, sign_in, social_worker, team):
    child = PersonFactory(first_name="Leo", last_name="Marsh")
    EpisodeFactory(child=child, team=team)
    AllocationFactory(child=child, worker=social_worker.worker)
    sign_in(social_worker)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    # The next Tab stop is the first control in the main content, past the header's navigation.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Type of work")).to_be_focused()


def test_an_empty_form_shows_the_error_summary(page: Page, sign_in, front_door_user):
    child = PersonFactory(first_name="Ruby", last_name="Hale")
    sign_in(front_door_user)
    page.goto(f"/front-door/contacts/new/?child={child.pk}")
    page.get_by_label("Date and time received").fill("")
    page.get_by_role("button", name="Record contact").click()

    expect(page).to_have_title("Error: Record a contact – Safeguard")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # GOV.UK Frontend moves focus to the summary so screen-reader users hear it first.
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(5)
    hrefs = [links.nth(i).get_attribute("href") for i in range(5)]
    assert hrefs == ["#id_received_at", "#id_source", "#id_reasons", "#id_summary", "#id_rag"]
    # Each field repeats its error next to it.
    expect(page.locator(".govuk-error-message")).to_have_count(5)

    # A link in the summary takes you to the field.
    summary.locator("a[href='#id_summary']").click()
    expect(page.get_by_label("Summary of the concern")).to_be_focused()
    summary.locator("a[href='#id_reasons']").click()
    expect(page.get_by_label("Domestic abuse notification (police)", exact=True)).to_be_focused()
