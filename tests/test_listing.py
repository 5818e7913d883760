"""The public statement wall (``""``) and permalinks (``s/<public_id>/``)."""

import base64
import datetime
import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_statement
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import search, tallies
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

STATUSES_NEVER_SHOWN = ["pending", "rejected", "spam", "withdrawn"]
NOON = datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def other_page(home_page):
    page = StatementIndexPage(title="Other wall", slug="other")
    home_page.add_child(instance=page)
    return page


def publish(page, **fields):
    return make_statement(status="published", index_page=page, **fields)[0]


def publish_at(page, when, **fields):
    """A published statement whose publication time is ``when``."""
    statement = publish(page, **fields)
    Statement.objects.filter(pk=statement.pk).update(published_at=when)
    statement.published_at = when
    return statement


def bulk_publish(page, count, start=NOON):
    """``count`` published statements, one a minute back from ``start``, with
    their tallies, created without a query per statement's transition."""
    statements = [
        Statement(
            index_page=page,
            name=f"批量{i}",
            quit_party=True,
            region="gd",
            text=f"声明 {i}",
            status=Status.PUBLISHED,
            published_at=start - datetime.timedelta(minutes=i),
        )
        for i in range(count)
    ]
    for statement in statements:
        # bulk_create does not call save(), which writes the search text.
        statement.search_text = search.search_text(statement)
    Statement.objects.bulk_create(statements)
    for statement in statements:
        tallies.apply(statement, +1)
    return statements


def get(client, page, query=""):
    return client.get(page.url + query)


def link(response, rel):
    """The query string of the pager link with ``rel`` ("next" is older)."""
    match = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def shown_names(response):
    """Names on the wall's cards, in order."""
    return re.findall(
        r'class="td-statement__name"><a href="[^"]*">([^<]*)</a>',
        response.content.decode(),
    )


def cards(response):
    """The HTML of each statement card on the wall."""
    return re.findall(
        r'<article class="td-statement".*?</article>', response.content.decode(), re.S
    )


def day_headings(response):
    return re.findall(
        r'class="td-day__heading">[^<]*<time datetime="([\d-]+)"',
        response.content.decode(),
    )


