"""The plugin's public pages inside a site's own base template.

``tests/testapp/templates/host/`` holds the foreign layouts: ``base.html``
(its own nav and footer, no ``meta``/``extra_head`` blocks, and
``{% tuidang_head %}`` in its ``<head>``), ``base_without_tag.html``,
``base_with_partial.html`` (the tag in an included head partial) and
``extends_plugin_base.html`` (a base built on the plugin's standalone layout,
as the example site's is).
"""

import re

import pytest
from django.template import Context, Template
from django.test import override_settings

from tests.factories import make_article, make_index, make_statement
from tests.helpers import receipt_url, submission, submit_url
from wagtail_tuidang.layout.checks import check_base_template
from wagtail_tuidang.pages.models import StatementPage

HOST = "host/base.html"
TUIDANG_CSS = "/static/wagtail_tuidang/css/tuidang.css"
NOINDEX_META = '<meta name="robots" content="noindex">'
PRIVATE_ROUTES = {"submit", "submit_done", "receipt"}
WALL_ROUTES = {"index", "detail", *PRIVATE_ROUTES, "stats"}
#: The stylesheet each page needs beside tuidang.css.
ROUTE_CSS = {
    "index": "statements-listing.css",
    "detail": "statements-listing.css",
    "submit": "statements-form.css",
    "submit_done": "statements-form.css",
    "receipt": "statements-form.css",
    "stats": "statements-stats.css",
    "statement_page": "statements-blocks.css",
    "article_index": "articles.css",
    "article": "articles.css",
}


@pytest.fixture
def site(index_page):
    """A wall with a published statement, a featured statement page and an
    article index with an article."""
    statement, _ = make_statement(status="published", index_page=index_page)
    home = index_page.get_parent()
    featured = home.add_child(instance=StatementPage(title="Featured Zhang"))
    news = make_index(home)
    article = make_article(news, "Why they quit", summary="A report.")
    return {
        "wall": index_page,
        "statement": statement,
        "featured": featured,
        "news": news,
        "article": article,
    }


def render_all(client, site):
    """Every public HTML page: route name → response."""
    wall = site["wall"]
    responses = {
        "index": client.get(wall.url),
        "detail": client.get(f"{wall.url}s/{site['statement'].public_id}/"),
        "submit": client.get(submit_url(wall)),
        "receipt": client.get(receipt_url(wall)),
        "stats": client.get(f"{wall.url}stats/"),
        "statement_page": client.get(site["featured"].url),
        "article_index": client.get(site["news"].url),
        "article": client.get(site["article"].url),
    }
    responses["submit_done"] = client.post(submit_url(wall), submission())
    for name, response in responses.items():
        assert response.status_code == 200, name
    return responses


def head_and_body(response):
    html = response.content.decode()
    head, _, body = html.partition("</head>")
    return head, body


def content_markers(route):
    return {
        "index": "People who have quit",
        "detail": "td-statement--detail",
        "submit": "Send my statement",
        "submit_done": "Your receipt code",
        "receipt": "Enter the receipt code",
        "stats": "td-stats",
        "statement_page": "Featured Zhang",
        "article_index": "Why they quit",
        "article": "A report.",
    }[route]


@override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE=HOST)
def test_every_public_route_renders_inside_the_host_layout(client, site):
    for route, response in render_all(client, site).items():
        html = response.content.decode()
        head, body = head_and_body(response)
        assert html.count("<html") == 1, route
        assert body.count('class="host-nav"') == 1, route
        assert body.count('class="host-footer"') == 1, route
        assert "td-standalone" not in html, route
        assert content_markers(route) in body, route
        assert '<div class="td-root' in body, route
        # The plugin's stylesheets are in the host's <head>, linked once.
        assert head.count(TUIDANG_CSS) == 1 and TUIDANG_CSS not in body, route
        assert f"/static/wagtail_tuidang/css/{ROUTE_CSS[route]}" in html, route
        title = (
            site["wall"].title
            if route in WALL_ROUTES
            else "Featured Zhang|News|Why they quit"
        )
        assert re.search(rf"<title>[^<]*({title})[^<]* \| Host</title>", head), route


@override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE=HOST)
def test_private_routes_say_noindex_in_the_head_and_in_a_header(client, site):
    for route, response in render_all(client, site).items():
        head, body = head_and_body(response)
        private = route in PRIVATE_ROUTES
        assert (response.get("X-Robots-Tag") == "noindex") is private, route
        assert head.count(NOINDEX_META) == (1 if private else 0), route
        assert NOINDEX_META not in body, route


@override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE=HOST)
def test_open_graph_and_feed_links_are_in_the_host_head(client, site):
    responses = render_all(client, site)
    for route in ("article", "statement_page"):
        head, body = head_and_body(responses[route])
        assert head.count('<meta property="og:title"') == 1, route
        assert "application/ld+json" in head and "og:title" not in body, route
    assert 'content="Why they quit"' in head_and_body(responses["article"])[0]
    for route, feed in (("index", "feed/"), ("article_index", "feed/")):
        head, _ = head_and_body(responses[route])
        assert re.search(
            rf'<link rel="alternate" type="application/rss\+xml"[^>]*{feed}"', head
        ), route
        assert 'type="application/atom+xml"' in head, route


