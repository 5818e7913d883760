"""Exports: CSV and XLSX, the formula guard, contact details, the audit log."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.factories import make_statement
from tests.helpers import user_with
from wagtail_tuidang.models import StatementPageLogEntry
from wagtail_tuidang.transfer.exporter import guard

pytestmark = pytest.mark.django_db

EXPORT_URL = "/admin/tuidang/transfer/export/"
FORMULA = '=HYPERLINK("http://evil.example","点")'


def export(client, **data):
    response = client.post(EXPORT_URL, {"format": "csv", "status": "", **data})
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def statements(index_page):
    published, _ = make_statement(
        index_page=index_page, status="published", name=FORMULA, contact="tel 123"
    )
    pending, _ = make_statement(
        index_page=index_page, name="李明", text="-1+2\n第二行，逗号", people_count=3
    )
    return published, pending


def test_exporting_needs_the_permission(client, statements):
    client.force_login(user_with())
    response = client.post(EXPORT_URL, {"format": "csv"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not StatementPageLogEntry.objects.filter(
        action="wagtail_tuidang.export"
    ).exists()


def test_the_csv_round_trips_with_formulas_guarded(client, statements):
    client.force_login(user_with("export_statements"))
    rows = csv_rows(export(client))
    assert [row["name"] for row in rows] == ["'" + FORMULA, "李明"]
    second = rows[1]
    assert second["text"] == "'-1+2\n第二行，逗号"
    assert second["people_count"] == "3" and second["status"] == "pending"
    assert second["organisations"] == "party"
    assert second["public_id"] == statements[1].public_id
    assert "contact" not in second


def test_filters_by_status_page_and_date(client, statements, index_page):
    client.force_login(user_with("export_statements"))
    rows = csv_rows(export(client, status="published", index_page=index_page.pk))
    assert [row["public_id"] for row in rows] == [statements[0].public_id]
    assert csv_rows(export(client, since="2999-01-01")) == []
    response = client.post(
        EXPORT_URL, {"format": "csv", "since": "2024-02-02", "until": "2024-01-01"}
    )
    assert "The end date is before the start date." in response.text


def test_contact_details_need_their_own_permission(client, statements):
    client.force_login(user_with("export_statements"))
    assert "include_contact" not in client.get(EXPORT_URL).text
    rows = csv_rows(export(client, include_contact="on"))
    assert "contact" not in rows[0]
    client.force_login(user_with("export_statements", "view_contact"))
    rows = csv_rows(export(client, include_contact="on"))
    assert [row["contact"] for row in rows] == ["tel 123", ""]


def test_xlsx_opens_with_openpyxl(client, statements):
    client.force_login(user_with("export_statements"))
    response = export(client, format="xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[0][:3] == ("public_id", "index_page", "status")
    names = [row[values[0].index("name")] for row in values[1:]]
    assert names == ["'" + FORMULA, "李明"]


def test_every_export_is_logged_without_private_data(client, statements, index_page):
    user = user_with("export_statements", "view_contact")
    client.force_login(user)
    export(client, include_contact="on", status="published")
    entry = StatementPageLogEntry.objects.get(action="wagtail_tuidang.export")
    assert entry.object_id == str(index_page.pk) and entry.user == user
    assert entry.data["contact"] is True and entry.data["status"] == "published"
    assert "tel 123" not in str(entry.data) and "李明" not in str(entry.data)


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@x", "\tx", "\rx"])
def test_every_formula_start_is_guarded(value):
    assert guard(value) == "'" + value
    assert guard("a" + value) == "a" + value
    assert guard(5) == 5


def test_the_export_command_writes_csv_and_xlsx(tmp_path, statements):
    out = tmp_path / "s.csv"
    call_command("tuidang_export", "--status", "published", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [row["public_id"] for row in rows] == [statements[0].public_id]
    assert "contact" not in rows[0]
    xlsx = tmp_path / "s.xlsx"
    call_command(
        "tuidang_export", "--format", "xlsx", "--contact", "--output", str(xlsx)
    )
    sheet = load_workbook(xlsx).active
    assert sheet.max_row == 3 and sheet.cell(1, sheet.max_column).value == "contact"
    assert (
        StatementPageLogEntry.objects.filter(action="wagtail_tuidang.export").count()
        == 2
    )


def test_an_export_can_be_imported_again(tmp_path, statements, index_page):
    out = tmp_path / "s.csv"
    call_command("tuidang_export", "--output", str(out))
    stdout = io.StringIO()
    call_command(
        "tuidang_import", str(out), "--page", str(index_page.pk), stdout=stdout
    )
    # Both are already there: the natural key matches.
    assert "Created 0 statements" in stdout.getvalue()
    assert "2 already there" in stdout.getvalue()


@pytest.mark.parametrize("count", [2, 30])
def test_a_csv_export_costs_the_same_queries_at_any_size(
    client, index_page, count, django_assert_max_num_queries
):
    client.force_login(user_with("export_statements"))
    for number in range(count):
        make_statement(index_page=index_page, name=f"人{number}")
    client.post(EXPORT_URL, {"format": "csv"})
    # Measured: 12 at any size (one chunk of 2,000 rows is one query; the
    # rest is the session, the user, the index pages and the audit entry).
    with django_assert_max_num_queries(12):
        csv_rows(export(client))
