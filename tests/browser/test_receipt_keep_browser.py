"""In Chromium without JavaScript: keep a receipt code by downloading it,
printing its card (one page) and typing it back; no request carries it in
its URL."""

import re

import pytest

from tests.browser import origin
from wagtail_tuidang.statements import receipts

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = "/tmp/tuidang-receipt-keep"  # noqa: S108 - pictures to look at, not asserted


@pytest.fixture
def tab(browser):
    context = browser.new_context(
        locale="en-GB", java_script_enabled=False, accept_downloads=True
    )
    tab = context.new_page()
    tab.requested = []
    tab.on("request", lambda req: tab.requested.append(req.url))
    yield tab
    context.close()


def send(tab, base):
    tab.goto(base + "submit/")
    tab.fill("#id_name", "自由的风")
    tab.check("#id_organisations_0")
    tab.wait_for_timeout(1200)  # longer than the minimum fill time
    tab.click("button[type=submit]")
    code = tab.locator(".td-receipt__code").inner_text().strip()
    assert receipts.normalise(code), code
    return code


def test_keep_a_receipt_code_without_javascript(live_server, index_page, tab, settings):
    settings.WAGTAIL_TUIDANG_MIN_FILL_SECONDS = 1
    base = live_server.url + index_page.url
    code = send(tab, base)
    for width in (375, 1366):
        tab.set_viewport_size({"width": width, "height": 900})
        tab.screenshot(path=f"{SHOTS}-done-{width}.png", full_page=True)

    tab.fill("#td-receipt-typed", code.replace("-", " ").lower())
    tab.click("text=Check my copy")
    assert "you saved it correctly" in tab.locator("main").inner_text()

    with tab.expect_download() as info:
        tab.click("button[value=download]")
    download = info.value
    assert download.suggested_filename == "receipt-code.txt"
    assert code in open(download.path(), encoding="utf-8").read()

    tab.click("button[value=print]")
    assert code in re.sub(r"\s", "", tab.locator(".td-receipt-card__code").inner_text())
    for width in (375, 1366):
        tab.set_viewport_size({"width": width, "height": 900})
        tab.screenshot(path=f"{SHOTS}-card-{width}.png", full_page=True)
    for paper in ("A4", "Letter"):
        pdf = tab.pdf(format=paper)
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, paper

    for url in tab.requested:
        assert code not in url and receipts.normalise(code) not in url
    assert [url for url in tab.requested if origin(url) != live_server.url] == []
