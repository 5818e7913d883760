"""Anti-spam: honeypot, render time and rate limit flag statements for
moderators and never refuse them; a client's address is never kept."""

import logging
import time
from unittest import mock

import pytest
from django.apps import apps
from django.core import signing
from django.core.cache import caches
from django.db import models
from django.test import RequestFactory

from tests.helpers import aged_token, code_in, receipt_url, submission, submit_url
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import antispam
from wagtail_tuidang.statements import client as client_keys
from wagtail_tuidang.statements.forms import StatementForm

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
USER_AGENT = "CanaryBrowser/7.7 (canary-user-agent)"
TWO_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "antispam-default",
    },
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "antispam-ratelimit",
    },
}


def post(django_client, page, ip=IP, **fields):
    return django_client.post(
        submit_url(page),
        submission(**fields),
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=USER_AGENT,
    )


def test_a_filled_honeypot_stores_the_statement_flagged(client, index_page):
    response = post(client, index_page, website="http://buy.example")

    assert code_in(response)  # a bot cannot tell it was caught
    statement = Statement.objects.get()
    assert statement.flag_honeypot
    assert not statement.flag_too_fast and not statement.flag_rate_limited


def test_an_empty_honeypot_is_not_flagged(client, index_page):
    post(client, index_page)
    assert not Statement.objects.get().flag_honeypot


@pytest.mark.parametrize(
    ("token", "min_fill", "flagged"),
    [
        (lambda: aged_token(10), 5, False),
        (lambda: aged_token(10), 30, True),
        (antispam.new_token, 3, True),
        (lambda: aged_token(2 * 24 * 60 * 60), 3, True),
        (lambda: "", 3, True),
        (lambda: aged_token(60)[:-2] + "xx", 3, True),
        (lambda: signing.TimestampSigner(salt="other").sign("statement-form"), 0, True),
    ],
    ids=[
        "slow",
        "slower limit",
        "fresh",
        "two days old",
        "missing",
        "tampered",
        "salt",
    ],
)
def test_render_time(client, index_page, settings, token, min_fill, flagged):
    settings.WAGTAIL_TUIDANG_MIN_FILL_SECONDS = min_fill

    response = post(client, index_page, rendered=token())

    assert response.status_code == 200 and code_in(response)
    assert Statement.objects.get().flag_too_fast is flagged


def test_a_form_shown_again_keeps_its_render_time(index_page):
    token = aged_token(30)
    form = StatementForm(page=index_page, data=submission(name="", rendered=token))
    assert not form.is_valid()
    assert f'value="{token}"' in str(form["rendered"])


def test_a_bad_render_time_is_replaced_when_the_form_is_shown_again(index_page):
    form = StatementForm(page=index_page, data=submission(name="", rendered="junk"))
    assert not form.is_valid()
    shown = str(form["rendered"]).split('value="')[1].split('"')[0]
    assert antispam.token_is_valid(shown)


