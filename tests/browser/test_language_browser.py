"""In Chromium, on the localised demo: an English reader switches to
Traditional Chinese with the switcher (a plain link), searches in
Traditional characters (退黨), finds a statement written in Simplified ones, and
sees the same total as on the English page.

Set ``SCREENSHOT_DIR`` to keep a PNG of the header at each width."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Locale

from tests.browser.test_statement_views_browser import WIDTHS, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOTAL = re.compile(r"455,?\d{3},?\d{3}")


@pytest.fixture
def localised_demo(live_site):
    with override_settings(
        WAGTAIL_I18N_ENABLED=True,
        ROOT_URLCONF="tests.i18n_urls",
        LANGUAGE_CODE="zh-hans",
    ):
        Locale.objects.update(language_code="zh-hans")
        call_command("tuidang_demo", stdout=None)
        yield live_site


@pytest.fixture(params=WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def tab(request, browser):
    context = browser.new_context(
        locale="en-GB",
        java_script_enabled=False,
        viewport={"width": request.param, "height": 900},
    )
    tab = context.new_page()
    tab.width = request.param
    yield tab
    context.close()


def total_on(tab):
    return TOTAL.search(tab.locator("main").inner_text()).group(0).replace(",", "")


def test_switch_to_traditional_and_search_in_traditional(localised_demo, tab):
    tab.goto(localised_demo + "/en/statements/")
    assert tab.locator("html").get_attribute("lang") == "en"
    english_total = total_on(tab)
    shoot(tab, "language-switcher")

    tab.locator(".td-header .td-languages").get_by_role("link", name="繁體中文").click()

    tab.wait_for_url(localised_demo + "/zh-hant/statements/")
    assert tab.locator("html").get_attribute("lang") == "zh-hant"
    assert tab.get_by_text("跳到主要內容").count() == 1
    current = tab.locator(".td-languages a[aria-current=true]")
    assert current.inner_text() == "繁體中文"
    assert total_on(tab) == english_total
    assert tab.context.cookies() == [] or all(
        cookie["name"] == "csrftoken" for cookie in tab.context.cookies()
    )

    # The demo family's statement is written in Simplified characters.
    tab.fill("input[name=q]", "退黨")
    tab.press("input[name=q]", "Enter")
    tab.wait_for_url(re.compile(r".*\?.*q="))
    statements = tab.locator("main").inner_text()
    assert "父母退党" in statements
