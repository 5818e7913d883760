"""The language switcher on the localised demo (each language at its own
URL, /zh-hans/…, /zh-hant/…, /en/…): links to the translations, the route
kept, never a cookie; one total on every translation of the wall."""

import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from tests.test_language_switcher import switcher_links
from tests.test_privacy import crawl
from wagtail_tuidang.pages.models import StatementIndexPage, StatementPage

LOCALISED = override_settings(
    WAGTAIL_I18N_ENABLED=True, ROOT_URLCONF="tests.i18n_urls", LANGUAGE_CODE="zh-hans"
)
TOTAL = re.compile(r"455,?\d{3},?\d{3}")


@pytest.fixture(scope="module")
def localised_demo(module_transaction, django_db_blocker):
    """The demo as the example site builds it: zh-Hans originals with zh-Hant
    and English translations."""
    LOCALISED.enable()
    try:
        with django_db_blocker.unblock():
            # The test database's only locale is that of tests.settings.
            Locale.objects.update(language_code="zh-hans")
            call_command("tuidang_demo", stdout=StringIO())
        yield
    finally:
        LOCALISED.disable()


@pytest.fixture
def localised(localised_demo, db):
    with override_settings(
        WAGTAIL_I18N_ENABLED=True,
        ROOT_URLCONF="tests.i18n_urls",
        LANGUAGE_CODE="zh-hans",
    ):
        yield


def test_links_go_to_the_translations_and_keep_the_route(client, localised):
    response = client.get("/en/statements/submit/")
    assert response.status_code == 200
    links = switcher_links(response)
    assert {code: href for code, (href, _a, _n) in links.items()} == {
        "zh-hans": "/zh-hans/statements/submit/",
        "zh-hant": "/zh-hant/statements/submit/",
        "en": "/en/statements/submit/",
    }
    assert 'aria-current="true"' in links["en"][1]
    assert 'rel="nofollow"' not in links["zh-hant"][1]
    body = response.content.decode()
    assert '<link rel="alternate" hreflang="zh-hant"' in body


def test_following_a_link_reads_the_page_in_that_language(client, localised):
    english = client.get("/en/statements/")
    traditional = client.get(switcher_links(english)["zh-hant"][0])
    assert traditional.status_code == 200
    body = traditional.content.decode()
    assert '<html lang="zh-hant"' in body
    assert "跳到主要內容" in body
    assert "退黨聲明" in body  # the translated title


def test_a_translated_page_links_its_translations(client, localised):
    featured = StatementPage.objects.live().filter(locale__language_code="zh-hans")
    response = client.get(featured.first().url)
    assert response.status_code == 200
    links = switcher_links(response)
    assert links["en"][0] == "/en/story-of-a-teacher/"
    assert links["zh-hant"][0] == "/zh-hant/story-of-a-teacher/"


def test_an_untranslated_page_links_the_nearest_translated_ancestor(client, localised):
    home = Page.objects.get(depth=2, locale__language_code="zh-hans")
    page = home.add_child(instance=StatementPage(title="只有简体", slug="only-here"))
    response = client.get(page.url)
    assert response.status_code == 200
    links = switcher_links(response)
    assert links["en"][0] == "/en/"
    assert links["zh-hant"][0] == "/zh-hant/"


def test_no_translated_page_sets_a_language_cookie(client, localised):
    for url in (
        "/zh-hans/",
        "/zh-hant/statements/",
        "/en/news/",
        "/en/statements/stats/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not set(response.cookies) - {"csrftoken"}, url
    # The language is in the URL: a ?language= link has nothing to switch.
    response = client.get("/en/statements/?language=zh-hant")
    assert response.status_code == 200
    assert not response.cookies


def test_one_total_on_every_translation_of_the_wall(client, localised):
    assert StatementIndexPage.objects.count() == 3
    totals = set()
    for code in ("zh-hans", "zh-hant", "en"):
        body = client.get(f"/{code}/statements/").content.decode()
        totals.add(TOTAL.search(body).group(0).replace(",", ""))
    assert len(totals) == 1, totals
    assert totals != {"455000000"}  # the baseline plus the demo's statements


def test_a_statement_is_found_by_either_script_in_every_language(client, localised):
    for code in ("zh-hans", "zh-hant", "en"):
        for words in ("退党", "退黨"):
            body = client.get(f"/{code}/statements/", {"q": words}).content.decode()
            assert "父母退党" in body, (code, words)


def test_a_missing_page_points_to_the_wall_in_its_language(client, localised):
    with override_settings(DEBUG=False):
        response = client.get("/zh-hant/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="zh-hant"' in body
    assert 'href="/zh-hant/statements/"' in body


def test_every_translated_page_is_reachable_and_sets_no_language_cookie(
    client, localised
):
    responses = crawl(client, ["/", "/zh-hans/", "/zh-hans/news/"])
    reached = {url.split("?")[0] for url in responses}
    for code in ("zh-hans", "zh-hant", "en"):
        wanted = {f"/{code}/", f"/{code}/statements/submit/", f"/{code}/news/"}
        assert wanted <= reached, code
    for url, response in responses.items():
        assert response.status_code < 500, url
        assert set(response.cookies) <= {"csrftoken"}, url


def test_the_switcher_follows_a_translation_published_or_unpublished(client, localised):
    home = Page.objects.get(depth=2, locale__language_code="zh-hans")
    page = home.add_child(instance=StatementPage(title="后来翻译", slug="later"))
    page.save_revision().publish()
    assert switcher_links(client.get(page.url))["en"][0] == "/en/"  # cached now

    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    assert switcher_links(client.get(page.url))["en"][0] == "/en/later/"

    english.refresh_from_db()
    english.unpublish()
    assert switcher_links(client.get(page.url))["en"][0] == "/en/"


def test_the_switcher_asks_the_database_once_while_nothing_changes(client, localised):
    def translations_read(queries):
        return [q for q in queries if '"translation_key" IN' in q["sql"]]

    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get("/en/statements/submit/")
    with CaptureQueriesContext(connection) as again:
        response = client.get("/en/statements/submit/?x=2")
    assert switcher_links(response)["zh-hant"][0] == "/zh-hant/statements/submit/?x=2"
    assert translations_read(first.captured_queries)
    assert not translations_read(again.captured_queries)
