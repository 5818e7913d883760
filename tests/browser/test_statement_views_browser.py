"""In Chromium at a phone's and a desktop's width: the wall's feed link, a
form sent twice, and the receipt look-up's 429.

Set ``SCREENSHOT_DIR`` to keep a PNG of each screen."""

import os
import pathlib

import pytest

from tests.factories import make_statement
from wagtail_tuidang.models import Statement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [375, 1366]


@pytest.fixture(params=WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def tab(request, browser):
    context = browser.new_context(
        locale="en-GB", viewport={"width": request.param, "height": 900}
    )
    tab = context.new_page()
    tab.width = request.param
    yield tab
    context.close()


def shoot(tab, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        path = pathlib.Path(folder) / f"{name}-{tab.width}.png"
        tab.screenshot(path=str(path), full_page=True)


def fill_in(tab):
    tab.fill("#id_name", "自由的风")
    tab.check("#id_organisations_0")
    tab.fill("#id_text", "我退出中共。")


def test_the_wall_offers_its_feeds_with_a_word_on_what_they_are(
    live_server, index_page, tab
):
    for name in ("甲", "乙"):
        make_statement(index_page=index_page, status="published", name=name)
    tab.goto(live_server.url + index_page.url)

    assert tab.locator(".td-nav a[href$='/feed/']").count() == 0
    feeds = tab.locator(".td-feeds")
    assert "feed reader" in feeds.inner_text()
    assert feeds.get_by_role("link", name="Statement feed (RSS)").is_visible()
    shoot(tab, "wall")


def test_a_double_click_on_send_stores_once_and_shows_the_code(
    live_server, index_page, tab
):
    tab.goto(live_server.url + index_page.url + "submit/")
    fill_in(tab)
    shoot(tab, "submit")
    posts = []
    tab.on("request", lambda request: posts.append(request.method == "POST"))
    tab.dblclick("button[type=submit]")
    tab.wait_for_selector(".td-receipt__code")
    # A second POST would replace the page with the code by "already received".
    assert posts.count(True) == 1
    assert Statement.objects.count() == 1


def test_a_form_sent_again_says_it_was_already_received(live_server, index_page, tab):
    tab.goto(live_server.url + index_page.url + "submit/")
    fill_in(tab)
    # What a retry re-sends: the same rendered form, a first time unseen.
    tab.evaluate(
        "async () => {"
        " const form = document.querySelector('form[data-td-statement-form]');"
        " await fetch(form.action, {method: 'POST', body: new FormData(form)});"
        " }"
    )
    tab.click("button[type=submit]")

    heading = tab.locator("h1").inner_text()
    assert Statement.objects.count() == 1
    assert heading == "Statement already received"
    assert tab.get_by_role(
        "link", name="Check a statement with its receipt code"
    ).is_visible()
    shoot(tab, "already-received")


def test_too_many_look_ups_say_when_to_try_again(
    live_server, index_page, tab, settings
):
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = 0
    tab.goto(live_server.url + index_page.url + "receipt/")
    tab.fill("#id_code", "0000-0000-0000-0000-0000")
    response_status = []
    tab.on("response", lambda response: response_status.append(response.status))
    tab.click("button[value=check]")
    tab.wait_for_selector("[role=alert]")

    assert 429 in response_status
    assert "Please try again in" in tab.locator("[role=alert]").inner_text()
    shoot(tab, "too-many")
