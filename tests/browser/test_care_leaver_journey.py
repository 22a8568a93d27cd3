"""A care leaver's birthday record, in a real browser: the 19th birthday (in three weeks) is on the personal
adviser's work list and the leaving care record; the adviser records in touch, accommodation (kind and
suitability) and main activity, and the item clears.

Dates are relative to today, because the live server runs on the real date.
"""

import datetime as dt
import importlib

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from safeguard.accounts.models import Role
from safeguard.careleavers import services
from safeguard.careleavers.models import BirthdayContact
from safeguard.workdays import deadlines
from safeguard.workforce.models import Allocation, Service, Worker
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory, WorkerFactory
from tests.lac.factories import CarePeriodFactory

from . import uk_date

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _care_leaver_rules(_deadline_rules):
    # The shared fixture re-seeds the workdays rules after each flush; this app's rules live in its own migration.
    importlib.import_module("safeguard.careleavers.migrations.0002_careleaver_rules").seed(apps, None)
    deadlines.invalidate_rules()


@pytest.fixture
def adviser():
    team = TeamFactory(name="Leaving Care Team", service=Service.LEAVING_CARE)
    user = UserFactory(role=Role.SOCIAL_WORKER, first_name="Amara", last_name="Cole")
    WorkerFactory(user=user, team=team, role=Worker.Role.PERSONAL_ADVISER, first_name="Amara", last_name="Cole")
    user.refresh_from_db()
    return user


@pytest.fixture
def care_leaver(adviser):
    today = timezone.localdate()
    nineteenth = today + dt.timedelta(days=21)
    dob = nineteenth - relativedelta(years=19)
    child = PersonFactory(first_name="Jade", last_name="Harlow", date_of_birth=dob)
    eighteenth = dob + relativedelta(years=18)
    CarePeriodFactory(child=child, start_date=dob + relativedelta(years=13), end_date=eighteenth, end_reason="E17")
    AllocationFactory(child=child, worker=adviser.worker, kind=Allocation.Kind.PERSONAL_ADVISER, start_date=eighteenth)
    cl = services.care_leaver_refresh(child=child)
    BirthdayContact.objects.create(
        care_leaver=cl,
        child=child,
        age=18,
        birthday=eighteenth,
        contact_date=eighteenth,
        in_touch="YES",
        accommodation="Z1",
        activity="F2",
        recorded_at=timezone.now(),
    )
    return services.care_leaver_refresh(child=child)


def test_birthday_contact_is_due_recorded_and_cleared(page: Page, sign_in, adviser, care_leaver):
    due = care_leaver.next_birthday_contact_due
    sign_in(adviser)

    page.goto("/queues/my-work/")
    row = page.get_by_role("row").filter(has_text="Birthday contact (care leaver)")
    expect(row).to_contain_text("Jade Harlow")
    expect(row).to_contain_text(uk_date(due))
    row.get_by_role("link", name="Jade Harlow").click()

    expect(page.get_by_role("heading", name="Leaving care", exact=True)).to_be_visible()
    expect(page.locator("#birthday-due")).to_contain_text(f"The 19th birthday record is due on {uk_date(due)}")
    page.get_by_label("In touch", exact=True).check()
    page.get_by_label("Date of the contact").fill(timezone.localdate().isoformat())
    page.get_by_label("Where does the young person live? (ACCOM, the letter)").select_option(
        label="Semi-independent transitional accommodation"
    )
    page.get_by_label("Suitable", exact=True).check()
    page.get_by_label("Main activity (ACTIV)").select_option(label="Full-time training or employment")
    page.get_by_role("button", name="Save birthday record").click()

    expect(page.get_by_text("Birthday record saved")).to_be_visible()
    expect(page.locator("#accommodation")).to_contain_text(
        "Semi-independent transitional accommodation – suitable (D1)"
    )
    expect(page.locator("#activity")).to_contain_text("Full-time training or employment")
    expect(page.locator("#birthdays")).to_contain_text("19:")
    record = BirthdayContact.objects.get(child=care_leaver.child, age=19)
    assert (record.in_touch, record.accommodation, record.activity) == ("YES", "D1", "F5")

    page.goto("/queues/my-work/")
    expect(page.locator("body")).not_to_contain_text("Birthday contact (care leaver)")
