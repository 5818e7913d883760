"""``stats/``: totals, recent figures and the server-drawn SVG charts."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.factories import make_statement
from wagtail_tuidang.l10n import tuidang_count as thousands
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.statements import charts, tallies
from wagtail_tuidang.statements.views.stats import stats

SVG = "{http://www.w3.org/2000/svg}"


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def tally(page, day, people, **fields):
    return StatementTally.objects.create(
        index_page=page, day=day, statements=1, people=people, **fields
    )


def svgs(html):
    """Every chart (inline <svg>) of a page, parsed as XML (fails if one is
    not)."""
    # Our own server's output, not untrusted input.
    return [
        ET.fromstring(match)  # noqa: S314
        for match in re.findall(r'<svg class="td-chart".*?</svg>', html, re.S)
    ]


def bar_heights(svg):
    return [float(rect.get("height")) for rect in svg.iter(f"{SVG}rect")]


def table_rows(html, caption):
    """(first cell, other cells) of each body row of the table with ``caption``."""
    table = re.search(rf"<caption>{caption}</caption>.*?</table>", html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


# Geometry, without a database.


def test_nice_scale_covers_the_maximum_with_round_steps():
    assert charts.nice_scale(0) == (1, 1)
    assert charts.nice_scale(7) == (8, 2)
    assert charts.nice_scale(1000) == (1000, 250)
    top, step = charts.nice_scale(123_456)
    assert top >= 123_456 and top % step == 0 and top / step <= 5


def test_days_without_a_tally_count_as_zero():
    first = datetime.date(2026, 2, 27)
    series = charts.fill_days(
        [(datetime.date(2026, 3, 1), 5)],
        first,
        first.replace(day=28) + datetime.timedelta(days=2),
    )
    assert series == [
        (datetime.date(2026, 2, 27), 0),
        (datetime.date(2026, 2, 28), 0),
        (datetime.date(2026, 3, 1), 5),
        (datetime.date(2026, 3, 2), 0),
    ]


def test_years_without_a_tally_count_as_zero_up_to_this_year():
    assert charts.fill_years([(2019, 4), (2021, 1)], 2022) == [
        (2019, 4),
        (2020, 0),
        (2021, 1),
        (2022, 0),
    ]
    assert charts.fill_years([], 2026) == [(2026, 0)]


def test_daily_bars_are_proportional_and_the_line_adds_up():
    first = datetime.date(2026, 1, 1)
    series = charts.fill_days(
        [(first, 10), (first + datetime.timedelta(days=2), 40)],
        first,
        first + datetime.timedelta(days=89),
    )
    chart = charts.daily_chart(series)
    assert len(chart.bars) == 90
    heights = [bar.height for bar in chart.bars]
    assert heights[2] == pytest.approx(4 * heights[0], abs=0.02)
    assert heights[1] == 0 and heights[89] == 0
    assert chart.bars[2].y + chart.bars[2].height == pytest.approx(chart.bottom)
    points = [tuple(map(float, p.split(","))) for p in chart.line_points.split()]
    assert len(points) == 90
    # The line rises only where a bar is, then stays level.
    assert points[0][1] > points[2][1] == points[89][1]
    assert chart.line_values[-1] == 50
    assert [tick.value for tick in chart.x_ticks] == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
    ]


def test_an_empty_chart_draws_flat_bars_without_dividing_by_zero():
    first = datetime.date(2026, 1, 1)
    chart = charts.daily_chart(
        charts.fill_days([], first, first + datetime.timedelta(days=89))
    )
    assert {bar.height for bar in chart.bars} == {0}
    assert chart.max_bar.value == 0
    assert charts.yearly_chart([(2026, 0)]).bars[0].height == 0


def test_a_long_yearly_chart_labels_at_most_twelve_years():
    chart = charts.yearly_chart([(year, 1) for year in range(1990, 2027)])
    assert len(chart.bars) == 37
    assert 6 <= len(chart.x_ticks) <= charts.MAX_YEAR_LABELS
    assert chart.x_ticks[0].value == 1990


# The page.


@pytest.mark.django_db
def test_stats_show_totals_per_organisation_and_recent_figures(client, index_page):
    index_page.baseline_party = 100_000_000
    index_page.save()
    tally(index_page, days_ago(0), 3, people_party=3, people_youth_league=1)
    tally(index_page, days_ago(1), 1_200, people_young_pioneers=1_200)
    response = client.get(index_page.url + "stats/")
    assert response.status_code == 200
    text = response.text
    assert "455,001,203" in text
    assert "100,000,003" in text  # the party: baseline + tallies
    assert re.search(r"<dt>Yesterday</dt><dd>1,200</dd>", text)
    assert re.search(r"<dt>Today</dt><dd>3</dd>", text)
    assert "Including 455,000,000 people counted before this site." in text


@pytest.mark.django_db
def test_published_statements_reach_the_charts(client, index_page):
    make_statement(index_page=index_page, status="published", people_count=4)
    make_statement(index_page=index_page, status="pending", people_count=7)
    response = client.get(index_page.url + "stats/")
    daily, _yearly = svgs(response.text)
    heights = bar_heights(daily)
    assert heights[-1] > 0 and sum(heights[:-1]) == 0
    rows = table_rows(response.text, "People who quit, per day")
    assert rows[-1][1:] == ["4", "4"]


@pytest.mark.django_db
def test_charts_are_accessible_svg_with_a_table_of_the_same_numbers(client, index_page):
    tally(index_page, days_ago(89), 2_000)
    tally(index_page, days_ago(10), 500)
    tally(index_page, days_ago(120), 7)  # outside the daily window
    response = client.get(index_page.url + "stats/")
    html = response.text
    daily, yearly = svgs(html)
    for svg in (daily, yearly):
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        assert svg.find(f"{SVG}desc").get("id") == desc_id
        assert svg.find(f"{SVG}desc").text.strip()
    heights = bar_heights(daily)
    assert len(heights) == 90
    assert heights[0] == pytest.approx(4 * heights[79], abs=0.02)
    rows = table_rows(html, "People who quit, per day")
    assert len(rows) == 90
    assert rows[0][1:] == ["2,000", "2,000"]
    assert rows[79][1:] == ["500", "2,500"]
    assert sum(int(row[1].replace(",", "")) for row in rows) == 2_500
    assert "2,000 in all" not in html and "2,500 in all" in html


@pytest.mark.django_db
def test_the_yearly_chart_sums_tallies_per_year_in_one_query(client, index_page):
    this_year = timezone.localdate().year
    tally(index_page, datetime.date(this_year - 3, 5, 1), 30)
    tally(index_page, datetime.date(this_year - 3, 12, 31), 10)
    tally(index_page, days_ago(0), 20)
    html = client.get(index_page.url + "stats/").text
    _daily, yearly = svgs(html)
    assert bar_heights(yearly)[0] == pytest.approx(
        2 * bar_heights(yearly)[-1], abs=0.02
    )
    rows = table_rows(html, "People who quit, per year")
    assert rows == [
        # The historical total, as a labelled row rather than a year.
        ["Starting point", "455,000,000"],
        [str(this_year - 3), "40"],
        [str(this_year - 2), "0"],
        [str(this_year - 1), "0"],
        [str(this_year), "20"],
    ]


@pytest.mark.django_db
def test_a_wall_without_statements_renders_empty_charts(client, home_page):
    from wagtail_tuidang.pages.models import StatementIndexPage

    page = home_page.add_child(instance=StatementIndexPage(title="New", slug="new"))
    response = client.get(page.url + "stats/")
    assert response.status_code == 200
    daily, yearly = svgs(response.text)
    assert set(bar_heights(daily)) == {0.0}
    assert bar_heights(yearly) == [0.0]


#: Wagtail's routing to a wall below the home page: the site, the pages on
#: the path, and view restrictions with aliases in one query (the wall's
#: ``get_view_restrictions``; site root paths are cached).
ROUTING_QUERIES = 5


@pytest.mark.django_db
def test_stats_read_tallies_never_statements(client, index_page):
    tally(index_page, days_ago(3), 5)
    # Published rows without a tally do not count: the tallies are the truth.
    make_statement(index_page=index_page, status="pending")
    Statement.objects.update(status="published", published_at=timezone.now())
    client.get("/")  # caches the site root paths, as any earlier request does
    tallies.invalidate(index_page.pk)
    with CaptureQueriesContext(connection) as cold:
        client.get(index_page.url + "stats/")
    with CaptureQueriesContext(connection) as warm:
        response = client.get(index_page.url + "stats/")
    # The 90 days and the years (the site's share settings, for the link
    # preview, stay cached); the figures and the regional figures too when
    # they are not cached.
    assert len(warm) == ROUTING_QUERIES + 2
    assert len(cold) == ROUTING_QUERIES + 4
    sql = [query["sql"] for query in cold.captured_queries]
    assert not any('"wagtail_tuidang_statement"' in query for query in sql)
    assert "455,000,005" in response.text


@pytest.mark.django_db
def test_stats_answer_other_methods_with_405(client, index_page):
    assert client.post(index_page.url + "stats/").status_code == 405
    assert client.get(index_page.url + "stats/?day=x&page=-1").status_code == 200


@pytest.mark.django_db
def test_svg_coordinates_stay_dots_in_a_decimal_comma_language(index_page):
    tally(index_page, days_ago(5), 3)
    request = RequestFactory().get(index_page.url + "stats/")
    with translation.override("de"):
        html = stats(request, index_page).render().rendered_content
    daily, _yearly = svgs(html)
    for rect in daily.iter(f"{SVG}rect"):
        float(rect.get("x"))
        float(rect.get("width"))


def test_thousands_groups_by_three_in_every_language():
    with translation.override("zh-hans"):
        assert thousands(455_000_000) == "455,000,000"
    with translation.override("en"):
        assert thousands("1234") == "1,234"
    with translation.override("de"):
        assert thousands(1234567) == "1.234.567"
    assert thousands(None) == ""
    assert thousands("n/a") == "n/a"
