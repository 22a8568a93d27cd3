"""An adoption in a real browser: the ADM decision, placement order, match, the move to the adopters (A1 and A2
shown against their thresholds), and the adoption order, after which the child is no longer looked after (E11).

Dates are relative to today, since no step may be recorded in the future: the child came into care 500 days ago,
so moving in 100 days ago gives A1 = 400 days (within 426), and a match 100 days after the order gives A2 = 100
days (within 121).
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.accounts.models import Role
from safeguard.adoption.models import AdoptionJourney
from safeguard.workdays import deadlines
from safeguard.workforce.models import Worker
from tests.adoption.factories import AdopterFactory
from tests.factories import PersonFactory, UserFactory, WorkerFactory
from tests.lac.factories import looked_after_child

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _adoption_rules(_deadline_rules):
    # The shared fixture re-seeds the workdays rules after each flush; adoption's rules live in its own migration.
    importlib.import_module("safeguard.adoption.migrations.0002_adoption_rules").seed(apps, None)
    deadlines.invalidate_rules()


@pytest.fixture
def manager(team):
    user = UserFactory(role=Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    WorkerFactory(user=user, team=team, role=Worker.Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    return user


def days_ago(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def test_adoption_from_decision_to_order(page: Page, url, sign_in, browser_errors, team, manager):
    child = PersonFactory(
        first_name="Poppy", last_name="Marsh", date_of_birth=timezone.localdate() - dt.timedelta(days=800)
    )
    period = looked_after_child(start_date=timezone.localdate() - dt.timedelta(days=500), child=child, team=team)
    AdopterFactory(name="Robin and Jess Ashdown")

    sign_in(manager)
    page.goto(url(f"/adoption/children/{child.pk}/"))
    page.get_by_label("Date of the decision that the child should be placed for adoption").fill(days_ago(420))
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    journey = AdoptionJourney.objects.get(child=child)
    expect(page).to_have_url(url(f"/adoption/children/{child.pk}/journeys/{journey.pk}/"))

    page.get_by_label("Date of the placement order").fill(days_ago(300))
    page.get_by_role("button", name="Record placement order").click()
    expect(page.locator("#journey-status")).to_have_text("Authority to place")
    expect(page.locator("#next-review-due")).to_be_visible()

    page.get_by_label("Date of the match").fill(days_ago(200))
    page.get_by_label("Prospective adopters", exact=True).select_option(label="Robin and Jess Ashdown")
    page.get_by_role("button", name="Record match").click()
    expect(page.locator("#journey-status")).to_have_text("Matched")
    expect(page.locator("#a2")).to_contain_text("100 days")
    expect(page.locator("#a2")).to_contain_text("Threshold met (121 days)")

    page.get_by_label("Date the child moved in with the adopters").fill(days_ago(100))
    page.get_by_role("button", name="Record placement for adoption").click()
    expect(page.locator("#journey-status")).to_have_text("Placed with adopters")
    expect(page.locator("#a1")).to_contain_text("400 days")
    expect(page.locator("#a1")).to_contain_text("Threshold met (426 days)")
    expect(page.locator("#next-visit-due")).to_be_visible()

    page.get_by_label("Date of the adoption order").fill(days_ago(1))
    page.get_by_role("button", name="Record adoption order").click()
    expect(page.locator("#journey-status")).to_have_text("Adopted")
    expect(page.locator("#timeline li")).to_have_count(6)

    page.goto(url(f"/people/{child.pk}/"))
    expect(page.locator("#panel-adoption")).to_contain_text("Adopted")
    period.refresh_from_db()
    assert period.end_reason == "E11" and period.end_date == timezone.localdate() - dt.timedelta(days=1)
    assert browser_errors == []