def test_over_the_rate_limit_statements_are_stored_but_flagged(
    client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_RATELIMIT_SUBMISSIONS = 2
    for _ in range(3):
        assert code_in(post(client, index_page))
    post(client, index_page, ip="198.51.100.20")

    flags = list(Statement.objects.order_by("pk").values_list("flag_rate_limited"))
    assert flags == [(False,), (False,), (True,), (False,)]


def test_the_limit_starts_afresh_in_the_next_window(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_SUBMISSIONS = 1
    settings.WAGTAIL_TUIDANG_RATELIMIT_WINDOW = 3600
    post(client, index_page)
    later = time.time() + 3600
    with mock.patch.object(client_keys, "time") as clock:
        clock.time.return_value = later
        post(client, index_page)
    assert not Statement.objects.order_by("pk").last().flag_rate_limited


def test_counters_live_only_in_the_configured_cache(client, index_page, settings):
    settings.CACHES = TWO_CACHES
    settings.WAGTAIL_TUIDANG_RATELIMIT_CACHE = "ratelimit"

    post(client, index_page)
    client.post(receipt_url(index_page), {"code": "x"}, REMOTE_ADDR=IP)

    counters = [key for key in caches["ratelimit"]._cache if "ratelimit" in key]
    # The address, its /24, everyone, the pending ceiling; the receipt look-up.
    assert len(counters) == 5
    assert not [key for key in counters if "203.0.113" in key]
    assert not [key for key in caches["default"]._cache if "ratelimit" in key]


def test_an_unreachable_rate_limit_cache_loses_no_statement(
    client, index_page, settings
):
    settings.CACHES = {
        **TWO_CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.WAGTAIL_TUIDANG_RATELIMIT_CACHE = "ratelimit"

    response = post(client, index_page)
    checked = client.post(receipt_url(index_page), {"code": code_in(response)})

    assert response.status_code == 200
    assert not Statement.objects.get().flag_rate_limited
    assert "Waiting for review" in checked.content.decode()


def test_client_keys_rotate_with_the_window_and_hide_the_address(settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_WINDOW = 600
    request = RequestFactory().get("/", REMOTE_ADDR=IP)
    other = RequestFactory().get("/", REMOTE_ADDR="203.0.113.78")
    now = 1_700_000_000

    key = client_keys.client_key(request, "submit", now=now)

    assert key == client_keys.client_key(request, "submit", now=now + 1)
    assert key != client_keys.client_key(request, "submit", now=now + 600)
    assert key != client_keys.client_key(other, "submit", now=now)
    assert key != client_keys.client_key(request, "receipt", now=now)
    assert IP not in key and len(key) == 64


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("198.51.100.1", 1, "198.51.100.1"),
        ("6.6.6.6, 198.51.100.1", 1, "198.51.100.1"),
        ("6.6.6.6, 198.51.100.1, 10.0.0.2", 2, "198.51.100.1"),
        ("198.51.100.1", 3, "198.51.100.1"),
        ("", 1, "10.0.0.1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, forwarded, proxies, expected):
    settings.WAGTAIL_TUIDANG_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.WAGTAIL_TUIDANG_TRUSTED_PROXIES = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_keys.client_ip(request) == expected


def test_without_the_setting_a_forwarded_header_is_ignored():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6"
    )
    assert client_keys.client_ip(request) == "10.0.0.1"


def test_behind_a_proxy_clients_are_counted_apart(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.WAGTAIL_TUIDANG_RATELIMIT_SUBMISSIONS = 1
    proxy = "10.0.0.1"
    for forwarded in ("6.6.6.6, 198.51.100.1", "7.7.7.7, 198.51.100.1", "198.51.100.2"):
        client.post(
            submit_url(index_page),
            submission(),
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    flags = list(Statement.objects.order_by("pk").values_list("flag_rate_limited"))
    assert flags == [(False,), (True,), (False,)]


def text_values_of_every_table():
    """Every value of every text column of every model, as one string each."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if columns:
            for row in model._base_manager.values_list(*columns):
                yield model, str(row)


def everything_in_the_caches():
    """Each cache entry's key and stored (pickled) bytes."""
    for cache in caches.all():
        for key, value in getattr(cache, "_cache", {}).items():
            yield key.encode() + value


def test_no_address_or_user_agent_is_stored_or_logged(
    client, index_page, settings, caplog
):
    settings.DEBUG = True  # every SQL statement, with its parameters, is logged
    settings.WAGTAIL_TUIDANG_RATELIMIT_SUBMISSIONS = 1
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = 2
    for name in ("", "django", "wagtail", "wagtail_tuidang"):
        caplog.set_level(logging.DEBUG, logger=name or None)
    request = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": USER_AGENT}

    code = code_in(post(client, index_page, contact="phone 555"))
    post(client, index_page, website="spam")  # over the limit, honeypot
    post(client, index_page, name="")  # invalid
    for data in ({"code": code}, {"code": "nope"}, {"code": code}):  # 3rd: 429
        client.post(receipt_url(index_page), data, **request)

    assert Statement.objects.count() == 2
    assert "INSERT INTO" in caplog.text  # the capture works
    for needle in (IP, USER_AGENT, "canary-user-agent"):
        assert needle not in caplog.text
        for model, row in text_values_of_every_table():
            assert needle not in row, model
        for entry in everything_in_the_caches():
            assert needle.encode() not in entry
