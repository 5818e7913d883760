"""The language switcher on a one-URL site (the language from
``Accept-Language`` or Django's language cookie): plain links, no
JavaScript, the cookie only once a reader clicks."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    StatementIndexPage,
    StatementPage,
)
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

SWITCHER = re.compile(r'<nav class="td-languages".*?</nav>', re.S)
LINK = re.compile(
    r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+"([^>]*)>([^<]+)</a>'
)


def switcher_links(response):
    """{language code: (href, attributes, name)} of the page's switcher."""
    navs = SWITCHER.findall(response.content.decode())
    assert len(navs) == 1, "the page has no switcher, or two"
    return {
        code: (href.replace("&amp;", "&"), attrs, name)
        for href, code, attrs, name in LINK.findall(navs[0])
    }


def public_urls():
    wall = StatementIndexPage.objects.get()
    statement = Statement.objects.filter(status=Status.PUBLISHED).first()
    return [
        wall.url,
        wall.url + "?q=退党",
        wall.url + "submit/",
        wall.url + "receipt/",
        wall.url + "stats/",
        wall.url + f"s/{statement.public_id}/",
        StatementPage.objects.live().first().url,
        ArticleIndexPage.objects.get().url,
        ArticlePage.objects.live().first().url,
    ]


def test_every_public_page_has_the_switcher_and_sets_no_cookie(client, demo_site):
    for url in public_urls():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        links = switcher_links(response)
        assert {code: name for code, (_h, _a, name) in links.items()} == {
            "zh-hans": "简体中文",
            "zh-hant": "繁體中文",
            "en": "English",
        }, url
        assert 'aria-current="true"' in links["en"][1], url
        assert "aria-current" not in links["zh-hant"][1], url
        # No cookie but the CSRF one of a page carrying a form.
        if "csrfmiddlewaretoken" not in response.content.decode():
            assert not response.cookies, f"{url} sets {list(response.cookies)}"
        assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}, url


def test_plugin_pages_vary_on_the_language_cookie(client, rf, demo_site):
    wall = StatementIndexPage.objects.get()
    response = client.get(wall.url)
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary
    # Said by the page itself, not left to middleware that reads the session.
    article = ArticlePage.objects.live().first().specific
    served = article.serve(rf.get(article.url))
    assert {"Cookie", "Accept-Language"} <= {
        part.strip() for part in served["Vary"].split(",")
    }


def test_a_link_switches_to_traditional_without_javascript(client, demo_site):
    wall = StatementIndexPage.objects.get()
    english = client.get(wall.url + "stats/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en"' in english.content.decode()
    href = switcher_links(english)["zh-hant"][0]

    switched = client.get(href, HTTP_ACCEPT_LANGUAGE="en")

    assert switched.status_code == 302
    assert switched["Location"] == wall.url + "stats/"
    assert list(switched.cookies) == [settings.LANGUAGE_COOKIE_NAME]
    cookie = switched.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "zh-hant"
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == settings.LANGUAGE_COOKIE_PATH
    assert "private" in switched["Cache-Control"]
    assert "no-store" in switched["Cache-Control"]
    page = client.get(switched["Location"], HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert '<html lang="zh-hant"' in body
    assert "跳到主要內容" in body  # "Skip to content"
    assert 'aria-current="true"' in switcher_links(page)["zh-hant"][1]


def test_the_switch_keeps_the_search_and_drops_only_its_parameter(client, demo_site):
    wall = StatementIndexPage.objects.get()
    href = switcher_links(client.get(wall.url + "?q=退党"))["zh-hans"][0]
    switched = client.get(href)
    location = urlsplit(switched["Location"])
    assert location.path == wall.url
    assert "language=" not in location.query
    assert "q=" in location.query


def test_the_switch_never_leaves_the_site(client, demo_site):
    wall = StatementIndexPage.objects.get()
    for url in (
        wall.url + "?language=en&next=https://evil.example/",
        wall.url + "stats/?language=en&next=//evil.example/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert not location.netloc and location.path.startswith(wall.url), url


def test_an_unknown_language_sets_no_cookie(client, demo_site):
    wall = StatementIndexPage.objects.get()
    response = client.get(wall.url + "?language=xx-evil")
    assert response.status_code == 302
    assert response["Location"] == wall.url
    assert not response.cookies
