"""The wall day by day: the previous and next day with statements on a
``?day=`` view, and the archive of days (``days/``), both read from the
tallies."""

import datetime
import html
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import HomePage
from tests.factories import make_statement
from tests.test_locales import locale, translate
from wagtail_tuidang.models import StatementTally
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import transitions

pytestmark = pytest.mark.django_db

MAY_1 = datetime.date(2025, 5, 1)


def day(offset):
    return MAY_1 + datetime.timedelta(days=offset)


def publish_on(page, on, status="published", **fields):
    """A statement sent and decided (published by default) at noon on the
    local day ``on``, through the transitions module, which writes the
    tallies as it does for a moderator."""
    noon = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    with mock.patch.object(transitions.timezone, "now", return_value=noon):
        return make_statement(status=status, index_page=page, **fields)[0]


def anchors(response):
    """(href, rel, text) of every link of the page, unescaped."""
    found = re.findall(
        r'<a href="([^"]*)"(?: rel="(\w+)")?[^>]*>(.*?)</a>',
        response.content.decode(),
        flags=re.S,
    )
    return [
        (html.unescape(href), rel or None, re.sub(r"<[^>]+>", "", text))
        for href, rel, text in found
    ]


def day_links(response):
    """{"previous"/"next": (href, rel)} of the day navigation of a ``?day=`` view."""
    body = response.content.decode()
    links = {}
    for which in ("previous", "next"):
        match = re.search(
            rf'class="td-day-nav__{which}"><a href="([^"]*)"(?: rel="(\w+)")?',
            body,
        )
        if match:
            links[which] = (html.unescape(match.group(1)), match.group(2))
    return links


def listed_days(response):
    """[(day, count), …] of a ``days/`` page, in the order shown, each day
    read from the link to its ``?day=`` view."""
    rows = re.findall(
        r'<a href="[^"]*\?day=([\d-]+)"><time[^>]*>[^<]*</time></a>\s*'
        r'<span class="td-days__count">([^<]*)</span>',
        response.content.decode(),
    )
    return [
        (datetime.date.fromisoformat(on), int(re.sub(r"\D", "", count)))
        for on, count in rows
    ]


def older_link(response):
    match = re.search(r'<a href="([^"]*)" rel="next">', response.content.decode())
    return html.unescape(match.group(1)) if match else None


@pytest.fixture
def wall(index_page):
    """Statements on May 1, 4 and 9; May 2, 3 and 5–8 have none (May 6 only
    a withdrawn one, May 7 only pending and rejected ones)."""
    for on in (day(0), day(3), day(3), day(8)):
        publish_on(index_page, on)
    transitions.withdraw(publish_on(index_page, day(5)))
    publish_on(index_page, day(6), status="pending")
    publish_on(index_page, day(6), status="rejected")
    return index_page


# Previous and next day -------------------------------------------------------


def test_a_day_links_to_the_nearest_days_with_statements(client, wall):
    response = client.get(wall.url + "?day=2025-05-04")

    assert response.status_code == 200
    assert day_links(response) == {
        "previous": (wall.url + "?day=2025-05-01", "prev"),
        # May 6 (withdrawn) and May 7 (pending, rejected) are skipped.
        "next": (wall.url + "?day=2025-05-09", "next"),
    }


def test_a_day_without_statements_still_links_to_its_neighbours(client, wall):
    response = client.get(wall.url + "?day=2025-05-06")

    assert day_links(response) == {
        "previous": (wall.url + "?day=2025-05-04", "prev"),
        "next": (wall.url + "?day=2025-05-09", "next"),
    }


def test_no_previous_day_on_the_first_and_no_next_on_the_last(client, wall):
    first = client.get(wall.url + "?day=2025-05-01")
    last = client.get(wall.url + "?day=2025-05-09")

    assert day_links(first) == {"next": (wall.url + "?day=2025-05-04", "next")}
    assert day_links(last) == {"previous": (wall.url + "?day=2025-05-04", "prev")}
    for response in (first, last):
        assert (wall.url + "days/", None, "All days") in anchors(response)


