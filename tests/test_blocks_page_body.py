"""Every plugin block on a site's own page, whether the site renders its
StreamField with ``{% include_block %}`` (which passes the page's context on)
or with ``{{ page.body }}`` (which passes none: no request, no page, no CSRF
token). What a visitor sees and can do must hold both ways."""

import re
from html.parser import HTMLParser

import pytest
import wagtail_factories
from django.test import Client

from tests.factories import (
    StatementPageFactory,
    make_article,
    make_index,
    make_private,
    make_statement,
)
from tests.helpers import code_in, titles
from tests.testapp.models import BlocksPage
from wagtail_tuidang.models import Statement

pytestmark = pytest.mark.django_db

WITH_CONTEXT = [BlocksPage.INCLUDE_BLOCK, BlocksPage.EACH_BLOCK]
EVERY_WAY = [*WITH_CONTEXT, BlocksPage.PAGE_BODY]


class Forms(HTMLParser):
    """The forms of a document: each one's attributes and its inputs'."""

    def __init__(self, html):
        super().__init__()
        self.forms = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms.append({**dict(attrs), "inputs": {}})
        elif tag in ("input", "textarea") and self.forms:
            attrs = dict(attrs)
            self.forms[-1]["inputs"][attrs.get("name")] = attrs.get("value", "")


def post_forms(html):
    return [form for form in Forms(html).forms if form.get("method") == "post"]


@pytest.fixture
def visitor():
    """A browser whose POSTs are checked for their CSRF token, as in
    production (Django's test client skips the check by default)."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def show(home_page, visitor):
    """``show(rendering, *blocks)``: the HTML a visitor gets for a page of the
    site's own type holding ``blocks``, its body rendered as ``rendering``."""

    def show(rendering, *blocks):
        page = BlocksPage(
            title="Campaign", slug="campaign", rendering=rendering, body=list(blocks)
        )
        home_page.add_child(instance=page)
        response = visitor.get(page.url)
        assert response.status_code == 200
        show.response = response
        return response.text

    return show


def section(html, css_class):
    """The first ``<section>``/``<article>`` of ``css_class`` in ``html``."""
    match = re.search(
        rf'<(section|article) class="[^"]*\b{css_class}\b[^"]*">.*?</\1>', html, re.S
    )
    assert match, f"no {css_class} in the page"
    return match.group(0)


# The statement form ----------------------------------------------------------


def test_no_way_of_rendering_shows_a_form_that_would_be_refused(show, index_page):
    for rendering in EVERY_WAY:
        html = show(rendering, ("statement_form", {"page": index_page}))
        for form in post_forms(html):
            assert form["inputs"].get("csrfmiddlewaretoken"), rendering
        BlocksPage.objects.get().delete()


@pytest.mark.parametrize("rendering", WITH_CONTEXT)
def test_with_include_block_the_form_block_stores_what_a_visitor_sends(
    show, visitor, index_page, rendering
):
    html = show(rendering, ("statement_form", {"page": index_page, "heading": "Quit"}))
    [form] = post_forms(html)
    assert form["action"] == f"{index_page.url}submit/"
    data = {
        **form["inputs"],
        "name": "从区块提交",
        "organisations": ["party"],
        "people_count": "1",
    }
    response = visitor.post(form["action"], data)
    assert response.status_code == 200
    assert code_in(response)
    assert Statement.objects.get(name="从区块提交").status == "pending"


def test_with_page_body_the_form_block_links_to_the_walls_own_form(
    show, visitor, index_page
):
    html = show(
        BlocksPage.PAGE_BODY,
        ("statement_form", {"page": index_page, "heading": "Quit"}),
    )
    block = section(html, "td-form-block")
    assert '<h2 class="td-block__heading">Quit</h2>' in block
    assert "<form" not in block
    assert f'<a href="{index_page.url}submit/">Submit a statement</a>' in block
    # Nothing on the page asks for a CSRF cookie, so it may be cached whole.
    assert "csrftoken" not in show.response.cookies
    # The link leads to a form that works.
    [form] = post_forms(visitor.get(f"{index_page.url}submit/").text)
    data = {**form["inputs"], "name": "从链接提交", "organisations": ["party"]}
    response = visitor.post(form["action"] or f"{index_page.url}submit/", data)
    assert code_in(response)
    assert Statement.objects.get(name="从链接提交").status == "pending"


@pytest.mark.parametrize("rendering", EVERY_WAY)
def test_the_form_block_of_a_closed_wall_says_so_either_way(
    show, index_page, rendering
):
    index_page.submissions_open = False
    index_page.save()
    html = show(rendering, ("statement_form", {"page": index_page}))
    block = section(html, "td-form-block")
    assert "not accepting new statements" in block
    assert "<form" not in block and "submit/" not in block


