"""In Chromium, a page with two share bars: copy-link, Web Share, and no request
to anyone but the site."""

from urllib.parse import parse_qs, urlsplit

import pytest
from wagtail.models import Site

from tests.browser import origin
from wagtail_tuidang.models import ShareSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.sharing_urls"),
]

FAKE_WEB_SHARE = """
window.sharedWith = [];
navigator.share = (data) => { window.sharedWith.push(data); return Promise.resolve(); };
"""


@pytest.fixture
def share_page_url(home_page, live_site):
    """The URL of the test page showing the home page's share bars."""
    settings = ShareSettings.for_site(Site.objects.get())
    settings.networks = [("network", "telegram"), ("network", "email")]
    settings.save()
    return f"{live_site}/__share__/{home_page.pk}/"


def open_share_page(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    return page.locator(".td-share").first


def test_the_page_loads_nothing_from_another_origin(share_page_url, page):
    bar = open_share_page(page, share_page_url)
    assert page.locator(".td-share").count() == 2
    assert bar.get_by_role("link", name="Share on Telegram").is_visible()
    # The local stylesheet and script prove sub-resources are recorded.
    paths = [urlsplit(url).path for url in page.requested]
    assert "/static/wagtail_tuidang/js/share.js" in paths
    assert "/static/wagtail_tuidang/css/share.css" in paths
    site = origin(share_page_url)
    assert [url for url in page.requested if origin(url) != site] == []


def test_copy_link_puts_the_page_url_on_the_clipboard(
    share_page_url, browser_context, page
):
    site = origin(share_page_url)
    permissions = ["clipboard-read", "clipboard-write"]
    browser_context.grant_permissions(permissions, origin=site)
    bar = open_share_page(page, share_page_url)
    bar.get_by_role("button", name="Copy link").click()
    status = bar.get_by_role("status")
    status.filter(has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == site + "/"
    # Only the bar that was used says so.
    assert page.locator(".td-share").nth(1).get_by_role("status").inner_text() == ""


def test_share_is_offered_only_where_the_browser_has_web_share(share_page_url, page):
    bar = open_share_page(page, share_page_url)
    has_web_share = page.evaluate("typeof navigator.share === 'function'")
    assert bar.get_by_role("button", name="Share…").is_visible() == has_web_share
    # Without it the plain links remain, and work.
    telegram = bar.get_by_role("link", name="Share on Telegram")
    params = parse_qs(urlsplit(telegram.get_attribute("href")).query)
    assert params["url"] == [origin(share_page_url) + "/"]


def test_share_hands_the_title_and_url_to_the_browser(share_page_url, page):
    page.add_init_script(FAKE_WEB_SHARE)
    bar = open_share_page(page, share_page_url)
    bar.get_by_role("button", name="Share…").click()
    shared = page.evaluate("window.sharedWith")
    assert shared == [{"title": "Home", "url": origin(share_page_url) + "/"}]


def test_without_javascript_the_links_work_and_no_dead_button_shows(
    share_page_url, browser
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        bar = open_share_page(page, share_page_url)
        email = bar.get_by_role("link", name="Share by email")
        assert email.is_visible()
        assert email.get_attribute("href").startswith("mailto:?subject=Home&body=")
        assert bar.get_by_role("button").count() == 0
    finally:
        context.close()


NO_CLIPBOARD_API = """
Object.defineProperty(navigator, "clipboard", {value: undefined});
window.copied = [];
document.execCommand = (command) => {
    window.copied.push([command, document.activeElement.value]);
    return true;
};
"""

CLIPBOARD_BLOCKED = """
navigator.clipboard.writeText = () => Promise.reject(new Error("denied"));
document.execCommand = () => false;
"""


def test_copy_link_falls_back_to_selecting_the_text(share_page_url, page):
    page.add_init_script(NO_CLIPBOARD_API)
    bar = open_share_page(page, share_page_url)
    bar.get_by_role("button", name="Copy link").click()
    bar.get_by_role("status").filter(has_text="Link copied").wait_for()
    assert page.evaluate("window.copied") == [["copy", origin(share_page_url) + "/"]]


def test_where_copying_is_blocked_the_link_is_shown_selected(share_page_url, page):
    page.add_init_script(CLIPBOARD_BLOCKED)
    bar = open_share_page(page, share_page_url)
    bar.get_by_role("button", name="Copy link").click()
    bar.get_by_role("status").filter(has_text="Select the link below").wait_for()
    field = bar.get_by_role("textbox", name="Link to this page")
    assert field.is_visible()
    assert field.input_value() == origin(share_page_url) + "/"
    selected = page.evaluate("document.activeElement.selectionEnd")
    assert selected == len(origin(share_page_url) + "/")
