"""Article body blocks (click-to-load embeds and the rest) and the article
blocks any page can use (related articles, latest articles)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from wagtail import blocks as wagtail_blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Locale, Site

from home.models import HomePage
from tests.factories import body, make_article, make_index
from tests.helpers import titles
from wagtail_tuidang.articles import embeds
from wagtail_tuidang.articles.blocks import (
    RICH_TEXT_FEATURES,
    ArticleBodyBlock,
    ArticleListBlock,
    ClickToLoadEmbedBlock,
    RelatedArticlesBlock,
)
from wagtail_tuidang.articles.restrictions import restricted_paths
from wagtail_tuidang.models import ArticleCategory

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42"


@pytest.fixture
def news(home_page):
    return make_index(home_page)


def sources(html):
    """Every address the browser would fetch by itself: src and srcset."""
    found = re.findall(r'\ssrc="([^"]*)"', html)
    for srcset in re.findall(r'\ssrcset="([^"]*)"', html):
        found += [part.split()[0] for part in srcset.split(",")]
    return found


def embed_html(url, title=""):
    block = ClickToLoadEmbedBlock()
    return block.render(block.to_python({"url": url, "title": title}))


# Click-to-load embeds -------------------------------------------------------


def test_an_embed_loads_nothing_until_clicked():
    html = embed_html(YOUTUBE, "Testimony")
    assert sources(html) == ["/static/wagtail_tuidang/js/embed.js"]
    assert (
        'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'
        '?autoplay=1"' in html
    )
    assert "Content from YouTube" in html and "Testimony" in html
    assert "<iframe" not in html
    # Without JavaScript, the reader follows a link to the original.
    assert f'href="{YOUTUBE.replace("&", "&amp;")}"' in html
    assert "Open on YouTube" in html
    # The button that loads the frame appears only once the script runs.
    assert re.search(r"<button[^>]*data-embed-load hidden>", html)


@pytest.mark.parametrize(
    ("url", "provider", "frame"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "youtube-nocookie.com/embed/"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "Vimeo", "player.vimeo.com/video/76979871"),
        ("https://www.example.org/post/1", "example.org", None),
    ],
)
def test_providers(url, provider, frame):
    embed = embeds.describe(url)
    assert embed.provider == provider
    if frame is None:
        assert embed.frame_url is None
    else:
        assert frame in embed.frame_url


def test_an_unknown_provider_is_a_link_only():
    html = embed_html("https://www.example.org/post/1")
    assert "data-embed-src" not in html and "<button" not in html
    assert 'href="https://www.example.org/post/1"' in html
    assert "Content from example.org" in html


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,x"]
)
def test_only_web_addresses_are_accepted(url):
    block = ClickToLoadEmbedBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"url": url, "title": ""}))
    assert embeds.describe(url) is None


def test_a_title_cannot_break_out_of_its_attribute():
    html = embed_html(YOUTUBE, '"><script>alert(1)</script>')
    assert "<script>alert" not in html
    assert 'data-embed-title="&quot;&gt;&lt;script&gt;' in html


@pytest.mark.django_db
def test_an_article_page_fetches_nothing_from_elsewhere(news, client):
    import wagtail_factories

    image = wagtail_factories.ImageFactory()
    article = make_article(
        news,
        "With embeds",
        hero_image=wagtail_factories.ImageFactory(),
        body=body(
            ("embed", {"url": YOUTUBE, "title": "One"}),
            ("embed", {"url": "https://vimeo.com/76979871", "title": "Two"}),
            ("image", {"image": image.pk, "caption": "Caption"}),
        ),
    )
    html = client.get(article.url).text
    assert sources(html)
    assert all(source.startswith("/") for source in sources(html)), sources(html)
    # One script for every embed on the page.
    assert html.count("wagtail_tuidang/js/embed.js") == 1


# The body -------------------------------------------------------------------


def test_the_body_has_no_raw_html_block():
    children = ArticleBodyBlock().child_blocks.values()
    assert not any(isinstance(b, wagtail_blocks.RawHTMLBlock) for b in children)
    assert RICH_TEXT_FEATURES == ["bold", "italic", "link", "ol", "ul"]


@pytest.mark.django_db
def test_headings_quotes_and_images_render(news, client):
    import wagtail_factories

    image = wagtail_factories.ImageFactory(description="A crowd")
    article = make_article(
        news,
        "Blocks",
        body=body(
            ("heading", {"text": "Section & more", "level": "h2"}),
            ("heading", {"text": "Sub", "level": "h3"}),
            ("quote", {"quote": "Line one\nLine two", "attribution": "A caller"}),
            ("image", {"image": image.pk, "caption": "Rally", "credit": "Photo: X"}),
        ),
    )
    html = client.get(article.url).text
    assert '<h2 class="td-article__heading">Section &amp; more</h2>' in html
    assert '<h3 class="td-article__heading">Sub</h3>' in html
    assert "Line one<br>Line two" in html and "— A caller" in html
    assert 'alt="A crowd"' in html and "Rally" in html and "Photo: X" in html


@pytest.mark.django_db
def test_body_images_cost_two_queries_however_many(news, client):
    import wagtail_factories

    def page_with(count):
        images = [wagtail_factories.ImageFactory() for _ in range(count)]
        return make_article(
            news,
            f"{count} images",
            body=body(*[("image", {"image": image.pk}) for image in images]),
        )

    def cost(page):
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(page.url)
        return len(captured)

    assert cost(page_with(1)) == cost(page_with(6))


# Related articles block ------------------------------------------------------


def render_related(value, page, request=None):
    block = RelatedArticlesBlock()
    return block.render(
        block.to_python(value), context={"page": page, "request": request}
    )


@pytest.mark.django_db
def test_related_block_shows_chosen_articles_first(news):
    chosen = make_article(news, "Chosen", days_ago=9)
    draft = make_article(news, "Draft", publish=False)
    shared = make_article(news, "Shares a tag", tags=["a"])
    page = make_article(news, "Page", tags=["a"])
    html = render_related({"pages": [draft.pk, chosen.pk], "count": 4}, page)
    assert titles(html) == ["Chosen", "Shares a tag"]
    html = render_related({"pages": [], "count": 4, "heading": "More"}, page)
    assert titles(html) == [shared.title]
    assert "More" in html


@pytest.mark.django_db
def test_related_block_on_a_page_that_is_no_article(news, home_page):
    chosen = make_article(news, "Chosen")
    assert titles(render_related({"pages": [chosen.pk]}, home_page)) == ["Chosen"]
    assert render_related({"pages": []}, home_page).strip() == ""


# Latest articles block --------------------------------------------------------


def render_list(value):
    block = ArticleListBlock()
    return block.render(block.to_python(value), context={"request": None})


@pytest.mark.django_db
def test_article_list_block_shows_the_latest(news):
    for day in range(7):
        make_article(news, f"Day {day}", days_ago=day)
    make_article(news, "Draft", publish=False)
    html = render_list({"index": news.pk, "count": 3, "heading": "Latest"})
    assert titles(html) == ["Day 0", "Day 1", "Day 2"]
    assert 'href="/news/"' in html and "Latest" in html


@pytest.mark.django_db
def test_article_list_block_by_tag_or_category(news):
    reports = ArticleCategory.objects.create(name="Reports")
    make_article(news, "Tagged", tags=["Human rights"])
    make_article(news, "In reports", categories=[reports], days_ago=1)
    make_article(news, "Neither", days_ago=2)
    by_name = render_list({"index": news.pk, "tag": "human rights"})
    by_slug = render_list({"index": news.pk, "tag": "human-rights"})
    assert titles(by_name) == titles(by_slug) == ["Tagged"]
    assert titles(render_list({"index": news.pk, "category": reports.pk})) == [
        "In reports"
    ]


@pytest.mark.django_db
def test_article_list_block_of_an_unpublished_index_shows_nothing(news):
    make_article(news, "Article")
    news.unpublish()
    assert render_list({"index": news.pk}).strip() == ""


@pytest.mark.django_db
def test_article_list_block_costs_one_query_however_many(news):
    import wagtail_factories

    for day in range(8):
        make_article(
            news,
            f"Day {day}",
            days_ago=day,
            hero_image=wagtail_factories.ImageFactory(),
        )
    block = ArticleListBlock()
    for count in (2, 8):
        value = block.to_python({"index": news.pk, "count": count})
        block.render(value, context={"request": None})  # makes the renditions
        with CaptureQueriesContext(connection) as captured:
            block.render(value, context={"request": None})
        assert len(captured) == 1  # the articles; renditions are cached
        cache.clear()
        Site.get_site_root_paths()  # cached again at once by any request
        restricted_paths()  # likewise
        with CaptureQueriesContext(connection) as captured:
            block.render(value, context={"request": None})
        assert len(captured) == 2  # and the renditions, for all at once


@pytest.mark.django_db
def test_the_blocks_work_in_another_pages_streamfield(news, home_page, client):
    # On a page that is no article, automatic related articles are none,
    # and the latest articles come from the chosen index.
    make_article(news, "On the home page")
    stream = wagtail_blocks.StreamBlock(
        [
            ("related_articles", RelatedArticlesBlock()),
            ("article_list", ArticleListBlock()),
        ]
    )
    value = stream.to_python(
        [
            {"type": "related_articles", "value": {"pages": [], "count": 3}},
            {"type": "article_list", "value": {"index": news.pk, "count": 3}},
        ]
    )
    html = stream.render(value, context={"page": HomePage.objects.get()})
    assert titles(html) == ["On the home page"]
    assert html.count('class="td-block td-article-list"') == 1


# Template tags --------------------------------------------------------------


@pytest.mark.django_db
def test_template_tags(news):
    make_article(news, "Tagged", tags=["a"])
    page = make_article(news, "Page", tags=["a"], days_ago=1)
    template = Template(
        "{% load wagtail_tuidang_tags %}"
        "{% related_articles page 3 as related %}"
        "{% latest_articles index 1 tag='a' as latest %}"
        "{% for p in related %}[{{ p.title }}]{% endfor %}"
        "{% for p in latest %}({{ p.title }}){% endfor %}"
    )
    html = template.render(Context({"page": page, "index": news}))
    assert html == "[Tagged](Tagged)"


@pytest.mark.django_db
def test_a_share_bar_in_the_body_joins_the_two_around_it(news, client):
    article = make_article(
        news,
        "Share in the middle",
        body=body(
            ("paragraph", "<p>Before</p>"),
            ("share_buttons", {"heading": "Pass it on"}),
            ("paragraph", "<p>After</p>"),
        ),
    )
    html = client.get(article.url).text
    assert html.count('class="td-share"') == 3
    assert html.count("wagtail_tuidang/css/share.css") == 1
    assert html.index("Before") < html.index("Pass it on") < html.index("After")


# The article's own language -------------------------------------------------


@pytest.mark.django_db
def test_an_english_article_in_a_chinese_page_says_it_is_english(news, client):
    article = make_article(
        news, "Why I quit", summary="In my own words.", body=body(("quote", {
            "quote": "Freedom.", "attribution": ""}))
    )  # fmt: skip
    html = client.get(article.url, HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert '<html lang="zh-hans">' in html
    marked = re.findall(r'<(\w+) class="(td-article__\w+)" lang="en" dir="ltr">', html)
    assert [name for _, name in marked] == [
        "td-article__title",
        "td-article__summary",
        "td-article__body",
    ]
    # The page's own labels stay in the page's language.
    assert 'class="td-article__meta" lang' not in html


@pytest.mark.django_db
def test_an_article_in_the_pages_language_is_not_marked(news, client):
    article = make_article(news, "Why I quit", summary="In my own words.")
    html = client.get(article.url, HTTP_ACCEPT_LANGUAGE="en").text
    assert '<html lang="en">' in html
    assert ' lang="en" dir=' not in html


@pytest.mark.django_db
def test_a_chinese_article_in_an_english_page_says_it_is_chinese(news, client):
    chinese = Locale.objects.create(language_code="zh-hans")
    index = make_index(news.get_parent(), title="新闻", slug="xinwen")
    index.locale = chinese
    index.save()
    article = make_article(index, "我为什么退党", locale=chinese)
    html = client.get(article.url, HTTP_ACCEPT_LANGUAGE="en").text
    assert '<h1 class="td-article__title" lang="zh-hans" dir="ltr">' in html
