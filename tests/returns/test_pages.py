# ruff: noqa: F811 (the shared fixtures are imported, then named as test arguments)
"""The analyst pages for statutory returns: who may use them, the build form, a build's progress and failure,
downloads as audited exports, and findings that name only the children the viewer may see."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.utils import timezone

from safeguard.access.models import AccessEvent, AccessEventChild, InspectorGrant, RestrictedAccessPermit
from safeguard.accounts.models import Role
from safeguard.returns.models import ReturnBuild
from safeguard.returns.registry import Finding
from safeguard.returns.years import CollectionYear
from tests.factories import EpisodeFactory, PersonFactory, TeamFactory, UserFactory, worker_user
from tests.returns.test_build_jobs_support import _builds_run_inline, fake_returns  # noqa: F401
from tests.test_navigation import links

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def build_through_the_page(analyst_client, django_capture_on_commit_callbacks):
    """Post the build form as a person would; the build runs inline once the request's transaction commits."""

    def build(kind_key: str, data: dict) -> ReturnBuild:
        with django_capture_on_commit_callbacks(execute=True):
            response = analyst_client.post(f"/returns/{kind_key}/build/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        build = ReturnBuild.objects.get(pk=int(re.search(r"/builds/(\d+)/", response["Location"])[1]))
        return build

    return build


def export_events(user):
    return AccessEvent.objects.filter(user=user, action=AccessEvent.Action.EXPORT)


def grant(inspector, admin_user):
    now = timezone.now()
    InspectorGrant.objects.create(
        inspector=inspector,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=1),
        reason="ILACS",
        granted_by=admin_user,
    )


# --- Who may use the pages --------------------------------------------------------------------------------------


def test_practitioners_may_not_use_the_returns_pages(client, fake_returns):
    manager = worker_user(Role.TEAM_MANAGER, team=TeamFactory())
    client.force_login(manager)
    assert "Returns" not in links(manager)
    build = ReturnBuild.objects.create(kind="test-now", title="T", requested_by=UserFactory(role=Role.ANALYST))
    for path in ("/returns/", "/returns/test-now/build/", f"/returns/builds/{build.pk}/"):
        assert client.get(path).status_code == 403
    assert client.post("/returns/test-now/build/", {}).status_code == 403
    assert not ReturnBuild.objects.exclude(pk=build.pk).exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SENIOR_LEADER, Role.ADMINISTRATOR])
def test_analysts_leaders_and_administrators_see_every_registered_return(client, fake_returns, role):
    client.force_login(UserFactory(role=role))
    page = client.get("/returns/").content.decode()
    for title in ("Children in need census", "Yearly test return", "Dated test return", "Current test return"):
        assert title in page
    assert 'href="/returns/cin-census/build/"' in page
    assert "Returns" in links(UserFactory(role=role))


def test_inspectors_in_their_window_open_finished_builds_read_only(client, fake_returns, admin_user, analyst):
    inspector = UserFactory(role=Role.INSPECTOR)
    client.force_login(inspector)
    assert client.get("/returns/").status_code == 403
    assert "Returns" not in links(inspector)
    grant(inspector, admin_user)
    done = ReturnBuild.objects.create(kind="test-now", title="Current test return", requested_by=analyst, status="done")
    running = ReturnBuild.objects.create(
        kind="test-now", title="Current test return", requested_by=analyst, status="running"
    )
    assert "Returns" in links(inspector)
    page = client.get("/returns/").content.decode()
    assert f"/returns/builds/{done.pk}/" in page and f"/returns/builds/{running.pk}/" not in page
    assert "/returns/test-now/build/" not in page
    assert client.get(f"/returns/builds/{done.pk}/").status_code == 200
    assert client.get(f"/returns/builds/{running.pk}/").status_code == 404
    assert client.post("/returns/test-now/build/", {}).status_code == 403


# --- The build form ---------------------------------------------------------------------------------------------


def test_the_form_asks_for_what_each_return_needs(analyst_client, fake_returns):
    yearly = analyst_client.get("/returns/test-yearly/build/").content.decode()
    assert '<select class="govuk-select" id="id_year" name="year"' in yearly
    this_year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    assert f'value="{this_year}"' in yearly and f'value="{this_year - 5}"' in yearly
    assert re.search(rf'<option value="{this_year - 1}" selected>', yearly)  # the latest year that has ended
    assert 'name="with_previous"' in yearly and 'name="sample"' in yearly
    dated = analyst_client.get("/returns/test-as-of/build/").content.decode()
    assert 'type="date"' in dated and 'name="year"' not in dated
    now = analyst_client.get("/returns/test-now/build/").content.decode()
    assert "built from the record as it stands now" in now and 'name="as_of"' not in now
    assert analyst_client.get("/returns/no-such-return/build/").status_code == 404


