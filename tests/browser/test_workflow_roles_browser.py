"""In Chromium, Wagtail's own page editor as each role of ``tuidang_setup``
sees it: an editor finds no Publish button, only "Submit to Tuidang review";
two moderators approve in turn ("Approve (1 of 2)", "Approve (2 of 2)"), and
only the second approval puts the page live."""

import re

import pytest
from django.contrib.auth.models import Group

from tests.browser.test_editor_browser import click_until
from tests.factories import UserFactory
from wagtail_tuidang.moderation.setup import EDITORS, MODERATORS, run_setup
from wagtail_tuidang.pages.models import StatementPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pass-for-tests"


def member(group_name, username):
    user = UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def signed_in(browser, site, user):
    """A new tab, in its own browser context, signed in as ``user``."""
    tab = browser.new_context(locale="en-GB").new_page()
    tab.set_viewport_size({"width": 1366, "height": 900})
    tab.goto(site + "/admin/login/")
    tab.get_by_label("Username").fill(user.username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(re.compile(r"/admin/$"))
    return tab


def open_actions(tab, wanted):
    """Open the editor footer's "More actions" menu until ``wanted`` (a
    button's name) shows in it; return that button."""
    footer = tab.locator("footer")
    button = footer.get_by_role("button", name=wanted)
    click_until(footer.get_by_role("button", name="More actions"), shown=button)
    assert footer.get_by_role("button", name="Publish", exact=True).count() == 0
    return button


def approve(tab, site, page, label):
    tab.goto(f"{site}/admin/pages/{page.pk}/edit/")
    # Wagtail adds "and Publish" to the buttons of a workflow's last task.
    button = open_actions(tab, re.compile("^" + re.escape(label)))
    # The button posts the editor's form, which also records the approval.
    click_until(button, request=lambda request: request.method == "POST")
    # Moderators hold no page permission: they return to their dashboard.
    tab.wait_for_url(re.compile(r"/admin/$"))
    assert "do not have permission" not in tab.content()


@pytest.fixture
def draft(home_page, live_site):
    # Featured statement pages below the home page, which the site put under
    # the review (``tuidang_setup --attach-to``).
    run_setup(attach_to=[home_page])
    page = home_page.add_child(instance=StatementPage(title="Why I quit", live=False))
    page.save_revision()
    return page


def test_editor_submits_and_two_moderators_publish(browser, live_site, draft):
    editor = member(EDITORS, "browser-editor")
    first = member(MODERATORS, "browser-moderator-1")
    second = member(MODERATORS, "browser-moderator-2")

    tab = signed_in(browser, live_site, editor)
    tab.goto(f"{live_site}/admin/pages/{draft.pk}/edit/")
    submit = open_actions(tab, "Submit to Tuidang review")
    assert "Publish" not in tab.locator("footer").inner_text()
    submit.click()
    tab.get_by_text("has been submitted for moderation", exact=False).wait_for()
    draft.refresh_from_db()
    assert not draft.live
    assert draft.workflow_in_progress

    approve(signed_in(browser, live_site, first), live_site, draft, "Approve (1 of 2)")
    draft.refresh_from_db()
    assert not draft.live

    approve(signed_in(browser, live_site, second), live_site, draft, "Approve (2 of 2)")
    draft.refresh_from_db()
    assert draft.live
    assert tab.request.get(live_site + draft.url).status == 200
