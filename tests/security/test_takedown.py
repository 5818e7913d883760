"""Staff can always take a published statement down, or redact part of it.

A moderator published a statement carrying a phone number; rejecting or
marking it as spam was skipped and the correction form answered 404, so it
stayed public. These tests take it down (one and many) and redact it, and
look where the public looks: the wall, the permalink, the feeds, the totals,
the CDN, the submitter's receipt page and the audit log.
"""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import ModelLogEntry

from tests.factories import SuperuserFactory, make_statement
from tests.helpers import (
    QUEUE_URL,
    bulk_url,
    decide_url,
    inspect_url,
    logged_in,
    messages_of,
    moderator,
    race,
    receipt_url,
    user_with,
)
from wagtail_tuidang.models import Statement, StatementTally
from wagtail_tuidang.moderation import decisions
from wagtail_tuidang.moderation.setup import MODERATORS
from wagtail_tuidang.statements import tallies, transitions
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

PHONE = "13800138000"
TEXT = f"我声明退出中共。有事请打 {PHONE} 找我。"
REASON = "The statement showed a phone number."
TOTAL_BEFORE = "455,000,003"
TOTAL_AFTER = "455,000,000"
PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.security.test_takedown.RecordingBackend"}
    }
    PURGED.clear()
    return PURGED


@pytest.fixture
def published(index_page):
    """A published statement of three people carrying a phone number, with
    its receipt code."""
    return make_statement(
        index_page=index_page,
        status="published",
        name="阿明",
        text=TEXT,
        people_count=3,
    )


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what waits for the commit (cache forgetting, CDN purge, log)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def public_views(client, page, statement):
    """What the public sees: wall, permalink status, RSS, Atom, stats."""
    return {
        "wall": client.get(page.url).text,
        "permalink": client.get(f"{page.url}s/{statement.public_id}/").status_code,
        "rss": client.get(f"{page.url}feed/").text,
        "atom": client.get(f"{page.url}feed/atom/").text,
        "stats": client.get(f"{page.url}stats/").text,
    }


def take_down(client, statements, reason=REASON, **data):
    return client.post(
        bulk_url("take_down", statements), {"reason": reason, **data}, follow=False
    )


# Taking down ------------------------------------------------------------------


def test_a_taken_down_statement_disappears_from_every_public_view(
    client, index_page, published, purged, commits
):
    statement, _code = published
    before = public_views(client, index_page, statement)
    assert PHONE in before["wall"] and PHONE in before["rss"]
    assert before["permalink"] == 200
    assert TOTAL_BEFORE in before["wall"] and TOTAL_BEFORE in before["stats"]

    staff = logged_in(client, moderator())
    with commits():
        response = take_down(staff, [statement])
    assert response.status_code == 302
    assert "1 statement taken down." in messages_of(response)

    client.logout()
    after = public_views(client, index_page, statement)
    assert after["permalink"] == 404
    for name in ("wall", "rss", "atom"):
        assert PHONE not in after[name], name
        assert statement.public_id not in after[name], name
    assert TOTAL_AFTER in after["wall"] and TOTAL_AFTER in after["stats"]
    assert TOTAL_BEFORE not in after["stats"]
    assert tallies.get_figures(index_page)["total"] == 455_000_000
    assert StatementTally.objects.get().people == 0
    # The CDN forgets the same pages a withdrawal makes stale.
    base = index_page.full_url
    assert f"{base}s/{statement.public_id}/" in purged
    assert {base, f"{base}stats/", f"{base}feed/", f"{base}feed/atom/"} <= set(purged)


def test_the_submitter_reads_that_it_was_taken_down_and_why(
    client, index_page, published, commits
):
    statement, code = published
    with commits():
        take_down(logged_in(client, moderator()), [statement])
    client.logout()
    page = client.post(receipt_url(index_page), {"code": code}).text
    assert "Status: Taken down" in page
    assert "Moderators took this statement down after it was published." in page
    assert f"Why it was taken down:</strong> {REASON}" in page
    # Nothing left to withdraw, and no link to a permalink that is gone.
    assert 'value="withdraw"' not in page
    assert f"s/{statement.public_id}/" not in page


def test_a_takedown_needs_a_reason(client, published):
    statement, _code = published
    staff = logged_in(client, moderator())
    response = take_down(staff, [statement], reason="   ")
    assert response.status_code == 200
    assert "Say why it is taken down." in response.text
    assert Statement.objects.get(pk=statement.pk).status == Status.PUBLISHED


