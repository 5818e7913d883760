"""axe-core finds no WCAG 2.1 A/AA violation on any public page of the demo
site, with the quick exit on and the WeChat code open: what a reader using a
screen reader, a keyboard or a small phone meets.

axe-core (MPL-2.0) is vendored for the tests only in ``vendor/axe.min.js``
(from npm, axe-core 4.14.1); it is never served by the plugin. The context
bypasses the Content-Security-Policy so Playwright may add it to the page;
``test_csp_browser.py`` checks the policy itself.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from home.models import StandardPage
from wagtail_tuidang.models import Statement
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

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def demo_site(live_site, settings):
    call_command("tuidang_demo", stdout=None)
    settings.WAGTAIL_TUIDANG_QUICK_EXIT_URL = "https://weather.example/"
    # As `make demo` shows them: inside the example site's masthead and footer.
    settings.WAGTAIL_TUIDANG_BASE_TEMPLATE = "base.html"
    return live_site


def public_paths():
    wall = StatementIndexPage.objects.live().first()
    statement = Statement.objects.filter(index_page=wall, status="published").first()
    paths = [
        "/",
        wall.url,
        wall.url + "submit/",
        wall.url + "receipt/",
        wall.url + "stats/",
        wall.url + "days/",
        f"{wall.url}s/{statement.public_id}/",
        ArticleIndexPage.objects.live().first().url,
        ArticlePage.objects.live().first().url,
    ]
    featured = StatementPage.objects.live().first()
    if featured is not None:
        paths.append(featured.url)
    # The about, privacy and safety pages of the example site.
    paths += [page.url for page in StandardPage.objects.live()]
    return paths


def violations(tab):
    """axe's violations on the page shown, as readable lines."""
    tab.add_script_tag(path=str(AXE))
    found = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => `${v.id}: ${v.help} — `"
        " + v.nodes.map(n => n.target.join(' ')).join(', ')))",
        TAGS,
    )
    return [f"{tab.url} {line}" for line in found]


@pytest.mark.parametrize("width", [375, 1366])
def test_public_pages_have_no_axe_violation(browser, demo_site, width):
    context = browser.new_context(
        locale="zh-CN",
        bypass_csp=True,
        viewport={"width": width, "height": 900},
    )
    tab = context.new_page()
    found = []
    for path in public_paths():
        response = tab.goto(demo_site + path)
        assert response.status == 200, path
        found += violations(tab)
    context.close()
    assert found == []


def test_the_open_wechat_code_has_no_axe_violation(browser, demo_site):
    context = browser.new_context(locale="zh-CN", bypass_csp=True)
    tab = context.new_page()
    wall = StatementIndexPage.objects.live().first()
    statement = Statement.objects.filter(index_page=wall, status="published").first()
    tab.goto(f"{demo_site}{wall.url}s/{statement.public_id}/")
    tab.locator("details.td-share__qr summary").first.click()
    assert tab.locator("details.td-share__qr[open]").count() == 1
    found = violations(tab)
    context.close()
    assert found == []
