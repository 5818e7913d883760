"""In Chromium: a moderator signs in, filters the queue, selects ten
statements, publishes them in bulk, and the public total grows by their
people; a moderator reads a statement in the queue, opens it and publishes
it from there."""

import re

import pytest

from tests.factories import make_statement
from tests.helpers import moderator
from wagtail_tuidang.models import Statement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pass-for-tests"


def public_total(page, url):
    page.goto(url)
    return int(page.locator(".td-figures__total data").get_attribute("value"))


def test_a_moderator_bulk_publishes_ten_statements(live_server, index_page, page):
    for number in range(12):
        make_statement(index_page=index_page, name=f"待审{number:02}", people_count=2)
    make_statement(index_page=index_page, name="早已发布", status="published")
    make_statement(index_page=index_page, name="垃圾", status="spam")
    user = moderator(username="browser-moderator")
    wall = live_server.url + index_page.url
    before = public_total(page, wall)

    sign_in(page, live_server, user)
    assert "Statements (12)" in page.content()

    # Filter the queue through Wagtail's filter drawer: published first, to
    # see the filter work, then back to what waits for review.
    page.goto(live_server.url + "/admin/tuidang/statements/")
    choose_status(page, "Published")
    page.wait_for_selector("#listing-results >> text=早已发布")
    assert page.locator("#listing-results >> text=待审00").count() == 0
    choose_status(page, "Pending review")
    page.wait_for_selector("#listing-results >> text=待审00")

    checkboxes = page.locator("input.bulk-action-checkbox")
    assert checkboxes.count() == 12
    for index in range(10):
        checkboxes.nth(index).check()
    page.click(".bulk-actions-buttons >> text=Publish")
    page.wait_for_selector("text=Publish these statements?")
    page.click("button:has-text('Yes, publish')")
    page.wait_for_selector("text=10 statements published.")

    assert Statement.objects.filter(status="published").count() == 11
    assert public_total(page, wall) == before + 20
    assert not [url for url in page.requested if not url.startswith(live_server.url)]


def choose_status(page, label):
    """Open the filters, pick a status, and let the listing refresh."""
    choices = page.locator("#drilldown-id_status")
    if not choices.is_visible():
        page.click("button[aria-label='Show filters']")
        page.click("button[aria-controls='drilldown-id_status']")
    with page.expect_response(re.compile(r"/admin/tuidang/statements/results/")):
        choices.get_by_label(label, exact=True).check()


def test_a_moderator_reads_a_statement_and_publishes_it_from_inspect(
    live_server, index_page, page
):
    statement, _ = make_statement(
        index_page=index_page,
        name="读后再定",
        text="我郑重声明退出共青团。\n第二行只在详情中显示。",
        quit_youth_league=True,
    )
    user = moderator(username="browser-reader")
    sign_in(page, live_server, user)

    page.goto(live_server.url + "/admin/tuidang/statements/")
    row = page.locator("#listing-results tr", has_text="读后再定")
    assert "我郑重声明退出共青团。" in row.inner_text()
    assert "Communist Youth League" in row.inner_text()
    assert "第二行只在详情中显示" not in row.inner_text()

    row.get_by_role("link", name="读后再定").click()
    page.wait_for_selector("text=Review details")
    assert "第二行只在详情中显示。" in page.content()
    page.click(".tuidang-decisions button:has-text('Publish')")
    page.wait_for_selector("text=1 statement published.")

    statement.refresh_from_db()
    assert statement.status == "published"
    # Once published, the only decision left is a takedown.
    assert page.locator(".tuidang-decisions").inner_text().strip() == "Take down…"


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