def test_a_takedown_needs_the_permission(client, published):
    statement, _code = published
    only_moderate = user_with("moderate_statement", "view_statement")
    response = take_down(logged_in(client, only_moderate), [statement])
    assert response.status_code in (302, 403)
    assert Statement.objects.get(pk=statement.pk).status == Status.PUBLISHED
    inspect = client.get(inspect_url(statement)).text
    assert "take_down" not in inspect
    assert "Remove words" not in inspect


def test_moderators_hold_the_takedown_permission(db):
    moderator()  # runs the setup
    codenames = Group.objects.get(name=MODERATORS).permissions.values_list(
        "codename", flat=True
    )
    assert "take_down_statement" in codenames
    assert Permission.objects.filter(codename="take_down_statement").exists()


def test_a_superuser_takes_down_from_the_inspect_view(client, published, commits):
    statement, _code = published
    admin = logged_in(client, SuperuserFactory())
    page = admin.get(inspect_url(statement)).text
    assert decide_url(statement, "take_down") in page
    assert f'action="{QUEUE_URL}redact/{statement.pk}/"' in page
    assert 'name="passage"' in page
    with commits():
        response = admin.post(decide_url(statement, "take_down"), {"reason": REASON})
    assert response.status_code == 302
    assert messages_of(response) == ["1 statement taken down."]
    assert Statement.objects.get(pk=statement.pk).status == Status.TAKEN_DOWN


def test_rejecting_a_published_statement_says_to_take_it_down(client, published):
    statement, _code = published
    admin = logged_in(client, SuperuserFactory())
    response = admin.post(bulk_url("mark_spam", [statement]))
    assert (
        f"Statement #{statement.pk} was skipped: It is already published: "
        "take it down instead."
    ) in messages_of(response)


def test_a_takedown_is_in_the_audit_log_without_the_words(client, published, commits):
    statement, _code = published
    staff = moderator()
    with commits():
        take_down(logged_in(client, staff), [statement], internal_note="电话")
    entry = ModelLogEntry.objects.get(action="wagtail_tuidang.take_down")
    assert entry.user == staff
    assert entry.label == f"#{statement.pk}"
    assert entry.data == {"old_status": "published", "new_status": "taken_down"}
    history = client.get(f"{QUEUE_URL}history/{statement.pk}/").text
    assert "Taken down, with a reason for the submitter" in history


def test_bulk_takedown_of_many_skips_what_is_not_published(client, index_page, commits):
    live = [
        make_statement(index_page=index_page, status="published", people_count=2)[0]
        for _ in range(25)
    ]
    waiting, _code = make_statement(index_page=index_page, name="待审")
    assert tallies.get_figures(index_page)["total"] == 455_000_050
    staff = logged_in(client, moderator())
    with commits():
        response = take_down(staff, [*live, waiting])
    texts = messages_of(response)
    assert "25 statements taken down." in texts
    assert (
        f"Statement #{waiting.pk} was skipped: It is already decided: Pending review."
    ) in texts
    assert Statement.objects.filter(status=Status.TAKEN_DOWN).count() == 25
    assert Statement.objects.get(pk=waiting.pk).status == Status.PENDING
    assert tallies.get_figures(index_page)["total"] == 455_000_000
    assert client.get(index_page.url + "feed/").text.count("<item>") == 0


# Redacting --------------------------------------------------------------------


def redact(client, statement, passage, field="text"):
    return client.post(
        f"{QUEUE_URL}redact/{statement.pk}/", {"field": field, "passage": passage}
    )


def test_a_redaction_removes_a_phone_number_from_the_live_statement(
    client, index_page, published, purged, commits
):
    statement, _code = published
    staff = moderator()
    with commits():
        response = redact(logged_in(client, staff), statement, PHONE)
    assert response.status_code == 302
    assert response["Location"] == inspect_url(statement)
    assert messages_of(response) == [
        "The words were removed from the published statement."
    ]

    client.logout()
    views = public_views(client, index_page, statement)
    assert views["permalink"] == 200
    permalink = client.get(f"{index_page.url}s/{statement.public_id}/").text
    for html in (permalink, views["wall"], views["rss"], views["atom"]):
        assert PHONE not in html
        assert "有事请打 […] 找我。" in html
    # Still published and counted.
    assert TOTAL_BEFORE in views["stats"]
    assert f"{index_page.full_url}s/{statement.public_id}/" in purged

    entry = ModelLogEntry.objects.get(action="wagtail_tuidang.redact")
    assert entry.user == staff
    assert entry.data == {"fields": ["text"]}
    assert PHONE not in json.dumps(entry.data) + entry.label
    logged_in(client, staff)
    history = client.get(f"{QUEUE_URL}history/{statement.pk}/").text

    assert "Redacted while published: statement" in history
    assert PHONE not in history


