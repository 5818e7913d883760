"""Numbers and dates read the same way on every public page, in each language.

Every public page of the demo (home page with its blocks, the wall and its
routes, a statement, a receipt, the statistics with their charts, featured
statement pages, articles and their index) is read under zh-hans, zh-hant and
en: every figure a person reads is grouped by three, the total is shown as
亿/億 and exactly in Chinese, and every date is written as readers of the
language write it.
"""

import datetime
import email.utils
import html
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format, reset_format_cache
from wagtail.models import Page

from tests.factories import make_statement
from wagtail_tuidang.articles.blocks import ArticleListBlock, RelatedArticlesBlock
from wagtail_tuidang.l10n import (
    format_date,
    format_large,
    short_form,
    tuidang_count,
    tuidang_date,
)
from wagtail_tuidang.moderation import notifications
from wagtail_tuidang.pages.models import ArticlePage, StatementIndexPage
from wagtail_tuidang.statements import tallies

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "zh-hant", "en"]
ENGLISH_MONTH = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b"
)
#: A day (with its time), or a month heading of days/.
CHINESE_DATE = re.compile(r"^\d{4}年\d{1,2}月(\d{1,2}日( \d{2}:\d{2})?)?$")
#: A figure as it is read: digits with commas and maybe a decimal part.
FIGURE = re.compile(r"(?<![\w.,])\d(?:[\d,]*\d)?(?:\.\d+)?(?!\w)")
GROUPED = re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?$")


# The filters ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (9_999, "9,999"),
        (455_002_406, "455,002,406"),
        ("1234", "1,234"),
        (-1_234_567, "-1,234,567"),
        (Decimal("12345"), "12,345"),
        (1234.9, "1,234"),
    ],
)
def test_counts_are_grouped_by_three_in_every_language(language, value, expected):
    with translation.override(language):
        assert tuidang_count(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(None, ""), ("n/a", "n/a"), (True, True), ([], [])]
)
def test_a_count_that_is_no_number_is_defined(value, expected):
    assert tuidang_count(value) == expected
    assert tuidang_count(float("inf")) == float("inf")


def test_counts_follow_a_language_with_its_own_separator():
    with translation.override("de"):
        assert tuidang_count(1_234_567) == "1.234.567"


@pytest.mark.parametrize(
    ("value", "simplified", "traditional"),
    [
        (9_999, None, None),
        (10_000, "1 万", "1 萬"),
        (12_345, "1.23 万", "1.23 萬"),
        (15_000, "1.5 万", "1.5 萬"),
        (99_994_999, "9999.5 万", "9999.5 萬"),
        (99_999_999, "1 亿", "1 億"),
        (100_000_000, "1 亿", "1 億"),
        (455_002_406, "4.55 亿", "4.55 億"),
        (455_500_000, "4.56 亿", "4.56 億"),
        (-455_002_406, "-4.55 亿", "-4.55 億"),
        (None, None, None),
        ("n/a", None, None),
    ],
)
def test_short_forms_at_the_wan_and_yi_boundaries(value, simplified, traditional):
    assert short_form(value, "zh-hans") == simplified
    assert short_form(value, "zh-hant") == traditional
    assert short_form(value, "zh-tw") == traditional
    assert short_form(value, "en") is None


def test_a_large_total_shows_the_short_form_beside_the_exact_figure():
    assert str(format_large(455_002_406, "zh-hans")) == (
        '<data class="td-large" value="455002406">'
        '<span class="td-large__short">4.55 亿</span>'
        '<span class="td-large__separator" aria-hidden="true"> / </span>'
        '<span class="td-large__exact">455,002,406</span></data>'
    )
    assert "4.55 億" in format_large(455_002_406, "zh-hant")
    assert str(format_large(455_002_406, "en")) == (
        '<data class="td-large" value="455002406">455,002,406</data>'
    )
    assert str(format_large(9_999, "zh-hans")) == (
        '<data class="td-large" value="9999">9,999</data>'
    )
    assert format_large(None) == ""
    assert format_large("<b>") == "<b>"  # escaped by the template, like any text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "2026年11月29日"),
        ("zh-hant", "2026年11月29日"),
        ("en", "Nov. 29, 2026"),
    ],
)
def test_dates_as_each_language_writes_them(language, expected):
    day = datetime.date(2026, 11, 29)
    with translation.override(language):
        assert tuidang_date(day) == expected
    assert format_date(day, language=language) == expected


@pytest.fixture
def site_formats(settings):
    """A site whose FORMAT_MODULE_PATH writes Traditional Chinese dates its
    own way (Django caches format modules: reset before and after)."""
    settings.FORMAT_MODULE_PATH = ["tests.testapp.formats"]
    reset_format_cache()
    yield
    settings.FORMAT_MODULE_PATH = None
    reset_format_cache()


def test_chinese_dates_do_not_depend_on_the_sites_format_modules(site_formats):
    day = datetime.date(2026, 11, 29)
    with translation.override("zh-hant"):
        assert date_format(day) == "2026/11/29"  # the site's module is read
        assert tuidang_date(day) == "2026年11月29日"


def test_chinese_dates_and_months_of_a_datetime():
    moment = datetime.datetime(2026, 9, 5, 20, 45, tzinfo=datetime.UTC)
    with translation.override("zh-hant"):
        assert tuidang_date(moment, "DATETIME_FORMAT") == "2026年9月5日 20:45"
        assert tuidang_date(moment, "YEAR_MONTH_FORMAT") == "2026年9月"
        assert tuidang_date(moment, "MONTH_DAY_FORMAT") == "9月5日"
    with translation.override("en"):
        assert tuidang_date(moment, "YEAR_MONTH_FORMAT") == "September 2026"


@pytest.mark.parametrize(("value", "expected"), [(None, ""), ("", ""), ("x", "x")])
def test_a_date_that_is_no_date_is_defined(value, expected):
    assert tuidang_date(value) == expected


# Every public page ----------------------------------------------------------


@pytest.fixture(scope="module")
def pages(demo_site, django_db_blocker):
    """The URLs of every public page of the demo, the wall's routes and a
    receipt, with a statement for a thousand people (an import may hold one;
    the form allows fewer) and the total they make."""
    with django_db_blocker.unblock():
        wall = StatementIndexPage.objects.live().first()
        statement, code = make_statement(
            status="published",
            index_page=wall,
            people_count=1234,
            name="千人",
            text="我们声明退出中共及其相关组织。",
        )
        urls = [page.url for page in Page.objects.live().specific() if page.depth > 1]
        urls += [
            wall.url + "stats/",
            wall.url + "submit/",
            wall.url + "receipt/",
            wall.url + f"s/{statement.public_id}/",
            wall.url + "?page=2",
            wall.url + "days/",
            wall.url + f"?day={timezone.localdate(statement.published_at).isoformat()}",
        ]
        total = tallies.get_figures(wall)["total"]
    return {"urls": urls, "wall": wall, "code": code, "total": total}


def visible_text(content):
    """The text a reader sees: no script, style, code (receipt codes),
    telephone number or attribute; with SVG text, which is drawn on the page."""
    content = re.sub(r"(?s)<(script|style|code)\b[^>]*>.*?</\1>", " ", content)
    # A telephone number (the example site's hotline) is no figure.
    content = re.sub(r'(?s)<a href="tel:[^"]*">.*?</a>', " ", content)
    return html.unescape(re.sub(r"<[^>]+>", " ", content))


def badly_grouped(text):
    """Figures of four digits or more not grouped by three; years are not
    figures (they stand beside 年, or alone as 19xx/20xx)."""
    bad = []
    for match in FIGURE.finditer(text):
        figure = match.group()
        if GROUPED.match(figure) or len(figure.split(".")[0]) < 4:
            continue
        if re.fullmatch(r"(19|20)\d\d", figure):
            continue
        bad.append(text[max(0, match.start() - 30) : match.end() + 10])
    return bad