def notices(response):
    match = re.search(
        r'<div class="td-notices" role="status">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    return match.group(1) if match else ""


# The wall: what shows and what never does


def test_the_wall_shows_published_statements_of_this_page_only(
    client, index_page, other_page
):
    publish(index_page, name="公开者")
    for status in STATUSES_NEVER_SHOWN:
        make_statement(status=status, index_page=index_page, name=f"未公开{status}")
    publish(other_page, name="别的页面")

    response = get(client, index_page)

    assert response.status_code == 200
    assert shown_names(response) == ["公开者"]
    content = response.content.decode()
    assert "未公开" not in content
    assert "别的页面" not in content


def test_the_wall_shows_the_total_and_recent_figures(client, index_page):
    index_page.baseline_date = datetime.date(2024, 12, 31)
    index_page.save_revision().publish()
    publish(index_page, people_count=3)

    response = get(client, index_page)

    content = response.content.decode()
    assert (
        '<p class="td-figures__total">'
        '<data class="td-large" value="455000003">455,000,003</data></p>'
    ) in content
    assert "Including 455,000,000 counted up to Dec. 31, 2024." in content
    assert "<dt>Today</dt><dd>3</dd>" in content
    assert "<dt>This month</dt><dd>3</dd>" in content


def test_a_card_shows_the_public_facts_of_a_statement(client, index_page):
    statement = publish(
        index_page,
        name="阿明",
        quit_party=True,
        quit_young_pioneers=True,
        people_count=4,
        region="sc",
        declared_on=datetime.date(2025, 2, 3),
        text="第一行\n第二行",
    )

    [content] = cards(get(client, index_page))

    assert f'<a href="/statements/s/{statement.public_id}/">阿明</a>' in content
    assert "Chinese Communist Party, Young Pioneers" in content
    assert "Communist Youth League" not in content
    assert "<dt>People</dt><dd>4</dd>" in content
    assert "<dd>Sichuan</dd>" in content
    assert '<time datetime="2025-02-03">Feb. 3, 2025</time>' in content
    assert "第一行<br>第二行" in content


def test_a_real_name_shows_only_once_confirmed(client, index_page):
    statement = publish(
        index_page,
        name="王真名",
        alias="小明",
        is_real_name=True,
        consent_real_name=True,
        real_name_confirmed=False,
    )
    detail_url = f"{index_page.url}s/{statement.public_id}/"

    for content in (get(client, index_page).content, client.get(detail_url).content):
        assert "小明" in content.decode()
        assert "王真名" not in content.decode()

    Statement.objects.filter(pk=statement.pk).update(real_name_confirmed=True)
    assert shown_names(get(client, index_page)) == ["王真名"]
    assert "王真名" in client.get(detail_url).content.decode()


def test_a_real_name_without_consent_never_shows(client, index_page):
    statement = publish(
        index_page, name="李真名", alias="", is_real_name=True, consent_real_name=False
    )
    Statement.objects.filter(pk=statement.pk).update(real_name_confirmed=True)

    content = get(client, index_page).content.decode()

    assert "李真名" not in content
    assert shown_names(get(client, index_page)) == ["Anonymous"]


def test_contact_details_never_show(client, index_page):
    statement, _code = make_statement(
        index_page=index_page, contact="canary-contact@example.invalid"
    )
    from wagtail_tuidang.statements import transitions

    transitions.publish(statement)
    for url in (index_page.url, f"{index_page.url}s/{statement.public_id}/"):
        assert "canary-contact" not in client.get(url).content.decode()


def test_user_text_is_escaped(client, index_page):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    statement = publish(index_page, name=payload[:60], text=payload + "\n&amp;")

    for url in (index_page.url, f"{index_page.url}s/{statement.public_id}/"):
        content = client.get(url).content.decode()
        assert "<script>alert" not in content
        assert "<img src=x" not in content
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
        assert "<br>&amp;amp;" in content


def test_statements_are_grouped_by_local_day_newest_first(client, index_page, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    publish_at(index_page, NOON - datetime.timedelta(days=1), name="前天")
    # 20:00 UTC is already the next day in Shanghai.
    publish_at(index_page, NOON.replace(hour=20), name="夜里")
    publish_at(index_page, NOON, name="中午")

    response = get(client, index_page)

    assert day_headings(response) == ["2025-03-11", "2025-03-10", "2025-03-09"]
    assert shown_names(response) == ["夜里", "中午", "前天"]


def test_an_empty_wall_says_so(client, index_page):
    response = get(client, index_page)
    assert "No statement has been published yet." in response.content.decode()
    assert link(response, "next") is None


def test_the_wall_sets_no_cookie_and_carries_no_csrf_token(client, index_page):
    statement = publish(index_page)
    for query in ("", "?q=x&org=nope", "?cursor=garbage"):
        response = get(client, index_page, query)
        assert response.status_code == 200
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
    response = client.get(f"{index_page.url}s/{statement.public_id}/")
    assert not response.cookies


def test_the_wall_links_its_feeds(client, index_page):
    content = get(client, index_page).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Statements (RSS)" '
        'href="/statements/feed/">'
    ) in content
    assert 'type="application/atom+xml"' in content
    assert 'href="/statements/feed/atom/"' in content


def test_the_feeds_are_a_labelled_link_with_a_word_on_feeds_not_a_nav_item(
    client, index_page
):
    """A feed opens as raw XML: a person should know what it is before."""
    content = get(client, index_page).content.decode()
    nav = re.search(r'<nav class="td-nav".*?</nav>', content, re.S).group(0)
    assert "/feed/" not in nav
    feeds = re.search(r'<aside class="td-feeds".*?</aside>', content, re.S).group(0)
    assert "Follow new statements in a feed reader" in feeds
    assert "A feed lists the newest published statements" in feeds
    assert '<a href="/statements/feed/" type="application/rss+xml">' in feeds
    assert "Statement feed (RSS)" in feeds
    assert '<a href="/statements/feed/atom/" type="application/atom+xml">' in feeds


# Filters and search


@pytest.fixture
def varied(index_page):
    """Statements differing in organisation, region, day, name and text."""
    return {
        "party_gd": publish_at(
            index_page, NOON, name="Alpha", quit_party=True, region="gd"
        ),
        "league_bj": publish_at(
            index_page,
            NOON - datetime.timedelta(days=1),
            name="张三",
            quit_party=False,
            quit_youth_league=True,
            region="bj",
            text="我退出共青团",
        ),
        "pioneers_os": publish_at(
            index_page,
            NOON - datetime.timedelta(days=2),
            name="Bravo",
            quit_party=False,
            quit_young_pioneers=True,
            region="os",
            text="Leaving the YOUNG Pioneers",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?org=party", ["Alpha"]),
        ("?org=youth_league", ["张三"]),
        ("?org=young_pioneers", ["Bravo"]),
        ("?region=bj", ["张三"]),
        ("?region=os", ["Bravo"]),
        ("?day=2025-03-09", ["张三"]),
        ("?day=2025-03-10&org=party", ["Alpha"]),
        ("?day=2025-03-10&org=youth_league", []),
        ("?org=&region=&day=&q=", ["Alpha", "张三", "Bravo"]),
    ],
)
def test_filters_narrow_the_wall(client, index_page, varied, query, expected):
    response = get(client, index_page, query)
    assert response.status_code == 200
    assert shown_names(response) == expected
    assert notices(response) == ""


def test_a_filter_that_matches_nothing_says_so(client, index_page, varied):
    content = get(client, index_page, "?region=xz").content.decode()
    assert "No published statement matches these filters." in content


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("?org=communists", "Organisation"),
        ("?org=quit_party", "Organisation"),
        ("?region=zz", "Region"),
        ("?region=%00", "Region"),
        ("?day=2025-02-30", "Day"),
        ("?day=yesterday", "Day"),
        ("?day=9999-12-31", "Day"),
        ("?day=2025-03-10T00:00", "Day"),
        ("?q=" + "x" * 101, "Search names and statements"),
        ("?q=ab%00cd", "Search names and statements"),
    ],
)
def test_an_invalid_filter_is_ignored_with_a_message(
    client, index_page, varied, query, label
):
    response = get(client, index_page, query)

    assert response.status_code == 200
    assert shown_names(response) == ["Alpha", "张三", "Bravo"]
    assert f"{label}: " in notices(response)
    assert "This filter was ignored." in notices(response)


