"""Booth mode's server side: the page, its worker and manifest, and the JSON
endpoint that stores entries sent from a device once, with the console's
validation, to signed-in volunteers only."""

import json
import re
import uuid

import pytest
from django.db import IntegrityError, connection
from django.test import Client

from tests.helpers import csp_directives, race, user_with, volunteer
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.statements.choices import Source, Status
from wagtail_tuidang.volunteers import booth

pytestmark = pytest.mark.django_db

BOOTH_URL = "/admin/tuidang/volunteer/booth/"
ENTRIES_URL = BOOTH_URL + "entries/"
TOKEN_URL = BOOTH_URL + "token/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def vol_client(client):
    client.force_login(volunteer())
    return client


def entry(**changes):
    """What the booth's script sends for one person."""
    data = {
        "name": "张三",
        "is_real_name": False,
        "consent_real_name": False,
        "alias": "",
        "organisations": ["party", "young_pioneers"],
        "people_count": "2",
        "region": "sc",
        "text": "退出中共。",
        "source": "volunteer",
        "consent": True,
        "declared_on": "2024-05-01",
    }
    return {**data, **changes}


def send(client, body, key=None, **extra):
    payload = {"key": key or str(uuid.uuid4()), "entry": body}
    return client.post(
        ENTRIES_URL,
        json.dumps(payload, ensure_ascii=False),
        content_type="application/json",
        **XHR,
        **extra,
    )


def test_an_entry_is_stored_pending_for_the_page_from_the_volunteer(client, index_page):
    user = volunteer()
    client.force_login(user)
    response = send(client, entry())
    assert response.status_code == 201
    statement = Statement.objects.get()
    assert response.json() == {"public_id": statement.public_id, "created": True}
    assert statement.status == Status.PENDING
    assert statement.submitted_by == user
    assert statement.source == Source.VOLUNTEER
    assert statement.index_page_id == index_page.pk
    assert (statement.name, statement.people_count, statement.region) == (
        "张三",
        2,
        "sc",
    )
    assert statement.quit_party and statement.quit_young_pioneers
    assert not statement.quit_youth_league
    # The day said at the booth, not the day it reached the site.
    assert str(statement.declared_on) == "2024-05-01"
    # Tallies change on publication only: a pending entry counts nobody yet.
    assert not StatementTally.objects.exists()


def test_a_resent_key_stores_once_and_answers_with_the_first_result(
    vol_client, index_page
):
    key = str(uuid.uuid4())
    first = send(vol_client, entry(), key=key)
    again = send(vol_client, entry(), key=key)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == {"public_id": first.json()["public_id"], "created": False}
    assert Statement.objects.count() == 1


def test_a_key_replayed_with_another_body_stores_nothing_new(vol_client, index_page):
    """The first result wins: a device never changes a queued entry, so a
    second body under one key is a replay, not a second person."""
    key = str(uuid.uuid4())
    first = send(vol_client, entry(), key=key)
    other = send(vol_client, entry(name="李四", people_count="5"), key=key)
    assert other.status_code == 200
    assert other.json()["public_id"] == first.json()["public_id"]
    assert list(Statement.objects.values_list("name", "people_count")) == [("张三", 2)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a real race needs PostgreSQL"
)
def test_one_key_sent_twice_at_the_same_moment_is_stored_once(index_page):
    user = volunteer()
    key, statuses = str(uuid.uuid4()), []
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)
    race(
        [
            lambda c=c: statuses.append(send(c, entry(), key=key).status_code)
            for c in clients
        ]
    )
    assert sorted(statuses) == [200, 201]
    assert Statement.objects.count() == 1


def test_the_same_key_from_two_volunteers_is_two_entries(client, index_page):
    key = str(uuid.uuid4())
    for _ in range(2):
        client.force_login(volunteer())
        assert send(client, entry(), key=key).status_code == 201
    assert Statement.objects.count() == 2


