"""The example site is safe to copy: production settings pass Django's deployment
checks, privacy defaults are on, and nothing shipped loads a third-party asset.
"""

import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import django
import pytest
from cryptography.fernet import Fernet
from django.http import Http404
from django.middleware.locale import LocaleMiddleware

from home.views import page_not_found
from wagtail_tuidang.crypto import FernetCipher, generate_key_pair

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SITE = REPO / "example_site"
SHIPPED = [REPO / "wagtail_tuidang", EXAMPLE_SITE]
SCANNED_SUFFIXES = {".html", ".txt", ".xml", ".svg", ".css", ".js", ".mjs", ".py"}

# Sites whose scripts, fonts, images or widgets visitors must never be made to
# fetch: they are blocked in China and tell their owners who reads what.
ASSET_HOSTS = re.compile(
    r"""[\w.-]*\b(
        googleapis\.com | gstatic\.com | fonts\.google\.com | google-analytics\.com
        | googletagmanager\.com | recaptcha\.net | google\.com/recaptcha
        | gravatar\.com | cloudflare\.com | cloudflareinsights\.com
        | jsdelivr\.net | unpkg\.com | bootstrapcdn\.com | code\.jquery\.com
        | typekit\.net | fontawesome\.com | hcaptcha\.com
        | connect\.facebook\.net | platform\.twitter\.com | addthis\.com
        | sharethis\.com
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)
#: Hosts a plain link (<a href>) may point to: the share networks, whose
#: pages are only ever fetched when a person clicks.
SHARE_LINK_HOSTS = {
    "bsky.app",
    "facebook.com",
    "line.me",
    "linkedin.com",
    "reddit.com",
    "service.weibo.com",
    "social-plugins.line.me",
    "t.me",
    "telegram.me",
    "twitter.com",
    "wa.me",
    "www.facebook.com",
    "www.linkedin.com",
    "www.reddit.com",
    "x.com",
}

#: Hosts that the vendored ALTCHA widget names as text, never as a request:
#: XML namespaces, the Svelte runtime's error-message links and the widget's
#: own home page. The Chromium tests see that no request leaves the site.
VENDORED_TEXT_HOSTS = {"www.w3.org", "svelte.dev", "altcha.org"}
VENDORED = REPO / "wagtail_tuidang" / "static" / "wagtail_tuidang" / "vendor"

REMOTE = r"""(?:https?:)?//[^\s"'`<>)]+"""
HTML_TAG = re.compile(r"<([a-zA-Z][\w:-]*)\b([^>]*)>")
HTML_URL_ATTRIBUTE = re.compile(
    r"""\b(src|srcset|href|xlink:href|action|formaction|poster|data|background)"""
    rf"""\s*=\s*["']?\s*({REMOTE})""",
    re.IGNORECASE,
)
CSS_REMOTE = re.compile(
    rf"""(?:url\(\s*["']?\s*|@import\s+["']?\s*)({REMOTE})""", re.IGNORECASE
)
JS_REMOTE = re.compile(rf"""["'`]({REMOTE})""")


def shipped_files():
    for top in SHIPPED:
        for path in sorted(top.rglob("*")):
            if path.suffix in SCANNED_SUFFIXES and "__pycache__" not in path.parts:
                yield path


def host(url):
    return urlsplit(url if "//" in url[:8] else "//" + url).hostname or ""


def html_problems(text):
    for tag, attributes in HTML_TAG.findall(text):
        for attribute, url in HTML_URL_ATTRIBUTE.findall(attributes):
            is_link = tag.lower() == "a" and attribute.lower() == "href"
            if not (is_link and host(url) in SHARE_LINK_HOSTS):
                yield f"<{tag} {attribute}={url}>"


def third_party_references(path):
    text = path.read_text(encoding="utf-8")
    problems = [match.group(0) for match in ASSET_HOSTS.finditer(text)]
    if path.suffix in {".html", ".txt", ".xml", ".svg"}:
        problems += html_problems(text)
    if path.suffix in {".html", ".css", ".svg"}:
        problems += CSS_REMOTE.findall(text)  # <style> blocks and style=""
    if path.suffix in {".js", ".mjs"}:
        allowed = SHARE_LINK_HOSTS
        if VENDORED in path.parents:
            allowed = allowed | VENDORED_TEXT_HOSTS
        problems += [url for url in JS_REMOTE.findall(text) if host(url) not in allowed]
    return problems


def test_no_shipped_file_refers_to_a_third_party_asset():
    files = list(shipped_files())
    assert any(f.suffix == ".html" for f in files)
    assert any(f.suffix == ".css" for f in files)
    found = {
        str(path.relative_to(REPO)): problems
        for path in files
        if (problems := third_party_references(path))
    }
    assert found == {}, (
        "Public pages must not load anything from another site (DESIGN.md, rule "
        "2). A plain link to a share network may be added to SHARE_LINK_HOSTS."
    )


@pytest.mark.parametrize(
    "text",
    [
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=X">',
        "<script src='//cdn.jsdelivr.net/npm/x.js'></script>",
        '<img src="https://www.gravatar.com/avatar/0">',
        '<link rel="preconnect" href="https://example.net">',
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        '<a href="https://example.net/tracker">x</a>',
        "<style>body { background: url('https://example.net/a.png') }</style>",
        '<div style="background: url(//example.net/a.png)"></div>',
        "<style>@import 'https://example.net/a.css';</style>",
    ],
)
def test_the_scan_catches_third_party_assets(tmp_path, text):
    path = tmp_path / "page.html"
    path.write_text(text, encoding="utf-8")
    assert third_party_references(path)


@pytest.mark.parametrize(
    "text",
    [
        '<link rel="stylesheet" href="{% static \'wagtail_tuidang/x.css\' %}">',
        '<a href="{{ page.url }}">x</a>',
        '<a href="https://twitter.com/intent/tweet?url={{ url|urlencode }}">x</a>',
        "<style>body { background: url('/static/a.png') }</style>",
    ],
)
def test_the_scan_allows_local_assets_and_share_links(tmp_path, text):
    path = tmp_path / "page.html"
    path.write_text(text, encoding="utf-8")
    assert third_party_references(path) == []


def test_the_scan_catches_remote_urls_in_stylesheets_and_scripts(tmp_path):
    css = tmp_path / "a.css"
    css.write_text("@import url('https://example.net/x.css');", encoding="utf-8")
    js = tmp_path / "a.js"
    js.write_text("fetch('https://example.net/beacon');", encoding="utf-8")
    assert third_party_references(css)
    assert third_party_references(js)


# Settings ---------------------------------------------------------------------


def test_base_settings_send_nothing_to_wagtail_or_gravatar():
    base = importlib.import_module("example_site.settings.base")
    assert base.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert base.WAGTAIL_ENABLE_UPDATE_CHECK is False


def test_dev_settings_have_a_working_contact_key_apart_from_secret_key():
    dev = importlib.import_module("example_site.settings.dev")
    assert dev.WAGTAIL_TUIDANG_CONTACT_KEYS
    assert dev.SECRET_KEY not in dev.WAGTAIL_TUIDANG_CONTACT_KEYS
    cipher = FernetCipher(dev.WAGTAIL_TUIDANG_CONTACT_KEYS)
    assert cipher.decrypt(cipher.encrypt("demo")) == "demo"


def run_manage(*args, **environ):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "WAGTAIL"))
    }
    env.update(
        {"DJANGO_SETTINGS_MODULE": "example_site.settings.production", **environ}
    )
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=EXAMPLE_SITE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="tuidang.example.org",
        WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY=generate_key_pair()[1],
        WAGTAIL_TUIDANG_CONTACT_KEYS=",".join(
            [Fernet.generate_key().decode(), Fernet.generate_key().decode()]
        ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_admin_host_settings_pass_the_deployment_checks():
    private, public = generate_key_pair()
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="example_site.settings.admin",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="admin.tuidang.example.org",
        WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY=public,
        WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS=private,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_refuse_the_development_contact_key():
    dev = importlib.import_module("example_site.settings.dev")
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="tuidang.example.org",
        WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY=generate_key_pair()[1],
        WAGTAIL_TUIDANG_CONTACT_KEYS=dev.WAGTAIL_TUIDANG_CONTACT_KEYS[0],
    )
    assert result.returncode != 0
    assert "wagtail_tuidang.E014" in result.stderr


