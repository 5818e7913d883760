"""Password guessing against staff accounts is throttled, and the throttle
keeps no trace of where anyone signs in from.

A hostile test made 30 wrong guesses in 7.6 seconds and then signed in with
the right password. These tests sign in as a person would, through the
Wagtail admin's login form, with django-axes switched on as in production.
"""

import logging
import time
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from tests.caches import FORGIVING, RAISING
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
PASSWORD = "pass-for-tests"
LIMIT = 5
#: What a client sends about itself; none of it may be kept.
CLIENT = {"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": "ProbeAgent/9.9 (x-ua)"}
PAUSED = "Sign-in paused"


@pytest.fixture(autouse=True)
def throttle(settings):
    """django-axes on, as in the example site's settings, with a fresh
    handler and no counts left from an earlier test."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT
    handler = AxesProxyHandler.get_implementation(force=True)
    handler.cache.local.clear()
    yield handler
    handler.cache.local.clear()
    AxesProxyHandler.get_implementation(force=True)


def sign_in(client, username, password, **extra):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        **{**CLIENT, **extra},
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def guess_wrongly(client, username, times):
    return [sign_in(client, username, "wrong-guess").status_code for _ in range(times)]


def test_the_account_locks_after_the_limit_and_refuses_the_right_password(client):
    user = SuperuserFactory()

    statuses = guess_wrongly(client, user.username, LIMIT)
    response = sign_in(client, user.username, PASSWORD)

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert response.status_code == 429
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302  # still at the login page


def test_the_locked_out_page_says_what_happened_and_what_to_do(client):
    user = SuperuserFactory()
    guess_wrongly(client, user.username, LIMIT)

    response = sign_in(client, user.username, PASSWORD)
    html = response.content.decode()

    assert response.status_code == 429
    assert PAUSED in html
    assert f"locked after {LIMIT} wrong passwords" in html
    assert "Try again in 15 minutes" in html
    assert 'href="/admin/login/"' in html


def test_fewer_failures_than_the_limit_still_let_the_owner_in(client):
    user = SuperuserFactory()
    guess_wrongly(client, user.username, LIMIT - 1)

    response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_a_success_clears_the_count(client):
    user = SuperuserFactory()
    guess_wrongly(client, user.username, LIMIT - 1)
    sign_in(client, user.username, PASSWORD)
    client.logout()

    statuses = guess_wrongly(client, user.username, LIMIT - 1)

    assert statuses == [200] * (LIMIT - 1)
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_one_locked_account_does_not_lock_another(client):
    target, colleague = SuperuserFactory(), SuperuserFactory()
    guess_wrongly(client, target.username, LIMIT)

    response = sign_in(client, colleague.username, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_changing_address_does_not_escape_the_lock(client):
    user = SuperuserFactory()
    for number in range(LIMIT):
        sign_in(client, user.username, "wrong", REMOTE_ADDR=f"198.51.100.{number}")

    response = sign_in(client, user.username, PASSWORD, REMOTE_ADDR="192.0.2.1")

    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lock_lifts_after_the_cool_off(client, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    user = SuperuserFactory()
    guess_wrongly(client, user.username, LIMIT)

    later = time.time() + 16 * 60
    with mock.patch("time.time", return_value=later):
        response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 302


@pytest.mark.parametrize("outage", [RAISING, FORGIVING], ids=["raising", "forgiving"])
def test_a_cache_outage_neither_breaks_sign_in_nor_lifts_the_throttle(
    client, settings, outage
):
    settings.CACHES = outage
    AxesProxyHandler.get_implementation(force=True)  # as a process started now
    target, colleague = SuperuserFactory(), SuperuserFactory()

    statuses = guess_wrongly(client, target.username, LIMIT)
    locked = sign_in(client, target.username, PASSWORD)
    other = sign_in(client, colleague.username, PASSWORD)

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert locked.status_code == 429
    assert other.status_code == 302


def all_rows_as_text():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                yield table, " ".join(str(value) for value in row)


def test_no_address_or_user_agent_lands_in_the_database_the_cache_or_the_logs(
    client, caplog
):
    caplog.set_level(logging.DEBUG)
    target, colleague = SuperuserFactory(), SuperuserFactory()
    guess_wrongly(client, target.username, LIMIT + 1)
    sign_in(client, target.username, PASSWORD)
    sign_in(client, colleague.username, PASSWORD)
    client.get("/admin/")
    client.post("/admin/logout/", **CLIENT)

    secrets = [CLIENT["REMOTE_ADDR"], "ProbeAgent"]
    stored = [
        (table, secret)
        for table, text in all_rows_as_text()
        for secret in secrets
        if secret in text
    ]
    logged = [
        record.getMessage()
        for record in caplog.records
        if any(secret in record.getMessage() for secret in secrets)
    ]
    cached = [
        key
        for key in caches["default"]._cache  # LocMemCache's own store
        if any(secret in str(key) for secret in secrets)
    ]
    assert caplog.records  # the throttle did log its lockout, without them
    assert stored == []
    assert logged == []
    assert cached == []


def test_an_administrator_can_lift_a_lock_at_once(client):
    user = SuperuserFactory()
    guess_wrongly(client, user.username, LIMIT)

    call_command("axes_reset_username", user.username, stdout=StringIO())

    assert sign_in(client, user.username, PASSWORD).status_code == 302
