"""RSS 2.0 (``feed/``) and Atom (``feed/atom/``) of published statements."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from tests.factories import make_statement
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import transitions
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NOON = datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC)


def publish(page, **fields):
    return make_statement(status="published", index_page=page, **fields)[0]


def rss_items(client, page):
    response = client.get(f"{page.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    # Our own output, parsed to prove it is well-formed XML.
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    return channel, channel.findall("item")


def atom_entries(client, page):
    response = client.get(f"{page.url}feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314
    return root, root.findall(f"{ATOM}entry")


def test_rss_lists_published_statements_newest_first(client, index_page):
    older = publish(index_page, name="先", text="第一份声明")
    Statement.objects.filter(pk=older.pk).update(published_at=NOON)
    newer = publish(index_page, name="后", quit_youth_league=True)

    channel, items = rss_items(client, index_page)

    assert channel.findtext("title") == "Statements"
    assert channel.findtext("link") == "http://localhost/statements/"
    assert [item.findtext("title") for item in items] == ["后", "先"]
    permalink = f"http://localhost/statements/s/{newer.public_id}/"
    assert items[0].findtext("link") == permalink
    assert items[0].findtext("guid") == permalink
    assert [c.text for c in items[0].findall("category")] == [
        "Chinese Communist Party",
        "Communist Youth League",
    ]
    assert items[1].findtext("description") == "第一份声明"
    assert items[1].findtext("pubDate") == "Mon, 10 Mar 2025 12:00:00 +0000"


def test_atom_lists_the_same_statements(client, index_page):
    statement = publish(index_page, name="阿强", text="退出少先队")

    root, entries = atom_entries(client, index_page)

    assert root.findtext(f"{ATOM}title") == "Statements"
    [entry] = entries
    permalink = f"http://localhost/statements/s/{statement.public_id}/"
    assert entry.findtext(f"{ATOM}title") == "阿强"
    assert entry.find(f"{ATOM}link").get("href") == permalink
    assert entry.findtext(f"{ATOM}id") == permalink
    assert entry.findtext(f"{ATOM}summary") == "退出少先队"


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "withdrawn"])
def test_feeds_never_carry_an_unpublished_statement(client, index_page, status):
    publish(index_page, name="公开者")
    make_statement(status=status, index_page=index_page, name="未公开")

    _channel, items = rss_items(client, index_page)
    _root, entries = atom_entries(client, index_page)

    assert [item.findtext("title") for item in items] == ["公开者"]
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["公开者"]


def test_feeds_carry_only_this_pages_statements(client, index_page, home_page):
    other = StatementIndexPage(title="Other", slug="other")
    home_page.add_child(instance=other)
    publish(other, name="别处")
    publish(index_page, name="此处")

    _channel, items = rss_items(client, index_page)

    assert [item.findtext("title") for item in items] == ["此处"]


def test_feeds_show_a_real_name_only_once_confirmed(client, index_page):
    statement = publish(
        index_page,
        name="王真名",
        alias="小明",
        is_real_name=True,
        consent_real_name=True,
    )
    for path in ("feed/", "feed/atom/"):
        content = client.get(index_page.url + path).content.decode()
        assert "小明" in content
        assert "王真名" not in content

    Statement.objects.filter(pk=statement.pk).update(real_name_confirmed=True)
    _channel, items = rss_items(client, index_page)
    assert items[0].findtext("title") == "王真名"


def test_feeds_never_carry_contact_details(client, index_page):
    statement, _code = make_statement(
        index_page=index_page, contact="canary-contact@example.invalid"
    )
    transitions.publish(statement)
    for path in ("feed/", "feed/atom/"):
        assert (
            "canary-contact" not in client.get(index_page.url + path).content.decode()
        )


def test_markup_and_ampersands_stay_text_in_valid_xml(client, index_page):
    payload = '<script>alert("x")</script> & <b>AT&T</b> ]]>'
    publish(index_page, name="<i>名</i> & co", text=payload)

    _channel, items = rss_items(client, index_page)
    _root, entries = atom_entries(client, index_page)

    assert items[0].findtext("title") == escape("<i>名</i> & co")
    assert entries[0].findtext(f"{ATOM}title") == "<i>名</i> & co"
    # RSS readers read a description as HTML: it is escaped once more.
    assert items[0].findtext("description") == escape(payload)
    assert entries[0].findtext(f"{ATOM}summary") == payload
    assert entries[0].find(f"{ATOM}summary").get("type") == "text"
    raw = client.get(f"{index_page.url}feed/").content.decode()
    assert "<script>" not in raw


def test_control_characters_from_other_sources_do_not_break_the_feed(
    client, index_page
):
    statement = publish(index_page, name="导入", text="ok")
    # Imports and the admin bypass the public form's checks.
    Statement.objects.filter(pk=statement.pk).update(text="a\x01b\x0bc\td")

    _channel, items = rss_items(client, index_page)

    assert items[0].findtext("description") == "abc\td"


def test_feeds_hold_the_latest_50(client, index_page):
    Statement.objects.bulk_create(
        Statement(
            index_page=index_page,
            name=f"批量{i}",
            quit_party=True,
            status=Status.PUBLISHED,
            published_at=NOON - datetime.timedelta(minutes=i),
        )
        for i in range(60)
    )

    _channel, items = rss_items(client, index_page)

    assert len(items) == 50
    assert items[0].findtext("title") == "批量0"
    assert items[-1].findtext("title") == "批量49"


def test_feeds_set_no_cookie(client, index_page):
    publish(index_page)
    for path in ("feed/", "feed/atom/"):
        assert not client.get(index_page.url + path).cookies


@pytest.mark.parametrize("path", ["feed/", "feed/atom/"])
def test_a_feed_costs_the_same_with_10_or_1000_statements(client, home_page, path):
    counts = []
    for size in (10, 1000):
        page = StatementIndexPage(title=f"Wall {size}", slug=f"wall-{size}")
        home_page.add_child(instance=page)
        Statement.objects.bulk_create(
            Statement(
                index_page=page,
                name=f"批量{i}",
                quit_party=True,
                status=Status.PUBLISHED,
                published_at=NOON - datetime.timedelta(minutes=i),
            )
            for i in range(size)
        )
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url + path)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
