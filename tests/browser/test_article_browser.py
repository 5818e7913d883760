"""In Chromium, an article: both share bars, no request to anyone but the site
on load, and an embed that becomes a frame only when the reader clicks."""

from urllib.parse import urlsplit

import pytest

from tests.browser import origin
from tests.factories import body, make_article, make_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
FRAME = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"


@pytest.fixture
def article_url(home_page, live_site):
    """The URL of an article with related posts and a YouTube embed."""
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
    return live_site + article.url


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


def test_copy_link_and_web_share_on_the_article(article_url, browser_context, page):
    site = origin(article_url)
    browser_context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site
    )
    page.goto(article_url)
    page.wait_for_load_state("networkidle")
    top, bottom = page.locator(".td-share").all()
    bottom.get_by_role("button", name="Copy link").click()
    bottom.get_by_role("status").filter(has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == article_url
    # Headless Chromium has no Web Share: the button stays hidden and the
    # plain links remain.
    has_web_share = page.evaluate("typeof navigator.share === 'function'")
    assert top.get_by_role("button", name="Share…").is_visible() == has_web_share
    assert top.get_by_role("link").count() >= 2


def test_web_share_hands_over_the_articles_title_and_url(article_url, page):
    page.add_init_script(
        "window.sharedWith = [];"
        "navigator.share = (data) => { window.sharedWith.push(data);"
        " return Promise.resolve(); };"
    )
    page.goto(article_url)
    page.wait_for_load_state("networkidle")
    page.locator(".td-share").first.get_by_role("button", name="Share…").click()
    shared = page.evaluate("window.sharedWith")
    assert shared == [{"title": "Volunteers at the booth", "url": article_url}]