def check_times(content, language):
    """Each ``<time datetime>`` shows its date as the language writes it."""
    times = re.findall(r'<time datetime="([^"]+)"[^>]*>([^<]*)</time>', content)
    for machine, shown in times:
        if "T" in machine:  # a datetime, shown by its date
            moment = datetime.datetime.fromisoformat(machine)
            expected = format_date(moment, language=language)
        elif len(machine) == len("2026-11"):  # a month heading
            month = datetime.date.fromisoformat(machine + "-01")
            expected = format_date(month, "YEAR_MONTH_FORMAT", language=language)
        else:
            expected = format_date(
                datetime.date.fromisoformat(machine), language=language
            )
        assert shown.strip() == expected, (machine, shown)
        if language.startswith("zh"):
            assert CHINESE_DATE.match(shown.strip()), shown
    return len(times)


def read(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_prints_figures_and_dates_one_way(client, pages, language):
    dates_seen = 0
    for url in pages["urls"]:
        content = read(client, url, language)
        text = visible_text(content)
        assert badly_grouped(text) == [], url
        dates_seen += check_times(content, language)
        if language.startswith("zh"):
            assert not ENGLISH_MONTH.search(text), (url, ENGLISH_MONTH.search(text))
        else:
            assert not re.search(r"\d年|\d月\d", text), url
    assert dates_seen > 10


@pytest.mark.parametrize(
    ("language", "unit"), [("zh-hans", "亿"), ("zh-hant", "億"), ("en", None)]
)
def test_the_total_is_shown_short_and_exact_in_chinese(client, pages, language, unit):
    wall, total = pages["wall"], pages["total"]
    exact = f"{total:,}"
    short = f"{Decimal(total) / 100_000_000:.2f}".rstrip("0").rstrip(".")
    for url in ["/", wall.url, wall.url + "stats/"]:
        text = " ".join(visible_text(read(client, url, language)).split())
        if unit:
            assert f"{short} {unit} / {exact}" in text, url
        else:
            assert exact in text, url
            assert "亿" not in text and "億" not in text, url


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_receipt_prints_its_figures_and_dates_one_way(client, pages, language):
    response = client.post(
        pages["wall"].url + "receipt/",
        {"code": pages["code"], "action": "check"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    content = response.content.decode()
    assert "1,234" in visible_text(content)
    assert badly_grouped(visible_text(content)) == []
    assert check_times(content, language) >= 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_feeds_keep_machine_dates(client, pages, language):
    rss = read(client, pages["wall"].url + "feed/", language)
    atom = read(client, pages["wall"].url + "feed/atom/", language)
    dates = re.findall(r"<pubDate>([^<]+)</pubDate>", rss)
    assert dates
    for value in dates:
        email.utils.parsedate_to_datetime(value)  # RFC 2822, in English
    updated = re.findall(r"<updated>([^<]+)</updated>", atom)
    assert updated
    for value in updated:
        datetime.datetime.fromisoformat(value)
    assert "年" not in rss + atom


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_blocks_date_their_cards_one_way(pages, language):
    """The latest and related articles blocks, which the demo's pages do not
    hold, show their cards' dates as the language writes them."""
    articles = list(ArticlePage.objects.live().order_by("-date")[:3])
    blocks = [
        (ArticleListBlock(), {"index": articles[0].get_parent().pk, "count": 3}),
        (RelatedArticlesBlock(), {"pages": [page.pk for page in articles[1:]]}),
    ]
    with translation.override(language):
        for block, value in blocks:
            content = block.render(
                block.to_python(value), context={"page": articles[0], "request": None}
            )
            assert check_times(content, language) >= 2
            assert badly_grouped(visible_text(content)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_moderators_digest_groups_its_counts(language):
    figures = {"pending": 12_345, "flagged": 1_000, "real_names": 2}
    with translation.override(language):
        subject = notifications._digest_subject(figures)
        body = notifications._digest_body(figures)
    assert "12,345" in subject
    assert "12,345" in body and "1,000" in body
    assert badly_grouped(subject + body.replace("/", " ")) == []
