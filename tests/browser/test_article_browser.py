"""In Chromium, an article: both share bars, no request to anyone but the site
on load, and an embed that becomes a frame only when the reader clicks."""

from urllib.parse import urlsplit

import pytest
from django.db import connection
from wagtail.models import Site

from tests.factories import body, make_article, make_index

# live_server needs committed data; serialized_rollback brings back the root page
# and locale that Wagtail's migrations create, which a flush would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
FRAME = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"


@pytest.fixture(scope="session", autouse=True)
def migrated_database(django_db_setup):
    """The migrated database as serialized_rollback restores it (read before
    Playwright starts)."""
    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="module", autouse=True)
def leave_the_database_as_migrated(migrated_database, django_db_blocker):
    """Restore the migrated data after this module's last flush, for the
    transactional tests that follow and expect Wagtail's root page."""
    yield
    if migrated_database:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(migrated_database)


@pytest.fixture
def article_url(migrated_database, live_server, home_page):
    """The URL of an article with related posts and a YouTube embed."""
    # Playwright's event loop makes Django serve this thread from a second
    # connection; hand it the snapshot so the flush leaves Wagtail's root.
    if migrated_database and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = migrated_database
    Site.objects.update(port=urlsplit(live_server.url).port)
    news = make_index(home_page)
    make_article(news, "Earlier report", tags=["三退"], days_ago=2)
    article = make_article(
        news,
        "Volunteers at the booth",
        tags=["三退"],
        source_name="Pacific Chinese Herald",
        body=body(
            ("paragraph", "<p>The report.</p>"),
            ("embed", {"url": VIDEO, "title": "Testimony"}),
        ),
    )
    return live_server.url + article.url


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def blocked(page, live_server):
    """Requests to any other origin, refused before they leave the machine."""
    refused = []

    def handle(route):
        if origin(route.request.url) == live_server.url:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return refused


def test_the_article_loads_nothing_from_elsewhere(article_url, page, blocked):
    response = page.goto(article_url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    assert page.locator(".td-share").count() == 2
    assert page.locator(".td-related").get_by_text("Earlier report").is_visible()
    paths = [urlsplit(url).path for url in page.requested]
    assert "/static/wagtail_tuidang/js/embed.js" in paths
    assert "/static/wagtail_tuidang/css/articles.css" in paths
    site = origin(article_url)
    assert [url for url in page.requested if origin(url) != site] == []
    assert blocked == []


def test_clicking_the_placeholder_swaps_in_the_frame(article_url, page, blocked):
    page.goto(article_url)
    page.wait_for_load_state("networkidle")
    embed = page.locator("figure.td-embed")
    assert embed.locator("iframe").count() == 0
    site = origin(article_url)
    # Only the click makes the browser reach for the provider (and we refuse).
    with page.expect_request(lambda request: origin(request.url) != site) as first:
        embed.get_by_role("button", name="Load from YouTube").click()
    assert first.value.url == FRAME
    frame = embed.locator("iframe")
    assert frame.get_attribute("src") == FRAME
    assert frame.get_attribute("title") == "Testimony"


def test_without_javascript_the_link_opens_the_original(article_url, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(article_url)
        embed = tab.locator("figure.td-embed")
        assert not embed.get_by_role("button").is_visible()
        link = embed.get_by_role("link", name="Open on YouTube")
        assert link.is_visible()
        assert link.get_attribute("href") == VIDEO
    finally:
        context.close()
