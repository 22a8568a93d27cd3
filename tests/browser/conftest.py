"""Browser journeys: Debian's chromium, driven by Playwright, against pytest-django's live server.

Every module here is marked `browser`; `make test` runs them in their own pytest run, without xdist.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from django.apps import apps
from playwright.sync_api import ConsoleMessage, Error, Page, expect

from tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps trying to reach Google's services from a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make between browser
    steps are ordinary synchronous code, which Django's async-safety check would otherwise refuse.

    Set for browser tests only (a session fixture of this folder), not for the rest of the suite.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
        "viewport": {"width": 1280, "height": 900},
    }


def _seed_deadline_rules() -> None:
    """Re-run every data migration of the project's apps (deadline rules, and any reference rows a domain seeds),
    in migration order, against the flushed database: reuse their code rather than repeating the rows here."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    plan = dict.fromkeys(node for leaf in loader.graph.leaf_nodes() for node in loader.graph.forwards_plan(leaf))
    for node in plan:
        migration = loader.get_migration(*node)
        if not migration.__module__.startswith("safeguard."):
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
    from safeguard.workdays import deadlines

    deadlines.invalidate_rules()


@pytest.fixture(autouse=True)
def _deadline_rules(transactional_db):
    """The live server needs a transactional database, which is flushed after every test, migration data too."""
    _seed_deadline_rules()


@pytest.fixture(scope="package", autouse=True)
def _restore_deadline_rules_afterwards(django_db_blocker):
    # Leave the table as migrated for transactional tests elsewhere that run later in the same session.
    yield
    with django_db_blocker.unblock():
        _seed_deadline_rules()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Playwright resolves page.goto("/front-door/") against the live server."""
    return live_server.url


@pytest.fixture
def url(base_url) -> Callable[[str], str]:
    """The absolute address of a path on the live server, e.g. for expect(page).to_have_url()."""
    return lambda path: f"{base_url}{path}"


@pytest.fixture
def sign_in(page: Page) -> Callable:
    """Sign in through the real login page, as a person would."""

    def sign_in(user, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    return sign_in


@pytest.fixture
def sign_out(page: Page) -> Callable:
    def sign_out() -> None:
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in to Safeguard")).to_be_visible()

    return sign_out


@pytest.fixture
def browser_errors(page: Page) -> list[str]:
    """Console errors and uncaught exceptions, e.g. a script the Content-Security-Policy blocked."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    def on_page_error(error: Error) -> None:
        errors.append(f"page error: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors
