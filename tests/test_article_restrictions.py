"""Private articles stay private while the private paths are cached: never
listed (index, related lists, feeds), never served without a login, whatever
was cached before a restriction was added, a page moved or an alias made."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import make_article, make_index, make_private
from tests.helpers import titles
from wagtail_tuidang.articles.related import related_pages
from wagtail_tuidang.articles.restrictions import restricted_paths
from wagtail_tuidang.pages.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_page):
    return make_index(home_page)


def listed(client, news, page):
    """Where ``page`` (an article) is listed: the index, the related lists
    of ``page``'s neighbours, the RSS feed."""
    places = set()
    if page.title in titles(client.get(news.url).text):
        places.add("index")
    feed = ET.fromstring(client.get(news.url + "feed/").content)  # noqa: S314
    if page.title in [item.findtext("title") for item in feed.iter("item")]:
        places.add("feed")
    for neighbour in ArticlePage.objects.live().exclude(pk=page.pk):
        if page.title in titles(client.get(neighbour.url).text):
            places.add("related")
    return places


def asks_for_login(client, url):
    response = client.get(url)
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_private_paths_are_read_once_then_cached(news):
    article = make_article(news, "Private")
    assert restricted_paths() == ()
    make_private(article)
    assert restricted_paths() == (article.path,)
    with CaptureQueriesContext(connection) as captured:
        assert restricted_paths() == (article.path,)
    assert len(captured) == 0


def test_a_restriction_added_after_everything_was_cached_hides_the_article(
    news, client
):
    article = make_article(news, "Soon private", tags=["a"])
    make_article(news, "Neighbour", tags=["a"])
    assert listed(client, news, article) == {"index", "feed", "related"}
    restriction = make_private(article)
    assert listed(client, news, article) == set()
    assert asks_for_login(client, article.url)
    restriction.delete()
    assert listed(client, news, article) == {"index", "feed", "related"}
    assert client.get(article.url).status_code == 200


def test_a_restriction_on_the_index_hides_its_articles_from_other_lists(
    news, home_page, client
):
    members = make_index(home_page, "Members", "members")
    inside = make_article(members, "Members only", tags=["a"])
    outside = make_article(news, "Public", tags=["a"])
    assert titles(client.get(outside.url).text) == ["Members only"]
    make_private(members)
    assert titles(client.get(outside.url).text) == []
    assert asks_for_login(client, inside.url)
    assert asks_for_login(client, members.url)


def test_a_private_article_moved_elsewhere_stays_private(news, home_page, client):
    article = make_article(news, "Private", tags=["a"])
    make_private(article)
    elsewhere = make_index(home_page, "Elsewhere", "elsewhere")
    neighbour = make_article(elsewhere, "Neighbour", tags=["a"])
    client.get(elsewhere.url)  # the private paths are cached
    article.move(elsewhere, "last-child")
    article.refresh_from_db()
    assert asks_for_login(client, article.url)
    assert titles(client.get(elsewhere.url).text) == ["Neighbour"]
    assert titles(client.get(neighbour.url).text) == []


def test_an_article_moved_below_a_private_index_leaves_every_list(
    news, home_page, client
):
    members = make_index(home_page, "Members", "members")
    make_private(members)
    article = make_article(news, "Moved", tags=["a"])
    neighbour = make_article(news, "Neighbour", tags=["a"])
    assert titles(client.get(neighbour.url).text) == ["Moved"]
    article.move(members, "last-child")
    article.refresh_from_db()
    assert titles(client.get(neighbour.url).text) == []
    assert asks_for_login(client, article.url)


def test_an_alias_made_of_a_private_index_is_private_at_once(news, home_page, client):
    members = make_index(home_page, "Members", "members")
    make_article(members, "Members only", tags=["a"])
    make_private(members)
    page = make_article(news, "Page", tags=["a"])
    assert related_pages(page) == []  # the private paths are cached
    mirror = members.create_alias(
        parent=home_page, update_slug="mirror", recursive=True
    )
    alias = ArticlePage.objects.child_of(mirror).get()
    assert restricted_paths() == tuple(sorted([members.path, mirror.path]))
    assert asks_for_login(client, alias.url)
    assert asks_for_login(client, mirror.url)


def test_the_private_paths_follow_every_kind_of_restriction(news):
    password = make_article(news, "Password")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert restricted_paths() == (password.path,)
    PageViewRestriction.objects.filter(page=password).delete()
    assert restricted_paths() == ()