@pytest.mark.parametrize(
    ("kind_key", "data", "message"),
    [
        ("test-yearly", {"year": "1999"}, "Choose a year from the list"),
        ("test-yearly", {}, "Choose the collection year"),
        ("test-yearly", {"year": "2025", "sample": "ten"}, "is not a valid sample"),
        ("test-as-of", {"as_of": ""}, "Enter the date the return is for"),
        ("test-as-of", {"as_of": "2026-02-30"}, "Enter a real date"),
        ("test-as-of", {"as_of": "2999-01-01"}, "The date must be today or in the past"),
    ],
)
def test_bad_input_shows_the_error_summary_and_starts_nothing(analyst_client, fake_returns, kind_key, data, message):
    response = analyst_client.post(f"/returns/{kind_key}/build/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page and "<title>Error: " in page
    assert not ReturnBuild.objects.exists()


# --- Building, progress and failure -----------------------------------------------------------------------------


def test_a_build_runs_and_its_page_shows_the_files_and_options(build_through_the_page, analyst_client, fake_returns):
    build = build_through_the_page("test-yearly", {"year": "2025", "with_previous": "true", "sample": "25"})
    assert fake_returns.calls == [{"year": CollectionYear(2025), "with_previous": True, "sample": 25}]
    page = analyst_client.get(f"/returns/builds/{build.pk}/").content.decode()
    assert "Yearly test return 2025-26" in page and ">Done<" in page
    assert f'href="/returns/builds/{build.pk}/files.zip"' in page
    assert "Download header.csv" in page and "Download episodes.csv" in page
    assert "sample: 25" in page
    assert "<progress" not in page and "build-progress.js" not in page and "refresh" not in page


def test_a_running_build_shows_a_progress_bar_with_a_fallback_and_its_status_as_json(client, analyst, fake_returns):
    client.force_login(analyst)
    build = ReturnBuild.objects.create(
        kind="test-now",
        title="Current test return",
        requested_by=analyst,
        status="running",
        step="Reading child protection",
        steps_done=2,
        steps_total=4,
    )
    page = client.get(f"/returns/builds/{build.pk}/").content.decode()
    assert re.search(r'<progress [^>]*max="4" value="2">50%</progress>', page)
    assert "Step 2 of 4: Reading child protection" in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert f'data-status-url="/returns/builds/{build.pk}/status.json"' in page
    assert 'src="/static/returns/build-progress.js"' in page
    status = client.get(f"/returns/builds/{build.pk}/status.json").json()
    assert status == {
        "status": "running",
        "status_text": "Running",
        "step": "Reading child protection",
        "done": 2,
        "total": 4,
        "percent": 50,
        "finished": False,
        "url": f"/returns/builds/{build.pk}/",
    }


def test_a_failed_build_says_why(build_through_the_page, analyst_client, fake_returns):
    fake_returns.fail_with = ValueError("no episodes could be read")
    build = build_through_the_page("test-now", {})
    page = analyst_client.get(f"/returns/builds/{build.pk}/").content.decode()
    assert "The build failed" in page and "ValueError: no episodes could be read" in page
    assert "It stopped at step 0 of 3: Reading the record." in page
    assert "Download" not in page
    assert analyst_client.get(f"/returns/builds/{build.pk}/status.json").json()["finished"] is True


def test_a_build_a_stopped_server_left_running_shows_as_failed(analyst_client, analyst, fake_returns):
    build = ReturnBuild.objects.create(
        kind="test-now",
        title="Current test return",
        requested_by=analyst,
        status="running",
        heartbeat_at=timezone.now() - dt.timedelta(minutes=10),
    )
    page = analyst_client.get(f"/returns/builds/{build.pk}/").content.decode()
    assert "The build failed" in page and "The server stopped while this build was running" in page


def test_asking_twice_goes_to_the_build_already_running(analyst_client, analyst, fake_returns):
    running = ReturnBuild.objects.create(
        kind="test-now", title="Current test return", requested_by=analyst, status="running"
    )
    response = analyst_client.post("/returns/test-now/build/", {}, follow=True)
    assert response.redirect_chain[-1][0] == f"/returns/builds/{running.pk}/"
    assert "already being built" in response.content.decode()
    assert ReturnBuild.objects.count() == 1


# --- Downloads are exports --------------------------------------------------------------------------------------


def test_downloading_the_cin_census_records_an_export_of_every_child_in_it(
    build_through_the_page, analyst_client, analyst
):
    in_year = [EpisodeFactory(referral_date=dt.date(2025, 6, 2)).child for _ in range(3)]
    EpisodeFactory(referral_date=dt.date(2024, 5, 1), close_date=dt.date(2025, 1, 5), close_reason="RC7")
    build = build_through_the_page("cin-census", {"year": "2025"})
    assert build.status == "done" and build.person_count == 3
    file = build.files.get()
    assert export_events(analyst).count() == 0  # building is not an export; downloading is

    response = analyst_client.get(f"/returns/builds/{build.pk}/files/{file.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="cin-census-2025-26.xml"'
    assert response["Content-Type"] == "application/xml"
    content = b"".join(response.streaming_content)  # streamed, decompressed as it goes
    assert response["Content-Length"] == str(len(content)) == str(file.size)
    assert all(child.la_person_id.encode() in content for child in in_year)
    (event,) = export_events(analyst)
    assert event.what == f"Children in need census 2025-26: {file.name}"
    assert set(AccessEventChild.objects.filter(event=event).values_list("child_id", flat=True)) == {
        child.pk for child in in_year
    }


def test_all_files_download_as_one_zip_and_that_is_an_export_too(
    build_through_the_page, analyst_client, analyst, fake_returns
):
    child = PersonFactory()
    fake_returns.person_ids = {child.pk}
    build = build_through_the_page("test-yearly", {"year": "2024"})
    response = analyst_client.get(f"/returns/builds/{build.pk}/files.zip")
    assert response["Content-Disposition"] == 'attachment; filename="test-yearly-2024-25.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["episodes.csv", "header.csv"]
    assert archive.read("header.csv") == b"CHILD,SEX\n1,M\n"
    (event,) = export_events(analyst)
    assert list(event.children.values_list("child_id", flat=True)) == [child.pk]


def test_files_with_people_the_user_may_not_see_cannot_be_downloaded(
    build_through_the_page, analyst_client, analyst, admin_user, client, fake_returns
):
    restricted = PersonFactory(is_restricted=True)
    fake_returns.person_ids = {PersonFactory().pk, restricted.pk}
    build = build_through_the_page("test-now", {})
    file = build.files.get()
    page = analyst_client.get(f"/returns/builds/{build.pk}/").content.decode()
    assert "The files include 1 person whose records you may not see" in page
    assert f"/files/{file.pk}/" not in page
    assert analyst_client.get(f"/returns/builds/{build.pk}/files/{file.pk}/").status_code == 403
    assert analyst_client.get(f"/returns/builds/{build.pk}/files.zip").status_code == 403
    assert not export_events(analyst).exists()

    RestrictedAccessPermit.objects.create(
        user=analyst, person=restricted, granted_by=admin_user, reason="Named analyst"
    )
    assert analyst_client.get(f"/returns/builds/{build.pk}/files/{file.pk}/").status_code == 200
    assert export_events(analyst).get().children.count() == 2

    # An administrator runs builds but sees no child's record, so cannot take the files away.
    client.force_login(admin_user)
    assert client.get(f"/returns/builds/{build.pk}/files/{file.pk}/").status_code == 403


# --- Findings ---------------------------------------------------------------------------------------------------


def test_findings_link_the_children_the_viewer_may_see_and_the_listing_is_recorded(
    build_through_the_page, analyst_client, analyst, fake_returns
):
    seen = PersonFactory(first_name="Amira", last_name="Khan")
    restricted = PersonFactory(first_name="Secret", last_name="Child", is_restricted=True)
    fake_returns.findings = [
        Finding(seen.pk, "Header", "UPN", "UPN fails its check digit", "error"),
        Finding(restricted.pk, "Episodes", "PL_POST", "Placement postcode missing"),
        Finding(None, "Header", "", "No children with a former UPN"),
    ]
    build = build_through_the_page("test-now", {})
    page = analyst_client.get(f"/returns/builds/{build.pk}/").content.decode()
    assert "1 error and 2 warnings" in page
    assert f'<a class="govuk-link" href="/people/{seen.pk}/">Amira Khan</a>' in page
    assert "UPN fails its check digit" in page and "Header: UPN" in page
    assert "Secret" not in page and f"/people/{restricted.pk}/" not in page
    assert "A child whose record you may not see" in page and "Placement postcode missing" in page
    assert "The whole return" in page
    (listing,) = AccessEvent.objects.filter(user=analyst, action=AccessEvent.Action.LIST)
    assert list(listing.children.values_list("child_id", flat=True)) == [seen.pk]

    errors_only = analyst_client.get(f"/returns/builds/{build.pk}/?severity=error").content.decode()
    assert "UPN fails its check digit" in errors_only and "Placement postcode missing" not in errors_only


def test_findings_are_paged(build_through_the_page, analyst_client, fake_returns):
    fake_returns.findings = [Finding(None, "Header", "F", f"Finding number {n:03d}") for n in range(105)]
    build = build_through_the_page("test-now", {})
    first = analyst_client.get(f"/returns/builds/{build.pk}/").content.decode()
    assert "Page 1 of 2" in first and "Finding number 099" in first and "Finding number 100" not in first
    second = analyst_client.get(f"/returns/builds/{build.pk}/?page=2").content.decode()
    assert "Finding number 104" in second and "Finding number 000" not in second


def test_options_left_at_their_defaults_are_not_stored(build_through_the_page, fake_returns):
    build = build_through_the_page("test-yearly", {"year": "2025", "sample": ""})
    assert build.options == {}
    assert fake_returns.calls == [{"year": CollectionYear(2025), "with_previous": False, "sample": 10}]
