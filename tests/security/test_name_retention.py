"""Names outlive nothing: a withdrawn statement's words are erased after
``WAGTAIL_TUIDANG_WITHDRAWN_RETENTION_DAYS``; a real name the submitter did not
agree to publish is erased with the moderation decision; exports hold
neither; ``tuidang_purge`` reports each kind."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import UserFactory, make_statement
from wagtail_tuidang import retention
from wagtail_tuidang.models import Statement, StatementPageLogEntry
from wagtail_tuidang.statements import transitions

pytestmark = pytest.mark.django_db

REAL = "王大明"
ALIAS = "小白"
WORDS = "我叫王大明，在成都工作，声明退党。"
EXPORT_URL = "/admin/tuidang/transfer/export/"


def unconsented(index_page, status="pending", **fields):
    statement, _code = make_statement(
        status=status,
        index_page=index_page,
        name=REAL,
        alias=ALIAS,
        is_real_name=True,
        consent_real_name=False,
        **fields,
    )
    return statement


def withdrawn(index_page, days_ago, **fields):
    statement, _code = make_statement(
        status="withdrawn",
        index_page=index_page,
        name=REAL,
        alias=ALIAS,
        is_real_name=True,
        consent_real_name=True,
        text=WORDS,
        **fields,
    )
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Statement.objects.filter(pk=statement.pk).update(decided_at=when)
    return statement


def stored(statement):
    return Statement.objects.get(pk=statement.pk)


# Withdrawn statements ------------------------------------------------------


def test_a_withdrawn_statement_keeps_only_a_tombstone_after_the_period(index_page):
    old = withdrawn(index_page, 31, people_count=3)
    recent = withdrawn(index_page, 29)

    assert retention.purge_names() == {"withdrawn": 1, "unconsented": 0}

    tombstone = stored(old)
    assert (tombstone.name, tombstone.alias, tombstone.text) == ("", "", "")
    assert tombstone.region == "" and tombstone.fingerprint == ""
    assert not tombstone.is_real_name and not tombstone.consent_real_name
    assert tombstone.status == "withdrawn" and tombstone.people_count == 3
    assert tombstone.public_id == old.public_id and tombstone.quit_party
    kept = stored(recent)
    assert (kept.name, kept.alias, kept.text) == (REAL, ALIAS, WORDS)
    # A second run finds nothing left.
    assert retention.purge_names() == {"withdrawn": 0, "unconsented": 0}


def test_the_withdrawn_period_is_a_setting(index_page, settings):
    statement = withdrawn(index_page, 10)
    assert retention.purge_names()["withdrawn"] == 0
    settings.WAGTAIL_TUIDANG_WITHDRAWN_RETENTION_DAYS = 7
    assert retention.purge_names()["withdrawn"] == 1
    assert stored(statement).name == ""


def test_a_wrong_withdrawn_period_fails_the_checks(settings):
    from wagtail_tuidang import checks

    settings.WAGTAIL_TUIDANG_WITHDRAWN_RETENTION_DAYS = 0
    ids = [error.id for error in checks.check_setting_values(None)]
    assert ids == ["wagtail_tuidang.E007"]


# Unconsented real names ----------------------------------------------------


@pytest.mark.parametrize("action", ["publish", "reject", "mark_spam", "withdraw"])
def test_an_unconsented_real_name_is_erased_with_the_decision(index_page, action):
    statement = unconsented(index_page)
    assert stored(statement).name == REAL  # moderators see it while pending

    # No commit happens in a test: the name goes in the decision's own
    # transaction, not in an after-commit hook.
    getattr(transitions, action)(statement)

    row = stored(statement)
    assert row.name == "" and row.fingerprint == ""
    assert row.alias == ALIAS
    assert statement.name == ""  # the caller's object too
    assert str(row) == ALIAS


def test_a_rolled_back_decision_keeps_the_name(index_page):
    statement = unconsented(index_page)
    with pytest.raises(RuntimeError), transaction.atomic():
        transitions.publish(statement)
        raise RuntimeError
    row = stored(statement)
    assert row.status == "pending" and row.name == REAL


def test_a_bulk_decision_erases_every_unconsented_name(index_page):
    statements = [unconsented(index_page) for _n in range(3)]
    outcome = transitions.change_many(statements, "reject")
    assert len(outcome.done) == 3
    assert not Statement.objects.filter(name=REAL).exists()


def test_a_consented_real_name_is_kept(index_page):
    statement, _code = make_statement(
        index_page=index_page,
        name=REAL,
        alias=ALIAS,
        is_real_name=True,
        consent_real_name=True,
    )
    transitions.publish(statement)
    assert stored(statement).name == REAL


def test_the_published_page_shows_the_alias(index_page, client):
    statement = unconsented(index_page, status="published")
    response = client.get(f"{index_page.url}s/{statement.public_id}/")
    assert response.status_code == 200
    assert ALIAS in response.text and REAL not in response.text


def test_the_purge_erases_names_decided_before_this_rule(index_page):
    statement = unconsented(index_page, status="published")
    # As stored by an earlier version (a plain UPDATE sends no signal).
    Statement.objects.filter(pk=statement.pk).update(name=REAL)
    pending = unconsented(index_page)

    assert retention.purge_names() == {"withdrawn": 0, "unconsented": 1}

    assert stored(statement).name == "" and stored(statement).alias == ALIAS
    assert stored(pending).name == REAL


# The purge command ------------------------------------------------------------


def test_the_command_reports_each_kind_and_a_dry_run_writes_nothing(index_page):
    old = withdrawn(index_page, 40)
    decided = unconsented(index_page, status="published")
    Statement.objects.filter(pk=decided.pk).update(name=REAL)

    out = io.StringIO()
    call_command("tuidang_purge", "--dry-run", stdout=out)
    assert "Would erase the words of 1 withdrawn statement." in out.getvalue()
    assert "Would erase 1 real name never agreed to be published." in out.getvalue()
    assert stored(old).name == REAL and stored(decided).name == REAL

    out = io.StringIO()
    call_command("tuidang_purge", stdout=out)
    assert "Erased the words of 1 withdrawn statement." in out.getvalue()
    assert "Erased 1 real name never agreed to be published." in out.getvalue()
    assert "Erased the contact details of 0 statements." in out.getvalue()
    assert stored(old).name == "" and stored(decided).name == ""


def test_the_withdrawn_days_option_and_its_audit_entry(index_page):
    withdrawn(index_page, 10)
    call_command("tuidang_purge", "--withdrawn-days", "5", stdout=io.StringIO())
    entry = StatementPageLogEntry.objects.get(action=retention.PURGE_NAMES)
    assert entry.object_id == str(index_page.pk)
    assert entry.data == {"withdrawn": 1, "unconsented": 0, "days": 5}
    assert REAL not in str(entry.data)


def test_the_scheduled_task_runs_every_purge(index_page):
    statement = withdrawn(index_page, 365)
    retention.purge_all_task.enqueue()
    assert stored(statement).text == ""


# Exports ----------------------------------------------------------------------


@pytest.fixture
def private_statements(index_page):
    """A withdrawn statement (still within its period) and a pending
    statement with an unconsented real name: neither name may be exported."""
    gone = withdrawn(index_page, 1)
    waiting = unconsented(index_page, text="普通文字")
    return gone, waiting


def exporter_user():
    user = UserFactory()
    for codename in ("access_admin", "export_statements"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_the_admin_csv_export_holds_no_withdrawn_or_unconsented_name(
    client, private_statements
):
    client.force_login(exporter_user())
    response = client.post(EXPORT_URL, {"format": "csv", "status": ""})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert REAL not in text and WORDS not in text
    rows = {row["status"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["withdrawn"]["name"] == "" and rows["withdrawn"]["alias"] == ""
    # The unconsented real name's row imports again as its alias.
    assert rows["pending"]["name"] == ALIAS and rows["pending"]["is_real_name"] == "0"


def test_the_xlsx_and_command_exports_hold_no_such_name(
    client, private_statements, tmp_path
):
    client.force_login(exporter_user())
    response = client.post(EXPORT_URL, {"format": "xlsx", "status": ""})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert REAL not in " ".join(cells) and WORDS not in " ".join(cells)
    out = tmp_path / "all.csv"
    call_command("tuidang_export", "--output", str(out), stdout=io.StringIO())
    assert REAL not in out.read_text("utf-8-sig")