def test_the_day_links_keep_the_day_only(client, wall):
    response = client.get(wall.url + "?day=2025-05-04&org=party&q=%E5%A3%B0&region=gd")

    assert day_links(response) == {
        "previous": (wall.url + "?day=2025-05-01", "prev"),
        "next": (wall.url + "?day=2025-05-09", "next"),
    }


def test_the_wall_without_a_day_has_no_day_navigation(client, wall):
    body = client.get(wall.url).content.decode()

    assert "td-day-nav" not in body
    assert f'href="{wall.url}days/"' in body  # the sub-navigation


def test_a_day_longer_than_a_page_leaves_rel_to_its_pager(client, wall, settings):
    settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE = 1
    response = client.get(wall.url + "?day=2025-05-04")

    assert day_links(response) == {
        "previous": (wall.url + "?day=2025-05-01", None),
        "next": (wall.url + "?day=2025-05-09", None),
    }
    assert older_link(response).startswith("?day=2025-05-04&cursor=")


def test_the_day_links_cost_two_queries(client, wall):
    client.get(wall.url)  # the wall's route, remembered for both
    cache.clear()
    with CaptureQueriesContext(connection) as plain:
        client.get(wall.url + "?org=party")
    cache.clear()
    with CaptureQueriesContext(connection) as by_day:
        client.get(wall.url + "?day=2025-05-04")

    tally_reads = [
        query["sql"]
        for query in by_day.captured_queries
        # The figures read the tallies too, summed: these read days.
        if 'AS "day" FROM "wagtail_tuidang_statementtally"' in query["sql"]
    ]
    assert len(tally_reads) == 2
    assert all("LIMIT 1" in sql and "COUNT(" not in sql for sql in tally_reads)
    assert len(by_day) == len(plain) + 2


# The archive of days ---------------------------------------------------------


def test_days_are_listed_newest_first_with_their_published_count(client, wall):
    response = client.get(wall.url + "days/")

    assert response.status_code == 200
    assert listed_days(response) == [(day(8), 1), (day(3), 2), (day(0), 1)]
    assert older_link(response) is None


def test_a_day_of_the_archive_links_to_its_statements(client, wall):
    response = client.get(wall.url + "days/")
    links = [href for href, _rel, _text in anchors(response) if "?day=" in href]
    assert links == [
        wall.url + f"?day={on}" for on in ("2025-05-09", "2025-05-04", "2025-05-01")
    ]

    day_view = client.get(links[1]).content.decode()

    assert (
        day_view.count('class="td-statement"') + day_view.count('class="td-statement ')
        == 2
    )


def test_days_are_grouped_under_month_headings(client, index_page):
    for on in (datetime.date(2025, 4, 30), datetime.date(2025, 5, 2)):
        publish_on(index_page, on)

    body = client.get(index_page.url + "days/").content.decode()

    months = re.findall(r'<time datetime="(\d{4}-\d{2})">', body)
    assert months == ["2025-05", "2025-04"]


def test_the_archive_pages_by_key_across_a_boundary(client, wall, monkeypatch):
    monkeypatch.setattr(StatementIndexPage, "days_per_page", 2)

    first = client.get(wall.url + "days/")
    assert listed_days(first) == [(day(8), 1), (day(3), 2)]
    assert older_link(first) == "?before=2025-05-04"

    second = client.get(wall.url + "days/" + older_link(first))
    assert listed_days(second) == [(day(0), 1)]
    assert older_link(second) is None
    assert (wall.url + "days/", None, "Newest days") in anchors(second)


def test_a_statement_published_on_a_new_day_joins_the_archive(client, wall):
    publish_on(wall, day(10))
    statement = publish_on(wall, day(8))
    transitions.withdraw(statement)

    assert listed_days(client.get(wall.url + "days/"))[:2] == [
        (day(10), 1),
        (day(8), 1),
    ]


