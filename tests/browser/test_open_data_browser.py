"""In Chromium at a phone's and a desktop's width: the open data page with
its downloads, and the transparency page, fit the screen and load nothing
from another origin.

Set ``SCREENSHOT_DIR`` to keep a PNG of each screen."""

import os
import pathlib
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from tests.factories import make_statement
from wagtail_tuidang.statements import dumps

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
    tab.requested = []
    tab.on("request", lambda req: tab.requested.append(req.url))
    yield tab
    context.close()


def shoot(tab, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        path = pathlib.Path(folder) / f"{name}-{tab.width}.png"
        tab.screenshot(path=str(path), full_page=True)


def fits(tab):
    return tab.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@override_settings(WAGTAIL_TUIDANG_TRANSPARENCY=True)
def test_open_data_and_transparency_pages_fit_the_screen(index_page, live_site, tab):
    for _ in range(3):
        make_statement("published", index_page=index_page)
    dumps.write_dumps(index_page)
    tab.goto(live_site + index_page.url + "data/")
    assert tab.locator("table.td-open-data__files tbody tr").count() == 3
    assert fits(tab)
    shoot(tab, "open-data")
    tab.goto(live_site + index_page.url + "transparency/")
    assert tab.locator("h1").inner_text() == "Transparency"
    # The table scrolls inside itself; the page does not.
    assert fits(tab)
    shoot(tab, "transparency")
    origin = urlsplit(live_site).netloc
    assert all(urlsplit(url).netloc == origin for url in tab.requested)
