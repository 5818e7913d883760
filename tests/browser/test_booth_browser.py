"""In Chromium: booth mode through a network cut. A volunteer opens the booth
online once, then with no connection types three entries, reloads the page
(the service worker serves it) and finds them waiting; back online they are
sent, each stored once, even when a response is lost on the way and the
device sends again. The device never holds a name in clear.

Set TUIDANG_SHOTS to a folder to keep screenshots (375 and 1366 px).
"""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.helpers import moderation_user
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation.setup import VOLUNTEERS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pass-for-tests"
PASSPHRASE = "red lantern 42"
BOOTH = "/admin/tuidang/volunteer/booth/"
NAMES = ("陈独秀", "林觉民", "秋瑾")
SHOTS = os.environ.get("TUIDANG_SHOTS")

#: Every record of the booth's database as text: plain fields as JSON, and
#: every byte buffer decoded as UTF-8 (where a name in clear would show).
RAW_STORE = """async () => {
    const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open("wagtail-tuidang-booth");
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
    });
    const dump = [];
    for (const name of db.objectStoreNames) {
        const records = await new Promise((resolve) => {
            const req = db.transaction(name).objectStore(name).getAll();
            req.onsuccess = () => resolve(req.result);
        });
        for (const record of records) {
            for (const value of Object.values(record)) {
                if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
                    dump.push(new TextDecoder().decode(value));
                } else {
                    dump.push(JSON.stringify(value));
                }
            }
        }
    }
    db.close();
    return dump.join("\\n");
}"""

ENTRY_COUNT = """() => new Promise((resolve) => {
    const req = indexedDB.open("wagtail-tuidang-booth");
    req.onsuccess = () => {
        const all = req.result.transaction("entries").objectStore("entries").count();
        all.onsuccess = () => resolve(all.result);
    };
})"""


def shot(page, name):
    if SHOTS:
        for width in (375, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            path = os.path.join(SHOTS, f"{name}-{width}.png")
            page.screenshot(path=path, full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})


def sign_in(page, live_site, user):
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def open_booth(page, passphrase=PASSPHRASE, again=True):
    page.fill("[data-td-passphrase]", passphrase)
    if again:
        page.fill("[data-td-passphrase-again]", passphrase)
    page.click("[data-td-unlock] button[type=submit]")
    page.wait_for_selector("[data-td-entry-form]", state="visible")


def enter(page, name):
    page.fill("#id_name", name)
    page.check("input[name=organisations][value=party]")
    page.check("#id_consent")
    page.click("[data-td-entry-form] button[type=submit]")
    page.wait_for_selector(f"[data-td-entries] li:has-text('{name}')")


def waiting(page):
    return page.locator("[data-td-entry][data-state=waiting]")


def volunteer_with_booth_open(page, live_site):
    user = moderation_user(VOLUNTEERS, username="booth-volunteer")
    sign_in(page, live_site, user)
    page.goto(live_site + BOOTH)
    # The worker controls the page once it has kept the page and its files.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return user


def test_entries_typed_offline_wait_and_are_sent_once_back_online(
    index_page, live_site, page, browser_context
):
    user = volunteer_with_booth_open(page, live_site)
    cdp = browser_context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["manifest"]["startUrl"].endswith(BOOTH)
    problems = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, where nothing installs; apart from
    # that, Chromium finds nothing missing to install the booth.
    assert [problem["errorId"] for problem in problems] in ([], ["in-incognito"])
    open_booth(page)
    shot(page, "booth-open")

    browser_context.set_offline(True)
    for name in NAMES:
        enter(page, name)
    assert waiting(page).count() == 3
    assert "Waiting to send" in page.locator("[data-td-entries]").inner_text()

    response = page.reload()
    assert response.from_service_worker
    page.wait_for_selector("[data-td-unlock]", state="visible")
    # Entries are on the device: the passphrase must match, not be chosen.
    assert page.locator("[data-td-passphrase-again]").is_hidden()
    page.fill("[data-td-passphrase]", "wrong passphrase")
    page.click("[data-td-unlock] button[type=submit]")
    page.wait_for_selector("text=This passphrase does not open the entries")
    open_booth(page, again=False)
    assert waiting(page).count() == 3
    shot(page, "booth-waiting")

    raw = page.evaluate(RAW_STORE)
    assert raw  # the store was read: three entries and the vault
    for name in NAMES:
        assert name not in raw
    assert Statement.objects.count() == 0

    browser_context.set_offline(False)
    page.wait_for_selector("[data-td-entries] li:has-text('No entries on this')")
    stored = Statement.objects.filter(submitted_by=user)
    assert sorted(stored.values_list("name", flat=True)) == sorted(NAMES)
    assert stored.count() == 3
    # Cleared after sending: nothing of the entries is left on the device.
    assert page.evaluate(ENTRY_COUNT) == 0


def test_an_entry_whose_answer_was_lost_is_sent_again_and_stored_once(
    index_page, live_site, page
):
    user = volunteer_with_booth_open(page, live_site)
    open_booth(page)
    lost = []

    def cut_after_storing(route):
        # The first send reaches the site, which stores it; its answer never
        # reaches the device, as when the connection drops at that moment.
        if not lost:
            lost.append(route.fetch().status)
            route.abort("connectionreset")
            return
        route.continue_()

    page.route("**" + BOOTH + "entries/", cut_after_storing)
    page.check("[data-td-keep]")
    enter(page, "刘胡兰")
    page.wait_for_selector("[data-td-entry][data-state=sent]")
    assert lost == [201]
    assert Statement.objects.filter(submitted_by=user, name="刘胡兰").count() == 1
    sent = page.locator("[data-td-entry][data-state=sent]").inner_text()
    assert Statement.objects.get().public_id in sent


def test_signed_out_entries_stay_waiting_until_the_volunteer_logs_in_again(
    index_page, live_site, page, browser_context
):
    user = volunteer_with_booth_open(page, live_site)
    open_booth(page)
    browser_context.set_offline(True)
    enter(page, "赵一曼")
    page.fill("#id_name", "杨靖宇")
    page.check("input[name=organisations][value=party]")
    # No consent ticked: the site refuses this one, as the console would.
    page.click("[data-td-entry-form] button[type=submit]")
    page.wait_for_selector("[data-td-entries] li:has-text('杨靖宇')")
    browser_context.clear_cookies()  # the session ended meanwhile

    browser_context.set_offline(False)
    page.wait_for_selector("[data-td-login]", state="visible")
    assert "Log in again" in page.locator("[data-td-status]").inner_text()
    assert waiting(page).count() == 2
    assert Statement.objects.count() == 0
    shot(page, "booth-log-in-again")

    sign_in(page, live_site, user)
    page.goto(live_site + BOOTH)
    open_booth(page, again=False)
    refused = page.locator("[data-td-entry][data-state=refused]")
    refused.wait_for()
    assert "杨靖宇" in refused.inner_text()
    assert "agreed" in refused.inner_text()
    assert waiting(page).count() == 0
    assert list(Statement.objects.values_list("name", flat=True)) == ["赵一曼"]
    shot(page, "booth-refused")

    # Fixed, it goes again as a new entry and is stored.
    refused.get_by_role("button", name="Edit").click()
    # Decrypted, then put back in the form: waited for.
    expect(page.locator("#id_name")).to_have_value("杨靖宇")
    page.check("#id_consent")
    page.check("[data-td-keep]")
    page.click("[data-td-entry-form] button[type=submit]")
    page.wait_for_selector("[data-td-entry][data-state=sent]:has-text('杨靖宇')")
    assert Statement.objects.filter(submitted_by=user).count() == 2
