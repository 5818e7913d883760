"""Moderators decide with the text in view: the queue shows the first line
and the organisations, the bulk confirmation page lists names and texts, and
the inspect view reads like a statement and carries the decision buttons."""

import re

import pytest
from wagtail.models import ModelLogEntry

from tests.factories import make_statement
from tests.helpers import (
    QUEUE_URL,
    XSS_TEXT,
    assert_escaped,
    bulk_url,
    decide_url,
    inspect_url,
    logged_in,
    messages_of,
    moderation_user,
    moderator,
)
from wagtail_tuidang.models import RealNameConfirmation, Statement
from wagtail_tuidang.moderation.setup import CONTACT_OFFICERS, MODERATORS
from wagtail_tuidang.statements import transitions
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

LONG_LINE = "我宣布退出中国共产党及其一切附属组织，" * 10


@pytest.fixture
def mod_client(client):
    return logged_in(client, moderator())


def text_of(html):
    """The visible words of ``html``, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def dl_pairs(html):
    """The inspect view's ``<dt>``/``<dd>`` pairs, as visible text."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, flags=re.S)
    return {text_of(label): text_of(value) for label, value in pairs}


def decision_forms(html):
    """The actions the inspect view's decision buttons post to."""
    return re.findall(r'action="/admin/tuidang/statements/decide/\d+/(\w+)/"', html)


# The queue ------------------------------------------------------------------


def test_the_queue_shows_the_first_line_and_the_organisations(mod_client, index_page):
    make_statement(
        index_page=index_page,
        name="张三",
        text="\n  第一行的声明\n第二行不显示",
        quit_party=True,
        quit_young_pioneers=True,
    )
    make_statement(index_page=index_page, name="李四", text=LONG_LINE)
    html = text_of(mod_client.get(QUEUE_URL).text)
    assert "第一行的声明" in html
    assert "第二行不显示" not in html
    assert "Chinese Communist Party, Young Pioneers" in html
    # A long line is shortened, not copied whole into the listing.
    assert LONG_LINE[:70] in html
    assert LONG_LINE not in html


def test_the_queue_escapes_the_text(mod_client, index_page):
    make_statement(index_page=index_page, text=XSS_TEXT)
    assert_escaped(mod_client.get(QUEUE_URL).text)


# The bulk confirmation page --------------------------------------------------


def test_the_confirmation_page_lists_public_names_and_texts(mod_client, index_page):
    plain, _ = make_statement(index_page=index_page, name="王五", text="第一段\n第二段")
    hidden, _ = make_statement(
        index_page=index_page,
        name="赵真名",
        alias="小赵",
        is_real_name=True,
        consent_real_name=True,
        text="我的声明全文",
    )
    html = mod_client.get(bulk_url("publish", [plain, hidden])).text
    assert 'class="tuidang-bulk-items" role="region"' in html
    words = text_of(html)
    assert "王五" in words and "第一段 第二段" in words
    assert "小赵" in words and "我的声明全文" in words
    # An unconfirmed real name is not shown where publishing is decided.
    assert "赵真名" not in words


def test_confirming_real_names_shows_the_real_names(mod_client, index_page):
    statement, _ = make_statement(
        index_page=index_page,
        name="赵真名",
        alias="小赵",
        is_real_name=True,
        consent_real_name=True,
    )
    words = text_of(mod_client.get(bulk_url("confirm_real_name", [statement])).text)
    assert "小赵" in words and "Real name: 赵真名" in words


def test_the_confirmation_page_escapes_the_text(mod_client, index_page):
    statement, _ = make_statement(index_page=index_page, text=XSS_TEXT)
    assert_escaped(mod_client.get(bulk_url("publish", [statement])).text)


# The inspect view -------------------------------------------------------------


def test_inspect_is_laid_out_for_reading(mod_client, index_page):
    statement, _ = make_statement(
        index_page=index_page,
        name="孙真名",
        alias="小孙",
        is_real_name=True,
        consent_real_name=True,
        quit_party=True,
        quit_youth_league=True,
        region="gd",
        text="第一段\n第二段",
        language="zh-hans",
        people_count=3,
    )
    statement.refresh_from_db()
    html = mod_client.get(inspect_url(statement)).text
    fields = dl_pairs(html)
    assert fields["Public name"] == "小孙"
    assert fields["Name"] == "孙真名"
    assert fields["Organisations quit"] == (
        "Chinese Communist Party, Communist Youth League"
    )
    assert fields["Region"] == "Guangdong"
    assert fields["Statement"] == "第一段 第二段"
    assert "第一段<br>第二段" in html
    assert fields["Number of people"] == "3"
    assert fields["Status"] == "Pending review"
    assert fields["Page"] == index_page.title
    assert fields["Is a real name"] == "Yes"
    assert fields["Real name confirmed by moderators"] == "No"
    assert fields["Flags"] == "No flags raised"
    assert fields["Submitted by"] == "Not given"
    assert fields["Published at"] == "Not given"
    assert "Simplified Chinese" in fields["Language"]


