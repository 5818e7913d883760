"""With the Content-Security-Policy on, a real browser blocks nothing the
site needs: the public pages and the admin (dashboard, page editor,
statement queue, volunteer console) report no violation, and no public page
asks another origin for anything.

Chromium reports each violation twice: a ``securitypolicyviolation`` event
in the page (recorded by a script Playwright adds before any of the page's
own) and a console message. Both are collected.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from home.management.commands.tuidang_demo import DEMO_USERS
from tests.browser import load
from tests.factories import make_rich_site
from tests.test_privacy import crawl, start_urls
from wagtail_tuidang.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    StatementIndexPage,
    StatementPage,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def demo_site(live_site):
    call_command("tuidang_demo", stdout=None)
    return live_site


@pytest.fixture
def watched(page):
    """The tab, with ``page.violations`` listing every CSP report."""
    page.violations = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            page.violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def visit(page, url):
    response = load(page, url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.violations.extend(
        f"{url}: {report}" for report in page.evaluate("window.cspViolations")
    )
    return response


def public_urls(site):
    index = StatementIndexPage.objects.live().first()
    article = ArticlePage.objects.live().first()
    return [
        site + "/",
        site + index.url,
        site + index.url + "submit/",
        site + index.url + "receipt/",
        site + index.url + "stats/",
        site + article.url,
    ]


def test_public_pages_break_no_rule_of_the_policy(demo_site, watched):
    for url in public_urls(demo_site):
        visit(watched, url)
    assert watched.violations == []


def test_the_statement_form_still_works_under_the_policy(demo_site, watched):
    index = StatementIndexPage.objects.live().first()
    visit(watched, demo_site + index.url + "submit/")
    # The form's own script (statement-form.js) ran: it is a static file.
    assert watched.locator("form").count() >= 1
    assert watched.violations == []


def test_the_admin_breaks_no_rule_of_its_policy(demo_site, watched):
    password, _group = DEMO_USERS["admin"]
    visit(watched, demo_site + "/admin/login/")
    watched.fill("input[name=username]", "admin")
    watched.fill("input[name=password]", password)
    watched.click("button[type=submit]")
    watched.wait_for_url(demo_site + "/admin/")
    article = ArticlePage.objects.live().first()
    index = StatementIndexPage.objects.live().first()
    for path in [
        "/admin/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{index.pk}/edit/",
        "/admin/tuidang/statements/",
        "/admin/images/",
    ]:
        visit(watched, demo_site + path)
    # The editor's side panels: the live preview frames the admin itself.
    visit(watched, f"{demo_site}/admin/pages/{article.pk}/edit/")
    preview = watched.locator("[data-side-panel-toggle='preview']")
    if preview.count():
        preview.first.click()
        watched.wait_for_load_state("networkidle")
        watched.wait_for_timeout(1500)
        watched.violations.extend(watched.evaluate("window.cspViolations"))
    assert watched.violations == []


# Every public route, found by the privacy crawl (so a new route is covered
# as soon as a page links to it), loaded with JavaScript on.

#: Schemes a page may use without asking any origin.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def route_shape(url, page_paths):
    """``/statements/s/Ab3x9/?cursor=…`` → ``/statements/s/*/?cursor``: one
    visit per page, per route below it and per query, not one per statement
    or page of the wall."""
    parts = urlsplit(url)
    path = parts.path
    if path not in page_paths:
        path = "/".join(
            "*" if re.search(r"\d", segment) else segment for segment in path.split("/")
        )
    keys = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    return f"{path}?{'&'.join(keys)}"


def public_html_routes():
    """One URL per route shape of the pages the privacy crawl reaches."""
    wall = StatementIndexPage.objects.live().first()
    page_paths = {page.url for page in Page.objects.live().public().specific()}
    shapes = {}
    for url, response in crawl(Client(), start_urls(wall)).items():
        html = "text/html" in response.get("Content-Type", "")
        # A mailto: share link's query is no route of the site.
        if response.status_code == 200 and html and url.startswith("/"):
            shapes.setdefault(route_shape(url, page_paths), url)
    return sorted(shapes.values())


@pytest.fixture
def full_demo_site(demo_site):
    """The demo (with its featured statement pages), and an article whose
    body carries images and a click-to-load embed."""
    make_rich_site(ArticleIndexPage.objects.live().first(), 1)
    return demo_site


def rich_articles():
    return [
        article.url
        for article in ArticlePage.objects.live()
        if {"image", "embed"} <= {block.block_type for block in article.body}
    ][:1] or ["(no article with images and an embed)"]


def test_every_public_route_runs_under_the_enforced_policy(full_demo_site, watched):
    routes = public_html_routes()
    paths = {urlsplit(url).path for url in routes}
    wall = StatementIndexPage.objects.live().first()
    for expected in [
        "/",
        wall.url,
        wall.url + "submit/",
        wall.url + "receipt/",
        wall.url + "stats/",
        wall.url + "days/",
        StatementPage.objects.live().first().url,
        ArticleIndexPage.objects.live().first().url,
        *rich_articles(),
    ]:
        assert expected in paths, f"the crawl never reached {expected}"
    assert any("/s/" in path for path in paths), "no permalink reached"
    for route in routes:
        response = visit(watched, full_demo_site + route)
        assert "content-security-policy-report-only" not in response.headers
        if route.split("?")[0].endswith(("/submit/", "/receipt/")):
            assert (
                "frame-ancestors 'none'" in response.headers["content-security-policy"]
            )
    assert watched.violations == []
    foreign = [
        url
        for url in watched.requested
        if not url.startswith((full_demo_site + "/", *LOCAL_SCHEMES))
    ]
    assert foreign == []


def test_a_third_party_script_in_a_page_is_blocked(full_demo_site, watched):
    """What the policy is for: a script from elsewhere, added to a page (as
    a host template's analytics tag would be), never reaches the network or
    runs, and the browser reports it."""
    served = []

    def serve_tracker(route):
        served.append(route.request.url)
        route.fulfill(body="window.tracked = true;", content_type="text/javascript")

    watched.route("https://analytics.example.invalid/**", serve_tracker)
    index = StatementIndexPage.objects.live().first()
    visit(watched, full_demo_site + index.url)
    watched.evaluate(
        """() => {
            const script = document.createElement("script");
            script.src = "https://analytics.example.invalid/tag.js";
            document.head.append(script);
        }"""
    )
    watched.wait_for_timeout(500)
    reports = watched.evaluate("window.cspViolations")
    assert any("analytics.example.invalid" in report for report in reports)
    assert served == []
    assert watched.evaluate("window.tracked === undefined")
