"""A Playwright page driving Debian's Chromium, headless, against live_server.

Never downloads a browser. When CI=true a missing Chromium or Playwright fails
the run instead of skipping, so CI cannot pass without browser tests.
"""

import os
import shutil

import pytest

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
