"""Child protection in a real browser: strategy discussion → decision (section 47) → enquiry with its ICPC target →
initial conference with a plan (neglect) → visit (child seen alone) → review conference (continue) → review
conference (end), with the child's page and chronology following along."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.accounts.models import Role
from safeguard.protection.models import ChildProtectionPlan, Section47Enquiry, StrategyDiscussion
from safeguard.workdays.deadlines import due_date
from safeguard.workforce.models import Worker
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, worker_user

from . import uk_date

pytestmark = pytest.mark.browser


@pytest.fixture
def social_worker(team):
    return worker_user(Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def chair(team):
    user = worker_user(Role.CONFERENCE_CHAIR, team=team, worker_role=Worker.Role.CONFERENCE_CHAIR)
    user.worker.first_name, user.worker.last_name = "Ruth", "Adeyemi"
    user.worker.save()
    return user


def test_strategy_discussion_to_plan_end(
    page: Page, url, sign_in, sign_out, browser_errors, team, social_worker, chair
):
    today = timezone.localdate()
    child = PersonFactory(first_name="Leo", last_name="Marsh")
    AllocationFactory(child=child, worker=social_worker.worker)
    EpisodeFactory(child=child, team=team, referral_date=today - dt.timedelta(days=30))
    held_on = today - dt.timedelta(days=14)
    icpc_on = today - dt.timedelta(days=6)
    visit_on = today - dt.timedelta(days=3)

    # The worker records the strategy discussion from the child's page.
    sign_in(social_worker)
    page.goto(f"/people/{child.pk}/")
    expect(page.locator("#protection-panel")).to_be_visible()
    page.get_by_role("link", name="Child protection record").click()
    page.get_by_role("link", name="Record a strategy discussion").click()
    page.get_by_role("button", name="Save strategy discussion").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the agencies present")
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("Date of the strategy discussion").fill(held_on.isoformat())
    page.get_by_label("Police", exact=True).check()
    page.get_by_label("Health", exact=True).check()
    page.get_by_label("Summary").fill("Bruising seen at school; police and health agree to a joint enquiry.")
    page.get_by_role("button", name="Save strategy discussion").click()

    expect(page.get_by_role("heading", name="Strategy discussion", exact=True)).to_be_visible()
    expect(page.locator("#agencies")).to_have_text("Police, Health")
    expect(page.locator("#decision")).to_have_text("Not yet decided")
    page.get_by_label("Start a section 47 enquiry").check()
    page.get_by_label("Date of the decision").fill(held_on.isoformat())
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator("#decision")).to_have_text(f"Start a section 47 enquiry ({uk_date(held_on)})")
    sd = StrategyDiscussion.objects.get()
    assert sd.decision == "s47"

    page.get_by_label("Section 47 enquiry start date").fill(held_on.isoformat())
    page.get_by_role("button", name="Start section 47 enquiry").click()
    expect(page.get_by_role("heading", name="Section 47 enquiry")).to_be_visible()
    target = due_date("icpc", held_on)
    expect(page.locator("#icpc-target")).to_have_text(uk_date(target))
    s47 = Section47Enquiry.objects.get()
    assert s47.icpc_target_date == target
    # Workers do not record conferences.
    expect(page.get_by_role("button", name="Save conference")).to_have_count(0)
    s47_path = f"/protection/children/{child.pk}/section-47/{s47.pk}/"

    # The conference chair records the ICPC, which starts the plan.
    sign_out()
    sign_in(chair)
    page.goto(s47_path)
    page.get_by_label("Conference date").fill(icpc_on.isoformat())
    page.get_by_label("Child protection plan").check()
    page.get_by_role("button", name="Save conference").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the category of abuse")
    page.get_by_label("Child protection plan").check()
    page.get_by_label("Category of abuse").select_option(label="Neglect")
    page.get_by_role("button", name="Save conference").click()

    expect(page.get_by_role("heading", name="Child protection plan")).to_be_visible()
    plan = ChildProtectionPlan.objects.get()
    expect(page.locator("#initial-category")).to_have_text("Neglect")
    expect(page.locator("#previous-plans")).to_have_text("0")
    expect(page.locator("#visit-interval")).to_have_text("Every 10 working days")
    expect(page.locator("#next-review-due")).to_contain_text(uk_date(plan.next_review_due))
    expect(page.locator("#first-core-group-due")).to_contain_text(uk_date(plan.first_core_group_due))
    plan_path = f"/protection/children/{child.pk}/plans/{plan.pk}/"

    # The worker visits and sees the child alone.
    sign_out()
    sign_in(social_worker)
    page.goto(plan_path)
    page.get_by_label("Visit date").fill(visit_on.isoformat())
    page.get_by_label("The child was seen alone").check()
    page.get_by_role("button", name="Record visit").click()
    visits = page.locator("#visits tbody tr")
    expect(visits).to_have_count(1)
    expect(visits).to_contain_text(uk_date(visit_on))
    expect(visits.locator("td").nth(2)).to_have_text("Yes")
    plan.refresh_from_db()
    expect(page.locator("#next-visit-due")).to_contain_text(uk_date(plan.next_visit_due))
    expect(page.locator("#last-seen")).to_have_text(uk_date(visit_on))

    # The chair records a review conference that continues the plan, then one that ends it.
    sign_out()
    sign_in(chair)
    page.goto(plan_path)
    review = page.locator("form").filter(has=page.get_by_role("button", name="Save review conference"))
    review.get_by_label("Review conference date").fill((today - dt.timedelta(days=1)).isoformat())
    review.get_by_label("Plan continues", exact=True).check()
    review.get_by_role("button", name="Save review conference").click()
    expect(page.locator("#reviews tbody tr")).to_have_count(1)
    plan.refresh_from_db()
    expect(page.locator("#next-review-due")).to_contain_text(uk_date(plan.next_review_due))

    review = page.locator("form").filter(has=page.get_by_role("button", name="Save review conference"))
    review.get_by_label("Review conference date").fill(today.isoformat())
    review.get_by_label("Plan ends", exact=True).check()
    review.get_by_label("Why the plan ends").select_option(label="No longer at risk of significant harm")
    review.get_by_role("button", name="Save review conference").click()
    expect(page.locator("#plan-ended")).to_have_text(f"{uk_date(today)}: No longer at risk of significant harm")
    expect(page.locator("#next-visit-due")).to_have_count(0)
    expect(page.get_by_role("button", name="Record visit")).to_have_count(0)

    # The chronology tells the story.
    page.goto(f"/people/{child.pk}/chronology/")
    rows = page.locator("table tbody")
    expect(rows).to_contain_text(f"Strategy discussion held {held_on:%d %b %Y} with Police, Health")
    expect(rows).to_contain_text("Strategy discussion decision: start a section 47 enquiry")
    expect(rows).to_contain_text(f"Section 47 enquiry started {held_on:%d %b %Y}: ICPC due by {target:%d %b %Y}")
    expect(rows).to_contain_text(f"Initial child protection conference {icpc_on:%d %b %Y}: child protection plan")
    expect(rows).to_contain_text(f"Child protection plan started {icpc_on:%d %b %Y}: neglect")
    expect(rows).to_contain_text(f"Child protection visit {visit_on:%d %b %Y}: child seen alone")
    expect(rows).to_contain_text("Child protection review conference")
    expect(rows).to_contain_text(f"Child protection plan ended {today:%d %b %Y}: no longer at risk of significant harm")

    assert browser_errors == []
