"""In Chromium, with JavaScript off and on: send a statement, read the receipt
code, and see it waiting for review on receipt/."""

from urllib.parse import urlsplit

import pytest

from tests.browser import origin
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import receipts

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(params=[False, True], ids=["no-js", "js"])
def tab(request, browser):
    """A tab with JavaScript disabled or enabled, recording every request."""
    context = browser.new_context(locale="en-GB", java_script_enabled=request.param)
    tab = context.new_page()
    tab.requested = []
    tab.on("request", lambda req: tab.requested.append(req.url))
    tab.js = request.param
    yield tab
    context.close()


def test_submit_then_check_the_receipt(live_server, index_page, tab, settings):
    # live_server runs in a thread of this process: the setting applies there.
    settings.WAGTAIL_TUIDANG_MIN_FILL_SECONDS = 1
    base = live_server.url + index_page.url

    tab.goto(base + "submit/")
    tab.fill("#id_name", "自由的风")
    tab.check("#id_organisations_0")
    tab.check("#id_organisations_2")
    tab.fill("#id_people_count", "3")
    tab.select_option("#id_region", "sh")
    tab.fill("#id_text", "我退出中共和少先队。\n愿中国早日自由。")
    tab.wait_for_timeout(1500)  # a person takes longer than the minimum fill time
    if tab.js:  # the proof of work is solved while the person writes
        tab.wait_for_selector("input[name=altcha][value]", state="attached")
    tab.click("button[type=submit]")

    code = tab.locator(".td-receipt__code").inner_text().strip()
    assert receipts.normalise(code), code
    statement = Statement.objects.get(receipt_hash=receipts.hash_code(code))
    assert statement.name == "自由的风" and statement.people_count == 3
    assert statement.text == "我退出中共和少先队。\n愿中国早日自由。"
    assert statement.quit_party and statement.quit_young_pioneers
    assert not (statement.flag_honeypot or statement.flag_too_fast)
    # Without JavaScript there is no proof of work: accepted, only flagged.
    assert statement.flag_no_proof is not tab.js
    assert not (statement.flag_replayed or statement.flag_rate_limited)
    assert statement.status == "pending"

    tab.click("text=Check a statement with its receipt code")
    tab.fill("#id_code", code.lower())
    tab.click("button[value=check]")
    assert "Waiting for review" in tab.locator("main").inner_text()

    foreign = [url for url in tab.requested if origin(url) != live_server.url]
    assert foreign == []
    assert any(urlsplit(url).path.endswith(".css") for url in tab.requested)