def test_the_archive_and_day_view_cost_the_same_at_10_and_1000_days(client, index_page):
    def costs():
        lengths = []
        client.get(index_page.url)  # the wall's route, remembered for each
        for query in ("days/", "days/?before=2025-01-01", "?day=2024-06-01"):
            cache.clear()  # as the first reader after the cached figures expired
            with CaptureQueriesContext(connection) as queries:
                response = client.get(index_page.url + query)
            assert response.status_code == 200
            assert not any(
                "COUNT(" in q["sql"] or "OFFSET" in q["sql"]
                for q in queries.captured_queries
            )
            lengths.append(len(queries))
        return lengths

    def tallies(count):
        StatementTally.objects.filter(index_page=index_page).delete()
        StatementTally.objects.bulk_create(
            StatementTally(
                index_page=index_page,
                day=datetime.date(2025, 6, 1) - datetime.timedelta(days=i),
                statements=i + 1,
                people=i + 1,
            )
            for i in range(count)
        )

    tallies(10)
    at_10 = costs()
    tallies(1000)
    at_1000 = costs()

    assert at_10 == at_1000
    assert len(listed_days(client.get(index_page.url + "days/"))) == 100


@pytest.mark.parametrize(
    "query",
    [
        "?before=garbage",
        "?before=2025-02-30",
        "?before=99999-01-01",
        "?before=" + "9" * 5000,
        "?before=2025-05-04T00:00",
        "?before=%00",
    ],
)
def test_a_broken_before_shows_the_newest_days_with_a_notice(client, wall, query):
    response = client.get(wall.url + "days/" + query)

    assert response.status_code == 200
    assert listed_days(response) == [(day(8), 1), (day(3), 2), (day(0), 1)]
    body = response.content.decode()
    assert "This page link is broken or out of date" in body
    assert '<meta name="robots" content="noindex">' in body


def test_dates_far_in_the_future_or_past_are_ordinary_keys(client, wall):
    future = client.get(wall.url + "days/?before=9999-12-31")
    past = client.get(wall.url + "days/?before=0001-01-01")

    assert listed_days(future) == [(day(8), 1), (day(3), 2), (day(0), 1)]
    assert past.status_code == 200
    assert listed_days(past) == []
    assert "There are no earlier days with statements." in past.content.decode()


@pytest.mark.parametrize("query", ["?day=0001-01-01", "?day=9999-12-31"])
def test_a_day_at_the_ends_of_the_calendar_is_never_an_error(client, wall, query):
    response = client.get(wall.url + query)

    assert response.status_code == 200


def test_an_empty_wall_says_so(client, index_page):
    response = client.get(index_page.url + "days/")

    assert response.status_code == 200
    assert "No statement has been published yet." in response.content.decode()
    assert "td-pager" not in response.content.decode()


def test_the_sub_navigation_marks_the_archive(client, wall):
    body = client.get(wall.url + "days/").content.decode()

    assert f'<a href="{wall.url}days/" aria-current="page">' in body


def test_a_site_can_override_the_archive_template(index_page):
    assert index_page.get_route_template_names("days") == [
        "wagtail_tuidang_pages/statementindexpage_days.html",
        "wagtail_tuidang/statements/days.html",
    ]


# Translations ----------------------------------------------------------------


@pytest.fixture
def translated(settings, home_page):
    settings.WAGTAIL_I18N_ENABLED = True
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("zh-hans", "简体中文"),
        ("zh-hant", "繁體中文"),
    ]
    home = home_page.get_parent().add_child(
        instance=HomePage(title="首页", slug="zh", locale=locale("zh-hans"))
    )
    site = home_page.get_site()
    site.root_page = home
    site.save()
    wall = StatementIndexPage(title="退党声明", slug="statements")
    home.add_child(instance=wall)
    return wall, translate(wall, "zh-hant")


def test_a_translation_lists_the_same_days(client, translated):
    hans, hant = translated
    for on in (day(0), day(3), day(3)):
        publish_on(hant, on)

    for page in (hans, hant):
        response = client.get(page.url + "days/")
        assert listed_days(response) == [(day(3), 2), (day(0), 1)]
        assert day_links(client.get(page.url + "?day=2025-05-04")) == {
            "previous": (page.url + "?day=2025-05-01", "prev")
        }
