"""A flood meets limits that hold: single-use forms, a proof of work, limits
per address, per network and for everyone, and a pending ceiling. Every
statement is stored, flagged for moderators; none is refused and none is
published."""

import html
import json
import re
import time as real_time
from unittest import mock

import altcha
import pytest
from django.core import mail
from django.db import DatabaseError
from django.test import override_settings

from tests.helpers import (
    aged_token,
    code_in,
    logged_in,
    moderator,
    submission,
    submit_url,
)
from wagtail_tuidang.conf import get_setting
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import client as client_module
from wagtail_tuidang.statements import proof
from wagtail_tuidang.statements.models import SpentToken

pytestmark = pytest.mark.django_db


class _MidWindow:
    """A clock for the rate-limit windows that stays in the middle of one
    window: a test sending fifty statements must not see its counters start
    afresh because the hour turned while it ran."""

    def __init__(self):
        window = get_setting("RATELIMIT_WINDOW")
        self.now = (real_time.time() // window) * window + window / 2

    def time(self):
        return self.now


@pytest.fixture(autouse=True)
def _one_window():
    with mock.patch.object(client_module, "time", _MidWindow()):
        yield


DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    },
}
QUEUE_URL = "/admin/tuidang/statements/"


def send(client, page, ip="203.0.113.7", **fields):
    return client.post(submit_url(page), submission(**fields), REMOTE_ADDR=ip)


def solved(challenge=None):
    """The widget's payload for a challenge the form carried, solved."""
    challenge = altcha.Challenge.from_dict(challenge or proof.new_challenge(steps=0))
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


def form_challenge(client, page, ip):
    """The challenge in the form a client at ``ip`` is shown."""
    page_html = client.get(submit_url(page), REMOTE_ADDR=ip).content.decode()
    found = re.search(r'<altcha-widget name="altcha" challenge="([^"]+)"', page_html)
    return json.loads(html.unescape(found.group(1)))


def stored():
    return list(Statement.objects.order_by("pk"))


def assert_all_pending(count):
    statements = stored()
    assert len(statements) == count
    assert {statement.status for statement in statements} == {"pending"}
    assert not any(statement.published_at for statement in statements)


# Single-use render tokens ----------------------------------------------------


def test_a_replayed_render_token_is_flagged(client, index_page):
    token = aged_token()
    first = send(client, index_page, rendered=token, altcha=solved(), name="甲")
    second = send(client, index_page, rendered=token, altcha=solved(), name="乙")

    assert code_in(first) and code_in(second)  # both stored, neither refused
    one, two = stored()
    assert not one.flag_replayed and not one.flag_no_proof
    assert two.flag_replayed
    assert_all_pending(2)


def test_the_same_form_sent_twice_is_still_stored_once(client, index_page):
    data = submission(altcha=solved())
    client.post(submit_url(index_page), data)
    again = client.post(submit_url(index_page), data)

    assert "already" in again.content.decode().lower()
    assert len(stored()) == 1 and not stored()[0].flag_replayed


# Proof of work ---------------------------------------------------------------


def test_a_solved_challenge_passes_unflagged(client, index_page):
    challenge = form_challenge(client, index_page, "198.51.100.1")
    send(client, index_page, altcha=solved(challenge))

    statement = stored()[0]
    assert not (statement.flag_no_proof or statement.flag_replayed)


def test_a_spent_challenge_is_flagged_not_passed(client, index_page):
    payload = solved()
    send(client, index_page, altcha=payload, name="甲")
    response = send(client, index_page, altcha=payload, name="乙")

    assert code_in(response)
    one, two = stored()
    assert not one.flag_replayed
    assert two.flag_replayed and not two.flag_no_proof
    assert_all_pending(2)


def test_without_javascript_the_statement_is_accepted_and_flagged(client, index_page):
    response = send(client, index_page)  # no "altcha" field at all

    assert code_in(response)
    statement = stored()[0]
    assert statement.flag_no_proof and not statement.flag_replayed
    assert_all_pending(1)


@pytest.mark.parametrize(
    "payload",
    ["", "not base64!", "eyJ9", "A" * 5000],
    ids=["empty", "garbage", "bad-json", "oversized"],
)
def test_a_broken_proof_is_flagged_never_a_500(client, index_page, payload):
    response = send(client, index_page, altcha=payload)

    assert response.status_code == 200 and code_in(response)
    assert stored()[0].flag_no_proof


def test_a_challenge_signed_by_another_site_is_no_proof(client, index_page):
    challenge = altcha.create_challenge(
        proof.ALGORITHM, 10, key_prefix=proof.KEY_PREFIX, hmac_secret="someone else"
    )
    send(client, index_page, altcha=solved(challenge.to_dict()))
    assert stored()[0].flag_no_proof


