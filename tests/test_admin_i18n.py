"""Every admin screen the plugin adds speaks the admin's language, and the
plugin's catalogue never changes what Wagtail's own words mean.

The checks read the plugin's catalogue instead of listing strings, so a
string added later is covered as soon as it is translated."""

import gettext
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wagtail
from django.urls import reverse
from wagtail.users.models import UserProfile

import wagtail_tuidang
from tests.factories import (
    SuperuserFactory,
    make_article,
    make_index,
    make_statement,
)
from tests.helpers import QUEUE_URL, bulk_url, inspect_url
from wagtail_tuidang.moderation.bulk_actions import BULK_ACTIONS
from wagtail_tuidang.pages.models import StatementIndexPage

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(wagtail_tuidang.__file__).parent / "locale"
WAGTAIL_DIR = Path(wagtail.__file__).parent
CHINESE = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant"}
#: Attributes whose values a person reads (or hears, with a screen reader).
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
#: Wagtail's own strings that Wagtail itself leaves untranslated in Chinese;
#: they coincide with a msgid of the plugin, so the plugin cannot fix them
#: without shadowing Wagtail.
WAGTAIL_UNTRANSLATED = {"URL"}


def catalogue(directory, language):
    """The compiled catalogue (``.mo``) of ``directory`` for ``language``:
    ``{msgid: msgstr}``, with ``context\\x04msgid`` keys for contexts."""
    path = directory / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def wagtail_catalogues(language):
    """Wagtail's catalogues for ``language``: one per Wagtail app."""
    return [
        catalogue(mo.parents[2], language)
        for mo in WAGTAIL_DIR.glob(f"**/locale/{language}/LC_MESSAGES/django.mo")
    ]


def plugin_ui_strings(language):
    """The plugin's plain msgids that are translated to something else in
    ``language``: text nodes equal to one of them are untranslated UI."""
    return {
        msgid
        for msgid, msgstr in catalogue(LOCALE_DIR, language).items()
        if isinstance(msgid, str)
        and msgid
        and "\x04" not in msgid
        and "%" not in msgid
        and msgstr != msgid
        and re.search("[A-Za-z]{2}", msgid)
    }


class VisibleText(HTMLParser):
    """Text nodes and read attributes of a page, outside scripts and styles,
    each stripped and with its white space collapsed."""

    def __init__(self):
        super().__init__()
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        self.texts += [value for name, value in attrs if name in READ_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden = max(self._hidden - 1, 0)

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return {" ".join(t.split()) for t in parser.texts if t and t.strip()}


@pytest.fixture
def admin_site(home_page):
    """A superuser, a pending statement (with contact details) and a
    published one, an article index and an article. The wall is titled in
    Chinese so that its title is not taken for an untranslated string."""
    index_page = home_page.add_child(
        instance=StatementIndexPage(title="声明墙", slug="statements")
    )
    statement, _code = make_statement(
        index_page=index_page, name="甲", contact="tel:123", text="我退出。"
    )
    make_statement(index_page=index_page, name="乙", status="published")
    news = make_index(home_page)
    article = make_article(news, title="文章")
    return {
        "user": SuperuserFactory(),
        "statement": statement,
        "index_page": index_page,
        "article": article,
    }


def admin_screens(site):
    """Every admin screen the plugin adds, by name."""
    statement, page = site["statement"], site["index_page"]
    snippet = "wagtailsnippets_wagtail_tuidang_{}:{}".format
    screens = {
        "queue": QUEUE_URL,
        "queue search": QUEUE_URL + "?q=甲",
        "inspect": inspect_url(statement),
        "correction": f"{QUEUE_URL}edit/{statement.pk}/",
        "history": f"{QUEUE_URL}history/{statement.pk}/",
        "contact": f"{QUEUE_URL}contact/{statement.pk}/",
        "volunteer console": reverse("wagtail_tuidang_volunteers:console"),
        "my submissions": reverse("wagtail_tuidang_volunteers:mine"),
        "volunteer sheet": reverse("wagtail_tuidang_volunteers:sheet"),
        "import": reverse("wagtail_tuidang_transfer:import"),
        "export": reverse("wagtail_tuidang_transfer:export"),
        "share settings": reverse(
            "wagtailsettings:edit", args=["wagtail_tuidang", "sharesettings"]
        ),
        "authors": reverse(snippet("author", "list")),
        "new author": reverse(snippet("author", "add")),
        "categories": reverse(snippet("articlecategory", "list")),
        "new category": reverse(snippet("articlecategory", "add")),
        "site history": reverse("wagtailadmin_reports:site_history"),
        "statement wall editor": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "article editor": reverse("wagtailadmin_pages:edit", args=[site["article"].pk]),
        "dashboard": reverse("wagtailadmin_home"),
    }
    for action in BULK_ACTIONS:
        screens[f"bulk {action.action_type}"] = bulk_url(
            action.action_type, [statement]
        )
    return screens


def as_admin(client, user, language):
    """``client`` logged in as ``user`` whose admin language is ``language``."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_every_admin_screen_speaks_the_admin_language(client, admin_site, language):
    """Each screen renders, says it is in ``language``, and, in Chinese,
    shows no English string the plugin's catalogue translates."""
    client = as_admin(client, admin_site["user"], language)
    english = (
        plugin_ui_strings(CHINESE[language]) - WAGTAIL_UNTRANSLATED
        if language in CHINESE
        else set()
    )
    untranslated = {}
    for name, url in admin_screens(admin_site).items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, name
        assert f'lang="{language}"' in response.text, name
        if texts := VisibleText.of(response.text) & english:
            untranslated[name] = sorted(texts)
    assert untranslated == {}


def test_the_check_finds_an_untranslated_string():
    """The test above would notice a label the catalogue does not cover."""
    html = '<button title="Export statements">Publish these statements?</button>'
    found = VisibleText.of(html) & plugin_ui_strings("zh_Hans")
    assert found == {"Export statements", "Publish these statements?"}


@pytest.mark.parametrize("language", CHINESE.values())
def test_no_plain_msgid_of_the_plugin_changes_a_wagtail_translation(language):
    """Where the plugin's catalogue and Wagtail's share a msgid without
    context, they must agree: the plugin's, loaded first, wins everywhere."""
    plugin = catalogue(LOCALE_DIR, language)
    wagtails = wagtail_catalogues(language)
    disagreements = {}
    for msgid, msgstr in plugin.items():
        if not msgid or not isinstance(msgid, str):
            continue
        theirs = {c[msgid] for c in wagtails if msgid in c}
        if theirs and msgstr not in theirs:
            disagreements[msgid] = (msgstr, sorted(theirs))
    assert disagreements == {}


@pytest.mark.parametrize(
    ("language", "pages", "pagination"),
    [("zh-hans", "页面", "分页"), ("zh-hant", "頁面", "分頁")],
)
def test_the_pages_menu_is_wagtails_pages_not_pagination(
    client, admin_site, language, pages, pagination
):
    client = as_admin(client, admin_site["user"], language)
    html = client.get(reverse("wagtailadmin_home")).text
    props = re.search(
        r'<script [^>]*id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S
    ).group(1)
    sidebar = json.dumps(json.loads(props), ensure_ascii=False)
    assert f'"{pages}"' in sidebar
    assert pagination not in sidebar
