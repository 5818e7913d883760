"""In Chromium: WeChat's QR code on a statement permalink opens on a click,
with JavaScript off and on, at a phone's and a desktop's width, and a phone
scanning the screen reads the permalink.

Set ``SCREENSHOT_DIR`` to keep a PNG of each screen."""

import io
import os
import pathlib

import pytest
import zxingcpp
from PIL import Image
from wagtail.models import Site

from tests.browser import origin
from tests.factories import make_statement
from wagtail_tuidang.models import ShareSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [375, 1366]


@pytest.fixture
def permalink(index_page, live_site):
    settings = ShareSettings.for_site(Site.objects.get())
    settings.networks = [
        ("network", "wechat"),
        ("network", "telegram"),
        ("network", "weibo"),
        ("network", "email"),
    ]
    settings.save()
    statement, _ = make_statement(
        index_page=index_page, status="published", name="自由的风"
    )
    return f"{live_site}{index_page.url}s/{statement.public_id}/"


def shoot(tab, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        path = pathlib.Path(folder) / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_the_wechat_code_opens_on_click_and_scans_as_the_permalink(
    browser, permalink, javascript, width
):
    context = browser.new_context(
        locale="en-GB",
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
    )
    tab = context.new_page()
    requested, console = [], []
    tab.on("request", lambda request: requested.append(request.url))
    tab.on("console", lambda message: console.append(message.text))
    response = tab.goto(permalink)
    assert "style-src 'self'" in response.headers["content-security-policy"]
    code = tab.get_by_role("img", name="Scan with WeChat to share")
    assert not code.is_visible()

    # Chromium gives <summary> the role of a button; Playwright's role
    # queries do not know it, so the element is found by its name.
    button = tab.locator("summary", has_text="Share on WeChat")
    assert button.get_attribute("title") == "Share on WeChat"
    button.click()

    code.wait_for(state="visible")
    box = code.bounding_box()
    # Whole on a phone's screen, and large enough to scan from it.
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["width"] >= 200
    scanned = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
    assert [result.text for result in scanned] == [permalink]
    assert [url for url in requested if origin(url) != origin(permalink)] == []
    assert [text for text in console if "Content Security Policy" in text] == []
    shoot(tab, f"permalink-wechat-{'js' if javascript else 'nojs'}-{width}")

    # A second click folds it away again.
    button.click()
    assert not code.is_visible()
    context.close()
