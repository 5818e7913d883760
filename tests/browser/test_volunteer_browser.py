"""In Chromium: a volunteer starts from the admin home, sends a statement for
a caller and finds it in "My submissions"; an import is previewed with
labels, and an import whose worker died says it stopped.

Set TUIDANG_SHOTS to a folder to keep screenshots of each screen (1366 px).
"""

import os
import re

import pytest

from tests.factories import make_statement
from tests.helpers import moderation_user
from wagtail_tuidang.moderation.setup import VOLUNTEERS
from wagtail_tuidang.transfer import jobs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pass-for-tests"
SHOTS = os.environ.get("TUIDANG_SHOTS")
FIGURES = {"processed": 500, "created": 470, "existing": 20, "invalid": 10}


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def sign_in(page, live_site, user):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_volunteer_goes_from_the_home_panel_to_their_submissions(
    index_page, live_site, page
):
    user = moderation_user(VOLUNTEERS, username="browser-volunteer")
    for number, status in enumerate(("published", "rejected", "pending")):
        make_statement(
            index_page=index_page,
            name=f"来电{number}",
            submitted_by=user,
            status=status,
        )
    sign_in(page, live_site, user)
    panel = page.locator("#tuidang-volunteer-content")
    assert "Needs fixing" in panel.inner_text()
    shot(page, "dashboard-panel")

    panel.get_by_role("link", name="Send a statement for a caller").click()
    shot(page, "console")
    page.fill("#id_name", "王先生")
    page.check("input[name=organisations][value=party]")
    page.check("#id_consent")
    page.click("button.button:has-text('Send statement')")
    page.wait_for_selector("text=give the person this receipt code")

    page.goto(live_site + "/admin/tuidang/volunteer/mine/")
    assert page.locator("table.listing tbody tr").count() == 4
    assert "王先生" in page.locator("table.listing").inner_text()
    shot(page, "my-submissions")


def test_an_import_previews_labels_and_a_dead_one_says_it_stopped(
    index_page, live_site, page, tmp_path
):
    user = moderation_user(username="browser-importer", is_superuser=True)
    sign_in(page, live_site, user)
    page.goto(live_site + "/admin/tuidang/transfer/import/")
    path = tmp_path / "rows.csv"
    path.write_text(
        "name,organisations,people_count,region,text,declared_on\n"
        "李明,party;youth_league,2,sc,我退出。,2024-01-02\n"
        "王芳,young_pioneers,,,,\n"
        "孙七,party,1,zz,,\n"
    )
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('Check the file')")
    sample = page.locator("table.listing").last.inner_text()
    assert "Chinese Communist Party, Communist Youth League" in sample
    assert "Sichuan" in sample and "—" in sample
    shot(page, "import-preview")

    page.click("button:has-text('Cancel')")

    # An import whose worker took it, then died an hour ago.
    jobs.start_job("dead", user.pk, "", index_page.pk)
    jobs.set_progress("dead", user.pk, jobs.RUNNING, **FIGURES)
    record = jobs.read_progress("dead")
    record["heartbeat"] -= 3600
    jobs.cache.set(jobs.progress_key("dead"), record)
    page.goto(live_site + "/admin/tuidang/transfer/import/dead/")
    page.wait_for_selector("text=The import stopped — import the file again")
    shot(page, "import-stopped")