def test_a_day_at_the_edge_of_the_calendar_is_refused_not_a_crash(
    client, index_page, varied, settings
):
    settings.TIME_ZONE = "Asia/Shanghai"  # its first day starts in year 0 UTC
    response = get(client, index_page, "?day=0001-01-01")
    assert response.status_code == 200
    assert "Day: Enter a day as YYYY-MM-DD." in notices(response)


def test_an_invalid_filter_does_not_drop_the_valid_ones(client, index_page, varied):
    response = get(client, index_page, "?org=youth_league&region=zz")
    assert shown_names(response) == ["张三"]
    assert "Region: " in notices(response)


def test_the_filter_form_shows_the_current_values(client, index_page, varied):
    content = get(client, index_page, "?org=party&q=%3Cb%3E").content.decode()
    assert '<option value="party" selected>' in content
    assert 'value="&lt;b&gt;"' in content


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("张", ["张三"]),
        ("共青团", ["张三"]),
        ("alpha", ["Alpha"]),
        ("ALPHA", ["Alpha"]),
        ("young pioneers", ["Bravo"]),
        ("  bravo  ", ["Bravo"]),
        ("%", []),
        ("_", []),
        ("nothing like it", []),
    ],
)
def test_search_finds_names_and_text_ignoring_case(
    client, index_page, varied, q, expected
):
    response = client.get(index_page.url, {"q": q})
    assert shown_names(response) == expected


def test_search_never_finds_a_real_name_that_is_not_shown(client, index_page):
    statement = publish(
        index_page,
        name="王真名",
        alias="小明",
        is_real_name=True,
        consent_real_name=True,
        text="声明",
    )

    assert shown_names(client.get(index_page.url, {"q": "王真名"})) == []
    assert shown_names(client.get(index_page.url, {"q": "声明"})) == ["小明"]
    assert shown_names(client.get(index_page.url, {"q": "小明"})) == ["小明"]

    statement.real_name_confirmed = True
    statement.save(update_fields=["real_name_confirmed"])
    assert shown_names(client.get(index_page.url, {"q": "王真名"})) == ["王真名"]
    assert shown_names(client.get(index_page.url, {"q": "小明"})) == []


# Keyset pagination


