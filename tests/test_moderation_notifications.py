"""Moderators' digest: counts only, at most once per interval, only after a
submission committed, one message per moderator."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories import UserFactory, make_statement
from tests.helpers import code_in, moderation_user, moderator, submission, submit_url
from wagtail_tuidang.models import Statement
from wagtail_tuidang.moderation import counts, notifications
from wagtail_tuidang.moderation.setup import EDITORS, VOLUNTEERS

pytestmark = pytest.mark.django_db

NAME, TEXT, CONTACT = "王秘密", "声明正文不能进邮件", "canary-mail@example.org"


def submit(page, **fields):
    values = {"name": NAME, "text": TEXT, "contact": CONTACT}
    return make_statement(index_page=page, **{**values, **fields})[0]


def test_a_submission_mails_each_moderator_a_digest_of_counts(
    index_page, django_capture_on_commit_callbacks
):
    first = moderator(email="first@example.org")
    second = moderator(email="second@example.org")
    moderation_user(VOLUNTEERS, email="volunteer@example.org")
    moderation_user(EDITORS, email="editor@example.org")
    submit(index_page, flag_too_fast=True, name="张秘密")
    with django_capture_on_commit_callbacks(execute=True):
        submit(index_page, is_real_name=True, consent_real_name=True)

    assert sorted(message.to[0] for message in mail.outbox) == [
        first.email,
        second.email,
    ]
    assert all(len(message.to) == 1 and not message.bcc for message in mail.outbox)
    message = mail.outbox[0]
    assert (
        message.subject == "[Tuidang example site] 2 statements are waiting for review"
    )
    assert "Statements waiting for review: 2" in message.body
    assert "Flagged by the anti-spam checks: 1" in message.body
    assert "Real names waiting for confirmation: 1" in message.body
    assert "http://testserver/admin/tuidang/statements/" in message.body
    for private in (NAME, "张秘密", TEXT, CONTACT):
        assert private not in message.subject + message.body


def test_at_most_one_digest_per_interval(
    index_page, django_capture_on_commit_callbacks
):
    moderator(email="mod@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            submit(index_page)
    assert len(mail.outbox) == 1


def test_a_rolled_back_submission_sends_nothing(
    index_page, django_capture_on_commit_callbacks
):
    moderator(email="mod@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            submit(index_page)
            raise RuntimeError("rolled back")
    assert callbacks == []
    assert mail.outbox == []


def test_nothing_is_sent_before_the_commit(
    index_page, django_capture_on_commit_callbacks
):
    moderator(email="mod@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(index_page)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_an_interval_of_zero_turns_digests_off(
    index_page, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_TUIDANG_NOTIFY_INTERVAL = 0
    moderator(email="mod@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        submit(index_page)
    assert mail.outbox == []


def test_moderators_without_email_or_who_opted_out_get_nothing(
    index_page, django_capture_on_commit_callbacks
):
    moderator(email="")
    opted_out = moderator(email="quiet@example.org")
    UserProfile.objects.create(user=opted_out, submitted_notifications=False)
    moderator(email="inactive@example.org", is_active=False)
    UserFactory(email="nobody@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        submit(index_page)
    assert mail.outbox == []


def test_the_digest_is_written_in_each_moderators_language(
    index_page, django_capture_on_commit_callbacks, monkeypatch
):
    chinese = moderator(email="zh@example.org")
    UserProfile.objects.create(user=chinese, preferred_language="zh-hans")
    moderator(email="en@example.org")
    # The body is built while the moderator's language is active.
    monkeypatch.setattr(
        notifications, "_digest_body", lambda figures: translation.get_language()
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(index_page)
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert by_address == {"zh@example.org": "zh-hans", "en@example.org": "en"}


def test_no_digest_for_an_empty_queue(index_page):
    moderator(email="mod@example.org")
    assert notifications.send_moderation_digest.call() == 0
    assert mail.outbox == []


def test_a_mail_server_failure_is_logged_without_details(
    index_page, settings, caplog, monkeypatch
):
    moderator(email="mod@example.org")
    submit(index_page)

    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", refuse
    )
    with pytest.raises(ConnectionRefusedError):
        notifications.send_moderation_digest.call()
    assert "could not be sent" in caplog.text
    assert "mod@example.org" not in caplog.text


# Statements sent through the form --------------------------------------------
# Their news goes with the submission's own checks (one round trip to the
# cache, see ``SubmissionNews``), not after the commit.


def failing_insert(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith("INSERT"):
        raise OperationalError("the server closed the connection")
    return execute(sql, params, many, context)


def test_a_statement_sent_through_the_form_mails_one_digest_and_counts_at_once(
    client, index_page, django_capture_on_commit_callbacks
):
    moderator(email="mod@example.org")
    assert counts.pending_count() == 0  # now kept in the cache
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(submit_url(index_page), submission(name="第一"))
        second = client.post(submit_url(index_page), submission(name="第二"))
    assert code_in(first) and code_in(second)
    assert counts.pending_count() == 2
    assert len(mail.outbox) == 1
    assert "Statements waiting for review: 2" in mail.outbox[0].body


@pytest.mark.parametrize("interval", [3600, 0], ids=["digests", "no digests"])
def test_a_statement_not_stored_gives_the_digest_turn_back(
    client, index_page, settings, django_capture_on_commit_callbacks, interval
):
    settings.WAGTAIL_TUIDANG_NOTIFY_INTERVAL = interval
    moderator(email="mod@example.org")
    make_statement(index_page=index_page)  # a digest would have news
    with connection.execute_wrapper(failing_insert):
        response = client.post(submit_url(index_page), submission())
    assert response.status_code == 503
    assert cache.get(notifications.DIGEST_CACHE_KEY) is None
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(index_page), submission(name="再来"))
    assert code_in(response)
    assert len(mail.outbox) == (1 if interval else 0)


def test_a_form_sent_again_takes_no_digest_turn(
    client, index_page, django_capture_on_commit_callbacks
):
    moderator(email="mod@example.org")
    data = submission()
    with django_capture_on_commit_callbacks(execute=True):
        assert code_in(client.post(submit_url(index_page), data))
    assert len(mail.outbox) == 1
    cache.delete(notifications.DIGEST_CACHE_KEY)  # the interval has passed

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.post(submit_url(index_page), data)
    assert "td-receipt--again" in again.text
    assert callbacks == []
    assert cache.get(notifications.DIGEST_CACHE_KEY) is None
    assert len(mail.outbox) == 1
    assert Statement.objects.count() == 1
