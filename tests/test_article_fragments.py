"""Cached fragments of article pages, indexes and feeds: the same markup as
rendered afresh, in every language; fresh at once after any change they
show; never for a private page, a preview or a failing cache."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail_factories import ImageFactory

from tests.caches import FORGIVING, RAISING
from tests.factories import (
    SuperuserFactory,
    body,
    make_article,
    make_index,
    make_private,
)
from tests.helpers import titles
from wagtail_tuidang.articles import fragments
from wagtail_tuidang.articles.models import ArticleCategory, Author
from wagtail_tuidang.pages.models import ArticlePage
from wagtail_tuidang.sharing.models import ShareSettings

pytestmark = pytest.mark.django_db

UNCACHED = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def news(home_page):
    return make_index(home_page)


@pytest.fixture
def site(news):
    """An article with everything an article shows, a neighbour sharing its
    tag and category, and one it recommends."""
    category = ArticleCategory.objects.create(name="Reports")
    author = Author.objects.create(name="Li Ming", bio="Writes.", photo=ImageFactory())
    neighbour = make_article(
        news, "Neighbour", tags=["rights"], categories=[category], summary="Next door"
    )
    picked = make_article(news, "Picked", days_ago=3)
    article = make_article(
        news,
        "Report",
        tags=["rights"],
        categories=[category],
        authors=[author],
        picks=[picked],
        summary="What happened",
        source_name="Weekly",
        source_url="https://example.com/report",
        hero_image=ImageFactory(title="Hero"),
        body=body(
            ("paragraph", "<p>Text</p>"),
            ("heading", {"text": "Part two", "level": "h2"}),
            ("image", {"image": ImageFactory().pk, "caption": "", "credit": ""}),
            ("quote", {"quote": "Quoted", "attribution": "Someone"}),
            ("embed", {"url": "https://youtu.be/dQw4w9WgXcQ", "title": ""}),
            ("embed", {"url": "https://youtu.be/aaaaaaaaaaa", "title": ""}),
        ),
    )
    return {
        "article": article,
        "neighbour": neighbour,
        "picked": picked,
        "author": author,
        "category": category,
    }


def html_of(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def stores(monkeypatch):
    """The fragment names stored from now on, in order."""
    stored = []
    original = fragments.Fragments.store

    def spy(self, name, value):
        stored.append(name.split(":")[0])
        original(self, name, value)

    monkeypatch.setattr(fragments.Fragments, "store", spy)
    return stored


# The same markup -------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_cached_pages_are_the_pages_rendered_afresh(client, site, news, language):
    article = site["article"]
    urls = [article.url, news.url, news.url + "feed/", news.url + "feed/atom/"]
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    with override_settings(CACHES=UNCACHED):
        afresh = [html_of(client, url, **headers) for url in urls]
    first = [html_of(client, url, **headers) for url in urls]  # stores
    cached = [html_of(client, url, **headers) for url in urls]  # reads
    assert first == afresh
    assert cached == afresh


def test_a_cached_article_renders_nothing_of_what_it_cached(client, site, monkeypatch):
    url = site["article"].url
    stored = stores(monkeypatch)
    client.get(url)
    assert sorted(stored) == [
        "authors",
        "call-to-action",
        "header",
        "main",
        "meta",
        "related",
        "share",
    ]
    stored.clear()
    html = html_of(client, url)
    assert stored == []
    # The body's two embeds link their script once, from the cache too.
    assert html.count("js/embed.js") == 1
    assert html.count('class="td-share"') == 2


def test_fragments_are_cached_per_language(client, site):
    url = site["article"].url
    english = html_of(client, url, HTTP_ACCEPT_LANGUAGE="en")
    chinese = html_of(client, url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "minute read" in english and "minute read" not in chinese
    assert html_of(client, url, HTTP_ACCEPT_LANGUAGE="en") == english


def test_a_cached_article_costs_a_query_less(client, site):
    url = site["article"].url
    client.get(url)
    with override_settings(CACHES=UNCACHED):
        with CaptureQueriesContext(connection) as afresh:
            client.get(url)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    # Not even the body's images are read once its markup is cached.
    assert len(cached) < len(afresh)


# Fresh at once ---------------------------------------------------------------


def cache_everything(client, site, news):
    for url in (site["article"].url, site["neighbour"].url, news.url):
        client.get(url)
        client.get(url)
    client.get(news.url + "feed/")


def test_a_republished_article_shows_its_new_words(
    client, site, news, django_capture_on_commit_callbacks
):
    cache_everything(client, site, news)
    article = ArticlePage.objects.get(pk=site["article"].pk)
    article.title = "Report, updated"
    article.body = body(("paragraph", "<p>New text</p>"))
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    html = html_of(client, article.url)
    assert ">Report, updated<" in html and "New text" in html
    assert "Report, updated" in titles(html_of(client, site["neighbour"].url))
    assert "Report, updated" in titles(html_of(client, news.url))
    assert "Report, updated" in html_of(client, news.url + "feed/")


def test_a_related_article_republished_shows_on_the_article(
    client, site, news, django_capture_on_commit_callbacks
):
    cache_everything(client, site, news)
    neighbour = ArticlePage.objects.get(pk=site["neighbour"].pk)
    neighbour.title = "Neighbour, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        neighbour.save_revision().publish()
    assert "Neighbour, renamed" in titles(html_of(client, site["article"].url))


def test_an_unpublished_article_leaves_the_cached_lists(client, site, news):
    cache_everything(client, site, news)
    site["neighbour"].unpublish()
    assert "Neighbour" not in titles(html_of(client, site["article"].url))
    assert "Neighbour" not in titles(html_of(client, news.url))
    assert ">Neighbour<" not in html_of(client, news.url + "feed/")


def test_a_renamed_author_tag_and_category_show_at_once(client, site, news):
    cache_everything(client, site, news)
    author = site["author"]
    author.name = "Li Hua"
    author.save()
    category = site["category"]
    category.name = "Dispatches"
    category.save()
    tag = site["article"].tags.get(name="rights")
    tag.name = "freedoms"
    tag.save()
    html = html_of(client, site["article"].url)
    assert "Li Hua" in html and "Li Ming" not in html
    assert ">Dispatches<" in html and ">freedoms<" in html
    index = html_of(client, news.url)
    assert "Li Hua" in index and "Li Ming" not in index


def test_an_edited_image_shows_at_once(client, site, news):
    cache_everything(client, site, news)
    image = get_image_model().objects.get(pk=site["article"].hero_image_id)
    image.title = "Hero, renamed"
    image.save()
    html = html_of(client, site["article"].url)
    assert 'alt="Hero, renamed"' in html


def test_new_share_settings_show_in_the_link_preview_at_once(client, site, news):
    cache_everything(client, site, news)
    settings = ShareSettings.for_site(Site.objects.get(is_default_site=True))
    settings.x_handle = "tuidang_news"
    settings.save()
    assert '"@tuidang_news"' in html_of(client, site["article"].url)
    assert '"@tuidang_news"' in html_of(client, news.url)


def test_a_renamed_site_shows_in_the_link_preview_at_once(client, site, news):
    cache_everything(client, site, news)
    Site.objects.update(site_name="Renamed")  # no signal: then saved
    site_row = Site.objects.get(is_default_site=True)
    site_row.save()
    assert 'content="Renamed"' in html_of(client, site["article"].url)


def test_a_new_article_is_listed_at_once(
    client, site, news, django_capture_on_commit_callbacks
):
    cache_everything(client, site, news)
    draft = make_article(news, "Fresh news", publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert "Fresh news" in titles(html_of(client, news.url))
    assert "Fresh news" in html_of(client, news.url + "feed/")


def test_the_link_preview_is_on_the_host_of_each_reader(client, site):
    url = site["article"].url
    with override_settings(
        WAGTAIL_TUIDANG_MIRROR_HOSTS=["mirror.example.org"],
        ALLOWED_HOSTS=["localhost", "testserver", "mirror.example.org"],
    ):
        main = html_of(client, url)
        mirror = html_of(client, url, HTTP_HOST="mirror.example.org")
        assert html_of(client, url) == main
    assert 'property="og:url" content="http://mirror.example.org/' in mirror
    assert 'property="og:url" content="http://mirror.example.org/' not in main


# Never cached ----------------------------------------------------------------


def test_a_private_article_is_never_cached(client, site, monkeypatch):
    article = site["article"]
    make_private(article)
    client.force_login(SuperuserFactory())
    stored = stores(monkeypatch)
    assert html_of(client, article.url)
    assert html_of(client, article.url)
    assert stored == []
    # Nor listed on the public pages that cache theirs.
    client.logout()
    assert "Report" not in titles(html_of(client, site["neighbour"].url))
    assert "Report" not in titles(html_of(client, article.get_parent().url))


def test_a_preview_shows_the_draft_not_the_cached_page(client, site):
    article = site["article"]
    client.get(article.url)
    client.get(article.url)
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = "Draft title"
    draft.save_revision()
    client.force_login(SuperuserFactory())
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert ">Draft title<" in preview.content.decode()
    assert ">Report<" in html_of(client, article.url)


def test_a_body_with_a_block_that_changes_on_its_own_is_rendered_every_time(news):
    article = make_article(
        news,
        "With a form",
        body=body(("paragraph", "<p>Text</p>"), ("statement_counter", {})),
    )
    assert "main" not in article.get_cached_fragments()
    plain = make_article(news, "Plain", body=body(("paragraph", "<p>Text</p>")))
    assert "main" in plain.get_cached_fragments()


def test_pages_render_when_the_cache_fails(client, site, news):
    urls = (site["article"].url, news.url, news.url + "feed/")
    expected = [html_of(client, url) for url in urls]
    # The production backend over a cache server that is down: every read a
    # miss, every write lost.
    with override_settings(CACHES=FORGIVING):
        assert [html_of(client, url) for url in urls] == expected


def test_fragments_survive_a_cache_that_raises(site, rf):
    article = site["article"]
    request = rf.get(article.url)
    index = article.get_parent().specific
    with override_settings(CACHES=RAISING):
        found = fragments.for_page(article, request, ["main"])
        assert found.get("main") is None
        found.store("main", "<p>x</p>")  # lost, not raised
        assert fragments.cached_child(index, article.slug, lambda: article) == article


def test_a_fragment_of_another_version_of_the_template_is_not_shown(client, site):
    url = site["article"].url
    html = html_of(client, url)
    for key in list(cache._cache):  # LocMemCache: rewrite the stored digests
        name = key.split(":", 2)[-1]
        if "articles:fragment" not in name:
            continue
        generations, value = cache.get(name)
        if isinstance(value, tuple) and len(value) == 4:
            cache.set(name, (generations, ("old", value[1], "stale", value[3])))
    assert html_of(client, url) == html


def test_the_cache_holds_json_safe_keys(site, rf):
    request = rf.get(site["article"].url)
    prefix = fragments.prefix(site["article"], request)
    assert len(prefix) < 200 and " " not in prefix
    json.dumps(prefix)