def test_a_unique_clash_that_is_not_the_key_is_not_hidden(vol_client, index_page):
    statement = Statement(index_page=index_page, name="王五", quit_party=True)
    first = Statement(index_page=index_page, name="赵六", quit_party=True)
    booth.submit_keyed(first, "a" * 64)
    statement.public_id = first.public_id
    with pytest.raises(IntegrityError):
        booth.submit_keyed(statement, "b" * 64)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": False}, "consent"),
        ({"organisations": []}, "organisations"),
        ({"name": ""}, "name"),
        ({"people_count": "0"}, "people_count"),
        ({"region": "atlantis"}, "region"),
        ({"name": "李\u202e明"}, "name"),
        ({"declared_on": "2999-01-01"}, "declared_on"),
        ({"people_count": {"n": 1}}, "people_count"),
        ({"organisations": "party"}, "organisations"),
        ({"is_real_name": True, "alias": "张三"}, "alias"),
    ],
)
def test_bad_entries_get_400_with_the_field_error_and_store_nothing(
    vol_client, index_page, changes, field
):
    response = send(vol_client, entry(**changes))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["errors"][field][0]
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"key": "x"}',
        b'{"entry": {}}',
        json.dumps({"key": "not-a-uuid", "entry": entry()}).encode(),
        b'{"key": "' + str(uuid.uuid4()).encode() + b'", "entry": "\\ud800"}',
    ],
)
def test_unreadable_bodies_get_400_not_500(vol_client, index_page, body):
    response = vol_client.post(
        ENTRIES_URL, body, content_type="application/json", **XHR
    )
    assert response.status_code == 400
    assert response.json()["errors"]
    assert Statement.objects.count() == 0


def test_an_oversized_body_gets_400(vol_client, index_page):
    response = send(vol_client, entry(text="退" * booth.MAX_BODY))
    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_a_lone_surrogate_in_a_field_is_a_field_error(vol_client, index_page):
    payload = {"key": str(uuid.uuid4()), "entry": entry()}
    body = json.dumps(payload).replace("\\u5f20", "\\ud800", 1)  # 张 → a lone surrogate
    response = vol_client.post(
        ENTRIES_URL, body, content_type="application/json", **XHR
    )
    assert response.status_code == 400
    assert "name" in response.json()["errors"]
    assert Statement.objects.count() == 0


def test_signed_out_and_unpermitted_users_get_403_and_nothing_is_stored(
    client, index_page
):
    assert send(client, entry()).status_code == 403
    assert client.get(TOKEN_URL, **XHR).status_code == 403
    client.force_login(user_with())
    assert send(client, entry()).status_code == 403
    assert client.get(TOKEN_URL, **XHR).status_code == 403
    assert client.get(BOOTH_URL, **XHR).status_code == 403
    assert Statement.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(index_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer())
    assert send(client, entry()).status_code == 403
    token = client.get(TOKEN_URL, **XHR).json()["csrfToken"]
    response = send(client, entry(), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert Statement.objects.count() == 1


def test_the_page_has_no_inline_script_or_style_and_no_token(vol_client, index_page):
    response = vol_client.get(BOOTH_URL)
    assert response.status_code == 200
    html = response.text
    # Every <script> has a src, except the JSON data block that never runs.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag
    assert "<style" not in html and " style=" not in html
    assert "csrfmiddlewaretoken" not in html
    assert 'rel="manifest"' in html
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]


def test_the_worker_is_scoped_to_the_booth_and_lists_its_files(vol_client, index_page):
    response = vol_client.get(BOOTH_URL + "sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == BOOTH_URL
    script = response.text
    assert f'var PAGE = "{BOOTH_URL}"' in script
    assert "wagtail_tuidang/js/booth.js" in script
    assert "&quot;" not in script
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy == {"default-src": ["'none'"], "connect-src": ["'self'"]}


def test_a_worker_of_a_site_with_its_static_files_elsewhere_may_keep_them(
    vol_client, index_page, settings
):
    settings.STATIC_URL = "https://static.example.org/assets/"
    response = vol_client.get(BOOTH_URL + "sw.js")
    assert "https://static.example.org/assets/wagtail_tuidang/js/booth.js" in (
        response.text
    )
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["connect-src"] == ["'self'", "https://static.example.org"]


def test_the_manifest_makes_an_installable_app_of_the_booth(vol_client, index_page):
    response = vol_client.get(BOOTH_URL + "manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == manifest["scope"] == BOOTH_URL
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_without_a_statement_wall_the_booth_says_so_and_stores_nothing(
    vol_client, home_page
):
    response = vol_client.get(BOOTH_URL)
    assert response.status_code == 200
    assert "There is no statement index page yet" in response.text
    response = send(vol_client, entry())
    assert response.status_code == 400
    assert "no statement index page" in response.json()["errors"]["__all__"][0]


def test_the_menu_shows_the_booth_to_volunteers_only(client, index_page):
    client.force_login(user_with())
    assert BOOTH_URL not in client.get("/admin/").text
    client.force_login(volunteer())
    assert BOOTH_URL in client.get("/admin/").text


def test_the_device_address_and_browser_are_stored_nowhere(vol_client, index_page):
    ip, agent = "203.0.113.77", "canary-agent/9.9"
    response = send(vol_client, entry(), REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    assert response.status_code == 201
    row = Statement.objects.values().get()
    for value in row.values():
        assert ip not in str(value) and agent not in str(value)
