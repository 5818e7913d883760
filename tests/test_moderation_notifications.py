"""Moderators' digest: counts only, at most once per interval, only after a
submission committed, one message per moderator."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories import UserFactory, make_statement
from tests.helpers import moderation_user, moderator
from wagtail_tuidang.moderation import notifications
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
