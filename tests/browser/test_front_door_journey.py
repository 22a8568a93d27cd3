"""The front-door journey in a real browser: contact → forgiving search → decision → allocation.

A front-door worker finds a child from a misspelt name and part of a date of birth (the search also flags a
likely duplicate record of them), records a police notification, and refers it to an assessment team; that
team's manager sees the assessment due in 45 working days and allocates a social worker.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.accounts.models import Role
from safeguard.people.models import Person
from safeguard.workdays.calendar import add_working_days
from safeguard.workforce.models import Worker
from tests.factories import PersonFactory, UserFactory, WorkerFactory, worker_user

from . import uk_date

pytestmark = pytest.mark.browser

BORN = dt.date(2015, 6, 14)


@pytest.fixture
def manager(team):
    user = UserFactory(role=Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    WorkerFactory(user=user, team=team, role=Worker.Role.TEAM_MANAGER, first_name="Grace", last_name="Okafor")
    return user


@pytest.fixture
def social_worker(team):
    user = worker_user(Role.SOCIAL_WORKER, team=team)
    user.worker.first_name, user.worker.last_name = "Daniel", "Price"
    user.worker.save()
    return user


def test_contact_to_referral_to_allocation(
    page: Page, url, sign_in, sign_out, browser_errors, front_door_user, team, manager, social_worker
):
    child = PersonFactory(first_name="Mohammed", last_name="Khan", date_of_birth=BORN)
    duplicate = PersonFactory(first_name="Mohamed", last_name="Khan", date_of_birth=BORN)

    # The front-door worker starts at the queue, which is empty.
    sign_in(front_door_user)
    expect(page).to_have_url(url("/front-door/"))
    expect(page.get_by_role("heading", name="Front door", exact=True)).to_be_visible()
    expect(page.locator("#queue caption")).to_have_text("0 contacts waiting for a decision")
    page.get_by_role("button", name="Record a contact").click()

    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()
    page.get_by_role("button", name="Find the child").click()

    # Misspelt first and last names, and only the month and year of birth.
    expect(page.get_by_role("heading", name="Find a child or adult")).to_be_visible()
    page.get_by_label("Name").fill("Muhamad Kahn")
    page.get_by_label("Date of birth").fill("06/2015")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="2 matches")).to_be_visible()
    results = page.locator("table tbody tr")
    expect(results).to_have_count(2)
    for person in (child, duplicate):
        row = results.filter(has=page.get_by_role("link", name=person.full_name, exact=True))
        expect(row).to_contain_text("Likely duplicate")
        expect(row).to_contain_text(person.la_person_id)
        expect(row).to_contain_text("date of birth matches")
        expect(row).to_contain_text(uk_date(BORN))
    page.get_by_role("link", name="Select Mohammed Khan", exact=True).click()

    # Back on the contact form with the child chosen.
    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()
    expect(page.locator("#contact-children")).to_have_text(
        f"Mohammed Khan, born {uk_date(BORN)} ({child.la_person_id})"
    )
    received = timezone.localtime().replace(second=0, microsecond=0)
    page.get_by_label("Date and time received").fill(received.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Source").select_option(label="Police")
    page.get_by_label("Referrer's name").fill("PC Synthetic")
    page.get_by_label("Domestic abuse notification (police)", exact=True).check()
    page.get_by_label("Summary of the concern").fill("Police attended a domestic incident at the home overnight.")
    page.get_by_label("Amber", exact=True).check()
    page.get_by_role("button", name="Record contact").click()

    # The contact page: decided within one working day of receipt.
    decide_by = add_working_days(received.date(), 1)
    expect(page.get_by_role("heading", name="Contact about Mohammed Khan")).to_be_visible()
    expect(page.get_by_text("Contact recorded for 1 child")).to_be_visible()
    expect(page.locator("#decision-due")).to_have_text(uk_date(decide_by))
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Police: PC Synthetic")
    expect(summary).to_contain_text("Domestic abuse notification (police)")
    expect(summary).to_contain_text("Amber")

    # It waits in the queue, with its deadline, until someone decides it.
    page.get_by_role("link", name="Front door", exact=True).click()
    expect(page.locator("#queue caption")).to_have_text("1 contacts waiting for a decision")
    queued = page.locator("#queue tbody tr")
    expect(queued).to_have_count(1)
    expect(queued.locator("td")).to_have_text(
        [
            "Amber",
            "Mohammed Khan",
            f"{uk_date(received.date())}, {received:%H:%M}",
            "Police",
            "Domestic abuse notification (police)",
            uk_date(decide_by),
        ]
    )
    page.get_by_role("link", name="Mohammed Khan").click()

    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("Team the referral goes to").select_option(label=team.name)
    page.get_by_label("Reason for the decision").fill("Repeat incidents; the threshold for assessment is met.")
    page.get_by_role("button", name="Record decision").click()

    referral_date = received.date()
    assessment_due = add_working_days(referral_date, 45)
    expect(page.get_by_text("Decision recorded for Mohammed Khan")).to_be_visible()
    decision = page.locator("#decision")
    expect(decision).to_contain_text(f"Referral to children's social care to {team.name}")
    expect(decision).to_contain_text(f"assessment due {uk_date(assessment_due)}")
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)

    # The assessment team's manager sees the new work, unallocated, and allocates it.
    sign_out()
    sign_in(manager)
    page.goto(f"/workforce/teams/{team.pk}/")
    expect(page.get_by_role("heading", name=team.name, level=1)).to_be_visible()
    work = page.locator("#work-items tbody tr").filter(has_text="Mohammed Khan")
    expect(work.locator("td")).to_have_text(
        ["Mohammed Khan", "Child and family assessment", uk_date(assessment_due), "Upcoming"]
    )
    unallocated = page.locator("#unallocated + table tbody tr")
    expect(unallocated).to_have_count(1)
    expect(unallocated.locator("td")).to_have_text(
        ["Mohammed Khan", uk_date(referral_date), uk_date(assessment_due), "Allocate Mohammed Khan"]
    )
    unallocated.get_by_role("link", name="Allocate Mohammed Khan").click()

    expect(page.get_by_role("heading", name="Allocate or reallocate")).to_be_visible()
    page.get_by_label("Worker").select_option(label=f"Daniel Price ({team.name}, Social worker)")
    page.get_by_role("button", name="Allocate").click()

    # The child's record now shows who holds the case.
    expect(page).to_have_url(url(f"/people/{child.pk}/"))
    expect(page.get_by_role("heading", name="Mohammed Khan", level=1)).to_be_visible()
    expect(page.get_by_text("Mohammed Khan allocated to Daniel Price")).to_be_visible()
    expect(page.locator("h2:text-is('Allocation') + ul > li")).to_have_text(
        f"Allocated social worker: Daniel Price, {team.name} (since {uk_date(timezone.localdate())})"
    )

    page.get_by_role("link", name="Team caseload").click()
    expect(page.get_by_text("Every open episode has an allocated worker.")).to_be_visible()

    # Every page came up without a script error or a resource the Content-Security-Policy refused.
    assert browser_errors == []


def test_new_person_needs_a_duplicate_check(page: Page, sign_in, front_door_user):
    existing = PersonFactory(first_name="Aisha", last_name="Begum", date_of_birth=dt.date(2016, 2, 3))

    sign_in(front_door_user)
    page.goto("/front-door/contacts/new/")
    page.get_by_role("button", name="Find the child").click()
    # The searcher has the wrong year of birth, so the existing record is not found.
    page.get_by_label("Name").fill("Aisha Begum")
    page.get_by_label("Date of birth").fill("03/02/2017")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="0 matches")).to_be_visible()
    page.get_by_role("link", name="Not found? Add a new person").click()

    expect(page.get_by_role("heading", name="Add a person")).to_be_visible()
    page.get_by_label("First name").fill("Aisha")
    page.get_by_label("Last name").fill("Begum")
    page.get_by_label("Date of birth", exact=True).fill("2016-02-03")
    page.get_by_role("button", name="Check for duplicates and save").click()

    # The duplicate check stops the save and names the record that may be the same child.
    expect(page.get_by_text("This person may already have a record.")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Check the possible matches below before creating a new record")
    expect(page.locator(".sg-duplicates")).to_contain_text(f"Aisha Begum, born 3 Feb 2016 ({existing.la_person_id})")
    confirm = page.get_by_label("None of the people listed is the same person: create a new record")
    expect(confirm).not_to_be_checked()

    # Saving again without the confirmation still does not create a record.
    page.get_by_role("button", name="Check for duplicates and save").click()
    expect(page.get_by_text("This person may already have a record.")).to_be_visible()
    assert Person.objects.filter(first_name="Aisha", last_name="Begum").count() == 1

    page.get_by_label("None of the people listed is the same person: create a new record").check()
    page.get_by_role("button", name="Check for duplicates and save").click()

    # Back on the contact form, with the new record chosen as the child.
    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()
    created = Person.objects.exclude(pk=existing.pk).get(first_name="Aisha", last_name="Begum")
    expect(page.get_by_text(f"Record created for Aisha Begum ({created.la_person_id})")).to_be_visible()
    expect(page.locator("#contact-children")).to_have_text(f"Aisha Begum, born 3 Feb 2016 ({created.la_person_id})")
    assert created.la_person_id != existing.la_person_id
