"""Bulk actions on the queue: publish, reject, mark as spam, confirm real name."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from tests.factories import make_statement
from tests.helpers import (
    QUEUE_URL,
    XSS_NAME,
    XSS_TEXT,
    assert_escaped,
    bulk_url,
    logged_in,
    messages_of,
    moderator,
)
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.statements import tallies
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod_client(client):
    return logged_in(client, moderator())


def pending(page, count=1, **fields):
    return [make_statement(index_page=page, **fields)[0] for _ in range(count)]


def test_bulk_publish_publishes_and_counts_the_people(mod_client, index_page):
    statements = pending(index_page, 3, people_count=2)
    response = mod_client.post(bulk_url("publish", statements))
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    assert set(Statement.objects.values_list("status", flat=True)) == {"published"}
    assert tallies.get_figures(index_page)["total"] == 455_000_006
    assert "3 statements published." in messages_of(response)


def test_the_confirmation_page_lists_what_will_be_skipped(mod_client, index_page):
    ready = pending(index_page, name="可以")[0]
    done, _ = make_statement(index_page=index_page, status="published", name="已发")
    response = mod_client.get(bulk_url("publish", [ready, done]))
    assert response.status_code == 200
    html = response.text
    assert "Publish these statements?" in html
    assert "可以" in html and "已发" in html
    assert "will be skipped:" in html
    assert "It is already decided: Published." in html
    # Nothing changed on GET.
    assert Statement.objects.get(pk=ready.pk).status == Status.PENDING


def test_a_statement_in_the_wrong_state_is_skipped_with_a_message(
    mod_client, index_page
):
    ready = pending(index_page, name="待审")[0]
    spam, _ = make_statement(index_page=index_page, status="spam", name="垃圾")
    response = mod_client.post(bulk_url("publish", [ready, spam]))
    assert response.status_code == 302
    assert Statement.objects.get(pk=ready.pk).status == Status.PUBLISHED
    assert Statement.objects.get(pk=spam.pk).status == Status.SPAM
    texts = messages_of(response)
    assert "1 statement published." in texts
    assert f"Statement #{spam.pk} was skipped: It is already decided: Spam." in (texts)


def test_when_nothing_can_be_done_the_page_says_so(mod_client, index_page):
    done, _ = make_statement(index_page=index_page, status="rejected")
    response = mod_client.get(bulk_url("mark_spam", [done]))
    assert "None of these statements can take this action." in response.text
    response = mod_client.post(bulk_url("mark_spam", [done]))
    assert response.status_code == 302
    assert Statement.objects.get(pk=done.pk).status == Status.REJECTED


def test_bulk_reject_stores_the_reason_in_the_submitters_language(
    mod_client, index_page, client
):
    statement, code = make_statement(index_page=index_page, language="en")
    response = mod_client.post(
        bulk_url("reject", [statement]),
        {"reason": "unreadable", "internal_note": "字迹潦草"},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == Status.REJECTED
    assert statement.public_reason == (
        "Your statement could not be read. Please write it again clearly."
    )
    assert statement.internal_note == "字迹潦草"
    # The submitter reads the reason, never the internal note.
    receipt = client.post(index_page.url + "receipt/", {"code": code}).text
    assert "Your statement could not be read." in receipt
    assert "字迹潦草" not in receipt


@pytest.mark.parametrize(
    ("language", "stored"),
    [("zh-hans", "需要修改"), ("zh-hant", "需要修改"), ("en", "Needs fixing")],
)
def test_a_reason_is_stored_in_the_language_the_submitter_wrote_in(
    mod_client, index_page, settings, language, stored
):
    # A reason whose text the shipped catalogues already translate.
    settings.WAGTAIL_TUIDANG_REJECTION_REASONS = [("fix", gettext_lazy("Needs fixing"))]
    statement, _ = make_statement(index_page=index_page, language=language)
    mod_client.post(bulk_url("reject", [statement]), {"reason": "fix"})
    statement.refresh_from_db()
    assert statement.public_reason == stored


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"reason": "made-up"},
        {"reason": "unreadable", "internal_note": "x" * 2001},
        {"reason": "unreadable", "internal_note": "bad\x00byte"},
    ],
)
def test_reject_without_a_valid_reason_changes_nothing(mod_client, index_page, data):
    statement = pending(index_page)[0]
    response = mod_client.post(bulk_url("reject", [statement]), data)
    assert response.status_code == 200
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING


def test_bulk_mark_spam(mod_client, index_page):
    statements = pending(index_page, 2)
    mod_client.post(bulk_url("mark_spam", statements))
    assert set(Statement.objects.values_list("status", flat=True)) == {"spam"}
    assert not StatementTally.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?id=abc",
        "?id=-1",
        "?id=99999999",
        "?id=1%00",
        "?id=%C2%B2",
        "?id=" + "9" * 40,
    ],
)
def test_bad_selections_answer_404_not_500(mod_client, index_page, query):
    url = reverse(
        "wagtail_bulk_action", args=["wagtail_tuidang", "statement", "publish"]
    )
    assert mod_client.get(url + query).status_code == 404
    assert mod_client.post(url + query).status_code == 404


def test_unknown_bulk_action_is_404(mod_client, index_page):
    statement = pending(index_page)[0]
    assert mod_client.get(bulk_url("delete", [statement])).status_code == 404
    assert mod_client.post(bulk_url("withdraw", [statement])).status_code == 404


def test_select_all_acts_only_on_what_the_queue_shows(mod_client, index_page):
    flagged = pending(index_page, 2, region="bj")
    other = pending(index_page, 2, region="gd")
    published, _ = make_statement(index_page=index_page, status="published")
    url = reverse(
        "wagtail_bulk_action", args=["wagtail_tuidang", "statement", "mark_spam"]
    )
    response = mod_client.post(f"{url}?id=all&region=bj&next={QUEUE_URL}")
    assert response.status_code == 302
    statuses = dict(Statement.objects.values_list("pk", "status"))
    assert [statuses[s.pk] for s in flagged] == ["spam", "spam"]
    assert [statuses[s.pk] for s in other] == ["pending", "pending"]
    assert statuses[published.pk] == "published"


def test_bulk_pages_escape_user_text(mod_client, index_page):
    statement = pending(index_page, name=XSS_NAME, text=XSS_TEXT)[0]
    done, _ = make_statement(index_page=index_page, status="spam", name=XSS_TEXT)
    for action in ("publish", "reject", "mark_spam", "confirm_real_name"):
        response = mod_client.get(bulk_url(action, [statement, done]))
        assert response.status_code == 200
        assert_escaped(response.text)
    response = mod_client.post(bulk_url("publish", [statement, done]), follow=True)
    assert_escaped(response.text)


def test_an_off_site_next_url_is_ignored(mod_client, index_page):
    statement = pending(index_page)[0]
    url = reverse(
        "wagtail_bulk_action", args=["wagtail_tuidang", "statement", "publish"]
    )
    response = mod_client.post(f"{url}?id={statement.pk}&next=https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_a_selection_too_large_is_cut_and_the_moderator_told(
    mod_client, index_page, monkeypatch
):
    monkeypatch.setattr("wagtail_tuidang.moderation.bulk_actions.MAX_ITEMS", 2)
    statements = pending(index_page, 3)
    page = mod_client.get(bulk_url("publish", statements))
    assert "Only the first 2 selected statements are included." in page.text
    response = mod_client.post(bulk_url("publish", statements))
    assert Statement.objects.filter(status="published").count() == 2
    assert any("Only the first 2" in text for text in messages_of(response))
    mod_client.get(QUEUE_URL)  # shows (and so clears) the messages
    select_all = mod_client.get(
        reverse("wagtail_bulk_action", args=["wagtail_tuidang", "statement", "publish"])
        + f"?id=all&next={QUEUE_URL}"
    )
    assert "Only the first 2 selected statement" not in select_all.text
