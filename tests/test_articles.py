"""Article pages and their index: what readers see, what it costs, and how
bad input is answered. Article factories used by the other article tests
live here too."""

import datetime
import json
import re

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import querydict_from_html

from tests.factories import SuperuserFactory
from wagtail_tuidang.models import ArticleCategory, Author
from wagtail_tuidang.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageRecommendation,
    StatementIndexPage,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 1)


# Factories -----------------------------------------------------------------


def make_index(parent, title="News", slug="news"):
    """A published article index below ``parent``."""
    return parent.add_child(instance=ArticleIndexPage(title=title, slug=slug))


def make_article(
    index,
    title,
    *,
    tags=(),
    categories=(),
    authors=(),
    picks=(),
    days_ago=0,
    publish=True,
    **fields,
):
    """An article below ``index``: live with Wagtail's publication dates set,
    or a draft when ``publish`` is False."""
    article = ArticlePage(
        title=title, date=DAY - datetime.timedelta(days_ago), **fields
    )
    article.live = publish
    if publish:
        article.first_published_at = article.last_published_at = timezone.now()
    article.tags.add(*tags)
    article.categories.set(categories)
    article.article_authors = [
        ArticlePageAuthor(author=author, sort_order=i)
        for i, author in enumerate(authors)
    ]
    article.recommended_pages = [
        ArticlePageRecommendation(recommended=page, sort_order=i)
        for i, page in enumerate(picks)
    ]
    return index.add_child(instance=article)


def body(*blocks):
    """A StreamField value from ``(type, value)`` pairs, as stored."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def make_private(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def titles(html):
    """The titles of the article cards in ``html``, in order."""
    return re.findall(r'class="td-card__title"><a href="[^"]*">([^<]*)</a>', html)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Cached related lists are keyed by page id, which a rolled-back test
    # may reuse.
    cache.clear()


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


def _rich_site(news, count, start=0):
    """``count`` articles, each with three authors (with photos), three
    tags, two categories, a hero image, a body with two images, a quote and
    an embed; every third one recommends two others."""
    categories = list(ArticleCategory.objects.all()) or [
        ArticleCategory.objects.create(name=f"Category {i}") for i in range(3)
    ]
    authors = list(Author.objects.all()) or [
        Author.objects.create(
            name=f"Author {i}", bio="Bio", photo=wagtail_factories.ImageFactory()
        )
        for i in range(3)
    ]
    made = list(ArticlePage.objects.all())
    pictures = [wagtail_factories.ImageFactory().pk for _ in range(2)]
    for i in range(start, start + count):
        picks = made[-2:] if i % 3 == 0 else []
        made.append(
            make_article(
                news,
                f"Article {i}",
                days_ago=i,
                summary="Summary",
                tags=[f"t{i % 4}", f"t{i % 5}", "all"],
                categories=[categories[i % 3], categories[(i + 1) % 3]],
                authors=authors,
                picks=picks,
                hero_image=wagtail_factories.ImageFactory(),
                body=body(
                    ("paragraph", "<p>Text</p>"),
                    ("image", {"image": pictures[0]}),
                    ("image", {"image": pictures[1]}),
                    ("quote", {"quote": "Quoted", "attribution": "Someone"}),
                    ("embed", {"url": "https://youtu.be/dQw4w9WgXcQ", "title": ""}),
                ),
            )
        )
    return made


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


def test_an_article_costs_the_same_with_5_and_50_articles(news, client):
    made = _rich_site(news, 5)
    article = made[0]
    cold_5, warm_5 = _costs(client, article.url)
    _rich_site(news, 45, start=5)
    cold_50, warm_50 = _costs(client, article.url)
    assert warm_5 == warm_50 <= 9
    assert cold_5 == cold_50 <= 19


def test_the_index_costs_the_same_with_5_and_50_articles(news, client):
    _rich_site(news, 5)
    costs_5 = [_costs(client, news.url + query) for query in ("", "?tag=all")]
    _rich_site(news, 45, start=5)
    costs_50 = [_costs(client, news.url + query) for query in ("", "?tag=all")]
    assert costs_5 == costs_50
    (cold, warm), (filtered_cold, filtered_warm) = costs_50
    assert warm <= 8 and filtered_warm <= 9
    assert cold <= 9 and filtered_cold <= 10


# Demo -----------------------------------------------------------------------


def test_the_demo_articles(home_page, client):
    from home.management.commands.tuidang_demo_articles import (
        FEATURED,
        create_demo_articles,
    )

    news = create_demo_articles(home_page)
    assert ArticlePage.objects.child_of(news).live().count() == 30
    featured = ArticlePage.objects.get(slug=FEATURED["slug"])
    html = client.get(featured.url).text
    byline = re.search(r'<p class="td-byline">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>|\s+", "", byline) == "LinWei,张慧|PacificChineseHerald"
    assert html.count('class="td-share"') == 2
    assert ">Related<" in html and ">Recommended<" in html
    assert len(titles(client.get(news.url).text)) == 12
    with CaptureQueriesContext(connection) as second_run:
        create_demo_articles(home_page)
    assert ArticlePage.objects.count() == 30
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
