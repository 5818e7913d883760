"""The localised demo reads in one language per page: every public route of
the zh-Hans, zh-Hant and English trees says its language in ``<html lang>``
and shows no interface string of the other two languages (no English on the
Chinese pages, no Simplified on the Traditional ones and the reverse), and
``tuidang_demo`` run again adds nothing.

An interface string is any message of the plugin's and the example site's
catalogues, as translated for each language. What people wrote is left out:
statements and their names are shown as written (mostly in Simplified
Chinese, on every tree), and an element marked with a ``lang`` of its own
(the language switcher's "简体中文 · 繁體中文 · English") is in the language it
says.
"""

import gettext
import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

import wagtail_tuidang
from tests.test_demo import row_counts
from tests.test_language_switcher_i18n import (  # noqa: F401 (fixtures)
    localised,
    localised_demo,
)
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import ArticleIndexPage, StatementIndexPage
from wagtail_tuidang.statements.text import to_simplified, to_traditional

# The localised demo, built once for the module (tests/test_language_switcher_i18n.py).
pytestmark = pytest.mark.usefixtures("localised")

LANGUAGES = ("zh-hans", "zh-hant", "en")
CATALOGUES = (
    Path(wagtail_tuidang.__file__).parent / "locale",
    Path(apps.get_app_config("home").path).parent / "locale",
)
#: Elements whose words are a person's, shown as written in any language;
#: and the plugin's standalone header's site name (``Site.site_name`` or the
#: default site's home page title, one language for every tree), which the
#: example site's own masthead replaces.
NOT_INTERFACE = {"td-statement__name", "td-statement__text", "td-brand"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]*>")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def messages(code):
    """msgid → translation in the catalogues of ``code`` (plural forms under
    ``(msgid, n)``)."""
    folder = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant", "en": "en"}[code]
    found = {}
    for root in CATALOGUES:
        mo = root / folder / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as file:
                found.update(gettext.GNUTranslations(file)._catalog)
    found.pop("", None)
    return found


def fragments(text):
    """The literal parts of a message, without its placeholders and tags."""
    for part in PLACEHOLDER.split(text):
        part = part.strip(" \t\n:：,，.。·…()（）!！?？\"“”'")
        if part:
            yield part


@pytest.fixture(scope="module")
def interface_strings():
    """Per language, every fragment of its interface strings."""
    catalogues = {code: messages(code) for code in LANGUAGES}
    keys = set().union(*catalogues.values())
    strings = {code: set() for code in LANGUAGES}
    for key in keys:
        msgid = key[0] if isinstance(key, tuple) else key.split("\x04")[-1]
        for code in LANGUAGES:
            strings[code].update(fragments(catalogues[code].get(key) or msgid))
    return strings


def foreign_strings(strings, code):
    """The other languages' interface strings that would give them away on
    a page in ``code``: not one of its own, and distinctive (a Chinese
    string with a character of the other script, or any Chinese on an
    English page; an English word of four letters or more)."""
    own = strings[code]
    foreign = set()
    for other in LANGUAGES:
        if other == code:
            continue
        for text in strings[other] - own:
            if any(text in mine for mine in own):
                continue
            if CJK.search(text):
                if code == "en" and len(CJK.findall(text)) >= 2:
                    foreign.add(text)
                elif code == "zh-hans" and to_simplified(text) != text:
                    foreign.add(text)
                elif code == "zh-hant" and to_traditional(text) != text:
                    foreign.add(text)
            elif code != "en" and LATIN_WORD.search(text):
                foreign.add(text)
    return foreign


class PageText(HTMLParser):
    """The words a reader meets on a page, in the page's language: text,
    ``alt``, ``title``, ``aria-label`` and ``placeholder``; not scripts,
    styles, people's own words or elements marked in another language."""

    SKIPPED = {"script", "style", "code", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "source", "track", "wbr"}  # fmt: skip

    def __init__(self, lang):
        super().__init__(convert_charrefs=True)
        self.lang, self.stack, self.words = lang, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = bool(self.stack and self.stack[-1])
        skip = skip or tag in self.SKIPPED
        skip = skip or attrs.get("lang", self.lang) not in (self.lang, "")
        skip = skip or bool(NOT_INTERFACE & set((attrs.get("class") or "").split()))
        if not skip:
            for name in ("alt", "title", "aria-label", "placeholder"):
                if attrs.get(name):
                    self.words.append(attrs[name])
        if tag not in self.VOID and tag != "html":
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in self.VOID and tag != "html" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.words.append(data)


def page_text(content, lang):
    parser = PageText(lang)
    parser.feed(content)
    return " ".join(parser.words)


def found_in(text, strings):
    """The strings of ``strings`` that ``text`` contains (English ones as
    whole words)."""
    found = set()
    for string in strings:
        if CJK.search(string):
            if string in text:
                found.add(string)
        elif re.search(rf"(?<![A-Za-z]){re.escape(string)}(?![A-Za-z])", text):
            found.add(string)
    return found


def public_routes(code):
    """Every public page of the ``code`` tree, the wall's routes, a
    statement's permalink, the news filters and a missing page."""
    pages = Page.objects.live().public().filter(locale__language_code=code)
    urls = [page.url for page in pages.specific() if page.depth > 1]
    wall = StatementIndexPage.objects.get(locale__language_code=code)
    news = ArticleIndexPage.objects.get(locale__language_code=code)
    statement = Statement.objects.for_page(wall).published().newest_first().first()
    article = news.get_children().live().specific().first()
    urls += [
        wall.url + route
        for route in ("stats/", "submit/", "receipt/", "days/", "?page=2",
                      f"s/{statement.public_id}/",
                      f"?day={timezone.localdate(statement.published_at)}")
    ]  # fmt: skip
    urls += [
        f"{news.url}?tag={article.tags.first().slug}",
        f"{news.url}?category={article.categories.first().slug}",
        f"/{code}/no-such-page/",
    ]
    return urls


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_public_route_speaks_its_trees_language_only(
    client, interface_strings, code
):
    foreign = foreign_strings(interface_strings, code)
    assert len(foreign) > 50  # the catalogues were read
    problems = {}
    for url in public_routes(code):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        content = response.content.decode()
        assert f'<html lang="{code}"' in content, url
        leaked = found_in(page_text(content, code), foreign)
        if leaked:
            problems[url] = sorted(leaked)
    assert problems == {}, problems


def test_each_tree_has_its_own_words(client):
    """Titles, tags and the picture's description are the tree's own: the
    English article says nothing in Chinese outside people's words, and a
    Chinese title is not followed by an English name."""
    slug = "volunteers-help-callers-quit-the-party"
    english = client.get(f"/en/news/{slug}/").content.decode()
    assert "<title>“I want my name off their list”" in english
    assert not CJK.search(page_text(english, "en"))
    simplified = client.get(f"/zh-hans/news/{slug}/").content.decode()
    assert re.search(r"<title>[^<]*退党</title>", simplified)
    assert 'alt="晚上九点的法拉盛街头' in simplified
    traditional = client.get(f"/zh-hant/news/{slug}/").content.decode()
    assert "三退" in traditional and "志願者" in traditional
    assert "志愿者" not in page_text(traditional, "zh-hant")


def test_running_the_demo_again_adds_nothing():
    before = row_counts()
    with override_settings(WAGTAIL_I18N_ENABLED=True, LANGUAGE_CODE="zh-hans"):
        with CaptureQueriesContext(connection) as queries:
            call_command("tuidang_demo", stdout=StringIO())
    assert row_counts() == before
    assert len(queries) < 120  # looks, never one per statement or article