def test_pagination_goes_older_and_back_newer(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE = 4
    bulk_publish(index_page, 10)

    first = get(client, index_page)
    assert shown_names(first) == ["批量0", "批量1", "批量2", "批量3"]
    assert link(first, "prev") is None
    second = get(client, index_page, link(first, "next"))
    assert shown_names(second) == ["批量4", "批量5", "批量6", "批量7"]
    third = get(client, index_page, link(second, "next"))
    assert shown_names(third) == ["批量8", "批量9"]
    assert link(third, "next") is None

    back = get(client, index_page, link(third, "prev"))
    assert shown_names(back) == shown_names(second)
    top = get(client, index_page, link(back, "prev"))
    assert shown_names(top) == shown_names(first)
    assert link(top, "prev") is None
    assert "page=" not in first.content.decode()


def test_pagination_breaks_ties_on_the_same_instant(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE = 2
    same = [publish_at(index_page, NOON, name=f"同时{i}") for i in range(5)]
    expected = [s.name for s in sorted(same, key=lambda s: -s.pk)]

    seen, query = [], ""
    while query is not None:
        response = get(client, index_page, query)
        seen += shown_names(response)
        query = link(response, "next")

    assert seen == expected


def test_pagination_keeps_the_filters(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE = 2
    for i in range(5):
        publish_at(index_page, NOON - datetime.timedelta(minutes=i), name=f"党{i}")
        publish_at(
            index_page,
            NOON - datetime.timedelta(minutes=i, seconds=30),
            name=f"团{i}",
            quit_party=False,
            quit_youth_league=True,
        )

    first = get(client, index_page, "?org=youth_league&region=zz")
    older = link(first, "next")
    assert "org=youth_league" in older
    assert "region" not in older  # an ignored filter is not carried on
    second = get(client, index_page, older)
    assert shown_names(second) == ["团2", "团3"]
    assert "org=youth_league" in link(second, "prev")


def test_a_page_past_the_end_offers_the_newest(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE = 2
    statements = bulk_publish(index_page, 3)
    older = link(get(client, index_page), "next")
    Statement.objects.filter(pk=statements[2].pk).update(status=Status.WITHDRAWN)

    response = get(client, index_page, older)

    assert shown_names(response) == []
    assert "There are no statements here." in response.content.decode()
    assert '<a href="?">Newest</a>' in response.content.decode()


def _b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!",
        "%00",
        "=",
        "x" * 5000,
        _b64("o.1.1")[:-1],
        _b64("x.1741608000000000.5"),
        _b64("o.-1.5"),
        _b64("o.1741608000000000.0"),
        _b64("o.1741608000000000.9223372036854775808"),
        _b64("o.9999999999999999999.5"),
        _b64("o.1741608000000000"),
        _b64("o.1741608000000000.5.6"),
        base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(),
    ],
)
def test_a_broken_cursor_shows_the_newest_with_a_notice(client, index_page, cursor):
    bulk_publish(index_page, 3)

    response = client.get(index_page.url, {"cursor": cursor})

    assert response.status_code == 200
    assert shown_names(response) == ["批量0", "批量1", "批量2"]
    assert "This page link is broken or out of date" in notices(response)
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_a_forged_but_readable_cursor_only_reaches_public_statements(
    client, index_page
):
    bulk_publish(index_page, 3)
    make_statement(index_page=index_page, name="待审")
    far_future = _b64("o.253402300799000000.9223372036854775807")

    response = client.get(index_page.url, {"cursor": far_future})

    assert response.status_code == 200
    assert shown_names(response) == ["批量0", "批量1", "批量2"]


# A constant number of queries


def _count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def _deep_url(client, page, hops):
    query = ""
    for _hop in range(hops):
        query = link(client.get(page.url + query), "next")
    return page.url + query


@pytest.mark.parametrize(
    "query", ["", "?org=party&region=gd", "?q=声明", "?day=2025-03-10"]
)
def test_the_wall_costs_the_same_with_10_or_1000_statements(
    client, home_page, settings, query
):
    settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE = 4
    counts = {}
    for size in (10, 1000):
        page = StatementIndexPage(title=f"Wall {size}", slug=f"wall-{size}")
        home_page.add_child(instance=page)
        bulk_publish(page, size)
        first, response = _count_queries(client, page.url + query)
        assert len(shown_names(response)) == 4
        deep, response = _count_queries(client, _deep_url(client, page, 2))
        assert len(shown_names(response)) == (2 if size == 10 else 4)
        counts[size] = (first, deep)

    assert counts[10] == counts[1000]
    assert counts[10][0] <= 12


def test_a_full_page_costs_the_same_as_a_short_one(client, home_page):
    counts = []
    for size in (10, 1000):
        page = StatementIndexPage(title=f"Wall {size}", slug=f"wall-{size}")
        home_page.add_child(instance=page)
        bulk_publish(page, size)
        count, response = _count_queries(client, page.url)
        assert len(shown_names(response)) == min(size, 50)
        counts.append(count)
    assert counts[0] == counts[1]


# Permalinks


def test_a_permalink_shows_one_published_statement(client, index_page):
    statement = publish(index_page, name="阿华", text="我退出。", region="hk")

    response = client.get(f"{index_page.url}s/{statement.public_id}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="td-statement__name">阿华</h1>' in content
    assert "<dd>Hong Kong</dd>" in content
    assert "我退出。" in content
    assert "<title>阿华 · Statements · Test site</title>" in content


def _not_found_body(client, page, public_id):
    response = client.get(f"{page.url}s/{public_id}/")
    assert response.status_code == 404
    return response.content.decode().replace(public_id, "<id>")


@pytest.mark.parametrize("status", STATUSES_NEVER_SHOWN)
def test_an_unpublished_statement_answers_exactly_like_a_missing_one(
    client, index_page, status
):
    statement, _code = make_statement(index_page=index_page, status=status)
    missing = "A" * len(statement.public_id)

    assert _not_found_body(client, index_page, statement.public_id) == (
        _not_found_body(client, index_page, missing)
    )


def test_another_pages_statement_answers_like_a_missing_one(
    client, index_page, other_page
):
    statement = publish(other_page)
    missing = "B" * len(statement.public_id)

    assert _not_found_body(client, index_page, statement.public_id) == (
        _not_found_body(client, index_page, missing)
    )
    assert client.get(f"{other_page.url}s/{statement.public_id}/").status_code == 200


@pytest.mark.parametrize("public_id", ["a" * 33, "a.b", "%00", "ab%2Fcd"])
def test_a_malformed_permalink_is_a_404(client, index_page, public_id):
    assert client.get(f"{index_page.url}s/{public_id}/").status_code == 404


def test_a_permalink_costs_a_constant_number_of_queries(client, home_page):
    counts = []
    for size in (10, 1000):
        page = StatementIndexPage(title=f"Wall {size}", slug=f"wall-{size}")
        home_page.add_child(instance=page)
        statement = bulk_publish(page, size)[size // 2]
        count, _response = _count_queries(client, f"{page.url}s/{statement.public_id}/")
        counts.append(count)
    assert counts[0] == counts[1]


def test_the_declared_date_defaults_to_today(client, index_page):
    publish(index_page)
    today = timezone.localdate().isoformat()
    assert f'<time datetime="{today}">' in get(client, index_page).content.decode()


# What a public view reads

PRIVATE_COLUMNS = (
    "contact_encrypted",
    "internal_note",
    "receipt_hash",
    "submission_key",
    "fingerprint",
    "import_key",
    "search_text",
)


@pytest.mark.parametrize("route", ["", "s/{public_id}/", "feed/", "?q=声明"])
def test_public_views_never_load_a_statements_private_columns(
    client, index_page, route
):
    statement = publish(index_page, name="公开", text="声明 公开")
    url = index_page.url + route.format(public_id=statement.public_id)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "公开" in response.content.decode()
    statement_queries = [
        q["sql"] for q in queries if "wagtail_tuidang_statement" in q["sql"]
    ]
    assert statement_queries
    for sql in statement_queries:
        selected = sql.split(" FROM ", 1)[0]
        for column in PRIVATE_COLUMNS:
            assert column not in selected, (column, sql)


def test_a_wall_page_describes_its_head_once(client, index_page, monkeypatch):
    publish(index_page)
    calls = []
    describe = StatementIndexPage.get_tuidang_head

    def counting(self, context):
        calls.append(context.get("route"))
        return describe(self, context)

    monkeypatch.setattr(StatementIndexPage, "get_tuidang_head", counting)
    response = client.get(index_page.url + "submit/")
    assert response.status_code == 200
    assert calls == ["submit"]
    assert response["X-Robots-Tag"] == "noindex"
