"""Article pages and their index: what readers see, what it costs, and how
bad input is answered."""

import datetime
import re

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from tests.factories import (
    DAY,
    SuperuserFactory,
    body,
    make_article,
    make_index,
    make_private,
    make_rich_site,
)
from tests.helpers import titles
from wagtail_tuidang.models import ArticleCategory, Author
from wagtail_tuidang.pages.models import (
    ArticlePage,
    ArticlePageAuthor,
    StatementIndexPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_page):
    return make_index(home_page)


# The article page -----------------------------------------------------------


def test_an_article_needs_only_a_title(news, client):
    article = news.add_child(instance=ArticlePage(title="只有标题"))
    response = client.get(article.url)
    assert response.status_code == 200
    assert "<h1" in response.text and "只有标题" in response.text
    assert article.date == datetime.date.today()
    assert article.reading_time == 1


def test_an_editor_publishes_an_article_typing_only_a_title(news, client):
    client.force_login(SuperuserFactory())
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_tuidang_pages", "articlepage", news.pk),
    )
    form = client.get(add_url)
    assert form.status_code == 200
    data = querydict_from_html(form.text, form_id="page-edit-form")
    data["title"] = "只有标题也能发布"
    # What the editor's scripts add: the slug from the title, the body count.
    data["slug"] = "title-only"
    data["body-count"] = "0"
    data["action-publish"] = "action-publish"
    response = client.post(add_url, data)
    assert response.status_code == 302
    article = ArticlePage.objects.get(title="只有标题也能发布")
    assert article.live and article.date == datetime.date.today()
    assert client.get(article.url).status_code == 200


def test_the_article_shows_the_seeds_layout(news, client):
    authors = [
        Author.objects.create(name="李明"),
        Author.objects.create(name="Jane Doe"),
    ]
    other = make_article(news, "Earlier report", tags=["三退"], days_ago=3)
    article = make_article(
        news,
        "Quitting the Party, one name at a time",
        summary="Volunteers in Flushing help callers quit.",
        authors=authors,
        tags=["三退"],
        source_name="The Epoch Times",
        source_url="https://example.org/report",
        source_date=DAY,
        picks=[other],
        body=body(("paragraph", "<p>Body text.</p>")),
    )
    html = client.get(article.url).text
    byline = re.search(r'<p class="td-byline">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", byline).split() == [
        "李明,", "Jane", "Doe", "|", "The", "Epoch", "Times",
    ]  # fmt: skip
    assert html.count('class="td-share"') == 2
    share_bars = [m.start() for m in re.finditer('class="td-share"', html)]
    body_at = html.index("Body text.")
    assert share_bars[0] < body_at < share_bars[1]
    assert 'href="https://example.org/report" rel="noopener noreferrer"' in html
    assert ">Recommended<" in html and ">Earlier report<" in html
    assert 'href="/news/?tag=%E4%B8%89%E9%80%80"' in html


def test_related_and_recommended_are_separate_sections(news, client):
    picked = make_article(news, "Picked by the editor")
    shared = make_article(news, "Shares a tag", tags=["hotline"], days_ago=1)
    article = make_article(news, "Main", tags=["hotline"], picks=[picked])
    html = client.get(article.url).text
    related = html[html.index(">Related<") : html.index(">Recommended<")]
    recommended = html[html.index(">Recommended<") :]
    assert titles(related) == [shared.title]
    assert titles(recommended) == [picked.title]


def test_user_text_is_escaped(news, client):
    article = make_article(
        news,
        "<script>alert(1)</script>",
        summary='"><img src=x onerror=alert(1)>',
        source_name="<b>Outlet</b>",
    )
    html = client.get(article.url).text
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "<b>Outlet</b>" not in html
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in html


