"""In Chromium: the volunteer's sheet typed from the keyboard, with its script
(1/2/3, Enter to the next row, more rows) and without it (Tab alone).

Set TUIDANG_SHOTS to a folder to keep screenshots at 375 and 1366 px.
"""

import os

import pytest

from tests.browser.test_volunteer_browser import sign_in
from tests.helpers import moderation_user
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation.setup import VOLUNTEERS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = os.environ.get("TUIDANG_SHOTS")
SHEET = "/admin/tuidang/volunteer/sheet/"
#: After the name, what a row of one person who quit the party needs.
MINIMAL_ROW_WITH_SCRIPT = ["Tab", "1", "Enter"]
#: The same without the script: tick party, then Tab past the row's other
#: seven fields (league, pioneers, people, region, statement, real name, its
#: consent) to the next row's name.
MINIMAL_ROW_WITHOUT_SCRIPT = ["Tab", "Space"] + ["Tab"] * 8
NAMES = [f"Wang Wei {number}" for number in range(25)]


def shot(page, name):
    if not SHOTS:
        return
    for width in (375, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(SHOTS, f"{name}-{width}.png"), full_page=True)
        page.locator(".td-sheet tbody").scroll_into_view_if_needed()
        page.screenshot(path=os.path.join(SHOTS, f"{name}-{width}-rows.png"))
    page.set_viewport_size({"width": 1366, "height": 900})


def focused_name(page):
    return page.evaluate("document.activeElement.name")


@pytest.fixture
def user():
    return moderation_user(VOLUNTEERS, username="sheet-volunteer")


def test_a_list_typed_with_the_script_needs_three_keys_a_row(
    index_page, live_site, page, user
):
    sign_in(page, live_site, user)
    page.goto(live_site + SHEET)
    assert page.is_visible("text=Enter goes to the next row")
    # The attestation has the focus; one key ticks it, one leaves it.
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused_name(page) == "row-0-name"
    assert len(MINIMAL_ROW_WITH_SCRIPT) <= 6
    for number, name in enumerate(NAMES):
        page.keyboard.type(name)
        for key in MINIMAL_ROW_WITH_SCRIPT:
            page.keyboard.press(key)
        # Past the 20th row, Enter added rows: the cursor is on the next name.
        assert focused_name(page) == f"row-{number + 1}-name"
    shot(page, "sheet-typed")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=write each receipt code next to its name")
    assert page.locator("[data-td-receipt]").count() == len(NAMES)
    shot(page, "sheet-stored")
    statements = Statement.objects.all()
    assert sorted(s.name for s in statements) == sorted(NAMES)
    for statement in statements:
        assert statement.quit_party
        assert not (statement.quit_youth_league or statement.quit_young_pioneers)
        assert statement.people_count == 1 and statement.submitted_by == user


def test_shortcuts_toggle_organisations_and_rows_can_be_added(
    index_page, live_site, page, user
):
    sign_in(page, live_site, user)
    page.goto(live_site + SHEET)
    page.check("#id_consent")
    page.focus("#id_row-0-organisations_0")
    for key in ("2", "3", "1", "1"):
        page.keyboard.press(key)
    assert not page.is_checked("#id_row-0-organisations_0")
    assert page.is_checked("#id_row-0-organisations_1")
    assert page.is_checked("#id_row-0-organisations_2")
    # Where digits are typed, they are typed, not shortcuts.
    page.focus("#id_row-0-people_count")
    page.keyboard.press("Control+a")
    page.keyboard.type("12")
    assert page.input_value("#id_row-0-people_count") == "12"
    page.fill("#id_row-0-name", "赵敏")

    page.click("button:has-text('Add 10 rows')")
    assert page.locator("[data-td-sheet-row]").count() == 30
    assert page.input_value("[name=row-TOTAL_FORMS]") == "30"
    assert focused_name(page) == "row-20-name"
    # Added rows are numbered and labelled like the others.
    page.get_by_label("Row 30: Name or alias").fill("钱多")
    page.focus("#id_row-29-organisations_0")
    page.keyboard.press("3")
    page.fill("#id_row-29-region", "Hong Kong")
    page.click("button.button:has-text('Send the sheet')")
    page.wait_for_selector("text=write each receipt code next to its name")
    first, added = (
        Statement.objects.get(name="赵敏"),
        Statement.objects.get(name="钱多"),
    )
    assert first.people_count == 12 and first.quit_youth_league
    assert first.quit_young_pioneers and not first.quit_party
    assert added.quit_young_pioneers and added.region == "hk"


def test_a_row_with_a_mistake_is_shown_in_place(index_page, live_site, page, user):
    sign_in(page, live_site, user)
    page.goto(live_site + SHEET)
    page.check("#id_consent")
    page.fill("#id_row-0-name", "孙立")
    page.check("#id_row-0-organisations_0")
    page.fill("#id_row-1-name", "周真")
    page.check("#id_row-1-organisations_0")
    page.check("#id_row-1-is_real_name")
    page.click("button.button:has-text('Send the sheet')")
    page.wait_for_selector("text=write each receipt code next to its name")
    row = page.locator("tr.td-sheet__row--error")
    assert row.count() == 1
    assert "A real name needs this person’s own consent" in row.inner_text()
    assert row.locator("input[name=row-0-name]").input_value() == "周真"
    shot(page, "sheet-error")
    assert list(Statement.objects.values_list("name", flat=True)) == ["孙立"]


def test_without_the_script_the_sheet_is_a_plain_form(
    index_page, live_site, browser, user
):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_site, user)
        page.goto(live_site + SHEET)
        assert not page.is_visible("button:has-text('Add 10 rows')")
        assert not page.is_visible("text=Enter goes to the next row")
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        for name in NAMES[:3]:
            page.keyboard.type(name)
            for key in MINIMAL_ROW_WITHOUT_SCRIPT:
                page.keyboard.press(key)
            assert focused_name(page).endswith("-name")
        # Enter sends the sheet: no script, no shortcut.
        page.keyboard.press("Enter")
        page.wait_for_selector("text=write each receipt code next to its name")
        assert page.locator("[data-td-receipt]").count() == 3
        assert sorted(Statement.objects.values_list("name", flat=True)) == NAMES[:3]
        assert all(s.quit_party for s in Statement.objects.all())
    finally:
        context.close()
