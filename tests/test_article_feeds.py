"""RSS 2.0 and Atom feeds of an article index, with the index's filters."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_index, make_private
from wagtail_tuidang.articles.cache import bump_generation
from wagtail_tuidang.models import ArticleCategory, Author

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture
def news(home_page):
    return make_index(home_page)


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    # Our own output, parsed to prove it is well-formed.
    return ET.fromstring(response.content).find("channel")  # noqa: S314


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314


def item_titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


def test_rss_lists_live_public_articles_newest_first(news, client):
    author = Author.objects.create(name="李明")
    reports = ArticleCategory.objects.create(name="Reports")
    make_article(news, "Older", days_ago=3)
    article = make_article(
        news,
        "新闻 & “quotes”",
        summary="A <summary> with 中文",
        authors=[author],
        tags=["三退"],
        categories=[reports],
    )
    make_article(news, "Draft", publish=False)
    make_private(make_article(news, "Private"))
    channel = rss(client, "/news/feed/")
    assert channel.findtext("title") == "News"
    # Escaped once more: readers read an RSS title as HTML when it looks so.
    assert item_titles(channel) == ["新闻 &amp; “quotes”", "Older"]
    item = channel.find("item")
    assert item.findtext("link") == "http://localhost" + article.url
    assert item.findtext("guid") == item.findtext("link")
    # Escaped once more: readers read an RSS description as HTML.
    assert item.findtext("description") == "A &lt;summary&gt; with 中文"
    assert item.findtext(f"{DC}creator") == "李明"
    assert sorted(c.text for c in item.findall("category")) == ["Reports", "三退"]
    assert item.findtext("pubDate").endswith("+0000")


def test_atom_carries_the_same_articles(news, client):
    author = Author.objects.create(name="Jane Doe")
    make_article(news, "First", authors=[author], summary="Summary")
    make_article(news, "Second", days_ago=1)
    feed = atom(client, "/news/feed/atom/")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["First", "Second"]
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Jane Doe"
    assert entries[0].findtext(f"{ATOM}summary") == "Summary"
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://localhost/news/feed/atom/"


def test_feeds_take_the_index_filters(news, client):
    reports = ArticleCategory.objects.create(name="Reports")
    make_article(news, "Tagged", tags=["hotline"])
    make_article(news, "In reports", categories=[reports])
    make_article(news, "Neither")
    assert item_titles(rss(client, "/news/feed/?tag=hotline")) == ["Tagged"]
    assert item_titles(rss(client, "/news/feed/?category=reports")) == ["In reports"]
    feed = atom(client, "/news/feed/atom/?tag=hotline")
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "Tagged"
    ]
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://localhost/news/feed/atom/?tag=hotline"


@pytest.mark.parametrize("query", ["?tag=nope", "?category=nope", "?tag=%00"])
def test_a_bad_filter_is_a_404(news, client, query):
    assert client.get("/news/feed/" + query).status_code == 404
    assert client.get("/news/feed/atom/" + query).status_code == 404


def test_text_xml_cannot_carry_is_dropped(news, client):
    # (PostgreSQL refuses NUL itself; the other control characters get in.)
    make_article(news, "Bell\x07 and form feed\x0c", summary="Escape\x1b key")
    channel = rss(client, "/news/feed/")  # parses: the feed stays valid XML
    assert item_titles(channel) == ["Bell and form feed"]
    assert channel.find("item").findtext("description") == "Escape key"


def test_a_feed_holds_the_latest_twenty(news, client):
    for day in range(23):
        make_article(news, f"Day {day}", days_ago=day)
    assert item_titles(rss(client, "/news/feed/")) == [f"Day {d}" for d in range(20)]


def test_a_feed_costs_the_same_whatever_its_length(news, client):
    author = Author.objects.create(name="A")
    reports = ArticleCategory.objects.create(name="Reports")

    def add(count, start):
        for day in range(start, start + count):
            make_article(
                news,
                f"Day {day}",
                days_ago=day,
                authors=[author],
                tags=[f"t{day}", "all"],
                categories=[reports],
            )

    def queries(fresh=True):
        if fresh:  # rendered, not read from the cache
            bump_generation()
        with CaptureQueriesContext(connection) as captured:
            client.get("/news/feed/?tag=all")
        return len(captured)

    add(2, 0)
    queries()  # fills the site's cached root paths, as any first request does
    few = queries()
    add(18, 2)
    assert queries() == few <= 10
    # Then cached whole: Wagtail's routing and the tag.
    assert queries(fresh=False) < few