def test_a_redaction_cannot_add_words(client, published):
    statement, _code = published
    response = redact(logged_in(client, moderator()), statement, "我写的话")
    assert messages_of(response) == [
        "These words are not in the statement: copy them exactly."
    ]
    assert Statement.objects.get(pk=statement.pk).text == TEXT
    assert not ModelLogEntry.objects.filter(action="wagtail_tuidang.redact").exists()


def test_only_published_statements_are_redacted(client, index_page):
    statement, _code = make_statement(index_page=index_page, text=TEXT)
    response = redact(logged_in(client, moderator()), statement, PHONE)
    assert messages_of(response) == [
        "Only a published statement is redacted; correct a pending statement instead."
    ]
    assert Statement.objects.get(pk=statement.pk).text == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"field": "text", "passage": ""}, "Copy the words to remove."),
        ({"field": "internal_note", "passage": PHONE}, "Select a valid choice."),
    ],
)
def test_a_bad_redaction_is_explained(client, published, data, message):
    statement, _code = published
    staff = logged_in(client, moderator())
    response = staff.post(f"{QUEUE_URL}redact/{statement.pk}/", data)
    assert response.status_code == 302
    assert message in messages_of(response)[0]
    assert Statement.objects.get(pk=statement.pk).text == TEXT


def test_a_redaction_needs_the_permission(client, published):
    statement, _code = published
    only_moderate = user_with("moderate_statement", "view_statement")
    response = redact(logged_in(client, only_moderate), statement, PHONE)
    assert response.status_code in (302, 403)
    assert Statement.objects.get(pk=statement.pk).text == TEXT


def test_an_unknown_statement_is_a_404(client, published):
    staff = logged_in(client, moderator())
    assert staff.post(f"{QUEUE_URL}redact/999999/", {"passage": "x"}).status_code == (
        404
    )


def test_a_takedown_without_a_reason_is_refused_in_code(published):
    statement, _code = published
    with pytest.raises(ValueError, match="needs a reason"):
        transitions.take_down(statement, public_reason="  ")
    assert Statement.objects.get(pk=statement.pk).status == Status.PUBLISHED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_a_takedown_racing_a_withdrawal_changes_the_total_once(index_page):
    statements = [
        make_statement(index_page=index_page, status="published", people_count=2)[0]
        for _ in range(5)
    ]
    staff = moderator()
    outcomes = race(
        [
            lambda: decisions.take_down_many(statements, staff, REASON),
            *(lambda s=s: transitions.withdraw(s) for s in statements[:3]),
        ]
    )
    assert len(outcomes) == 4
    assert Statement.objects.filter(status=Status.PUBLISHED).count() == 0
    assert tallies.get_figures(index_page)["total"] == 455_000_000
    assert StatementTally.objects.get().people == 0
    # Each statement changed once and is logged once.
    assert (
        ModelLogEntry.objects.filter(
            action__in=["wagtail_tuidang.take_down", "wagtail_tuidang.withdraw"]
        ).count()
        == 5
    )


def test_a_redaction_that_would_overflow_a_name_is_explained(client, index_page):
    statement, _code = make_statement(
        index_page=index_page, status="published", name="阿" * 60
    )
    response = redact(logged_in(client, moderator()), statement, "阿", field="name")
    assert response.status_code == 302
    assert messages_of(response) == [
        "The name would grow too long: remove a longer passage."
    ]
    assert Statement.objects.get(pk=statement.pk).name == "阿" * 60


def test_a_redaction_of_the_alias_shows_on_the_wall(client, index_page, commits):
    statement, _code = make_statement(
        index_page=index_page,
        status="published",
        name="王真名",
        alias=f"小王{PHONE}",
        is_real_name=True,
        consent_real_name=True,
    )
    with commits():
        redact(logged_in(client, moderator()), statement, PHONE, field="alias")
    client.logout()
    wall = client.get(index_page.url).text
    assert PHONE not in wall and "小王[…]" in wall
    assert "王真名" not in wall
