"""No real name travels in a cookie. Django's cookie message storage signs
its messages but does not encrypt them: whatever a moderation message says
is readable by anyone who sees the moderator's cookies (a shared computer, a
proxy, a browser extension). Messages name a statement by its number."""

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from tests.factories import make_statement
from tests.helpers import (
    QUEUE_URL,
    bulk_url,
    decide_url,
    logged_in,
    messages_of,
    moderator,
)

pytestmark = pytest.mark.django_db

REAL_NAME = "王真名"


@pytest.fixture
def mod_client(client):
    return logged_in(client, moderator())


def unconfirmed(index_page, status="pending", **fields):
    statement, _ = make_statement(
        index_page=index_page,
        status=status,
        name=REAL_NAME,
        alias="",
        is_real_name=True,
        consent_real_name=True,
        **fields,
    )
    return statement


def cookie_texts(response):
    """Every cookie value the response set, with the message cookie decoded."""
    storage = CookieStorage(RequestFactory().get("/"))
    texts = []
    for morsel in response.cookies.values():
        texts.append(morsel.value)
        decoded = storage._decode(morsel.value)
        texts.extend(str(message) for message in decoded or [])
    return texts


def assert_no_name(response):
    assert response.status_code == 302
    texts = cookie_texts(response)
    assert texts, "the action set no cookie: nothing was checked"
    assert not [text for text in texts if REAL_NAME in text]


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("publish", {}),
        ("reject", {"reason": "unsafe"}),
        ("mark_spam", {}),
        ("confirm_real_name", {}),
    ],
)
def test_bulk_actions_skipping_a_statement_name_no_real_name(
    mod_client, index_page, action, data
):
    # Already decided: every action skips it with a message.
    statement = unconfirmed(index_page, status="spam")
    response = mod_client.post(bulk_url(action, [statement]), data)
    assert_no_name(response)
    assert any(f"#{statement.pk}" in text for text in messages_of(response))


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("publish", {}),
        ("reject", {"reason": "unsafe"}),
        ("mark_spam", {}),
        ("confirm_real_name", {}),
    ],
)
def test_inspect_decisions_name_no_real_name(mod_client, index_page, action, data):
    statement = unconfirmed(index_page)
    assert_no_name(mod_client.post(decide_url(statement, action), data))


def test_bulk_decisions_that_succeed_name_no_real_name(mod_client, index_page):
    statements = [unconfirmed(index_page) for _ in range(2)]
    assert_no_name(mod_client.post(bulk_url("confirm_real_name", statements)))
    reject = {"reason": "unsafe"}
    assert_no_name(mod_client.post(bulk_url("reject", statements), reject))


def test_a_correction_names_no_real_name(mod_client, index_page):
    statement = unconfirmed(index_page)
    response = mod_client.post(
        f"{QUEUE_URL}edit/{statement.pk}/",
        {"name": REAL_NAME, "alias": "", "text": "退出中共。", "region": "gd"},
    )
    assert_no_name(response)
    [message] = messages_of(response)
    assert message.startswith(f"Statement #{statement.pk} corrected.")
