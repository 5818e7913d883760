"""Sharing statements: the share bar on permalinks and featured statement
pages, and WeChat's QR code, drawn on the server and opened without JS."""

import re
from html.parser import HTMLParser

import pytest
import segno
import zxingcpp
from django.template import Context, Template
from PIL import Image, ImageDraw
from wagtail.models import Site

from tests.factories import make_statement
from wagtail_tuidang.models import ShareSettings
from wagtail_tuidang.pages.models import StatementPage
from wagtail_tuidang.sharing import qr

PIXELS_PER_MODULE = 6


class Elements(HTMLParser):
    """Start tags (name, attributes) and the markup of each QR ``<svg>``."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)
        self.svgs = re.findall(r"<svg[^>]*td-share__qr-svg.*?</svg>", html, re.S)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, name, **match):
        return [
            attrs
            for tag, attrs in self.tags
            if tag == name and all(attrs.get(k) == v for k, v in match.items())
        ]


def svg_modules(svg):
    """The dark modules (column, row) the SVG's one stroked path draws, and
    its size in modules: segno draws each run of dark modules as a
    horizontal line, moving between runs with relative ``m`` commands."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r'<path stroke="#000"[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([MmHh])([^MmHh]*)", path):
        values = [float(n) for n in re.findall(r"-?\d*\.?\d+", numbers)]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            length = values[0] if command == "h" else values[0] - x
            dark.update((int(x + i), int(y)) for i in range(int(length)))
            x += length
    return dark, size


def decode(svg):
    """What a phone reads from the QR code drawn by ``svg``."""
    dark, size = svg_modules(svg)
    image = Image.new("L", (size * PIXELS_PER_MODULE,) * 2, 255)
    draw = ImageDraw.Draw(image)
    for column, row in dark:
        x, y = column * PIXELS_PER_MODULE, row * PIXELS_PER_MODULE
        box = (x, y, x + PIXELS_PER_MODULE - 1, y + PIXELS_PER_MODULE - 1)
        draw.rectangle(box, fill=0)
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture
def wechat_only(home_page):
    settings = ShareSettings.for_site(Site.objects.get())
    settings.networks = [("network", "wechat"), ("network", "telegram")]
    settings.save()
    qr.qr_svg.cache_clear()
    return settings


@pytest.fixture
def permalink(index_page, wechat_only):
    statement, _ = make_statement(status="published", index_page=index_page)
    return f"{index_page.url}s/{statement.public_id}/", statement


def test_the_permalink_has_a_share_bar_with_its_own_url(client, permalink):
    url, statement = permalink
    html = client.get(url).content.decode()
    tags = Elements(html)
    [bar] = tags.all("div", **{"class": "td-share"})
    assert bar["data-url"] == f"http://localhost{url}"
    assert bar["data-title"] == f"{statement.public_name} · Statements"
    [telegram] = tags.all("a", **{"class": "td-share__link td-share__link--telegram"})
    assert "localhost" in telegram["href"]
    assert html.count("wagtail_tuidang/css/share.css") == 1


def test_the_wechat_qr_code_reads_back_as_the_permalink(client, permalink):
    url, _ = permalink
    html = client.get(url).content.decode()
    [svg] = Elements(html).svgs
    assert decode(svg) == [f"http://localhost{url}"]
    # The very code segno draws for the URL, module for module.
    code = segno.make(f"http://localhost{url}", error="m", micro=False)
    expected = {
        (column, row)
        for row, line in enumerate(code.matrix_iter(border=qr.QUIET_ZONE))
        for column, is_dark in enumerate(line)
        if is_dark
    }
    assert svg_modules(svg)[0] == expected


def test_the_qr_code_opens_from_a_details_element_with_a_text_alternative(
    client, permalink
):
    html = client.get(permalink[0]).content.decode()
    tags = Elements(html)
    assert len(tags.all("details", **{"class": "td-share__qr"})) == 1
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", html, re.S).group(1)
    assert '<span class="td-share__label">Share on WeChat</span>' in summary
    [image] = tags.all("span", role="img")
    assert image["aria-label"] == "Scan with WeChat to share"
    [svg] = tags.all("svg", **{"class": "td-share__qr-svg"})
    assert svg["aria-hidden"] == "true"
    assert "Scan with WeChat to share</p>" in html


def test_the_qr_svg_has_no_inline_style_or_script(client, permalink):
    html = client.get(permalink[0]).content.decode()
    [svg] = Elements(html).svgs
    assert "style" not in svg.lower()
    assert "<script" not in svg.lower()
    assert re.search(r"\son\w+=", svg) is None
    # No attribute anywhere on the page sets a style (CSP: style-src 'self').
    assert re.search(r"<[^>]+\sstyle=", html) is None


def test_a_urls_code_is_drawn_once(client, permalink):
    for _ in range(3):
        client.get(permalink[0])
    info = qr.qr_svg.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_a_url_too_long_for_a_qr_code_leaves_only_the_wechat_button_out(
    wechat_only,
):
    html = Template(
        "{% load wagtail_tuidang_tags %}{% share_buttons page url=url %}"
    ).render(
        Context(
            {
                "page": wechat_only.site.root_page,
                "url": "https://a.example/" + "x" * 3000,
            }
        )
    )
    assert "td-share__qr" not in html
    assert "td-share__link--telegram" in html


def test_a_fresh_site_offers_wechat_first(home_page):
    html = Template("{% load wagtail_tuidang_tags %}{% share_buttons page %}").render(
        Context({"page": home_page})
    )
    keys = re.findall(r"td-share__link td-share__link--(\w+)", html)
    assert keys[0] == "wechat"
    assert "td-share__qr-svg" in html


def test_a_featured_statement_page_has_a_share_bar(client, wechat_only):
    home = wechat_only.site.root_page
    featured = home.add_child(instance=StatementPage(title="Why Zhang quit"))
    html = client.get(featured.url).content.decode()
    tags = Elements(html)
    [bar] = tags.all("div", **{"class": "td-share"})
    assert bar["data-url"] == "http://localhost/why-zhang-quit/"
    assert bar["data-title"] == "Why Zhang quit"
    [svg] = tags.svgs
    assert decode(svg) == ["http://localhost/why-zhang-quit/"]
