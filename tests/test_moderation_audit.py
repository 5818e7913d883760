"""The audit log: every moderation action in Wagtail's log, with its actor,
visible in histories, and never holding private data."""

import json

import pytest
from django.db import transaction
from wagtail.models import ModelLogEntry

from tests.factories import SuperuserFactory, make_statement
from tests.helpers import QUEUE_URL, bulk_url, logged_in, moderation_user, moderator
from wagtail_tuidang.moderation import confirmations
from wagtail_tuidang.moderation.setup import CONTACT_OFFICERS
from wagtail_tuidang.statements import transitions

pytestmark = pytest.mark.django_db

NAME, ALIAS, TEXT = "王秘密", "化名甲", "只有审核员能看到的声明正文"
CONTACT = "canary-contact-5512@example.org"


def actions_logged(statement=None):
    entries = ModelLogEntry.objects.filter(action__startswith="wagtail_tuidang.")
    if statement is not None:
        entries = entries.filter(object_id=str(statement.pk))
    return list(entries.order_by("id").values_list("action", flat=True))


def private_statement(page, **fields):
    values = {
        "name": NAME,
        "alias": ALIAS,
        "text": TEXT,
        "is_real_name": True,
        "consent_real_name": True,
        "contact": CONTACT,
    }
    return make_statement(index_page=page, **{**values, **fields})


def test_every_action_is_logged_with_its_actor(
    client, index_page, django_capture_on_commit_callbacks
):
    statement, code = private_statement(index_page)
    first, second = moderator(), moderator()
    officer = moderation_user(CONTACT_OFFICERS)

    with django_capture_on_commit_callbacks(execute=True):
        confirmations.confirm_real_name(statement, first)
        confirmations.confirm_real_name(statement, second)
        logged_in(client, officer).post(f"{QUEUE_URL}contact/{statement.pk}/")
        logged_in(client, first).post(bulk_url("publish", [statement]))
        client.logout()
        client.post(
            index_page.url + "receipt/",
            {"code": code, "action": "withdraw", "confirm": "on"},
        )

    entries = ModelLogEntry.objects.filter(object_id=str(statement.pk)).order_by("id")
    assert [(e.action, e.user) for e in entries] == [
        ("wagtail_tuidang.confirm_real_name", first),
        ("wagtail_tuidang.confirm_real_name", second),
        ("wagtail_tuidang.view_contact", officer),
        ("wagtail_tuidang.publish", first),
        ("wagtail_tuidang.withdraw", None),
    ]
    assert entries[1].data == {"count": 2, "required": 2}
    assert entries[3].data == {"old_status": "pending", "new_status": "published"}


def test_reject_spam_and_corrections_are_logged(
    client, index_page, django_capture_on_commit_callbacks
):
    rejected, _ = private_statement(index_page)
    spam, _ = private_statement(index_page)
    corrected, _ = private_statement(index_page, alias="旧化名")
    logged_in(client, moderator())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("reject", [rejected]), {"reason": "unsafe"})
        client.post(bulk_url("mark_spam", [spam]))
        client.post(
            f"{QUEUE_URL}edit/{corrected.pk}/",
            {"name": NAME, "alias": "新化名", "text": TEXT, "region": "gd"},
        )
    assert actions_logged(rejected) == ["wagtail_tuidang.reject"]
    assert actions_logged(spam) == ["wagtail_tuidang.mark_spam"]
    assert actions_logged(corrected) == ["wagtail_tuidang.edit"]
    entry = ModelLogEntry.objects.get(action="wagtail_tuidang.edit")
    assert entry.data == {"fields": ["alias"]}


