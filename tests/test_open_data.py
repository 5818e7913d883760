"""Open data of a wall: ``stats/json/``, the embeddable counter and the badge,
and the regional tallies behind them."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import wagtail_tuidang
from tests.factories import make_statement
from tests.helpers import csp_directives
from wagtail_tuidang.models import Statement, StatementRegionTally
from wagtail_tuidang.statements import purge, tallies, transitions
from wagtail_tuidang.statements.choices import Region, Status

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (
        Path(wagtail_tuidang.__file__).parent / "schemas" / "stats.schema.json"
    ).read_text()
)


def url(page, route=""):
    return page.url + route


def get_json(client, page, query=""):
    response = client.get(url(page, "stats/json/") + query)
    assert response.status_code == 200, response.content
    document = json.loads(response.content)
    jsonschema.validate(document, SCHEMA)
    return response, document


@pytest.fixture
def wall(index_page):
    """Five published statements in three regions, one pending and one
    withdrawn (neither counts)."""
    for region, people in (("gd", 2), ("gd", 1), ("bj", 3), ("", 1), ("xz", 4)):
        make_statement(
            "published", index_page=index_page, region=region, people_count=people
        )
    make_statement("pending", index_page=index_page, region="bj", people_count=9)
    make_statement("withdrawn", index_page=index_page, region="gd", people_count=9)
    index_page.baseline_total = 1000
    index_page.save()
    tallies.invalidate(index_page.pk)
    return index_page


# stats/json/


def test_stats_json_gives_the_figures_the_stats_page_shows(wall, client):
    response, document = get_json(client, wall)
    assert response["Content-Type"].startswith("application/json")
    assert document["total"] == 1000 + 11
    assert document["baseline"] == 1000
    assert document["statements"] == 5
    assert document["today"] == 11
    # Every statement quits the party; the baseline has no organisation.
    assert document["organisations"] == {
        "party": 11,
        "youth_league": 0,
        "young_pioneers": 0,
    }
    assert document["wall"]["url"] == "http://localhost" + wall.url
    assert document["date"] == timezone.localdate().isoformat()
    assert document["updated_at"] is not None
    stats = client.get(url(wall, "stats/")).content.decode()
    assert "1,011" in stats


def test_stats_json_gives_every_region_with_its_statements_and_people(wall, client):
    _response, document = get_json(client, wall)
    regions = {row["code"]: row for row in document["regions"]}
    assert list(regions) == list(Region.values)
    assert regions["gd"] == {
        "code": "gd",
        "name": "Guangdong",
        "statements": 2,
        "people": 3,
    }
    assert (regions["bj"]["people"], regions["xz"]["people"]) == (3, 4)
    assert regions[""]["statements"] == 1
    assert regions["sh"]["statements"] == 0
    assert sum(row["people"] for row in document["regions"]) == 11


def test_stats_json_names_regions_in_the_language_asked_for(wall, client):
    response = client.get(url(wall, "stats/json/"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    regions = {
        row["code"]: row["name"] for row in json.loads(response.content)["regions"]
    }
    assert regions["gd"] == "广东"


def test_stats_json_daily_figures_default_to_thirty_days_and_fill_gaps(wall, client):
    _response, document = get_json(client, wall)
    days = document["days"]
    assert len(days) == 30
    assert days[-1]["date"] == timezone.localdate().isoformat()
    assert days[-1]["people"] == 11 and days[-1]["statements"] == 5
    assert all(day["people"] == 0 for day in days[:-1])
    _response, document = get_json(client, wall, "?days=366")
    assert len(document["days"]) == 366


@pytest.mark.parametrize("days", ["0", "367", "-1", "abc", "1e3", "٣", "30.5"])
def test_stats_json_refuses_a_days_parameter_outside_its_range(wall, client, days):
    response = client.get(url(wall, "stats/json/"), {"days": days})
    assert response.status_code == 400
    assert "days must be a whole number from 1 to 366" in response.json()["error"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_stats_json_is_public_cacheable_and_answers_304_when_current(wall, client):
    response, _document = get_json(client, wall)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert not response.cookies
    again = client.get(url(wall, "stats/json/"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert (
        client.get(
            url(wall, "stats/json/"), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
        ).status_code
        == 304
    )


def test_a_publication_changes_the_etag(
    wall, client, django_capture_on_commit_callbacks
):
    before, _document = get_json(client, wall)
    with django_capture_on_commit_callbacks(execute=True):
        make_statement("published", index_page=wall, region="sh")
    after, document = get_json(client, wall)
    assert after["ETag"] != before["ETag"]
    assert document["statements"] == 6


def test_stats_json_refuses_writes(wall, client):
    assert client.post(url(wall, "stats/json/")).status_code == 405


def test_an_empty_wall_has_valid_figures(index_page, client):
    _response, document = get_json(client, index_page)
    assert document["total"] == document["baseline"]
    assert document["statements"] == 0 and document["updated_at"] is None
    assert all(row["people"] == 0 for row in document["regions"] + document["days"])


def bulk_publish(page, count):
    """``count`` published statements in one insert, then the tallies
    recounted, as a bulk load would."""
    now = timezone.now()
    Statement.objects.bulk_create(
        Statement(
            index_page=page,
            name=f"化名{number}",
            quit_party=True,
            region=Region.values[number % len(Region.values)],
            status=Status.PUBLISHED,
            published_at=now,
            decided_at=now,
            submitted_at=now,
        )
        for number in range(count)
    )
    tallies.rebuild(page)


@pytest.mark.parametrize("route", ["stats/json/", "embed/counter/", "embed/badge/"])
def test_open_data_costs_the_same_queries_at_ten_and_ten_thousand(
    index_page, client, route
):
    counts = []
    for size in (10, 9990):
        bulk_publish(index_page, size)
        client.get(url(index_page, route))  # Wagtail's own caches warm up
        tallies.invalidate(index_page.pk)  # the figures are read again
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(index_page, route)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    _response, document = get_json(client, index_page)
    assert document["statements"] == 10_000


# The regional tallies


def region_rows(page):
    rows = StatementRegionTally.objects.filter(index_page=page).exclude(
        statements=0, people=0
    )
    return sorted(rows.values_list("day", "region", "statements", "people"))


def test_publishing_and_withdrawing_keep_regional_tallies_and_a_rebuild_agrees(
    wall,
):
    published = Statement.objects.published().filter(region="gd")
    transitions.withdraw(published.first())
    tallies.invalidate(wall.pk)  # on commit, which a test transaction skips
    figures = tallies.get_region_figures(wall)
    assert figures["gd"]["statements"] == 1
    kept = region_rows(wall)
    tallies.rebuild(wall)
    assert region_rows(wall) == kept
    tallies.invalidate(wall.pk)
    assert tallies.get_region_figures(wall) == figures


def test_regional_figures_are_read_once_then_cached(wall, django_assert_num_queries):
    tallies.get_region_figures(wall)
    with django_assert_num_queries(0):
        tallies.get_region_figures(wall)


def test_the_migration_counts_the_statements_published_before_it(wall):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("wagtail_tuidang.migrations.0017_region_tallies")
    expected = region_rows(wall)
    StatementRegionTally.objects.all().delete()
    migration.count_regions(apps, None)
    assert region_rows(wall) == expected


# The stats page: a table and a map of the regions


def test_the_stats_page_shows_a_region_table_and_a_tile_map_without_script(
    wall, client
):
    html = client.get(url(wall, "stats/")).content.decode()
    section = re.search(r"<section[^>]*td-stats__regions.*?</section>", html, re.S)
    assert section, "no regional section"
    section = section.group(0)
    assert "<script" not in section
    svg = re.search(r"<svg.*?</svg>", section, re.S).group(0)
    tree = ET.fromstring(svg)  # noqa: S314 (our own output)
    titles = [el.text for el in tree.iter("{http://www.w3.org/2000/svg}title")]
    assert "Guangdong: 3 people, 2 statements" in titles
    assert any(title.startswith("Shanghai: 0 people") for title in titles)
    # One square per region shown on the map: 34 divisions and overseas.
    assert len(tree.findall(".//{http://www.w3.org/2000/svg}rect")) >= 35
    table = re.search(r"<table.*?</table>", section, re.S).group(0)
    assert "Guangdong" in table and "Tibet" in table


# The embeds


def framers(response):
    return csp_directives(response["Content-Security-Policy"])["frame-ancestors"]


def test_the_counter_may_be_framed_by_anyone_and_other_pages_may_not(wall, client):
    embed = client.get(url(wall, "embed/counter/"))
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert framers(embed) == ["*"]
    wall_page = client.get(url(wall))
    assert wall_page["X-Frame-Options"] == "DENY"
    assert csp_directives(wall_page["Content-Security-Policy"])["frame-ancestors"] != [
        "*"
    ]
    form = client.get(url(wall, "submit/"))
    assert csp_directives(form["Content-Security-Policy"])["frame-ancestors"] == [
        "'none'"
    ]


@override_settings(WAGTAIL_TUIDANG_EMBED_FRAME_ANCESTORS=["https://news.example"])
def test_the_counter_s_framers_are_a_setting(wall, client):
    embed = client.get(url(wall, "embed/counter/"))
    assert framers(embed) == ["https://news.example"]


def test_the_counter_sets_no_cookie_runs_no_script_and_shows_the_total(wall, client):
    response = client.get(url(wall, "embed/counter/"))
    html = response.content.decode()
    assert not response.cookies
    assert "<script" not in html and "<form" not in html
    assert "1,011" in html
    assert 'target="_blank" rel="noopener"' in html
    assert "public" in response["Cache-Control"]


def test_the_counter_s_styles_come_from_a_fixed_list(wall, client):
    html = client.get(
        url(wall, "embed/counter/"), {"theme": "dark", "size": "compact"}
    ).content.decode()
    assert "td-embed--dark" in html and "td-embed--compact" in html
    assert "Communist Youth League" not in html  # compact: the total alone
    chinese = client.get(url(wall, "embed/counter/"), {"lang": "zh-hans"})
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert "人已声明退出中共党、团、队组织" in chinese.content.decode()
    for bad in ({"theme": "<script>"}, {"size": "huge"}, {"lang": "xx"}):
        response = client.get(url(wall, "embed/counter/"), bad)
        assert response.status_code == 400
        assert b"<script>" not in response.content


def test_the_badge_is_an_svg_image_of_the_total(wall, client):
    response = client.get(url(wall, "embed/badge/"))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    tree = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert tree.get("role") == "img"
    assert "1,011" in tree.get("aria-label")
    texts = [el.text for el in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Quit the CCP", "1,011"]
    assert b"<script" not in response.content and b"style=" not in response.content


def test_the_chinese_badge_is_wide_enough_for_its_label(wall, client):
    chinese = ET.fromstring(  # noqa: S314
        client.get(url(wall, "embed/badge/"), {"lang": "zh-hans"}).content
    )
    label = [el.text for el in chinese.iter("{http://www.w3.org/2000/svg}text")][0]
    assert label != "Quit the CCP"
    assert int(chinese.get("width")) >= len(label) * 11


def test_a_publication_purges_the_open_data_routes_in_every_style(wall):
    urls = purge.urls_to_purge(wall)
    base = "http://localhost" + wall.url
    assert base + "stats/json/" in urls
    assert base + "embed/counter/" in urls
    assert base + "embed/counter/?theme=dark&size=compact&lang=zh-hans" in urls
    assert base + "embed/badge/?lang=en" in urls
    assert "/embed/counter/" in wall.get_cached_paths()


def test_no_hidden_detail_reaches_the_open_data(index_page, client):
    statement, _code = make_statement(
        "published",
        index_page=index_page,
        name="真名金丝雀",
        alias="化名",
        is_real_name=True,
        consent_real_name=False,
        contact="canary@example.org",
    )
    for route in ("stats/json/", "embed/counter/", "embed/badge/"):
        body = client.get(url(index_page, route)).content.decode()
        assert "真名金丝雀" not in body and "canary@" not in body
        assert statement.public_id not in body


def test_editors_find_the_embed_code_on_the_wall_s_edit_page(index_page, admin_client):
    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[index_page.pk])
    ).content.decode()
    base = "http://localhost" + index_page.url
    assert f'&lt;iframe src="{base}embed/counter/"' in html
    assert f"{base}embed/badge/" in html
    assert f"{base}stats/json/" in html
    index_page.unpublish()
    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[index_page.pk])
    ).content.decode()
    assert "embed/counter/" not in html
    assert "Publish the page to get the code" in html
