"""The example site's frame: every public page carries the site's name, the
main navigation (statements, the form, the news), a footer with the hotline,
and a way from the news to the statements and back; the figures read the
same everywhere.

The suite renders the plugin's pages in the plugin's own layout
(tests/settings.py); here they are rendered as ``make demo`` shows them, in
the example site's ``base.html``.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.test import override_settings
from wagtail.models import Page, Site

from home import frame as site_frame
from home.demo_frame import EMAIL, HOTLINE, NAMES
from home.models import SiteFrameName, SiteFrameSettings, StandardPage
from tests.test_language_switcher_i18n import localised, localised_demo  # noqa: F401
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    StatementIndexPage,
    StatementPage,
)
from wagtail_tuidang.statements import wall_tags
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
MAIN_NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)
FOOTER = re.compile(r'<footer class="site-footer">.*?</footer>', re.S)
CTA = re.compile(r'<aside class="td-cta".*?</aside>', re.S)
#: The exact figure of a total, alone (English) or after the short form (Chinese).
EXACT_TOTAL = re.compile(
    r'<data class="td-large" value="\d+">(?:<span class="td-large__short">[^<]*'
    r'</span><span[^>]*>[^<]*</span><span class="td-large__exact">)?([\d,]+)<'
)


@pytest.fixture
def framed(settings):
    settings.WAGTAIL_TUIDANG_BASE_TEMPLATE = "base.html"
    settings.WAGTAIL_TUIDANG_QUICK_EXIT_URL = "https://weather.example/"


def links(html):
    return {urlsplit(href.replace("&amp;", "&")).path for href in HREF.findall(html)}


def public_urls():
    wall = StatementIndexPage.objects.live().first()
    statement = Statement.objects.filter(index_page=wall, status=Status.PUBLISHED)[0]
    texts = [page.url for page in StandardPage.objects.live()]
    return [
        "/",
        wall.url,
        wall.url + "submit/",
        wall.url + "receipt/",
        wall.url + "stats/",
        wall.url + "days/",
        f"{wall.url}s/{statement.public_id}/",
        StatementPage.objects.live().first().url,
        ArticleIndexPage.objects.live().first().url,
        ArticlePage.objects.live().first().url,
        *texts,
    ]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_public_page_leads_to_the_statements_the_form_and_the_news(
    client, demo_site, framed
):
    wall = StatementIndexPage.objects.live().first()
    news = ArticleIndexPage.objects.live().first()
    assert len(public_urls()) == 13  # the about, privacy and safety pages too
    for url in public_urls():
        html = get(client, url)
        nav = MAIN_NAV.search(html)
        assert nav, f"no main navigation on {url}"
        assert {wall.url, wall.url + "submit/", news.url} <= links(nav.group()), url
        assert NAMES["en"][0] in html, url
        footer = FOOTER.search(html).group()
        assert HOTLINE in footer and EMAIL in footer, url
        # The quick exit and the language switcher are in the frame, once.
        masthead = html[: html.index('<main id="main"')]
        assert 'class="td-quick-exit"' in masthead, url
        assert html.count('class="td-quick-exit"') == 1, url
        assert html.count('class="td-languages"') <= 1, url


def test_the_footer_leads_to_about_privacy_and_safety(client, demo_site, framed):
    footer = FOOTER.search(get(client, "/")).group()
    pages = StandardPage.objects.live()
    assert {page.slug for page in pages} == {"about", "privacy", "safety"}
    assert {page.url for page in pages} <= links(footer)


def test_the_navigation_marks_the_page_being_read(client, demo_site, framed):
    wall = StatementIndexPage.objects.live().first()
    nav = MAIN_NAV.search(get(client, wall.url + "stats/")).group()
    assert f'href="{wall.url}stats/" aria-current="page"' in nav
    assert nav.count("aria-current") == 1


def test_an_editor_renames_the_site_and_every_page_shows_it(client, demo_site, framed):
    assert NAMES["en"][0] in get(client, "/")  # the frame is now cached
    name = SiteFrameName.objects.get(language="en")
    name.name = "Quit the Party, New York chapter"
    name.save()
    assert "Quit the Party, New York chapter" in get(client, "/")


def test_an_unpublished_page_leaves_the_navigation(client, demo_site, framed):
    about = StandardPage.objects.get(slug="about")
    assert about.url in links(MAIN_NAV.search(get(client, "/")).group())
    about.unpublish()
    assert about.url not in links(get(client, "/"))


def test_a_site_without_frame_settings_shows_its_name(client, demo_site, framed):
    SiteFrameSettings.objects.all().delete()
    site = Site.objects.get(is_default_site=True)
    # The demo's Site has no name (one Site serves three languages): the
    # home page's title stands for it, as in the plugin's own header.
    assert site.site_name == ""
    html = get(client, "/")
    assert f">{site.root_page.title}<" in html
    assert not MAIN_NAV.search(html)
    site.site_name = "Tuidang demo"
    site.save()
    assert "Tuidang demo" in get(client, "/")


def test_the_frame_costs_no_query_once_cached(rf, demo_site, django_assert_num_queries):
    site = Site.objects.get(is_default_site=True)
    cold, warm = rf.get("/"), rf.get("/")
    cold._wagtail_site = warm._wagtail_site = site  # as Wagtail's routing leaves it
    # The settings with the chosen pages, the names, which pages are live,
    # the wall (does it take statements?), the sites' root paths.
    with django_assert_num_queries(5):
        built = site_frame.frame_for(cold)
    with django_assert_num_queries(0):
        assert site_frame.frame_for(warm) == built


# Statements and news lead to each other ---------------------------------------


@pytest.mark.parametrize("which", ["article", "news index", "permalink", "about"])
def test_news_and_statement_pages_call_to_publish_a_statement(
    client, demo_site, framed, which
):
    wall = StatementIndexPage.objects.live().first()
    statement = Statement.objects.filter(index_page=wall, status=Status.PUBLISHED)[0]
    url = {
        "article": ArticlePage.objects.live().first().url,
        "news index": ArticleIndexPage.objects.live().first().url,
        "permalink": f"{wall.url}s/{statement.public_id}/",
        "about": StandardPage.objects.get(slug="about").url,
    }[which]
    html = get(client, url)
    cta = CTA.search(html)
    assert cta, f"no call to action on the {which}"
    assert f'href="{wall.url}submit/"' in cta.group()
    assert EXACT_TOTAL.search(cta.group())


def test_a_template_may_read_a_missing_attribute_of_the_request(rf, demo_site):
    # A host site's template reading an attribute the request lacks makes
    # Django call dir(request); the call to action's wall, remembered on the
    # request, must not break it (it did, as a key that was not a string).
    article = ArticlePage.objects.live().first()
    request = rf.get(article.url)
    assert wall_tags.wall_for(article, request) is not None
    wall_tags.remember_wall_for(article, request, None)
    html = Template("[{{ request.not_there }}]").render(Context({"request": request}))
    assert html == "[]"


def test_no_call_to_action_while_the_wall_is_closed(client, demo_site, framed):
    wall = StatementIndexPage.objects.live().first()
    wall.submissions_open = False
    wall.save_revision().publish()
    cta = CTA.search(get(client, ArticlePage.objects.live().first().url)).group()
    assert "submit/" not in cta
    assert f'href="{wall.url}"' in cta


def test_the_wall_and_the_home_page_show_the_latest_news(client, demo_site, framed):
    wall = StatementIndexPage.objects.live().first()
    newest = ArticlePage.objects.live().order_by("-first_published_at", "-pk")[0]
    for url in ("/", wall.url):
        html = get(client, url)
        assert newest.url in links(html), url


def test_related_cards_have_an_excerpt_and_read_more(client, demo_site, framed):
    article = ArticlePage.objects.live().get(
        slug="volunteers-help-callers-quit-the-party"
    )
    html = get(client, article.url)
    related = re.search(
        r'<section class="td-article-list td-related".*?</section>', html, re.S
    )
    cards = related.group().split('<article class="td-card">')[1:]
    assert cards
    for card in cards:
        assert 'class="td-card__summary"' in card
        assert re.search(r'class="td-card__more"><a href="[^"]+"', card)


# Honest figures ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_one_number_format_for_the_total_everywhere(
    client, demo_site, framed, language
):
    wall = StatementIndexPage.objects.live().first()
    urls = ["/", wall.url, wall.url + "stats/", ArticlePage.objects.live()[0].url]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    shown = {url: EXACT_TOTAL.findall(get(client, url)) for url in urls}
    totals = {figure for figures in shown.values() for figure in figures}
    assert all(shown.values()), shown
    assert len(totals) == 1, shown
    assert re.fullmatch(r"\d{1,3}(,\d{3})+", totals.pop())


def test_the_yearly_chart_starts_from_the_baseline_without_drawing_it(
    client, demo_site, framed
):
    wall = StatementIndexPage.objects.live().first()
    html = get(client, wall.url + "stats/")
    yearly = html[html.index('id="td-stats-yearly"') :]
    start = re.search(r'<div class="td-chart__start">.*?</div>', yearly, re.S).group()
    assert f"{wall.baseline_total:,}" in start
    # The bars keep their own scale: no tick near the baseline.
    svg = yearly[yearly.index("<svg") : yearly.index("</svg>")]
    ticks = [int(v.replace(",", "")) for v in re.findall(r">([\d,]+)</text>", svg)]
    assert max(ticks) < wall.baseline_total / 1000


def test_the_wall_labels_its_days_as_publication_days(client, demo_site, framed):
    wall = StatementIndexPage.objects.live().first()
    html = get(client, wall.url)
    headings = re.findall(r'<h2 class="td-day__heading">(.*?)</h2>', html, re.S)
    assert headings
    assert all("Published on" in heading for heading in headings)


def test_the_statistics_title_comes_before_the_wall_navigation(
    client, demo_site, framed
):
    wall = StatementIndexPage.objects.live().first()
    html = get(client, wall.url + "stats/")
    assert html.index("<h1>") < html.index('<nav class="td-nav"')


# With localisation ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_each_language_has_its_own_name_and_links(client, localised, language):  # noqa: F811
    with override_settings(WAGTAIL_TUIDANG_BASE_TEMPLATE="base.html"):
        html = get(client, f"/{language}/statements/")
    nav = links(MAIN_NAV.search(html).group())
    assert {
        f"/{language}/",
        f"/{language}/statements/",
        f"/{language}/statements/submit/",
        f"/{language}/news/",
        f"/{language}/about/",
    } <= nav
    assert NAMES[language][0] in html
    others = [NAMES[code][0] for code in NAMES if code != language]
    assert not [name for name in others if name in html]
    assert Page.objects.filter(slug="safety").count() == 3