def test_log_entries_hold_no_private_data(
    client, index_page, django_capture_on_commit_callbacks
):
    statement, code = private_statement(index_page, alias=ALIAS)
    other, _ = private_statement(index_page)
    logged_in(client, SuperuserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{QUEUE_URL}contact/{statement.pk}/")
        client.post(bulk_url("confirm_real_name", [statement]))
        client.post(bulk_url("publish", [statement]))
        client.post(
            bulk_url("reject", [other]),
            {"reason": "unsafe", "internal_note": "备注内容"},
        )
        client.post(
            index_page.url + "receipt/",
            {"code": code, "action": "withdraw", "confirm": "on"},
        )

    entries = list(ModelLogEntry.objects.all().values())
    assert len(entries) >= 5
    dumped = json.dumps(entries, default=str, ensure_ascii=False)
    for secret in (NAME, ALIAS, TEXT, CONTACT, "备注内容", code, code.replace("-", "")):
        assert secret not in dumped


def test_a_rolled_back_decision_logs_nothing(
    index_page, django_capture_on_commit_callbacks
):
    statement, _ = private_statement(index_page, alias=ALIAS)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            transitions.publish(statement, user=moderator())
            raise RuntimeError("the request failed after the decision")
    assert callbacks == []
    assert actions_logged() == []


def test_a_refused_decision_logs_nothing(
    index_page, django_capture_on_commit_callbacks
):
    statement, _ = make_statement(index_page=index_page, status="spam")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(transitions.TransitionError):
            transitions.publish(statement)
    assert actions_logged(statement) == []


def test_history_shows_readable_messages(
    client, index_page, django_capture_on_commit_callbacks
):
    statement, code = private_statement(index_page, alias=ALIAS)
    with django_capture_on_commit_callbacks(execute=True):
        confirmations.confirm_real_name(statement, moderator(username="mod-one"))
        transitions.publish(statement, user=moderator(username="mod-two"))
        transitions.withdraw(statement)
    logged_in(client, moderator())
    html = client.get(f"{QUEUE_URL}history/{statement.pk}/").text
    assert "Confirmed the real name (1 of 2)" in html
    assert "Published" in html
    assert "Withdrawn by the submitter with their receipt code" in html
    assert "mod-one" in html and "mod-two" in html


def test_site_history_lists_statement_actions(
    client, index_page, django_capture_on_commit_callbacks
):
    statement, _ = private_statement(index_page, alias=ALIAS)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish(statement, user=moderator(username="mod-three"))
    logged_in(client, SuperuserFactory())
    html = client.get("/admin/reports/site-history/").text
    assert f"#{statement.pk}" in html
    assert "mod-three" in html
    assert f"{QUEUE_URL}inspect/{statement.pk}/" in html
    assert NAME not in html and ALIAS not in html
    filtered = client.get(
        "/admin/reports/site-history/", {"action": "wagtail_tuidang.publish"}
    )
    assert filtered.status_code == 200
    assert f"#{statement.pk}" in filtered.text


def test_reading_a_contact_is_logged_each_time(client, index_page):
    statement, _ = private_statement(index_page)
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    url = f"{QUEUE_URL}contact/{statement.pk}/"
    page = client.get(url)
    assert CONTACT not in page.text
    assert actions_logged(statement) == []
    for _ in range(2):
        shown = client.post(url)
        assert CONTACT in shown.text
        assert "no-store" in shown["Cache-Control"]
    assert actions_logged(statement) == ["wagtail_tuidang.view_contact"] * 2


def test_an_undecryptable_contact_is_reported_not_a_500(client, index_page, settings):
    statement, _ = private_statement(index_page)
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = ["0" * 43 + "="]
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    response = client.post(f"{QUEUE_URL}contact/{statement.pk}/")
    assert response.status_code == 200
    assert "cannot be decrypted" in response.text
    assert actions_logged(statement) == []


def test_contact_page_escapes_the_contact(client, index_page):
    statement, _ = private_statement(index_page, contact="<script>alert(1)</script>")
    logged_in(client, moderation_user(CONTACT_OFFICERS))
    html = client.post(f"{QUEUE_URL}contact/{statement.pk}/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
