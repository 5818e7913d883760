"""With the Content-Security-Policy on, a real browser blocks nothing the
site needs: the public pages and the admin (dashboard, page editor,
statement queue, volunteer console) report no violation.

Chromium reports each violation twice: a ``securitypolicyviolation`` event
in the page (recorded by a script Playwright adds before any of the page's
own) and a console message. Both are collected.
"""

import pytest
from django.core.management import call_command

from home.management.commands.tuidang_demo import DEMO_USERS
from wagtail_tuidang.pages.models import ArticlePage, StatementIndexPage

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
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
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
