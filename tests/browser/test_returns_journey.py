"""An analyst builds the CIN census in a real browser and downloads it; and a running build's page follows its
progress through the status script (no reload) and shows the files once it has finished.

Builds run inline here (the `_builds_run_inline` setting), so the first journey's build has finished by the time
its page loads; the second drives a build row from the test to watch the page's script poll it.
"""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from safeguard.access.models import AccessEvent
from safeguard.accounts.models import Role
from safeguard.returns.models import ReturnBuild, ReturnBuildFile
from tests.factories import EpisodeFactory, PersonFactory, UserFactory
from tests.returns.test_build_jobs_support import _builds_run_inline  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def analyst(db):
    return UserFactory(role=Role.ANALYST, first_name="Priya", last_name="Shah")


def test_analyst_builds_the_cin_census_and_downloads_it(page: Page, sign_in, browser_errors, analyst):
    children = [
        EpisodeFactory(child=PersonFactory(first_name=name, last_name="Lowe"), referral_date=dt.date(2025, 9, 1)).child
        for name in ("Ada", "Ben")
    ]
    sign_in(analyst)
    page.get_by_role("link", name="Returns", exact=True).click()
    expect(page.get_by_role("heading", name="Statutory returns", level=1)).to_be_visible()
    page.get_by_role("button", name="Build Children in need census").click()
    page.get_by_label("Collection year").select_option(label="2025-26 (1 April 2025 to 31 March 2026)")
    page.get_by_role("button", name="Start the build").click()

    expect(page.get_by_role("heading", name="Children in need census 2025-26")).to_be_visible()
    expect(page.locator("#build-status")).to_have_text("Done")
    expect(page.locator("#build-summary")).to_contain_text("People in the files")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download cin-census-2025-26.xml").click()
    download = info.value
    assert download.suggested_filename == "cin-census-2025-26.xml"
    xml = Path(download.path()).read_bytes()
    assert all(child.la_person_id.encode() in xml for child in children)
    event = AccessEvent.objects.get(user=analyst, action=AccessEvent.Action.EXPORT)
    assert set(event.children.values_list("child_id", flat=True)) == {child.pk for child in children}

    page.get_by_role("link", name="Statutory returns").first.click()
    expect(page.locator("#return-cin-census")).to_contain_text("2025-26")
    assert browser_errors == []


def test_a_running_build_page_follows_progress_then_shows_the_files(page: Page, sign_in, browser_errors, analyst):
    build = ReturnBuild.objects.create(
        kind="cin-census",
        title="Children in need census",
        year_start=2025,
        requested_by=analyst,
        status="running",
        step="Reading episodes",
        steps_done=0,
        steps_total=4,
    )
    sign_in(analyst)
    page.goto(f"/returns/builds/{build.pk}/")
    expect(page.locator("#build-progress-text")).to_have_text("Step 0 of 4: Reading episodes")

    ReturnBuild.objects.filter(pk=build.pk).update(step="Reading child protection", steps_done=2)
    expect(page.locator("#build-progress-text")).to_have_text("Step 2 of 4: Reading child protection")
    expect(page.locator("#build-progress-bar")).to_have_attribute("value", "2")  # moved by the script

    ReturnBuildFile.of(build=build, name="cin-census-2025-26.xml", data=b"<Message/>").save()
    ReturnBuild.objects.filter(pk=build.pk).update(status="done", steps_done=4, step="Done")
    expect(page.locator("#build-status")).to_have_text("Done")
    expect(page.get_by_role("link", name="Download cin-census-2025-26.xml")).to_be_visible()
    assert browser_errors == []