@pytest.mark.parametrize("host", ["production", "admin"])
def test_production_settings_require_two_factor_and_throttle_sign_ins(host):
    private, public = generate_key_pair()
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.WAGTAIL_TUIDANG_REQUIRE_2FA, s.AXES_ENABLED, s.AXES_HANDLER)",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_SETTINGS_MODULE=f"example_site.settings.{host}",
        DJANGO_ALLOWED_HOSTS="tuidang.example.org",
        WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY=public,
        WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS=private,
    )
    assert result.stdout.splitlines()[-1].split() == [
        "True",
        "True",
        "wagtail_tuidang.accounts.throttling.ForgivingAxesCacheHandler",
    ], result.stderr


def test_production_settings_refuse_to_start_without_their_secrets():
    result = run_manage("check", DJANGO_ALLOWED_HOSTS="tuidang.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# The 404 page ------------------------------------------------------------------

NOT_FOUND = {
    "zh-hans": ("找不到该页面", "在声明墙上阅读最新的声明", "用回执码查询声明"),
    "en": (
        "Page not found",
        "Read the latest statements on the statement wall",
        "Check a statement with its receipt code",
    ),
}


def assert_helpful_404(response, language):
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    for text in NOT_FOUND[language]:
        assert text in html
    assert 'href="/statements/"' in html
    assert 'href="/statements/receipt/"' in html
    assert "Not Found</h1>" not in html  # not Django's bare page


@pytest.mark.django_db
@pytest.mark.parametrize("language", NOT_FOUND)
def test_a_missing_page_gets_the_404_in_the_visitors_language(
    client, settings, home_page, language
):
    settings.DEBUG = False
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert_helpful_404(response, language)


@pytest.mark.parametrize("language", NOT_FOUND)
def test_the_404_needs_no_database_and_no_cache(rf, settings, language):
    """No django_db mark: any query fails the test, as any cache use does."""
    settings.DEBUG = False
    request = rf.get("/withdrawn/", HTTP_ACCEPT_LANGUAGE=language)
    with mock.patch(
        "django.core.cache.CacheHandler.__getitem__",
        side_effect=AssertionError("the 404 used the cache"),
    ):
        response = LocaleMiddleware(lambda r: page_not_found(r, Http404()))(request)
    assert_helpful_404(response, language)


def test_the_404_links_are_settings(rf, settings):
    settings.EXAMPLE_SITE_WALL_URL = "/zh/wall/"
    html = page_not_found(rf.get("/x/"), Http404()).content.decode()
    assert 'href="/zh/wall/"' in html and 'href="/zh/wall/receipt/"' in html


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [("postgres://tuidang@db.example.org:5432/tuidang", True), ("", False)],
)
def test_production_settings_add_contrib_postgres_on_postgresql(database_url, expected):
    """Wagtail's search needs django.contrib.postgres on PostgreSQL; the
    settings a site copies add it there, and only there."""
    environ = {"DATABASE_URL": database_url} if database_url else {}
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print('django.contrib.postgres' in s.INSTALLED_APPS)",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="tuidang.example.org",
        WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY=generate_key_pair()[1],
        **environ,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(expected)


def test_production_settings_enforce_the_content_security_policy():
    result = run_manage(
        "shell",
        "-c",
        "from django.test import Client; "
        "from wagtail_tuidang.headers import csp_writer; "
        "r = Client().get('/admin/login/', secure=True); "
        "print(csp_writer(), 'Content-Security-Policy' in r, "
        "'Content-Security-Policy-Report-Only' in r)",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="testserver",
        WAGTAIL_TUIDANG_CONTACT_PUBLIC_KEY=generate_key_pair()[1],
    )
    writer = (
        "django.middleware.csp.ContentSecurityPolicyMiddleware"
        if django.VERSION >= (6, 0)
        else "None"
    )
    assert result.stdout.splitlines()[-1].split() == [writer, "True", "False"], (
        result.stderr
    )
