"""In Chromium: "Leave this page" and Esc pressed twice take the reader to the
exit page, and the back button does not return to the page they left.

The exit page is served by the test server under another origin
(127.0.0.1 rather than localhost), so nothing leaves the machine."""

import os
import pathlib
from urllib.parse import urlsplit

import pytest

from tests.factories import make_statement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pages(index_page, live_site, settings):
    """The wall and a permalink on it, with quick exit on."""
    statement, _ = make_statement(index_page=index_page, status="published")
    port = urlsplit(live_site).port
    exit_url = f"http://127.0.0.1:{port}/static/wagtail_tuidang/css/quick-exit.css"
    settings.WAGTAIL_TUIDANG_QUICK_EXIT_URL = exit_url
    return {
        "wall": live_site + index_page.url,
        "permalink": f"{live_site}{index_page.url}s/{statement.public_id}/",
        "exit": exit_url,
    }


def visit_wall_then_permalink(tab, pages):
    tab.goto(pages["wall"])
    tab.goto(pages["permalink"])
    tab.wait_for_load_state("load")


def test_esc_twice_leaves_and_back_does_not_return(page, pages):
    visit_wall_then_permalink(page, pages)

    page.keyboard.press("Escape")
    assert page.url == pages["permalink"]
    page.keyboard.press("Escape")

    page.wait_for_url(pages["exit"])
    page.go_back()
    assert page.url == pages["wall"]


def test_the_link_leaves_and_back_does_not_return(page, pages):
    visit_wall_then_permalink(page, pages)

    page.get_by_role("link", name="Leave this page").click()

    page.wait_for_url(pages["exit"])
    page.go_back()
    assert page.url == pages["wall"]


def test_without_javascript_the_link_still_leaves(browser, pages):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    tab = context.new_page()
    tab.goto(pages["permalink"])
    link = tab.get_by_role("link", name="Leave this page")
    # The hint about Esc needs the script: it stays hidden.
    assert tab.get_by_text("or press Esc twice").is_hidden()

    link.click()

    tab.wait_for_url(pages["exit"])
    context.close()


def contrast(foreground, background):
    """The WCAG contrast ratio of two ``rgb(…)`` colours."""

    def luminance(colour):
        channels = [
            int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]
        ]
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("width", [375, 1366])
def test_the_control_is_seen_named_and_reached_first(browser, pages, width):
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": 700}
    )
    tab = context.new_page()
    console = []
    tab.on("console", lambda message: console.append(message.text))
    tab.goto(pages["permalink"])
    link = tab.get_by_role("link", name="Leave this page")
    box = link.bounding_box()
    # On screen without scrolling, and a touch target of 44 px at least.
    assert box["y"] + box["height"] <= 700 and box["x"] + box["width"] <= width
    assert box["height"] >= 44
    colours = link.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    )
    assert contrast(*colours) >= 4.5
    # With the script, the hint describes the link to screen readers.
    assert link.get_attribute("aria-describedby") == "td-quick-exit-hint"
    assert tab.locator("#td-quick-exit-hint").inner_text() == "or press Esc twice"
    if os.environ.get("SCREENSHOT_DIR"):
        path = pathlib.Path(os.environ["SCREENSHOT_DIR"]) / f"quick-exit-{width}.png"
        tab.screenshot(path=str(path))
    # The first stop after the "Skip to content" link.
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Leave this page"
    assert [text for text in console if "Content Security Policy" in text] == []
    context.close()
