"""Feeds give readers words, not markup: what a submitter wrote never becomes
an image, a link or a script in a feed reader, and an article body keeps its
own images and links but loses anything from another site.

Feeds are read with feedparser, which applies the same rules as feed readers
do: it decides from the feed what is HTML, and keeps whatever HTML survives
its own sanitiser (images and links do).
"""

import html
import xml.etree.ElementTree as ET

import feedparser
import pytest
import wagtail_factories

from tests.factories import body, make_article, make_index, make_statement

pytestmark = pytest.mark.django_db

PIXEL = '<img src="https://tracker.example/p.gif?who=1" width="1" height="1">'
PHISH = '<a href="https://phish.example/login">验证你的身份</a>'
SCRIPT = '<script src="https://evil.example/x.js"></script><script>alert(1)</script>'
PAYLOAD = f"我退出中共。{PIXEL}{PHISH}{SCRIPT}"
#: Markup that fits a name's 60 characters (PostgreSQL enforces the length).
NAME_MARKUP = '<img src="//t.example/p"><a href="//x.example">'
TAGS = ("<img", "<a ", "<script")
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "http://purl.org/rss/1.0/modules/content/"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def as_html(detail):
    """What a reader puts in its page for a feed value: text is escaped,
    HTML is kept (after feedparser's sanitiser, as readers do)."""
    if detail.type == "text/plain":
        return html.escape(detail.value)
    assert detail.type == "text/html"
    return detail.value


def assert_no_markup(detail):
    shown = as_html(detail)
    for tag in TAGS:
        assert tag not in shown, f"{tag!r} reached the reader: {shown!r}"


def published(index_page, **fields):
    return make_statement(status="published", index_page=index_page, **fields)[0]


@pytest.mark.parametrize("path", ["feed/", "feed/atom/"])
def test_submitter_markup_reaches_readers_as_text(client, index_page, path):
    published(index_page, name=f"假名{NAME_MARKUP}", text=PAYLOAD)

    entry = parse(client, index_page.url + path).entries[0]

    assert_no_markup(entry.summary_detail)
    assert_no_markup(entry.title_detail)
    # The words are all there, shown as typed.
    shown = html.unescape(as_html(entry.summary_detail))
    assert shown == PAYLOAD


def test_atom_declares_the_statement_as_text(client, index_page):
    published(index_page, text=PAYLOAD)

    raw = client.get(index_page.url + "feed/atom/").text

    assert '<summary type="text">' in raw
    assert 'type="html"' not in raw


def test_rss_escapes_the_statement_for_readers_that_read_html(client, index_page):
    published(index_page, text=PAYLOAD)

    raw = client.get(index_page.url + "feed/").text

    # Escaped twice: once for XML, once for the HTML a reader expects.
    assert "&amp;lt;img" in raw
    assert "&lt;img" not in raw.replace("&amp;lt;img", "")


# Articles: the body is HTML, sanitised, with the site's own images only.


@pytest.fixture
def article(home_page):
    news = make_index(home_page)
    picture = wagtail_factories.ImageFactory()
    own = picture.get_rendition("width-800").url
    paragraph = (
        '<p>Read <a href="/news/other/">our report</a> and '
        '<a href="https://source.example/story">the source</a>.'
        f'<img src="{own}" alt="ours">{PIXEL}{SCRIPT}'
        '<img src="//cdn.example/x.png"><iframe src="https://evil.example/f">'
        '</iframe><span onmouseover="alert(1)">hover</span></p>'
    )
    page = make_article(
        news,
        "Report",
        summary=f"Summary {PIXEL}",
        body=body(("paragraph", paragraph), ("image", {"image": picture.pk})),
    )
    return page, own


@pytest.mark.parametrize("path", ["/news/feed/", "/news/feed/atom/"])
def test_article_bodies_keep_own_images_and_links_only(client, article, path):
    page, own = article

    entry = parse(client, path).entries[0]
    shown = entry.content[0].value

    assert entry.content[0].type == "text/html"
    assert f'src="http://localhost{own}"' in shown
    assert 'href="http://localhost/news/other/"' in shown
    assert 'href="https://source.example/story"' in shown
    assert shown.count("<img") == 2  # the paragraph's own image and the block's
    for marker in ("tracker.example", "cdn.example", "evil.example", "<script"):
        assert marker not in shown
    assert "<iframe" not in shown and "onmouseover" not in shown
    assert "hover" in shown
    assert_no_markup(entry.summary_detail)


@pytest.mark.parametrize(
    ("path", "element"),
    [("/news/feed/", f"{{{CONTENT}}}encoded"), ("/news/feed/atom/", f"{ATOM}content")],
)
def test_the_raw_article_body_has_no_script_or_foreign_image(
    client, article, path, element
):
    root = ET.fromstring(client.get(path).content)  # noqa: S314
    (content,) = root.iter(element)
    for marker in ("tracker.example", "cdn.example", "evil.example", "script"):
        assert marker not in content.text


def test_every_kind_of_block_goes_into_the_feed_as_safe_html(client, index_page):
    published(index_page, name="墙上", text=PAYLOAD)
    news = make_index(index_page.get_parent())
    make_article(
        news,
        "All blocks",
        body=body(
            ("embed", {"url": "https://youtu.be/dQw4w9WgXcQ", "title": "Video"}),
            ("share_buttons", {"heading": "Pass it on"}),
            ("latest_statements", {"page": index_page.pk, "count": 3}),
            ("statement_form", {"heading": "Quit", "page": index_page.pk}),
        ),
    )
    for path in ("/news/feed/", "/news/feed/atom/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies  # the form block asks no CSRF cookie here
        shown = parse(client, path).entries[0].content[0].value
        # The statement shown by the block stays text; the video a link.
        assert "<img" not in shown and "<script" not in shown
        assert "<form" not in shown and "<iframe" not in shown
        assert "youtube-nocookie" not in shown
        assert 'href="https://youtu.be/dQw4w9WgXcQ"' in shown
