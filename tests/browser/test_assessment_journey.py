"""A child and family assessment in a real browser: started → child seen → factors → submitted → returned →
resubmitted → authorised, with the chronology and the team's work list following along."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.accounts.models import Role
from safeguard.casework.models import Assessment
from safeguard.workforce.models import Worker
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, UserFactory, WorkerFactory, worker_user

from . import uk_date

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(team):
    user = UserFactory(role=Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    WorkerFactory(user=user, team=team, role=Worker.Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    return user


@pytest.fixture
def social_worker(team):
    return worker_user(Role.SOCIAL_WORKER, team=team)


def test_assessment_submitted_returned_and_authorised(
    page: Page, url, sign_in, sign_out, browser_errors, team, manager, social_worker
):
    today = timezone.localdate()
    child = PersonFactory(first_name="Amara", last_name="Osei")
    AllocationFactory(child=child, worker=social_worker.worker)
    episode = EpisodeFactory(child=child, team=team, referral_date=today - dt.timedelta(days=7))

    # The worker starts from the child's page, where the episode shows the assessment due.
    sign_in(social_worker)
    page.goto(f"/people/{child.pk}/")
    expect(page.locator("#panel-assessment")).to_have_text(f"Not started, due {uk_date(episode.assessment_due_date)}")
    page.get_by_role("link", name=f"Referred {uk_date(episode.referral_date)}").click()

    expect(page.get_by_role("heading", name="Children in need episode")).to_be_visible()
    expect(page.locator("#assessment-due")).to_have_text(f"due {uk_date(episode.assessment_due_date)}")
    page.get_by_label("Assessment start date").fill(episode.referral_date.isoformat())
    page.get_by_role("button", name="Start an assessment").click()

    expect(page.get_by_role("heading", name="Child and family assessment")).to_be_visible()
    expect(page.get_by_text("Assessment started")).to_be_visible()
    assessment = Assessment.objects.get()
    assessment_path = f"/casework/children/{child.pk}/assessments/{assessment.pk}/"
    expect(page).to_have_url(url(assessment_path))

    # Submitting too early names what is missing.
    page.get_by_role("button", name="Submit for authorisation").click()
    expect(page.get_by_role("alert")).to_contain_text("Record when the child was seen before submitting")

    page.get_by_label("Date the child was seen").fill(today.isoformat())
    page.get_by_label("The child was seen alone").check()
    page.get_by_role("button", name="Record child seen").click()
    expect(page.locator("#child-seen")).to_have_text(f"{uk_date(today)} (alone)")

    page.get_by_label("Domestic abuse: parent(s) or carer(s) are the subject").check()
    page.get_by_label("Mental health: parent(s) or carer(s)").check()
    page.get_by_role("button", name="Save factors").click()
    expect(page.locator("#factors")).to_have_text(
        "Domestic abuse: parent(s) or carer(s) are the subject, Mental health: parent(s) or carer(s)"
    )

    page.get_by_label("Analysis").fill("Mother is managing well with support; father has left the home.")
    page.get_by_label("Outcome").select_option(label="Child in need plan")
    page.get_by_role("button", name="Save analysis").click()
    expect(page.locator("#outcome")).to_have_text("Child in need plan")

    page.get_by_role("button", name="Submit for authorisation").click()
    expect(page.locator("#assessment-status")).to_have_text("Submitted for authorisation")
    expect(page.get_by_role("button", name="Submit for authorisation")).to_have_count(0)

    # The manager returns it with a comment.
    sign_out()
    sign_in(manager)
    page.goto(f"/workforce/teams/{team.pk}/")
    work = page.locator("#work-items tbody tr").filter(has_text="Amara Osei")
    expect(work).to_have_count(1)
    expect(work).to_contain_text("Assessment awaiting authorisation")
    page.goto(assessment_path)
    page.get_by_role("button", name="Return to the worker").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a comment explaining the decision")
    page.get_by_label("Manager's comment").fill("Please include the father's view.")
    page.get_by_role("button", name="Return to the worker").click()
    expect(page.locator("#assessment-status")).to_have_text("In progress")

    # The worker resubmits.
    sign_out()
    sign_in(social_worker)
    page.goto(assessment_path)
    page.get_by_label("Analysis").fill("Father seen by phone and supports the plan. Mother managing well.")
    page.get_by_role("button", name="Save analysis").click()
    page.get_by_role("button", name="Submit for authorisation").click()
    expect(page.locator("#assessment-status")).to_have_text("Submitted for authorisation")

    # The manager authorises it, with the child's primary need.
    sign_out()
    sign_in(manager)
    page.goto(assessment_path)
    page.get_by_label("Primary need").select_option(label="N4: Family in acute stress")
    page.get_by_label("Manager's comment").fill("Thorough analysis; agree a child in need plan.")
    page.get_by_role("button", name="Authorise").click()
    expect(page.locator("#assessment-status")).to_have_text(f"Authorised on {uk_date(today)} by Grace Okafor")

    # The chronology tells the story.
    page.goto(f"/people/{child.pk}/chronology/")
    rows = page.locator("table tbody")
    expect(rows).to_contain_text("Assessment submitted for authorisation")
    expect(rows).to_contain_text("Assessment returned to the worker for more work")
    expect(rows).to_contain_text("Please include the father's view.")
    expect(rows).to_contain_text("Assessment authorised: primary need family in acute stress")
    expect(rows).to_contain_text("Assessment authorisation: approved by Grace Okafor")

    # The team's work list no longer has the assessment.
    page.goto(f"/workforce/teams/{team.pk}/")
    expect(page.get_by_role("heading", name=team.name, level=1)).to_be_visible()
    expect(page.locator("#work-items tbody tr").filter(has_text="Amara Osei")).to_have_count(0)

    assert browser_errors == []
