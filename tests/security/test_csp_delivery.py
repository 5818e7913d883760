"""The Content-Security-Policy per route, its report-only mode and report
URL, and its delivery: by the plugin's middleware alone, or handed to
Django's built-in CSP middleware (Django 6.0+) or django-csp 4 when a site
lists one above it: one policy, one header, whichever writes it."""

import django
import pytest
from django.core.checks import run_checks
from django.test import Client

from tests.helpers import csp_directives, receipt_url, submit_url

pytestmark = pytest.mark.django_db

PLUGIN = "wagtail_tuidang.headers.SecurityHeadersMiddleware"
DJANGO_CSP = "django.middleware.csp.ContentSecurityPolicyMiddleware"
DJANGO_CSP_PACKAGE = "csp.middleware.CSPMiddleware"
#: The CSP middleware this Django has: django-csp everywhere, Django's own
#: from 6.0 on.
WRITERS = [DJANGO_CSP_PACKAGE] + ([DJANGO_CSP] if django.VERSION >= (6, 0) else [])


def framing(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return csp_directives(response["Content-Security-Policy"])["frame-ancestors"]


def test_pages_with_a_form_cannot_be_framed(client, form_on_home, index_page):
    assert framing(client, submit_url(index_page)) == ["'none'"]
    assert framing(client, receipt_url(index_page)) == ["'none'"]
    assert framing(client, "/") == ["'none'"]
    assert framing(client, index_page.url) == ["'self'"]


def test_a_returning_visitor_with_a_csrf_cookie_gets_the_same_framing(
    client, form_on_home, index_page
):
    client.get(submit_url(index_page))
    assert client.cookies  # the CSRF cookie, sent back from now on
    assert framing(client, submit_url(index_page)) == ["'none'"]
    assert framing(client, index_page.url) == ["'self'"]


def test_wagtails_preview_of_a_form_page_may_be_framed_by_the_admin(form_on_home):
    response = form_on_home.make_preview_request()
    policy = csp_directives(response["Content-Security-Policy"])
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert policy["frame-ancestors"] == ["'self'"]


def test_embed_origins_may_frame_pages_without_a_form(
    client, form_on_home, index_page, settings
):
    settings.WAGTAIL_TUIDANG_CSP = {"frame_ancestors": ["https://partner.example"]}
    assert framing(client, index_page.url) == ["'self'", "https://partner.example"]
    assert framing(client, submit_url(index_page)) == ["'none'"]


def test_violations_are_reported_to_the_sites_own_url(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_CSP = {"report_only": True, "report_uri": "/csp-reports/"}
    response = client.get(index_page.url)
    assert "Content-Security-Policy" not in response
    policy = csp_directives(response["Content-Security-Policy-Report-Only"])
    assert policy["report-uri"] == ["/csp-reports/"]
    assert policy["report-to"] == ["wagtail-tuidang-csp"]
    assert response["Reporting-Endpoints"] == (
        'wagtail-tuidang-csp="http://testserver/csp-reports/"'
    )


def test_a_request_for_an_unknown_host_still_gets_its_400(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_CSP = {"report_uri": "/csp-reports/"}
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get(index_page.url, HTTP_HOST="unknown.example")
    assert response.status_code == 400
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["report-uri"] == ["/csp-reports/"]
    assert "Reporting-Endpoints" not in response


def test_no_report_goes_anywhere_by_default(client, index_page):
    response = client.get(index_page.url)
    assert "report-uri" not in response["Content-Security-Policy"]
    assert "Reporting-Endpoints" not in response


# Delivery through Django's or django-csp's middleware.


def above_the_plugin(settings, writer):
    settings.MIDDLEWARE = [writer, *settings.MIDDLEWARE]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_csp_middleware_above_sends_the_plugins_policy_once(
    client, settings, form_on_home, index_page, writer
):
    urls = [index_page.url, submit_url(index_page), "/admin/login/", "/nowhere/"]
    alone = [csp_directives(client.get(url)["Content-Security-Policy"]) for url in urls]
    above_the_plugin(settings, writer)
    for url, expected in zip(urls, alone, strict=True):
        response = Client().get(url)
        # django-csp orders directives as it likes.
        assert csp_directives(response["Content-Security-Policy"]) == expected, url
        assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.parametrize("writer", WRITERS)
def test_a_csp_middleware_above_sends_report_only_too(
    client, settings, index_page, writer
):
    above_the_plugin(settings, writer)
    settings.WAGTAIL_TUIDANG_CSP = {"report_only": True}
    response = client.get(index_page.url)
    assert "Content-Security-Policy" not in response
    policy = csp_directives(response["Content-Security-Policy-Report-Only"])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_template_using_the_nonce_gets_it_in_the_policy(rf, settings, writer):
    above_the_plugin(settings, writer)
    """A site template may run one inline script with the writer's nonce."""
    from django.utils.module_loading import import_string

    from wagtail_tuidang.headers import SecurityHeadersMiddleware

    def view(request):
        from django.http import HttpResponse

        # Django's {% csp_nonce_attr %} reads request._csp_nonce; django-csp
        # templates request.csp_nonce.
        nonce = request._csp_nonce if writer == DJANGO_CSP else request.csp_nonce
        return HttpResponse(f'<script nonce="{nonce}">go()</script>')

    chain = import_string(writer)(SecurityHeadersMiddleware(view))
    response = chain(rf.get("/anything/"))
    nonce = response.content.decode().split('"')[1]
    script_src = csp_directives(response["Content-Security-Policy"])["script-src"]
    assert script_src == ["'self'", f"'nonce-{nonce}'"]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_views_own_override_is_kept(rf, settings, writer):
    above_the_plugin(settings, writer)
    from django.http import HttpResponse
    from django.utils.module_loading import import_string

    from wagtail_tuidang.headers import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("widget")
        response._csp_config = {"default-src": ["'self'"], "frame-ancestors": ["*"]}
        return response

    chain = import_string(writer)(SecurityHeadersMiddleware(view))
    response = chain(rf.get("/widget/"))
    assert csp_directives(response["Content-Security-Policy"]) == {
        "default-src": ["'self'"],
        "frame-ancestors": ["*"],
    }


# System checks.


def ids(deploy=False):
    return [message.id for message in run_checks(include_deployment_checks=deploy)]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_csp_middleware_below_the_plugins_is_an_error(settings, writer):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, writer]
    assert "wagtail_tuidang.E018" in ids()
    settings.WAGTAIL_TUIDANG_CSP = None
    assert "wagtail_tuidang.E018" not in ids()


def test_a_configured_policy_without_the_middleware_is_an_error(settings):
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if path != PLUGIN]
    settings.WAGTAIL_TUIDANG_CSP = {"report_uri": "/csp-reports/"}
    assert "wagtail_tuidang.E018" in ids()


@pytest.mark.parametrize("writer", WRITERS)
def test_a_site_policy_the_plugins_replaces_is_a_warning(settings, writer):
    above_the_plugin(settings, writer)
    assert "wagtail_tuidang.W008" not in ids()
    if writer == DJANGO_CSP:
        settings.SECURE_CSP = {"default-src": ["'self'"]}
    else:
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    assert "wagtail_tuidang.W008" in ids()
    assert "wagtail_tuidang.E018" not in ids()


def test_report_only_in_production_is_a_deploy_warning(settings):
    assert "wagtail_tuidang.W008" not in ids(deploy=True)
    settings.WAGTAIL_TUIDANG_CSP = {"report_only": True}
    assert "wagtail_tuidang.W008" not in ids()
    assert "wagtail_tuidang.W008" in ids(deploy=True)


def test_no_policy_at_all_in_production_is_a_deploy_warning(settings):
    settings.WAGTAIL_TUIDANG_CSP = None
    assert "wagtail_tuidang.W008" in ids(deploy=True)
    above_the_plugin(settings, DJANGO_CSP_PACKAGE)
    assert "wagtail_tuidang.W008" not in ids(deploy=True)


@pytest.mark.parametrize(
    "value",
    [{"report_uri": 7}, {"frame_ancestors": "https://a.example"}, {"mode": "on"}],
)
def test_malformed_new_keys_are_a_check_error(settings, value):
    settings.WAGTAIL_TUIDANG_CSP = value
    assert "wagtail_tuidang.E013" in ids()