def test_an_expired_challenge_is_no_proof(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_POW_EXPIRY = -10
    send(client, index_page, altcha=solved())
    assert stored()[0].flag_no_proof


def test_difficulty_rises_with_a_clients_volume(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_SUBMISSIONS = 2
    calm = form_challenge(client, index_page, "198.51.100.1")
    for _ in range(6):
        send(client, index_page, ip="203.0.113.7")

    busy = form_challenge(client, index_page, "203.0.113.7")
    other = form_challenge(client, index_page, "198.51.100.1")
    base = 1000  # POW_COST by default
    assert calm["parameters"]["cost"] == other["parameters"]["cost"] == base
    # 6 sent over a limit of 2: log2(1 + 3) = 2 doublings.
    assert busy["parameters"]["cost"] == base * 4


def test_difficulty_never_passes_its_maximum(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_SUBMISSIONS = 1
    settings.WAGTAIL_TUIDANG_POW_MAX_STEPS = 1
    for _ in range(20):
        send(client, index_page)
    assert (
        form_challenge(client, index_page, "203.0.113.7")["parameters"]["cost"] == 2000
    )


def test_a_cost_of_zero_turns_the_proof_off(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_POW_COST = 0
    page_html = client.get(submit_url(index_page)).content.decode()
    send(client, index_page)

    assert "altcha" not in page_html
    assert not stored()[0].flag_no_proof


# Limits per network and for everyone -----------------------------------------


def test_rotating_addresses_in_one_ipv6_64_is_flagged(client, index_page):
    # An IPv6 /64 is one subscriber: limited as one address (5 by default).
    for host in range(1, 51):
        send(client, index_page, ip=f"2001:db8:1:2::{host:x}", altcha=solved())

    flagged = [statement.flag_rate_limited for statement in stored()]
    assert flagged == [False] * 5 + [True] * 45
    assert_all_pending(50)


def test_rotating_64s_in_one_48_is_flagged(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_SITE_SUBMISSIONS = 10
    for network in range(1, 16):
        send(client, index_page, ip=f"2001:db8:1:{network:x}::1")

    flagged = [statement.flag_rate_limited for statement in stored()]
    assert flagged == [False] * 10 + [True] * 5


def test_rotating_addresses_in_one_ipv4_24_is_flagged(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_NETWORK_SUBMISSIONS = 3
    for host in range(1, 6):
        send(client, index_page, ip=f"192.0.2.{host}")
    send(client, index_page, ip="192.0.3.1")  # the next /24 counts afresh

    flagged = [statement.flag_rate_limited for statement in stored()]
    assert flagged == [False, False, False, True, True, False]


def test_crossing_the_global_rate_flags_and_alerts_once(
    client, index_page, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_TUIDANG_RATELIMIT_GLOBAL_SUBMISSIONS = 3
    settings.WAGTAIL_TUIDANG_NOTIFY_INTERVAL = 0  # only the alert in the outbox
    moderator(email="mod@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for network in range(1, 8):  # everyone different, nobody over a limit
            send(client, index_page, ip=f"198.51.{network}.1")

    flood = [statement.flag_flood for statement in stored()]
    assert flood == [False] * 3 + [True] * 4
    assert not any(statement.flag_rate_limited for statement in stored())
    assert [message.to for message in mail.outbox] == [["mod@example.org"]]
    assert "Flood alert" in mail.outbox[0].subject
    assert "198.51" not in mail.outbox[0].body
    assert_all_pending(7)


def test_an_alert_shows_a_banner_to_moderators(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_GLOBAL_SUBMISSIONS = 1
    before = logged_in(client, moderator()).get(QUEUE_URL).content.decode()
    send(client, index_page, ip="198.51.1.1")
    send(client, index_page, ip="198.51.2.1")

    queue = client.get(QUEUE_URL).content.decode()
    dashboard = client.get("/admin/").content.decode()
    assert 'data-flood-alert="global"' not in before
    assert 'data-flood-alert="global"' in queue
    assert 'data-flood-alert="global"' in dashboard


def test_the_pending_ceiling_flags_and_alerts_once(
    client, index_page, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_TUIDANG_PENDING_CEILING = 2
    settings.WAGTAIL_TUIDANG_NOTIFY_INTERVAL = 0
    moderator(email="mod@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for network in range(1, 6):
            # The ceiling is counted at most once a minute: here, each time.
            with mock.patch(
                "wagtail_tuidang.statements.limits.CEILING_CACHE_SECONDS", 0
            ):
                send(client, index_page, ip=f"198.51.{network}.1")

    assert [statement.flag_flood for statement in stored()] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert len(mail.outbox) == 1
    assert_all_pending(5)


# A cache outage --------------------------------------------------------------


def test_a_cache_outage_flags_limit_unknown_and_loses_nothing(
    client, index_page, settings
):
    settings.CACHES = DOWN
    settings.WAGTAIL_TUIDANG_RATELIMIT_CACHE = "ratelimit"
    response = send(client, index_page, altcha=solved())

    assert code_in(response)
    statement = stored()[0]
    assert statement.flag_rate_limit_unknown
    assert not statement.flag_no_proof and not statement.flag_replayed


def test_during_an_outage_spent_forms_are_kept_in_the_database(
    client, index_page, settings
):
    settings.CACHES = DOWN
    settings.WAGTAIL_TUIDANG_RATELIMIT_CACHE = "ratelimit"
    token, payload = aged_token(), solved()
    send(client, index_page, rendered=token, altcha=payload, name="甲")
    send(client, index_page, rendered=token, altcha=payload, name="乙")

    one, two = stored()
    assert not one.flag_replayed and two.flag_replayed
    # Keyed hashes of the token and the challenge, never the values.
    digests = list(SpentToken.objects.values_list("digest", flat=True))
    assert len(digests) == 2
    assert not {token, payload} & set(digests)


def test_a_token_spent_during_an_outage_stays_spent_after_it(client, index_page):
    token = aged_token()
    with override_settings(CACHES=DOWN, WAGTAIL_TUIDANG_RATELIMIT_CACHE="ratelimit"):
        send(client, index_page, rendered=token, name="甲")
    send(client, index_page, rendered=token, name="乙")

    assert [statement.flag_replayed for statement in stored()] == [False, True]


def test_when_nothing_can_record_a_spent_form_it_is_flagged(
    client, index_page, settings
):
    settings.CACHES = DOWN
    settings.WAGTAIL_TUIDANG_RATELIMIT_CACHE = "ratelimit"
    with mock.patch.object(
        SpentToken.objects, "create", side_effect=DatabaseError("disk full")
    ):
        response = send(client, index_page, altcha=solved())

    assert code_in(response)  # fail closed: flagged, never refused
    assert stored()[0].flag_replayed