def test_inspect_shows_nothing_internal(mod_client, index_page):
    statement, _ = make_statement(index_page=index_page, contact="x@example.org")
    statement.refresh_from_db()
    html = mod_client.get(inspect_url(statement)).text
    fields = dl_pairs(html)
    assert not {"True", "False", "None"} & set(fields.values())
    internal = {
        "Id",
        "Public id",
        "Receipt code hash",
        "Duplicate fingerprint",
        "Contact details (encrypted)",
    }
    assert not internal & set(fields)
    for secret in (
        statement.public_id,
        statement.fingerprint,
        statement.receipt_hash,
        statement.contact_encrypted,
    ):
        assert secret not in html


def test_inspect_offers_the_decisions_a_moderator_may_take(mod_client, index_page):
    statement, _ = make_statement(
        index_page=index_page, alias="化名", is_real_name=True, consent_real_name=True
    )
    html = mod_client.get(inspect_url(statement)).text
    assert decision_forms(html) == [
        "publish",
        "reject",
        "mark_spam",
        "confirm_real_name",
    ]
    # Rejecting asks for one of the configured reasons.
    assert 'name="reason"' in html and 'value="unsafe"' in html


def test_no_button_for_a_decided_statement(mod_client, index_page):
    statement, _ = make_statement(index_page=index_page, status="rejected")
    html = mod_client.get(inspect_url(statement)).text
    assert decision_forms(html) == []


def test_a_published_statement_can_only_be_taken_down(mod_client, index_page):
    statement, _ = make_statement(index_page=index_page, status="published")
    html = mod_client.get(inspect_url(statement)).text
    assert decision_forms(html) == ["take_down"]


def test_no_publish_button_for_ones_own_submission(client, index_page):
    user = moderator()
    statement, _ = make_statement(index_page=index_page, submitted_by=user)
    html = logged_in(client, user).get(inspect_url(statement)).text
    assert decision_forms(html) == ["reject", "mark_spam"]
    words = text_of(html)
    assert "Publish is not possible: Nobody may publish a statement they" in words
    # No real name was asked for: confirming it is not an option to explain.
    assert "Confirm real name is not possible" not in words


def test_a_reader_without_decision_rights_sees_no_button(client, index_page):
    statement, _ = make_statement(index_page=index_page)
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    html = client.get(inspect_url(statement)).text
    assert decision_forms(html) == []
    response = client.post(decide_url(statement, "publish"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING


@pytest.mark.parametrize(
    ("action", "data", "status", "message"),
    [
        ("publish", {}, Status.PUBLISHED, "1 statement published."),
        ("reject", {"reason": "unsafe"}, Status.REJECTED, "1 statement rejected."),
        ("mark_spam", {}, Status.SPAM, "1 statement marked as spam."),
    ],
)
def test_each_button_takes_its_decision(
    mod_client,
    index_page,
    django_capture_on_commit_callbacks,
    action,
    data,
    status,
    message,
):
    statement, _ = make_statement(index_page=index_page)
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(decide_url(statement, action), data)
    assert response.status_code == 302
    assert response["Location"] == inspect_url(statement)
    assert Statement.objects.get(pk=statement.pk).status == status
    assert messages_of(response) == [message]
    # The audit log records it, as for a bulk decision.
    entry = ModelLogEntry.objects.get(action=f"wagtail_tuidang.{action}")
    assert entry.object_id == str(statement.pk)
    assert entry.user == response.wsgi_request.user


def test_rejecting_needs_a_reason(mod_client, index_page):
    statement, _ = make_statement(index_page=index_page)
    response = mod_client.post(decide_url(statement, "reject"), {"reason": "nope"})
    assert response.status_code == 302
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING
    assert messages_of(response)[0].startswith("Reason shown to the submitter:")


def test_the_confirm_button_records_a_confirmation(client, index_page):
    statement, _ = make_statement(
        index_page=index_page, alias="化名", is_real_name=True, consent_real_name=True
    )
    user = moderation_user(MODERATORS)
    response = logged_in(client, user).post(decide_url(statement, "confirm_real_name"))
    assert response.status_code == 302
    assert RealNameConfirmation.objects.filter(statement=statement, user=user).exists()
    assert messages_of(response) == ["Your confirmation was recorded for 1 statement."]


def test_a_decision_someone_else_took_first_is_explained(mod_client, index_page):
    statement, _ = make_statement(index_page=index_page)
    page = mod_client.get(inspect_url(statement))
    assert "reject" in decision_forms(page.text)
    transitions.publish(statement, user=moderator())  # another moderator

    response = mod_client.post(decide_url(statement, "reject"), {"reason": "unsafe"})
    assert response.status_code == 302
    assert Statement.objects.get(pk=statement.pk).status == Status.PUBLISHED
    assert messages_of(response) == [
        "Nothing was changed: It is already published: take it down instead."
    ]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", lambda s: decide_url(s, "publish")),
        ("post", lambda s: decide_url(s, "nonsense")),
        ("post", lambda s: f"{QUEUE_URL}decide/999999999/publish/"),
    ],
)
def test_bad_decision_requests_are_refused_plainly(mod_client, index_page, method, url):
    statement, _ = make_statement(index_page=index_page)
    response = getattr(mod_client, method)(url(statement))
    assert response.status_code in (404, 405)
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING
