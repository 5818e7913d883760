"""Mirrors and the onion address: links shared on the host the reader came
through, canonical links on the main host, ``Onion-Location`` from the
clearnet, and no URL ever built from a Host header that is not listed."""

import html
import re
from urllib.parse import quote

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from tests.factories import make_article, make_index, make_statement
from wagtail_tuidang.checks import check_mirror_hosts
from wagtail_tuidang.sharing import hosts

MIRROR = "mirror.example.net"
ONION = "a" * 52 + "2345.onion"
HOSTS = {
    "WAGTAIL_TUIDANG_MIRROR_HOSTS": [MIRROR, "backup.example.org:8443"],
    "WAGTAIL_TUIDANG_ONION_HOST": ONION,
}
MAIN = "http://localhost"


@pytest.fixture
def site(index_page):
    statement, _ = make_statement(status="published", index_page=index_page)
    news = make_index(index_page.get_parent())
    article = make_article(news, "Why they quit", summary="A report.")
    return {
        "wall": index_page,
        "statement": statement,
        "news": news,
        "article": article,
    }


def permalink(site):
    return f"/statements/s/{site['statement'].public_id}/"


def head_links(response):
    text = response.content.decode()
    tags = dict(
        re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', text)
    )
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', text)
    return text, {key: html.unescape(value) for key, value in tags.items()}, canonical


# The check -------------------------------------------------------------------


@pytest.mark.parametrize(
    "mirrors, onion",
    [
        ([MIRROR, "backup.example.org:8443", "192.0.2.7"], ONION),
        ([], None),
        ((MIRROR,), None),
    ],
)
def test_well_formed_hosts_pass_the_check(mirrors, onion):
    with override_settings(
        WAGTAIL_TUIDANG_MIRROR_HOSTS=mirrors, WAGTAIL_TUIDANG_ONION_HOST=onion
    ):
        assert check_mirror_hosts(None) == []


@pytest.mark.parametrize(
    "mirrors, onion, said",
    [
        ("mirror.example.net", None, "must be a list"),
        (["https://mirror.example.net"], None, "is not a host name"),
        (["mirror.example.net/wall/"], None, "is not a host name"),
        (["*.example.net"], None, "is not a host name"),
        ([".example.net"], None, "is not a host name"),
        (["Mirror.Example.net"], None, "is not a host name"),
        (["mirror.example.net "], None, "is not a host name"),
        ([None], None, "is not a host name"),
        ([ONION], None, "set it as WAGTAIL_TUIDANG_ONION_HOST"),
        ([], "http://" + ONION, "is not a v3 onion address"),
        ([], "expyuzz4wqqyqhjn.onion", "is not a v3 onion address"),
        ([], ONION + "/", "is not a v3 onion address"),
    ],
)
def test_a_malformed_host_is_a_check_error(mirrors, onion, said):
    with override_settings(
        WAGTAIL_TUIDANG_MIRROR_HOSTS=mirrors, WAGTAIL_TUIDANG_ONION_HOST=onion
    ):
        errors = check_mirror_hosts(None)
    assert [error.id for error in errors] == ["wagtail_tuidang.E019"]
    assert said in errors[0].msg


@override_settings(ALLOWED_HOSTS=["localhost", ".example.net"], **HOSTS)
def test_a_host_django_would_refuse_is_a_check_error():
    errors = check_mirror_hosts(None)
    assert [error.msg.split()[0] for error in errors] == [
        "'backup.example.org:8443'",
        f"'{ONION}'",
    ]
    assert all("not in ALLOWED_HOSTS" in error.msg for error in errors)


# The public base URL -----------------------------------------------------------


@override_settings(**HOSTS)
@pytest.mark.parametrize(
    "host, secure, expected",
    [
        ("localhost", False, MAIN),
        (MIRROR, True, f"https://{MIRROR}"),
        ("MIRROR.example.net", True, f"https://{MIRROR}"),
        ("backup.example.org:8443", True, "https://backup.example.org:8443"),
        ("backup.example.org", True, MAIN),
        (f"{MIRROR}:8080", False, MAIN),
        (ONION, False, f"http://{ONION}"),
        ("evil.example", True, MAIN),
        (f"{MIRROR}.evil.example", True, MAIN),
    ],
)
def test_the_public_base_url_is_a_listed_host_or_the_main_one(
    home_page, host, secure, expected
):
    request = RequestFactory().get("/", HTTP_HOST=host, secure=secure)
    assert hosts.public_base_url(request) == expected


@override_settings(**HOSTS, ALLOWED_HOSTS=["localhost", MIRROR])
def test_a_host_django_refuses_never_reaches_a_url(home_page):
    request = RequestFactory().get("/", HTTP_HOST="evil.example")
    assert hosts.request_host(request) is None
    assert hosts.public_url(f"{MAIN}/statements/", request) == f"{MAIN}/statements/"