@override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE="host/base_without_tag.html")
def test_a_host_without_the_tag_still_gets_the_css_and_the_noindex_header(client, site):
    for route, response in render_all(client, site).items():
        html = response.content.decode()
        _, body = head_and_body(response)
        assert body.count('class="host-footer"') == 1, route
        assert content_markers(route) in body, route
        # Linked at the start of the content instead, still once.
        assert html.count(TUIDANG_CSS) == 1, route
        assert body.index(TUIDANG_CSS) < body.index('<div class="td-root'), route
        assert html.count(f"/static/wagtail_tuidang/css/{ROUTE_CSS[route]}") == 1
        private = route in PRIVATE_ROUTES
        assert (response.get("X-Robots-Tag") == "noindex") is private, route
    assert [message.id for message in check_base_template(None)] == [
        "wagtail_tuidang.W007"
    ]


SHARE_CSS = "/static/wagtail_tuidang/css/share.css"
SHARE_JS = '<script src="/static/wagtail_tuidang/js/share.js" defer></script>'


@pytest.mark.parametrize("base", [HOST, "host/base_without_tag.html"])
def test_an_articles_two_share_bars_link_their_assets_once_before_them(
    client, site, settings, base
):
    settings.WAGTAIL_TUIDANG_BASE_TEMPLATE = base
    html = client.get(site["article"].url).content.decode()
    head, body = html.split("</head>")
    bars = [match.start() for match in re.finditer(r'<div class="td-share"', html)]
    assert len(bars) == 2
    for asset in (SHARE_CSS, SHARE_JS):
        assert html.count(asset) == 1
        assert html.index(asset) < bars[0]
        # In the head where the base template has the tag.
        assert (asset in head) is (base == HOST)
    # The same bar above and below the article.
    top, bottom = (html[start:].split("</ul>")[0] for start in bars)
    assert top == bottom and 'href="https://www.facebook.com/' in top


@override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE="host/base_with_partial.html")
def test_the_tag_works_inside_an_included_head_partial(client, site):
    responses = render_all(client, site)
    for route, response in responses.items():
        head, body = head_and_body(response)
        assert head.count(TUIDANG_CSS) == 1 and TUIDANG_CSS not in body, route
    assert NOINDEX_META in head_and_body(responses["submit"])[0]
    assert check_base_template(None) == []


def test_the_standalone_layout_is_unchanged_by_default(client, site):
    for route, response in render_all(client, site).items():
        html = response.content.decode()
        head, body = head_and_body(response)
        assert '<body class="td-standalone' in html, route
        assert '<header class="td-header">' in body, route
        assert head.count(TUIDANG_CSS) == 1 and TUIDANG_CSS not in body, route
        route_css = f"/static/wagtail_tuidang/css/{ROUTE_CSS[route]}"
        assert head.count(route_css) == 1 and route_css not in body, route
        assert html.count(NOINDEX_META) == (1 if route in PRIVATE_ROUTES else 0)
        assert html.count('property="og:title"') <= 1, route
    assert check_base_template(None) == []


@override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE="host/extends_plugin_base.html")
def test_a_host_base_built_on_the_plugins_base_does_not_loop(client, site):
    for route, response in render_all(client, site).items():
        html = response.content.decode()
        assert html.count("<html") == 1, route
        assert html.count('class="host-footer"') == 1, route
        assert html.count(TUIDANG_CSS) == 1, route
    assert check_base_template(None) == []


def test_a_site_that_followed_the_old_override_recipe_keeps_css_and_noindex(
    client, site, settings, tmp_path
):
    """The recipe of earlier versions: ``wagtail_tuidang/base.html`` overridden
    to extend the site's own base, which has no block for the plugin's head."""
    (tmp_path / "wagtail_tuidang").mkdir()
    (tmp_path / "wagtail_tuidang" / "base.html").write_text(
        '{% extends "host/base_without_tag.html" %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    for route, response in render_all(client, site).items():
        html = response.content.decode()
        assert html.count('class="host-footer"') == 1, route
        assert html.count(TUIDANG_CSS) == 1, route
        private = route in PRIVATE_ROUTES
        assert (response.get("X-Robots-Tag") == "noindex") is private, route
    assert [message.id for message in check_base_template(None)] == [
        "wagtail_tuidang.W007"
    ]


def test_a_page_of_the_site_itself_is_left_alone(client, home_page):
    html = client.get(home_page.url).content.decode()
    assert html.count(TUIDANG_CSS) == 1
    assert "noindex" not in html
    tag = Template("{% load wagtail_tuidang_tags %}{% tuidang_head %}")
    assert tag.render(Context({"page": home_page})) == ""
    assert tag.render(Context({})) == ""


@pytest.mark.parametrize(
    ("base", "ids"),
    [
        ("wagtail_tuidang/base.html", []),
        (HOST, []),
        ("host/base_with_partial.html", []),
        ("host/extends_plugin_base.html", []),
        ("host/base_without_tag.html", ["wagtail_tuidang.W007"]),
        ("host/missing.html", ["wagtail_tuidang.E017"]),
        ("wagtail_tuidang/layout.html", ["wagtail_tuidang.E017"]),
        ("host/extends_layout.html", ["wagtail_tuidang.E017"]),
    ],
)
def test_the_base_template_check(settings, base, ids):
    settings.WAGTAIL_TUIDANG_BASE_TEMPLATE = base
    messages = check_base_template(None)
    assert [message.id for message in messages] == ids
    for message in messages:
        assert base in message.msg
        assert message.hint
