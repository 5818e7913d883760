"""Quick exit: "Leave this page" on every public page of the plugin, off until
WAGTAIL_TUIDANG_QUICK_EXIT_URL names a page elsewhere (wagtail_tuidang.W010)."""

import re

import pytest
from django.test import override_settings

from tests.test_host_layout import HOST, render_all
from tests.test_host_layout import site as site  # a fixture, used by name
from wagtail_tuidang.layout.checks import check_quick_exit_url

EXIT = "https://weather.example/today?city=Taipei&units=c"
LINK = re.compile(r'<a class="td-quick-exit__link" href="([^"]*)"[^>]*>([^<]*)</a>')
SCRIPT = '<script src="/static/wagtail_tuidang/js/quick-exit.js" defer></script>'
STYLESHEET = "/static/wagtail_tuidang/css/quick-exit.css"


def test_off_by_default_no_page_has_the_control(client, site):
    for route, response in render_all(client, site).items():
        html = response.content.decode()
        assert "td-quick-exit" not in html, route
        assert "quick-exit.js" not in html, route


@pytest.mark.parametrize("base", ["wagtail_tuidang/base.html", HOST])
def test_on_every_public_page_links_once_to_the_exit_page(client, site, base):
    with override_settings(
        WAGTAIL_TUIDANG_QUICK_EXIT_URL=EXIT, WAGTAIL_TUIDANG_BASE_TEMPLATE=base
    ):
        responses = render_all(client, site)
    for route, response in responses.items():
        html = response.content.decode()
        links = LINK.findall(html)
        assert links == [(EXIT.replace("&", "&amp;"), "Leave this page")], route
        assert html.count(SCRIPT) == 1, route
        assert html.count(STYLESHEET) == 1, route
        head = html.partition("</head>")[0]
        assert STYLESHEET in head, route
        assert 'rel="noreferrer"' in html.split("td-quick-exit__link", 1)[1][:200]
        # The script is the plugin's file: no inline script on the page
        # (JSON-LD is data, not a script that runs).
        inline = r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>"
        assert re.search(inline, html) is None, route


@override_settings(WAGTAIL_TUIDANG_QUICK_EXIT_URL=EXIT)
def test_in_the_standalone_layout_it_leads_the_header(client, site):
    html = client.get(site["wall"].url).content.decode()
    header = html.split('<header class="td-header">', 1)[1].split("</header>")[0]
    assert header.lstrip().startswith('<div class="td-quick-exit"')
    # The Esc hint is shown by the script only: it means nothing without it.
    assert re.search(r'<span class="td-quick-exit__hint"[^>]* hidden>', html)


@pytest.mark.parametrize(
    "value",
    [
        "/leave/",
        "weather.example",
        "//weather.example/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "ftp://weather.example/",
        "https://",
        "https://exa mple.org/",
        42,
    ],
)
def test_an_unusable_exit_url_shows_no_control_and_warns(client, site, value):
    with override_settings(WAGTAIL_TUIDANG_QUICK_EXIT_URL=value):
        html = client.get(site["wall"].url).content.decode()
        [warning] = check_quick_exit_url(None)
    assert "td-quick-exit" not in html
    assert warning.id == "wagtail_tuidang.W010"
    assert repr(value) in warning.msg


@override_settings(
    WAGTAIL_TUIDANG_QUICK_EXIT_URL="https://news.example/x",
    ALLOWED_HOSTS=[".news.example", "localhost"],
)
def test_an_exit_on_the_site_itself_warns():
    [warning] = check_quick_exit_url(None)
    assert warning.id == "wagtail_tuidang.W010"
    assert "this site" in warning.msg


@override_settings(WAGTAIL_TUIDANG_QUICK_EXIT_URL="http://testserver/elsewhere/")
def test_an_exit_on_the_host_being_visited_shows_no_control(client, site):
    html = client.get(site["wall"].url).content.decode()
    assert "td-quick-exit" not in html


@pytest.mark.parametrize("value", [None, "", EXIT, "http://weather.example"])
def test_a_usable_or_unset_exit_url_passes_the_check(value):
    with override_settings(
        WAGTAIL_TUIDANG_QUICK_EXIT_URL=value, ALLOWED_HOSTS=["news.example"]
    ):
        assert check_quick_exit_url(None) == []
