"""A Playwright page driving Debian's Chromium, headless, against live_server.

Never downloads a browser. When CI=true a missing Chromium or Playwright fails
the run instead of skipping, so CI cannot pass without browser tests.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e .[testing])")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API runs an event loop; Django must allow ORM calls
    # from the test thread while it does.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def cheap_proof_of_work(settings):
    """The proof of work at its lowest cost: every page with the statement
    form still loads the widget, solves in its workers and sends the
    payload, without two busy workers per page starving the live server
    when the suites share the cores."""
    settings.WAGTAIL_TUIDANG_POW_COST = 1


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A browser tab that records every request URL in ``page.requested``."""
    tab = browser_context.new_page()
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    return tab


# Browser tests use live_server, which needs committed data: they are
# transactional with serialized_rollback, which brings back the root page and
# locale that Wagtail's migrations create and a flush would remove.


@pytest.fixture(scope="session", autouse=True)
def migrated_database(django_db_setup):
    """The migrated database as serialized_rollback restores it.

    Autouse session fixtures run first, so this is read before Playwright
    starts."""
    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="module", autouse=True)
def leave_the_database_as_migrated(migrated_database, django_db_blocker):
    """Restore the migrated data after a module's last flush, for the
    transactional tests that follow and expect Wagtail's root page."""
    yield
    if migrated_database:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(migrated_database)


@pytest.fixture
def live_site(migrated_database, live_server):
    """``live_server``'s URL, with the sites made so far on its port (ask for
    fixtures that make a site before this one).

    Once Playwright's sync API has started, its event loop counts as running
    in this thread, so Django serves the thread from a second connection
    that serialized_rollback has not met. Handing it the snapshot lets every
    test start from the migrated database, not the previous test's flush.
    """
    if migrated_database and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = migrated_database
    from wagtail.models import Site

    Site.objects.update(port=urlsplit(live_server.url).port)
    return live_server.url
