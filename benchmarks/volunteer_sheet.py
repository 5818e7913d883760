"""Keystrokes and statements a minute: a 50-name paper list typed into the
volunteer console one statement at a time, and into the sheet, with and
without its script.

Chromium (Playwright, Debian's /usr/bin/chromium) types each list the way a
trained volunteer does, from the keyboard only: the name, then the fewest
keys that give a statement of one person who quit the party, then the keys
that send the form. Every key is counted, and every wait for the server (a
page load after sending) is timed.

A person is slower than Playwright, so the figure "statements a minute" is a
model, printed with its inputs: ``KEY_SECONDS`` per key (default 0.3 s, a
trained volunteer reading from paper) for every key pressed, the name's
letters included, plus the measured waits for the server. The names are
pinyin aliases ("Wang Wei 12"), typed letter by letter, as an input method
would take them.

Run on demand, never as a test:

    .venv/bin/python benchmarks/volunteer_sheet.py          # SQLite file

BENCH_NAMES sets the list's length (default 50), KEY_SECONDS the pace.
Results go to stdout as a Markdown table for docs/how-to/volunteer.md.
"""

import os
import sys
import time

# Sets Django up: keep it before any import of Django's.
from _django import BENCH_DIR  # noqa: F401

# isort: split

from django.contrib.auth.models import Group
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright
from wagtail.models import Page, Site

from tests.factories import UserFactory
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation.setup import VOLUNTEERS, run_setup
from wagtail_tuidang.pages.models import StatementIndexPage

NAMES = int(os.environ.get("BENCH_NAMES", 50))
KEY_SECONDS = float(os.environ.get("KEY_SECONDS", 0.3))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CONSOLE = "/admin/tuidang/volunteer/"
SHEET = CONSOLE + "sheet/"
RECEIVED = "text=give the person this receipt code"
SHEET_RECEIVED = "text=write each receipt code next to its name"


class Keyboard:
    """Presses keys on ``page`` and counts them; times the server's answers."""

    def __init__(self, page):
        self.page = page
        self.keys = 0
        self.name_keys = 0
        self.waiting = 0.0

    def name(self, text):
        self.page.keyboard.type(text)
        self.name_keys += len(text)

    def press(self, *keys):
        for key in keys:
            self.page.keyboard.press(key)
            self.keys += 1

    def focused(self):
        return self.page.evaluate("document.activeElement.name")

    def send(self, key, done):
        start = time.perf_counter()
        self.press(key)
        self.page.wait_for_selector(done)
        self.waiting += time.perf_counter() - start


def names():
    return [f"Wang Wei {number}" for number in range(NAMES)]


def console(keyboard):
    """The console: name, Tab ×5, Space (party), Tab to the consent box,
    Space, Enter; a page load per statement."""
    for name in names():
        keyboard.name(name)
        keyboard.press(*["Tab"] * 5, "Space")
        while keyboard.focused() != "consent":
            keyboard.press("Tab")
        keyboard.press("Space")
        keyboard.send("Enter", RECEIVED)
        keyboard.page.wait_for_selector("#id_name:focus")


def sheet_with_script(keyboard):
    """The sheet: Space, Tab once; each row name, Tab, 1, Enter; Ctrl+Enter."""
    keyboard.press("Space", "Tab")
    for name in names():
        keyboard.name(name)
        keyboard.press("Tab", "1", "Enter")
    keyboard.send("Control+Enter", SHEET_RECEIVED)


def sheet_without_script(keyboard):
    """Sheets of 20 rows: Space, Tab; each row name, Tab, Space, Tab ×8;
    Enter sends the sheet, and a blank one follows."""
    rows = int(keyboard.page.input_value("[name=row-TOTAL_FORMS]"))
    pending = names()
    while pending:
        batch, pending = pending[:rows], pending[rows:]
        keyboard.press("Space", "Tab")
        for name in batch:
            keyboard.name(name)
            keyboard.press("Tab", "Space", *["Tab"] * 8)
        keyboard.send("Enter", SHEET_RECEIVED)


def set_up():
    call_command("migrate", verbosity=0)
    run_setup()
    root = Page.get_first_root_node()
    wall = root.add_child(instance=StatementIndexPage(title="Statements"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": wall, "hostname": "localhost"}
    )
    user = UserFactory(username="bench-volunteer")
    user.groups.add(*Group.objects.filter(name=VOLUNTEERS))
    return user


def run(browser, url, user, path, typist, script=True):
    context = browser.new_context(locale="en-GB", java_script_enabled=script)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url(url + "/admin/")
    page.goto(url + path)
    before = Statement.objects.count()
    keyboard = Keyboard(page)
    typist(keyboard)
    stored = Statement.objects.count() - before
    context.close()
    assert stored == NAMES, f"{stored} of {NAMES} stored"
    return keyboard


def main():
    user = set_up()
    server = LiveServerThread("localhost", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    url = f"http://localhost:{server.port}"
    ways = [
        ("console, one statement a page", CONSOLE, console, True),
        ("sheet, with its script", SHEET, sheet_with_script, True),
        ("sheet, without JavaScript", SHEET, sheet_without_script, False),
    ]
    print(f"{NAMES} names, {KEY_SECONDS} s a key; load {os.getloadavg()[0]:.2f}")
    print()
    print("| way | keys a statement (+ name) | server waits | statements a minute |")
    print("|---|---|---|---|")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
        )
        for label, path, typist, script in ways:
            keyboard = run(browser, url, user, path, typist, script)
            minutes = (
                (keyboard.keys + keyboard.name_keys) * KEY_SECONDS + keyboard.waiting
            ) / 60
            print(
                f"| {label} | {keyboard.keys / NAMES:.2f} | "
                f"{keyboard.waiting:.1f} s | {NAMES / minutes:.1f} |"
            )
        browser.close()
    server.terminate()


if __name__ == "__main__":
    sys.exit(main())