# Share buttons -----------------------------------------------------------------


def shared_urls(html):
    """The URL each share link of the page shares, from the bar's data and
    the X link (the network whose query names it ``url``)."""
    bar = re.search(r'<div class="td-share"[^>]*data-url="([^"]*)"', html)
    x_link = re.search(r'td-share__link--x" href="[^"]*url=([^"&]*)', html)
    assert bar and x_link, "no share bar in the page"
    return bar.group(1), x_link.group(1)


@pytest.mark.parametrize("rendering", WITH_CONTEXT)
def test_with_include_block_the_share_bar_shares_the_page(show, rendering):
    html = show(rendering, ("share_buttons", {"heading": "Share this campaign"}))
    assert shared_urls(html) == (
        "http://localhost/campaign/",
        "http%3A%2F%2Flocalhost%2Fcampaign%2F",
    )
    assert '<h2 class="td-share__heading">Share this campaign</h2>' in html
    assert 'aria-label="Share this page"' in html


def test_with_page_body_the_share_bar_shares_the_site_and_says_so(show):
    html = show(BlocksPage.PAGE_BODY, ("share_buttons", {"heading": "Share this"}))
    assert shared_urls(html) == ("http://localhost/", "http%3A%2F%2Flocalhost%2F")
    assert '<h2 class="td-share__heading">Share this website</h2>' in html
    assert 'aria-label="Share this website"' in html
    assert "Share this</h2>" not in html and "/campaign/" not in shared_urls(html)[0]
    assert 'data-title="Test site"' in html


# Related articles --------------------------------------------------------------


@pytest.fixture
def news(home_page):
    return make_index(home_page)


@pytest.mark.parametrize("rendering", EVERY_WAY)
def test_chosen_related_articles_are_listed_either_way(show, news, rendering):
    chosen = make_article(news, "Chosen", days_ago=3)
    draft = make_article(news, "Draft", publish=False)
    make_article(news, "Newest, not chosen")
    html = show(
        rendering,
        ("related_articles", {"pages": [draft, chosen], "count": 4, "heading": "See"}),
    )
    block = section(html, "td-article-list")
    assert titles(block) == ["Chosen"]
    assert '<h2 class="td-block__heading">See</h2>' in block


def test_with_page_body_and_none_chosen_the_latest_articles_show_instead(
    show, news, home_page
):
    make_article(news, "Old", days_ago=9)
    make_article(news, "Draft", publish=False)
    make_article(news, "Newer")
    make_private(make_article(news, "Private"))
    make_article(news, "Newest")
    html = show(BlocksPage.PAGE_BODY, ("related_articles", {"pages": [], "count": 2}))
    block = section(html, "td-article-list")
    assert '<h2 class="td-block__heading">Latest articles</h2>' in block
    assert titles(block) == ["Newest", "Newer"]


# The other blocks need neither the request nor the page ------------------------


@pytest.mark.parametrize("rendering", EVERY_WAY)
def test_every_other_block_shows_the_same_either_way(
    show, index_page, news, home_page, rendering
):
    statement, _ = make_statement("published", index_page=index_page, name="公开名字")
    featured = StatementPageFactory(
        parent=home_page, title="Why I quit", display_name="明心"
    )
    make_article(news, "In the list")
    image = wagtail_factories.ImageFactory(title="Rally")
    html = show(
        rendering,
        ("statement_counter", {"page": index_page, "show_organisations": True}),
        ("latest_statements", {"page": index_page, "count": 3}),
        ("featured_statement", {"page": featured}),
        ("article_list", {"index": news, "count": 3, "heading": "News"}),
        ("heading", {"text": "A section", "level": "h2"}),
        ("quote", {"quote": "Freedom", "attribution": "Someone"}),
        ("image", {"image": image, "caption": "At the rally"}),
        ("embed", {"url": "https://www.youtube.com/watch?v=abc", "title": "Talk"}),
    )
    counter = section(html, "td-counter")
    assert "455,000,001" in counter
    assert f'href="{index_page.url}stats/"' in counter
    latest = section(html, "td-latest")
    assert "公开名字" in latest
    assert f'href="{index_page.url}s/{statement.public_id}/"' in latest
    assert f'href="{featured.url}"' in section(html, "td-featured")
    assert titles(section(html, "td-article-list")) == ["In the list"]
    assert 'href="/news/"' in html
    assert "A section</h2>" in html and "Freedom" in html
    assert "At the rally" in html and "width-800" in html
    assert "https://www.youtube.com/watch?v=abc" in html