def test_a_site_template_overrides_ours(news, client, settings, tmp_path):
    folder = tmp_path / "wagtail_tuidang_pages"
    folder.mkdir()
    (folder / "articlepage.html").write_text("site's own {{ page.title }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    article = make_article(news, "Overridden")
    assert client.get(article.url).text == "site's own Overridden"


def test_metadata_protocol(news):
    authors = [Author.objects.create(name="A"), Author.objects.create(name="B")]
    image = wagtail_factories.ImageFactory()
    article = make_article(
        news, "Meta", summary="Summary", authors=authors, hero_image=image
    )
    assert article.get_meta_type() == "article"
    assert article.get_meta_description() == "Summary"
    article.search_description = "Search description"
    assert article.get_meta_description() == "Search description"
    assert article.get_meta_image() == image
    assert article.get_meta_authors() == ["A", "B"]
    assert article.get_meta_modified() == article.last_published_at


def test_a_back_dated_article_is_published_on_its_own_date(news):
    article = make_article(news, "Republished", days_ago=400)
    published = article.get_meta_published()
    assert published.date() == article.date
    assert published.tzinfo is not None


def test_read_pages_carry_no_token_and_set_no_cookie(news, client):
    article = make_article(news, "Cacheable", tags=["x"])
    for url in (article.url, news.url, news.url + "feed/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.text
        assert not response.cookies
        assert "Set-Cookie" not in response.headers


def test_articles_are_found_by_wagtails_search(news):
    make_article(news, "Hotline", summary="志愿者接听热线电话")
    make_article(news, "Other", summary="Nothing here")
    found = ArticlePage.objects.live().search("Hotline")
    assert [page.title for page in found] == ["Hotline"]


def test_draft_and_private_articles_are_not_served(news, client):
    draft = make_article(news, "Draft", publish=False)
    private = make_article(news, "Private")
    make_private(private)
    assert client.get(f"/news/{draft.slug}/").status_code == 404
    response = client.get(private.url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_private_index_hides_its_articles(news, client):
    article = make_article(news, "Inside")
    make_private(news)
    assert client.get(article.url).status_code == 302


def test_a_child_of_another_type_is_still_routed(news, client):
    # The index routes its articles in one query; any other child (allowed
    # by a site's own index) falls back to Wagtail's routing.
    other = StatementIndexPage(title="Wall below news", slug="wall")
    news.add_child(instance=other)
    assert client.get("/news/wall/").status_code == 200
    assert client.get("/news/missing/").status_code == 404


def test_the_feed_route_wins_over_an_article_slugged_feed(news, client):
    make_article(news, "Feed", slug="feed")
    response = client.get("/news/feed/")
    assert response.headers["Content-Type"].startswith("application/rss+xml")


# The index ------------------------------------------------------------------


def test_the_index_lists_live_public_articles_newest_first(news, client):
    make_article(news, "Old", days_ago=10)
    make_article(news, "New", days_ago=1)
    make_article(news, "Draft", publish=False)
    make_private(make_article(news, "Private", days_ago=2))
    elsewhere = make_index(news.get_parent(), "Elsewhere", "elsewhere")
    make_article(elsewhere, "Other index")
    assert titles(client.get(news.url).text) == ["New", "Old"]


def test_the_index_pages_by_twelve(news, client):
    for day in range(14):
        make_article(news, f"Day {day}", days_ago=day)
    first = client.get(news.url).text
    assert titles(first) == [f"Day {day}" for day in range(12)]
    assert 'href="/news/?page=2" rel="next"' in first
    second = client.get(news.url + "?page=2").text
    assert titles(second) == ["Day 12", "Day 13"]
    assert 'href="/news/" rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize(
    "query", ["?page=3", "?page=0", "?page=-1", "?page=abc", "?page=1e3",
              "?page=99999999999", "?page=%00"],
)  # fmt: skip
def test_a_page_number_that_is_not_one_of_the_lists_is_a_404(news, client, query):
    for day in range(14):
        make_article(news, f"Day {day}", days_ago=day)
    assert client.get(news.url + query).status_code == 404


def test_an_empty_index_shows_its_first_page(news, client):
    response = client.get(news.url)
    assert response.status_code == 200
    assert "No articles have been published here yet." in response.text


def test_the_index_filters_by_tag_and_by_category(news, client):
    reports = ArticleCategory.objects.create(name="Reports")
    interviews = ArticleCategory.objects.create(name="访谈")
    make_article(news, "Tagged report", tags=["人权"], categories=[reports])
    make_article(news, "Tagged interview", tags=["人权"], categories=[interviews])
    make_article(news, "Untagged report", categories=[reports], days_ago=1)
    # Same date: the one published last comes first.
    assert titles(client.get(news.url + "?tag=人权").text) == [
        "Tagged interview",
        "Tagged report",
    ]
    by_category = client.get(news.url + "?category=reports").text
    assert titles(by_category) == ["Tagged report", "Untagged report"]
    assert "Articles in Reports" in by_category
    both = client.get(news.url, {"tag": "人权", "category": interviews.slug}).text
    assert titles(both) == ["Tagged interview"]


def test_filters_carry_into_the_pager_and_the_feed_links(news, client):
    for day in range(13):
        make_article(news, f"Day {day}", tags=["t"], days_ago=day)
    html = client.get(news.url + "?tag=t").text
    assert 'href="/news/?tag=t&amp;page=2" rel="next"' in html
    assert 'href="/news/feed/?tag=t"' in html


@pytest.mark.parametrize(
    "query", ["?tag=nope", "?category=nope", "?tag=%00", "?category=a%00b",
              "?tag=" + "x" * 101, "?tag=<script>", "?category=%ED%A0%80"],
)  # fmt: skip
def test_an_unknown_or_malformed_filter_is_a_404(news, client, query):
    make_article(news, "Any", tags=["t"])
    assert client.get(news.url + query).status_code == 404


# Budgets --------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _costs(client, url):
    """Queries of a page view: after the caches were emptied (renditions
    already made), and in the steady state that follows."""
    cache.clear()
    client.get(url)  # makes the renditions once, as the first reader does
    cache.clear()
    cold = _count(client, url)
    warm = _count(client, url)
    return cold, warm


def _article_costs(client, article, other, committed):
    """Queries of a view of ``article`` in each state its caches can be in;
    ``committed`` runs what waits for a commit, as in production."""
    costs = {}
    cache.clear()
    client.get(article.url)  # makes the renditions once, as the first reader does
    cache.clear()
    costs["cache emptied"] = _count(client, article.url)
    costs["steady"] = _count(client, article.url)
    with committed(execute=True):
        other.save_revision().publish()
    costs["another article published"] = _count(client, article.url)
    with committed(execute=True):
        article.save_revision().publish()
    costs["the article republished"] = _count(client, article.url)
    assert _count(client, article.url) == costs["steady"]
    return costs


def test_an_article_costs_the_same_with_5_and_50_articles(
    news, client, django_capture_on_commit_callbacks
):
    made = make_rich_site(news, 5)
    article, other = made[0], made[1]
    committed = django_capture_on_commit_callbacks
    costs_5 = _article_costs(client, article, other, committed)
    make_rich_site(news, 45, start=5)
    costs_50 = _article_costs(client, article, other, committed)
    assert costs_5 == costs_50
    # Wagtail's routing: the site and three pages; the article itself, its
    # rendered parts and the wall of its call to action (none here) come
    # from the cache, and whether it is private from the cached private
    # paths.
    assert costs_50["steady"] == 4
    # The article, its related pages, the body's images and the search for
    # a wall again; the article's own details stay cached.
    assert costs_50["another article published"] <= 8
    # Publishing the article cached its details and related pages: the
    # article, the body's images and the wall are read again.
    assert costs_50["the article republished"] <= 7
    # Its authors, its tags with its categories, its language (its locale),
    # its related pages; Wagtail's site paths, the private paths, the
    # renditions, the body's renditions.
    assert costs_50["cache emptied"] <= 16


def test_a_published_article_shows_what_it_was_published_with(
    news, client, django_capture_on_commit_callbacks
):
    author = Author.objects.create(name="Li Ming")
    article = make_article(news, "Report", tags=["old"], authors=[author])
    make_article(news, "Shares new", tags=["new"])
    client.get(article.url)
    article = ArticlePage.objects.get(pk=article.pk)
    article.tags.set(["new"])
    article.article_authors = [
        ArticlePageAuthor(author=Author.objects.create(name="Jane Doe"))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    html = client.get(article.url).text
    assert ">new<" in html and ">old<" not in html
    assert "Jane Doe" in html and "Li Ming" not in html
    assert titles(html) == ["Shares new"]


def test_the_index_costs_the_same_with_5_and_50_articles(news, client):
    make_rich_site(news, 5)
    costs_5 = [_costs(client, news.url + query) for query in ("", "?tag=all")]
    make_rich_site(news, 45, start=5)
    costs_50 = [_costs(client, news.url + query) for query in ("", "?tag=all")]
    assert costs_5 == costs_50
    (cold, warm), (filtered_cold, filtered_warm) = costs_50
    # Wagtail's routing is 4 (the site and three pages; the index's own
    # restrictions come from the cached private paths); the list, its link
    # preview and the wall of the call to action (none here) come from the
    # cache (and the tag is read, filtered).
    assert warm == 4 and filtered_warm == 5
    # And Wagtail's site paths and the thumbnails' renditions.
    assert cold <= 11 and filtered_cold <= 12


# Demo -----------------------------------------------------------------------


def test_the_demo_articles(home_page, client):
    from home.demo_news_texts import FEATURED
    from home.management.commands.tuidang_demo_articles import create_demo_articles

    news = create_demo_articles(home_page)
    articles = ArticlePage.objects.child_of(news).live()
    assert articles.count() == 12
    featured = ArticlePage.objects.get(slug=FEATURED)
    html = client.get(featured.url).text
    byline = re.search(r'<p class="td-byline">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>|\s+", "", byline) == "林蔚,张慧|太平洋华人周报"
    assert html.count('class="td-share"') == 2
    assert ">Related<" in html and ">Recommended<" in html
    assert len(titles(client.get(news.url).text)) == 12
    # Several articles have picks; every picture has a caption and a credit,
    # and no body opens with the summary shown above it.
    assert articles.filter(recommended_pages__isnull=False).distinct().count() > 1
    for article in articles:
        assert article.hero_caption and article.hero_credit, article.slug
        first = article.body.raw_data[0]
        assert article.summary not in str(first["value"]), article.slug
    with CaptureQueriesContext(connection) as second_run:
        create_demo_articles(home_page)
    assert ArticlePage.objects.count() == 12
    assert len(second_run) <= 3


def test_editors_manage_authors_and_categories_as_snippets(client):
    client.force_login(SuperuserFactory())
    ArticleCategory.objects.create(name="Reports")
    for model in ("author", "articlecategory"):
        listing = reverse(f"wagtailsnippets_wagtail_tuidang_{model}:list")
        assert client.get(listing).status_code == 200
    add = reverse("wagtailsnippets_wagtail_tuidang_articlecategory:add")
    response = client.post(add, {"name": "Reports", "slug": ""})
    assert response.status_code == 200  # the form again, with an error
    assert "already exists" in response.text
    client.post(add, {"name": "访谈", "slug": ""})
    assert ArticleCategory.objects.filter(slug="访谈").exists()


def test_a_failure_to_warm_the_cache_does_not_fail_the_publication(
    news, client, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    article = make_article(news, "Report")

    def broken(self):
        raise RuntimeError("cache down")

    monkeypatch.setattr(ArticlePage, "warm_cache", broken)
    article.title = "Report, updated"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "cache down" in caplog.text
    assert ">Report, updated<" in client.get(article.url).text
