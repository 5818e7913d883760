"""In Chromium, Wagtail's own page editor, driven as an editor drives it: every
block that chooses a page is added to a StreamField, given its page through
the chooser, saved as a draft, found again after a reload, published, and
seen on the live page. In the example site's home page, in an article's body,
and in a StreamField of a site's own page type.

The chooser's JavaScript differs between Wagtail versions: the steps find
buttons, links and dialogs by their role and accessible name, as a person
using a screen reader would, not by Wagtail's CSS classes.
"""

import os
import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import (
    StatementPageFactory,
    make_article,
    make_index,
    make_statement,
)
from tests.testapp.models import LandingPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pass-for-tests"
SHOTS = os.environ.get("TUIDANG_SHOTS")


@pytest.fixture
def content(home_page, index_page, live_site):
    """The pages an editor chooses from, and the three pages edited."""
    make_statement(index_page=index_page, name="林间小路", status="published")
    featured = StatementPageFactory(
        parent=home_page, title="Why I quit", display_name="明心", quit_party=True
    )
    news = make_index(home_page)
    make_article(news, "Booth report", tags=["三退"], days_ago=1)
    article = make_article(news, "Volunteers at the booth", tags=["三退"])
    landing = home_page.add_child(
        instance=LandingPage(title="Campaign", slug="campaign")
    )
    return {
        "site": live_site,
        "home": home_page,
        "featured": featured,
        "article": article,
        "landing": landing,
    }


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    """Wagtail 8 saves the editor in the background; on a loaded machine
    one such save could still be on its way when Publish is pressed, and
    Wagtail refuses the publication as an edit made meanwhile (a 400). That
    is Wagtail's behaviour to own; this test is about the plugin's blocks."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def editor(page, content):
    """The tab, signed in as an editor who may publish."""
    get_user_model().objects.create_superuser(
        "browser-editor", "e@example.com", PASSWORD
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(content["site"] + "/admin/login/")
    page.get_by_label("Username").fill("browser-editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


#: What an editor puts on each page: a block's label, the path to the page it
#: chooses in the chooser, and what the block shows on the live page.
HOME_BLOCKS = [
    ("Statement counter", ["Home", "Statements"], ".td-counter >> text=455,000,001"),
    ("Latest statements", ["Home", "Statements"], ".td-block >> text=林间小路"),
    ("Featured statement", ["Home", "Why I quit"], ".td-block >> text=明心"),
    ("Statement form", ["Home", "Statements"], "form[action$='/statements/submit/']"),
]
ARTICLE_BLOCKS = [
    (
        "Related articles",
        ["Home", "News", "Booth report"],
        ".td-article__body .td-article-list >> text=Booth report",
    ),
    *HOME_BLOCKS,
]
LANDING_BLOCKS = [
    ("Latest articles", ["Home", "News"], ".td-article-list >> text=Booth report"),
    (
        "Related articles",
        ["Home", "News", "Volunteers at the booth"],
        ".td-article-list >> text=Volunteers at the booth",
    ),
    ("Statement counter", ["Home", "Statements"], ".td-counter >> text=455,000,001"),
]


def choose_buttons(tab):
    """The page choosers' "Choose a page" buttons."""
    return tab.get_by_role("button", name=re.compile("^Choose a page"))


def shot(tab, name):
    """Keep a screenshot where the run was asked to (TUIDANG_SHOTS)."""
    if SHOTS:
        tab.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def click_until(button, shown=None, request=None, tries=4):
    """Click ``button`` until the click has an effect: ``shown`` becomes
    visible, or a request whose URL matches ``request`` starts.

    A button Wagtail's JavaScript has just added to the page only acts
    once its Stimulus controller has connected, which a busy machine can
    delay past the click: an editor would click again, and so does this.
    Both effects start at once when a click is taken, so a second click
    never doubles the first one's."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(tries):
        try:
            if request:
                with button.page.expect_request(request, timeout=5000):
                    button.click()
            else:
                button.click()
                shown.wait_for(timeout=5000)
            return
        except PlaywrightTimeoutError:
            if attempt == tries - 1:
                raise


def added(locator):
    """What appears when one more of ``locator`` exists than now."""
    return locator.nth(locator.count())


def add_block(tab, label):
    """Append a block to the page's StreamField through its "+" menu."""
    inserts = tab.get_by_role("button", name="Insert a block")
    option = tab.get_by_role("option", name=label, exact=True)
    click_until(inserts.last, shown=option)
    click_until(option, shown=added(inserts))


def choose_page(tab, path):
    """Open the newest empty page chooser and pick the last page of
    ``path``, exploring its ancestors as far as the modal needs."""
    *ancestors, title = path
    click_until(choose_buttons(tab).last, request=re.compile(r"/admin/choose-page/"))
    dialog = tab.get_by_role("dialog")
    target = dialog.get_by_role("link", name=title, exact=True)
    for ancestor in ancestors:
        explore = dialog.get_by_title(f"Explore subpages of '{ancestor}'")
        explore.or_(target).first.wait_for()
        if target.is_visible():
            break
        explore.click()
    target.click()
    dialog.wait_for(state="hidden")


def chosen_titles(tab):
    """The titles the choosers of the body's blocks show, left out those
    showing none (a chooser left empty, as the optional category is)."""
    titles = tab.locator("[data-contentpath='body'] [data-chooser-title]")
    return [text.strip() for text in titles.all_inner_texts() if text.strip()]


def save_draft(tab, title):
    tab.get_by_role("button", name="Save draft").click()
    tab.get_by_text(f"Page '{title}' has been updated.").wait_for()


def publish(tab, title):
    footer = tab.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish").click()
    tab.get_by_text(f"Page '{title}' has been published.").wait_for()


def edit_and_publish(tab, site, page, blocks, name):
    """Place ``blocks`` on ``page`` in its editor, save a draft, find the
    chosen pages again after a reload, publish, and see each block's output
    on the live page (375 px wide)."""
    edit_url = f"{site}/admin/pages/{page.pk}/edit/"
    tab.goto(edit_url)
    for label, path, _ in blocks:
        add_block(tab, label)
        if label == "Related articles":
            add = tab.get_by_role("button", name="Add", exact=True).last
            click_until(add, shown=added(choose_buttons(tab)))
        choose_page(tab, path)
    expected = [path[-1] for _, path, _ in blocks]
    assert chosen_titles(tab) == expected
    save_draft(tab, page.title)
    tab.goto(edit_url)
    assert chosen_titles(tab) == expected
    if SHOTS:
        # The admin scrolls inside its own frame: show the body in a tall one.
        tab.set_viewport_size({"width": 1366, "height": 2400})
        tab.locator("[data-contentpath='body']").evaluate("el => el.scrollIntoView()")
        shot(tab, f"editor-{name}")
    publish(tab, page.title)
    tab.set_viewport_size({"width": 375, "height": 800})
    tab.goto(site + page.specific.url)
    for _, _, shown in blocks:
        tab.locator(shown).first.wait_for()
    shot(tab, f"live-{name}")
    tab.set_viewport_size({"width": 1366, "height": 900})


def test_an_editor_places_every_chooser_block_and_publishes(editor, content):
    site = content["site"]
    try:
        edit_and_publish(editor, site, content["home"], HOME_BLOCKS, "home")
        edit_and_publish(editor, site, content["article"], ARTICLE_BLOCKS, "article")
        edit_and_publish(editor, site, content["landing"], LANDING_BLOCKS, "landing")
    except Exception:
        shot(editor, "failure")
        raise
