"""Security headers on every response: a Content-Security-Policy that keeps
third parties out (rule 8), a Permissions-Policy, and no shared cache ever
storing a response that sets a cookie."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.test import Client

from tests.factories import make_article, make_index, make_statement
from tests.helpers import csp_directives, receipt_url, served_below, submit_url

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "wagtail_tuidang" / "templates"
DENIED = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


def directives(response):
    return csp_directives(response["Content-Security-Policy"])


@pytest.fixture
def public_urls(form_on_home, index_page):
    statement = make_statement(status="published", index_page=index_page)[0]
    news = make_index(form_on_home)
    article = make_article(news, "Report")
    return [
        "/",
        index_page.url,
        submit_url(index_page),
        receipt_url(index_page),
        f"{index_page.url}stats/",
        f"{index_page.url}s/{statement.public_id}/",
        f"{index_page.url}feed/",
        news.url,
        article.url,
        "/no-such-page/",
    ]


@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("root", "r@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client


#: Public pages that carry a form (the home page has the form block).
FORM_PAGES = {0, 2, 3}


def test_every_public_page_allows_only_the_site_itself(client, public_urls):
    for number, url in enumerate(public_urls):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["img-src"] == ["'self'", "data:"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["form-action"] == ["'self'"], url
        # Nobody may frame a form; only the site itself (Wagtail's preview
        # panel) any other page.
        framing = ["'none'"] if number in FORM_PAGES else ["'self'"]
        assert policy["frame-ancestors"] == framing, url
        assert policy["base-uri"] == ["'none'"], url
        # Only the click-to-load embed players may be framed.
        assert policy["frame-src"] == [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ]


def test_every_response_denies_powerful_features(client, admin_client, public_urls):
    for response in [client.get(url) for url in public_urls] + [
        admin_client.get("/admin/")
    ]:
        policy = response["Permissions-Policy"]
        for feature in DENIED:
            assert f"{feature}=()" in policy


def test_the_admin_has_its_own_policy(admin_client, index_page):
    for url in ["/admin/", "/admin/tuidang/statements/", "/admin/login/"]:
        policy = directives(admin_client.get(url))
        assert policy["default-src"] == ["'self'"]
        # Wagtail's own widgets run inline scripts; the preview is a frame.
        assert "'unsafe-inline'" in policy["script-src"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]


def test_the_admin_of_a_site_served_below_a_path_has_its_policy(
    admin_client, index_page
):
    with served_below("/site") as below:
        policy = directives(admin_client.get("/admin/", **below))
    assert "'unsafe-inline'" in policy["script-src"]


def test_error_responses_carry_the_headers_too(client, index_page):
    response = client.get(index_page.url, QUERY_STRING="q=\xff")
    assert response.status_code == 400
    assert directives(response)["default-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]


def test_a_site_adjusts_one_directive(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_CSP = {
        "public": {"img-src": ["'self'", "https://media.example.org"]},
        "admin": {"script-src": None},
    }
    policy = directives(client.get(index_page.url))
    assert policy["img-src"] == ["'self'", "https://media.example.org"]
    assert policy["default-src"] == ["'self'"]
    assert "script-src" not in directives(client.get("/admin/login/"))


def test_a_site_with_its_own_policy_turns_it_off(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_CSP = None
    settings.WAGTAIL_TUIDANG_PERMISSIONS_POLICY = None
    response = client.get(index_page.url)
    assert "Content-Security-Policy" not in response
    assert "Permissions-Policy" not in response


def test_report_only_sends_the_policy_without_enforcing_it(
    client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_CSP = {"report_only": True}
    response = client.get(index_page.url)
    assert "Content-Security-Policy" not in response
    assert "default-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_assets_on_the_sites_own_storage_are_allowed(client, index_page, settings):
    settings.MEDIA_URL = "https://media.example.org/media/"
    policy = directives(client.get(index_page.url))
    assert "https://media.example.org" in policy["img-src"]
    assert "https://media.example.org" not in policy["connect-src"]


def test_permissions_can_be_granted_back(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_PERMISSIONS_POLICY = {
        "camera": ["self", "https://cam.example.org"],
        "usb": None,
    }
    policy = client.get(index_page.url)["Permissions-Policy"]
    assert 'camera=(self "https://cam.example.org")' in policy
    assert "usb" not in policy
    assert "microphone=()" in policy


@pytest.mark.parametrize("value", [["default-src"], {"public": ["x"]}, {"x": {}}])
def test_a_malformed_policy_setting_is_a_check_error(settings, value):
    settings.WAGTAIL_TUIDANG_CSP = value
    assert "wagtail_tuidang.E013" in [error.id for error in run_checks()]


def test_a_missing_middleware_is_a_deploy_warning(settings):
    settings.MIDDLEWARE = [
        path for path in settings.MIDDLEWARE if "wagtail_tuidang" not in path
    ]
    ids = [error.id for error in run_checks(include_deployment_checks=True)]
    assert ids.count("wagtail_tuidang.W005") == 2


# A page that sets a cookie is never stored by a shared cache.


def assert_private(response):
    assert response.cookies, "the page was expected to set a cookie"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "public" not in cache_control
    assert "Cookie" in response["Vary"]


def test_the_home_page_with_the_form_block_is_private(client, form_on_home):
    response = client.get("/")
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert_private(response)


def test_the_submit_page_is_private(client, index_page):
    assert_private(client.get(submit_url(index_page)))


def test_a_page_that_sets_no_cookie_may_be_cached(client, index_page):
    response = client.get(index_page.url)
    assert not response.cookies
    assert "private" not in response.get("Cache-Control", "")


# The plugin's own templates run under the public policy as they are.

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/)[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=")
HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: path.name
)
def test_no_template_of_the_plugin_needs_inline_script_or_style(template):
    html = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)
    assert not HANDLER.search(html)