@override_settings(**HOSTS)
def test_only_the_sites_own_urls_move_to_the_mirror(home_page):
    request = RequestFactory().get("/", HTTP_HOST=MIRROR, secure=True)
    assert hosts.public_url(f"{MAIN}/a/?b=1", request) == f"https://{MIRROR}/a/?b=1"
    assert hosts.public_url("/media/x.jpg", request) == f"https://{MIRROR}/media/x.jpg"
    cdn = "https://cdn.example.com/media/x.jpg"
    assert hosts.public_url(cdn, request) == cdn


# Pages, share buttons, feeds and sitemaps on a mirror -------------------------


@override_settings(**HOSTS)
def test_on_a_mirror_previews_and_share_links_use_it_and_canonical_does_not(
    client, site
):
    template = "{% load wagtail_tuidang_tags %}{% share_buttons page %}"
    response = client.get(permalink(site), HTTP_HOST=MIRROR, secure=True)
    text, tags, canonical = head_links(response)
    assert canonical == [f"{MAIN}{permalink(site)}"]
    assert tags["og:url"] == f"https://{MIRROR}{permalink(site)}"
    assert f'"url": "{MAIN}{permalink(site)}"' in text  # JSON-LD, for crawlers
    request = response.wsgi_request
    bar = Template(template).render(Context({"page": site["wall"], "request": request}))
    assert quote(f"https://{MIRROR}{permalink(site)}", safe="") in bar
    assert quote(f"{MAIN}/", safe="") not in bar


@override_settings(**HOSTS)
def test_an_unlisted_host_header_changes_no_url(client, site):
    response = client.get(permalink(site), HTTP_HOST="evil.example")
    text, tags, canonical = head_links(response)
    assert canonical == [f"{MAIN}{permalink(site)}"]
    assert tags["og:url"] == f"{MAIN}{permalink(site)}"
    assert "evil.example" not in text
    feed = client.get("/statements/feed/", HTTP_HOST="evil.example")
    assert b"evil.example" not in feed.content


@override_settings(**HOSTS)
def test_feeds_link_to_the_mirror_they_were_read_on(client, site):
    mirror = f"https://{MIRROR}"
    wall_feed = client.get("/statements/feed/", HTTP_HOST=MIRROR, secure=True)
    text = wall_feed.content.decode()
    assert f"<link>{mirror}{permalink(site)}</link>" in text
    assert f"{MAIN}/" not in text
    news_feed = client.get("/news/feed/atom/", HTTP_HOST=MIRROR, secure=True)
    text = news_feed.content.decode()
    assert f'href="{mirror}/news/why-they-quit/"' in text
    assert f"{MAIN}/" not in text
    main_feed = client.get("/statements/feed/", HTTP_HOST="localhost")
    assert f"<link>{MAIN}{permalink(site)}</link>" in main_feed.content.decode()


@override_settings(**HOSTS)
def test_the_sitemap_lists_the_walls_routes_on_the_host_it_was_read_on(client, site):
    text = client.get("/sitemap.xml", HTTP_HOST=ONION).content.decode()
    locations = re.findall(r"<loc>([^<]*)</loc>", text)
    base = f"http://{ONION}"
    assert f"{base}/statements/" in locations
    assert f"{base}/statements/stats/" in locations
    assert f"{base}/statements/days/" in locations
    assert f"{base}/news/why-they-quit/" in locations
    assert not any(permalink(site) in location for location in locations)
    main = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    assert f"<loc>{MAIN}/statements/stats/</loc>" in main


# Onion-Location ------------------------------------------------------------------


@override_settings(**HOSTS)
def test_the_clearnet_points_tor_browser_at_the_same_page_on_the_onion(client, site):
    for host in ("localhost", MIRROR):
        response = client.get("/statements/stats/?x=1", HTTP_HOST=host)
        assert response["Onion-Location"] == f"http://{ONION}/statements/stats/?x=1"
    article = client.get(site["article"].url)
    assert article["Onion-Location"] == f"http://{ONION}/news/why-they-quit/"


@override_settings(**HOSTS)
def test_no_onion_location_on_the_onion_nor_outside_the_plugins_pages(client, site):
    assert "Onion-Location" not in client.get("/statements/", HTTP_HOST=ONION)
    assert "Onion-Location" not in client.get("/")  # the site's own home page
    assert "Onion-Location" not in client.get("/statements/s/nope/")
    assert "Onion-Location" not in client.get("/admin/login/")


def test_no_onion_location_without_an_onion_address(client, site):
    assert "Onion-Location" not in client.get("/statements/")
    with override_settings(WAGTAIL_TUIDANG_ONION_HOST="not-an-onion"):
        assert "Onion-Location" not in client.get("/statements/")
