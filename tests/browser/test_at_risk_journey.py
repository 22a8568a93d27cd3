"""The at-risk queue in a real browser: a late ICPC and an overdue visit, recorded, and the queue clears.

A team manager opens "At risk" from the header, sees a section 47 enquiry whose ICPC target passed yesterday
and a child protection plan whose statutory visit was due yesterday, follows each row to the protection pages,
records the conference and the visit there, and comes back to an empty queue.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.accounts.models import Role
from safeguard.workdays.calendar import add_working_days, working_days_between
from safeguard.workforce.models import Worker
from tests.factories import AllocationFactory, EpisodeFactory, PersonFactory, UserFactory, WorkerFactory
from tests.protection.factories import PlanFactory, Section47Factory

from . import uk_date

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(team):
    user = UserFactory(role=Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    WorkerFactory(user=user, team=team, role=Worker.Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    return user


def test_late_icpc_and_overdue_visit_clear_when_recorded(page: Page, url, sign_in, browser_errors, team, manager):
    today = timezone.localdate()
    yesterday = add_working_days(today, -1)
    held_on = add_working_days(today, -16)  # the ICPC was due 15 working days later: yesterday
    late = str(working_days_between(yesterday, today))  # 1 on a working day
    worker = WorkerFactory(team=team, first_name="Daniel", last_name="Price")

    iris = PersonFactory(first_name="Iris", last_name="Shaw")
    AllocationFactory(child=iris, worker=worker)
    episode = EpisodeFactory(child=iris, team=team, referral_date=held_on - dt.timedelta(days=3))
    s47 = Section47Factory(strategy_discussion__episode=episode, strategy_discussion__held_on=held_on)
    assert s47.icpc_target_date == yesterday

    victor = PersonFactory(first_name="Victor", last_name="Hale")
    AllocationFactory(child=victor, worker=worker)
    plan_start = add_working_days(today, -5)
    plan = PlanFactory(
        conference__section47__strategy_discussion__episode=EpisodeFactory(child=victor, team=team),
        conference__section47__strategy_discussion__held_on=add_working_days(today, -20),
        start_date=plan_start,
        next_visit_due=yesterday,  # the plan set an early first visit, and it was missed
    )

    sign_in(manager)
    page.get_by_role("link", name="At risk").click()
    expect(page).to_have_url(url("/queues/at-risk/"))
    expect(page.get_by_role("heading", name="Children at risk of immediate harm")).to_be_visible()

    late_icpc = page.locator("#late-icpc tbody tr")
    expect(late_icpc).to_have_count(1)
    expect(late_icpc.locator("td")).to_have_text(
        [
            "Iris Shaw",
            team.name,
            "Daniel Price",
            uk_date(yesterday),
            late,
            f"Section 47 started {s47.start_date:%-d %b %Y}",
        ]
    )
    overdue_visit = page.locator("#overdue-visit tbody tr")
    expect(overdue_visit).to_have_count(1)
    expect(overdue_visit.locator("td")).to_have_text(
        ["Victor Hale", team.name, "Daniel Price", uk_date(yesterday), late, f"Plan since {plan_start:%-d %b %Y}"]
    )

    # The conference, recorded on the section 47 page the row links to.
    late_icpc.get_by_role("link", name="Iris Shaw").click()
    expect(page).to_have_url(url(f"/protection/children/{iris.pk}/section-47/{s47.pk}/"))
    expect(page.locator("#icpc-target")).to_contain_text("Past target")
    page.get_by_label("Child protection plan").check()
    page.get_by_label("Category of abuse").select_option(label="Neglect")
    page.get_by_role("button", name="Save conference").click()
    expect(page.get_by_text("Conference recorded")).to_be_visible()

    # The visit, recorded on the plan page the other row links to.
    page.get_by_role("link", name="At risk").click()
    page.locator("#overdue-visit").get_by_role("link", name="Victor Hale").click()
    expect(page).to_have_url(url(f"/protection/children/{victor.pk}/plans/{plan.pk}/"))
    page.get_by_label("The child was seen alone").check()
    page.get_by_role("button", name="Record visit").click()
    expect(page.get_by_text("Visit recorded")).to_be_visible()

    # Back at the queue, nothing is late any more.
    page.get_by_role("link", name="At risk").click()
    for key in ("late-icpc", "overdue-visit", "not-seen", "unallocated", "no-outcome"):
        expect(page.locator(f"#{key} tbody tr")).to_have_text(["None."])
    expect(page.get_by_text("Iris Shaw")).to_have_count(0)
    expect(page.get_by_text("Victor Hale")).to_have_count(0)

    # Every page came up without a script error or a resource the Content-Security-Policy refused.
    assert browser_errors == []
