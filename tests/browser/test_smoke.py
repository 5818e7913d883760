"""In a real browser the demo site loads nothing from elsewhere; its admin logs in."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection

from home.management.commands.tuidang_demo import DEMO_USERS

# live_server needs committed data; serialized_rollback brings back the root page
# and locale that Wagtail's migrations create, which a flush would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session", autouse=True)
def migrated_database(django_db_setup):
    """The migrated database as serialized_rollback restores it.

    Autouse session fixtures run first, so this is read before Playwright starts.
    """
    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="module", autouse=True)
def leave_the_database_as_migrated(migrated_database, django_db_blocker):
    """Restore the migrated data after the last test's flush, for the
    transactional tests that follow and expect Wagtail's root page."""
    yield
    if migrated_database:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(migrated_database)


@pytest.fixture
def demo_site(migrated_database, live_server):
    # Once Playwright's sync API has started, its event loop counts as running
    # in this thread, so Django serves the thread from a second connection that
    # serialized_rollback has not met. Handing it the snapshot lets every test
    # start from the migrated database, not the previous test's flush.
    if migrated_database and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = migrated_database
    call_command("tuidang_demo", stdout=None)
    return live_server.url


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_home_page_loads_nothing_from_another_origin(demo_site, page):
    response = page.goto(demo_site + "/")
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    assert "Tuidang Service Center" in page.title()
    # The stylesheet proves sub-resources are recorded, not just the document.
    assert any(urlsplit(url).path.endswith(".css") for url in page.requested)
    foreign = [url for url in page.requested if origin(url) != demo_site]
    assert foreign == []


def test_admin_logs_in_with_the_printed_demo_password(demo_site, page):
    password, _group = DEMO_USERS["admin"]
    page.goto(demo_site + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(demo_site + "/admin/")
    assert "Dashboard" in page.title()
