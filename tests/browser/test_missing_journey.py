"""A child reported missing, in a real browser: on the at-risk queue while missing, returned, then listed as
without a return-home interview once 72 hours have passed since the return, and cleared by the interview.

Times are set relative to now (as the at-risk journey does): the child went missing 80 hours ago and the return
is recorded as 73 hours ago, so the 72 hours have already run out when the queue is next opened.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.accounts.models import Role
from safeguard.missing.models import MissingEpisode
from safeguard.workdays import deadlines
from safeguard.workforce.models import Worker
from tests.factories import AllocationFactory, PersonFactory, UserFactory, WorkerFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _missing_rules(_deadline_rules):
    # The shared fixture re-seeds the workdays rules after each flush; this app's rule lives in its own migration.
    importlib.import_module("safeguard.missing.migrations.0002_missing_rules").seed(apps, None)
    deadlines.invalidate_rules()


@pytest.fixture
def manager(team):
    user = UserFactory(role=Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    WorkerFactory(user=user, team=team, role=Worker.Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    return user


def local(hours_ago: float) -> str:
    return timezone.localtime(timezone.now() - dt.timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")


def test_missing_child_through_the_at_risk_queue(page: Page, url, sign_in, browser_errors, team, manager):
    worker = WorkerFactory(team=team, first_name="Daniel", last_name="Price")
    child = PersonFactory(first_name="Tyler", last_name="Moss", date_of_birth=dt.date(2011, 2, 3))
    AllocationFactory(child=child, worker=worker)

    sign_in(manager)
    page.goto(url(f"/people/{child.pk}/"))
    page.locator("#missing-panel ~ p").get_by_role("link", name="Report missing or away").click()
    page.get_by_label("Missing", exact=True).check()
    page.get_by_label("When the child went missing").fill(local(80))
    page.get_by_label("High", exact=True).check()
    page.get_by_label("Reported to the police").check()
    page.get_by_label("Police reference").fill("NB-2611-4410")
    page.get_by_role("button", name="Save missing episode").click()
    expect(page.get_by_text("Missing episode recorded")).to_be_visible()
    episode = MissingEpisode.objects.get(child=child)

    page.get_by_role("link", name="At risk").click()
    missing_now = page.locator("#missing-now tbody tr")
    expect(missing_now).to_have_count(1)
    expect(missing_now).to_contain_text("Tyler Moss")
    expect(missing_now).to_contain_text("NB-2611-4410")
    expect(page.locator("#missing-no-interview tbody tr")).to_have_text(["None."])

    missing_now.get_by_role("link", name="Tyler Moss").click()
    expect(page).to_have_url(url(f"/missing/children/{child.pk}/episodes/{episode.pk}/"))
    page.get_by_label("When the child returned or was found").fill(local(73))
    page.get_by_label("Where the child was found").fill("Bus station")
    page.get_by_role("button", name="Save return").click()
    expect(page.get_by_text("Return recorded")).to_be_visible()
    expect(page.locator("#rhi")).to_contain_text("Overdue")

    page.get_by_role("link", name="At risk").click()
    expect(page.locator("#missing-now tbody tr")).to_have_text(["None."])
    waiting = page.locator("#missing-no-interview tbody tr")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("Tyler Moss")

    waiting.get_by_role("link", name="Tyler Moss").click()
    page.get_by_label("When the interview took place").fill(local(0.5))  # after the due time (1 hour ago)
    page.get_by_label("Interviewer").fill("Sam Reed")
    page.get_by_label("Key findings").fill("Stayed with an older friend; safety plan agreed.")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("Return-home interview recorded")).to_be_visible()
    expect(page.locator("#rhi")).to_contain_text("completed late")

    page.get_by_role("link", name="At risk").click()
    expect(page.locator("#missing-no-interview tbody tr")).to_have_text(["None."])
    expect(page.get_by_text("Tyler Moss")).to_have_count(0)
    assert browser_errors == []
