"""The wall's ``?cursor=`` does not carry the statement's sequential id (which
would tell anyone following a link how many statements the site received),
and an edited, foreign or old-style cursor gives the newest page with a
notice, never an error."""

import base64
import re
import struct
from urllib.parse import parse_qs

import pytest

from tests.test_listing import bulk_publish, get, link, notices, shown_names
from wagtail_tuidang.models import Statement

pytestmark = pytest.mark.django_db

BROKEN = "This page link is broken or out of date"


def cursor_of(query):
    return parse_qs(query.lstrip("?"))["cursor"][0]


def raw(token):
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


@pytest.fixture
def wall(index_page, settings):
    settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE = 2
    bulk_publish(index_page, 5)
    return index_page


def test_a_cursor_does_not_reveal_the_statement_id(client, wall):
    first = get(client, wall)
    token = cursor_of(link(first, "next"))
    last_shown = Statement.objects.get(name=shown_names(first)[-1])
    decoded = raw(token)
    assert str(last_shown.pk).encode() not in decoded
    assert struct.pack(">q", last_shown.pk) not in decoded
    assert str(last_shown.pk) not in token
    # The same position always has the same link, so a CDN caches it once.
    assert cursor_of(link(get(client, wall), "next")) == token


def test_cursors_still_page_through_the_wall(client, wall):
    first = get(client, wall)
    second = get(client, wall, link(first, "next"))
    assert shown_names(second) == ["批量2", "批量3"]
    back = get(client, wall, link(second, "prev"))
    assert shown_names(back) == ["批量0", "批量1"]


def test_an_edited_cursor_gives_the_newest_page(client, wall):
    token = cursor_of(link(get(client, wall), "next"))
    flipped = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    response = client.get(wall.url, {"cursor": flipped})
    assert response.status_code == 200
    assert shown_names(response) == ["批量0", "批量1"]
    assert BROKEN in notices(response)


def test_a_cursor_made_with_another_key_gives_the_newest_page(client, wall, settings):
    token = cursor_of(link(get(client, wall), "next"))
    settings.SECRET_KEY = "another-" + settings.SECRET_KEY
    response = client.get(wall.url, {"cursor": token})
    assert response.status_code == 200
    assert BROKEN in notices(response)


@pytest.mark.parametrize("payload", ["o.1741608000000000.5", "n.1.1"])
def test_an_old_readable_cursor_is_refused(client, wall, payload):
    token = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    response = client.get(wall.url, {"cursor": token})
    assert response.status_code == 200
    assert shown_names(response) == ["批量0", "批量1"]
    assert BROKEN in notices(response)


def test_no_link_on_the_wall_holds_an_id(client, wall):
    html = get(client, wall).content.decode()
    for token in re.findall(r"cursor=([A-Za-z0-9_-]+)", html):
        assert not re.search(rb"[on]\.\d+\.\d+", raw(token))
