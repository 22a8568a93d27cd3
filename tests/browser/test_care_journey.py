"""A child comes into care, in a real browser: the care record, the first review due in 20 working days and the
statutory visit schedule (carereviews), a placement move restarting the visit clock, then a missing episode from
the placement and the return-home interview (missing).
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.accounts.models import Role
from safeguard.jinja2_env import date_uk
from safeguard.lac.models import CarePeriod
from safeguard.workdays import deadlines
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Worker
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, UserFactory, WorkerFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _other_rules(_deadline_rules):
    # The shared fixture re-seeds the workdays rules after each flush; these apps' rules live in their migrations.
    for module in (
        "safeguard.carereviews.migrations.0002_carereviews_rules",
        "safeguard.missing.migrations.0002_missing_rules",
    ):
        importlib.import_module(module).seed(apps, None)
    deadlines.invalidate_rules()


@pytest.fixture
def manager(team):
    user = UserFactory(role=Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    WorkerFactory(user=user, team=team, role=Worker.Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    return user


def local(hours_ago: float) -> str:
    return timezone.localtime(timezone.now() - dt.timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")


def test_child_comes_into_care_moves_goes_missing_and_returns(page: Page, url, sign_in, browser_errors, team, manager):
    today = timezone.localdate()
    start, moved = today - dt.timedelta(days=3), today - dt.timedelta(days=1)
    child = PersonFactory(first_name="Ella", last_name="Hart", date_of_birth=dt.date(2013, 5, 6))
    EpisodeFactory(child=child, team=team, referral_date=today - dt.timedelta(days=40))
    AllocationFactory(child=child, worker=WorkerFactory(team=team, first_name="Daniel", last_name="Price"))

    sign_in(manager)
    page.goto(url(f"/people/{child.pk}/"))
    expect(page.locator("#panel-looked-after")).to_have_text("Not looked after")
    page.locator("#lac-panel ~ p").get_by_role("link", name="Care record").click()
    page.get_by_role("link", name="Record that the child has become looked after").click()
    page.get_by_label("Date the child became looked after").fill(start.isoformat())
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_label("Legal status").select_option("C1")
    page.get_by_label("Home postcode").fill("NB1 2AB")
    page.get_by_label("Placement type").select_option("U6")
    page.get_by_label("Who provides the placement").select_option("PR1")
    page.get_by_label("Carer or setting").fill("Synthetic foster carers")
    page.get_by_label("Permanence order the child had before coming into care").select_option("Z1")
    page.get_by_role("button", name="Start care").click()
    expect(page.get_by_text("Care started")).to_be_visible()
    expect(page.locator("#current-legal-status")).to_contain_text("C1: Interim care order")
    expect(page.locator("#care-plan")).to_contain_text(date_uk(due_date("cla-care-plan", start)))

    page.goto(url(f"/people/{child.pk}/"))
    expect(page.locator("#panel-looked-after")).to_contain_text(f"Looked after since {date_uk(start)} in foster")
    expect(page.locator("#panel-next-review")).to_contain_text(date_uk(due_date("lac-review-first", start)))
    expect(page.locator("#panel-next-visit")).to_contain_text(date_uk(due_date("lac-visit-first", start)))

    page.locator("#lac-panel ~ p").get_by_role("link", name="Care record").click()
    page.get_by_role("link", name="Record a change of placement").click()
    page.get_by_label("Date of the move").fill(moved.isoformat())
    page.get_by_role("button", name="Save change of placement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose why the placement ended")
    page.get_by_label("Why the current placement ended").select_option("CREQB")
    page.get_by_label("Placement type").select_option("K2")
    page.get_by_label("Who provides the placement").select_option("PR4")
    page.get_by_label("Ofsted URN").fill("SC123456")
    page.get_by_role("button", name="Save change of placement").click()
    expect(page.get_by_text("Placement changed")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Moved placement")
    expect(page.locator("#placements-in-year")).to_have_text("2")
    period = CarePeriod.objects.get(child=child)
    assert list(period.placements.values_list("placement_type", "end_date", "change_reason")) == [
        ("U6", moved, "CREQB"),
        ("K2", None, ""),
    ]

    page.goto(url(f"/people/{child.pk}/"))
    # A move restarts the regulation 28 clock: a visit within a week of the new placement.
    expect(page.locator("#panel-next-visit")).to_contain_text(date_uk(due_date("lac-visit-first", moved)))
    page.locator("#missing-panel ~ p").get_by_role("link", name="Report missing or away").click()
    page.get_by_label("Missing", exact=True).check()
    page.get_by_label("When the child went missing").fill(local(20))
    page.get_by_label("High", exact=True).check()
    page.get_by_role("button", name="Save missing episode").click()
    expect(page.get_by_text("Missing episode recorded")).to_be_visible()
    page.get_by_label("When the child returned or was found").fill(local(10))
    page.get_by_label("Where the child was found").fill("Town centre")
    page.get_by_role("button", name="Save return").click()
    expect(page.get_by_text("Return recorded")).to_be_visible()
    page.get_by_label("When the interview took place").fill(local(2))
    page.get_by_label("Interviewer").fill("Sam Reed")
    page.get_by_label("Key findings").fill("Upset by the move; contact with her sister arranged.")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("Return-home interview recorded")).to_be_visible()
    assert browser_errors == []
