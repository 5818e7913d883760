"""Retention: contact details are erased a set number of days after a
moderation decision (``retention.purge_contacts``, ``tuidang_purge``)."""

import datetime
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import StatementFactory, SuperuserFactory, make_statement
from wagtail_tuidang import retention
from wagtail_tuidang.models import Statement, StatementPageLogEntry

pytestmark = pytest.mark.django_db

CONTACT = "wechat: tuidang-canary-7731"


def decided(index_page, days_ago, status="rejected"):
    """A statement with a contact, decided ``days_ago`` days ago."""
    statement, _code = make_statement(
        status=status, contact=CONTACT, index_page=index_page
    )
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Statement.objects.filter(pk=statement.pk).update(decided_at=when)
    return statement


def has_contact(statement):
    return Statement.objects.get(pk=statement.pk).has_contact


def test_contacts_are_erased_only_after_the_retention_period(index_page):
    old = decided(index_page, 91)
    old_published = decided(index_page, 91, status="published")
    recent = decided(index_page, 89)
    pending, _code = make_statement(contact=CONTACT, index_page=index_page)
    Statement.objects.filter(pk=pending.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=400)
    )

    assert retention.purge_contacts() == 2

    assert not has_contact(old)
    assert not has_contact(old_published)
    assert has_contact(recent)
    assert has_contact(pending)


def test_the_setting_and_days_argument_set_the_period(index_page, settings):
    statement = decided(index_page, 31)
    assert retention.purge_contacts() == 0

    settings.WAGTAIL_TUIDANG_CONTACT_RETENTION_DAYS = 30
    assert retention.purge_contacts(days=60) == 0
    assert retention.purge_contacts() == 1
    assert not has_contact(statement)


def test_a_dry_run_counts_and_writes_nothing(index_page):
    statement = decided(index_page, 200)

    assert retention.purge_contacts(dry_run=True) == 1

    assert has_contact(statement)
    assert not StatementPageLogEntry.objects.filter(
        action=retention.PURGE_CONTACTS
    ).exists()


def test_a_run_leaves_one_audit_entry_without_private_data(index_page, client, caplog):
    for _n in range(3):
        decided(index_page, 100)
    caplog.set_level(logging.INFO, logger="wagtail_tuidang.retention")

    retention.purge_contacts()
    retention.purge_contacts()  # nothing left: no second entry

    entry = StatementPageLogEntry.objects.get(action=retention.PURGE_CONTACTS)
    assert entry.object_id == str(index_page.pk)
    assert entry.data == {"count": 3, "days": 90}
    assert CONTACT not in caplog.text
    assert "3 statements decided more than 90 days ago" in caplog.text
    client.force_login(SuperuserFactory())
    report = client.get(reverse("wagtailadmin_reports:site_history"))
    assert (
        "Erased the contact details of 3 statements decided more than 90 days ago"
        in report.text
    )


def test_a_large_table_is_purged_in_batches(index_page, monkeypatch):
    monkeypatch.setattr(retention, "BATCH_SIZE", 1000)
    long_ago = timezone.now() - datetime.timedelta(days=120)
    Statement.objects.bulk_create(
        StatementFactory.build(
            index_page=index_page,
            status="published",
            decided_at=long_ago,
            contact_encrypted="ciphertext",
        )
        for _n in range(2500)
    )

    with CaptureQueriesContext(connection) as queries:
        assert retention.purge_contacts() == 2500

    updates = [q for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 3
    assert not Statement.objects.exclude(contact_encrypted="").exists()


def test_the_command_prints_the_count(index_page):
    statement = decided(index_page, 10)
    out = StringIO()

    call_command("tuidang_purge", "--days", "7", "--dry-run", stdout=out)
    assert "Would erase the contact details of 1 statement." in out.getvalue()
    assert has_contact(statement)

    call_command("tuidang_purge", "--days", "7", stdout=out)
    assert "Erased the contact details of 1 statement." in out.getvalue()
    assert not has_contact(statement)


def test_the_command_refuses_negative_days(index_page):
    statement = decided(index_page, 10)
    with pytest.raises(CommandError, match="negative"):
        call_command("tuidang_purge", "--days", "-1")
    assert has_contact(statement)


def test_the_scheduled_task_purges(index_page):
    statement = decided(index_page, 365)

    result = retention.purge_contacts_task.enqueue()

    assert result.return_value == 1
    assert not has_contact(statement)
