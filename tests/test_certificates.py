"""Certificates: the submitter prints one from the receipt page with their
code once the statement is published, staff print one from the admin; both
show the public name only, the registration number, the verification
address and its QR code. The admin finds statements by number, shows it,
and exports it."""

import csv
import io
import re

import pytest
from wagtail.models import ModelLogEntry

from tests.factories import make_statement
from tests.helpers import (
    QUEUE_URL,
    inspect_url,
    logged_in,
    moderator,
    receipt_url,
    user_with,
)
from wagtail_tuidang.statements.registration import format_number

pytestmark = pytest.mark.django_db

REAL_NAME = "王秘密真名"
ALIAS = "清风"


def certificate_url(statement):
    return f"{QUEUE_URL}certificate/{statement.pk}/"


@pytest.fixture
def hidden_real_name(index_page):
    """Published under its alias: the real name is not confirmed."""
    return make_statement(
        index_page=index_page,
        status="published",
        name=REAL_NAME,
        alias=ALIAS,
        is_real_name=True,
        consent_real_name=True,
        quit_party=False,
        quit_youth_league=True,
    )


def ask_certificate(client, page, code):
    return client.post(receipt_url(page), {"code": code, "action": "certificate"})


def assert_certificate(response, statement):
    html = response.content.decode()
    number = format_number(statement.registration_number)
    assert response.status_code == 200
    assert 'class="td-certificate"' in html
    # Both columns: the Chinese one, then the English one.
    assert re.findall(r'class="td-certificate__column" lang="([^"]+)"', html) == [
        "zh-hans",
        "en",
    ]
    assert html.count(number) >= 3  # each column and the footer
    assert "http://localhost/statements/verify/" in html
    assert "<svg" in html and 'class="td-certificate__qr-svg"' in html
    assert "共青团" in html and "Communist Youth League" in html
    assert "<script" not in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    return html


def test_the_receipt_page_offers_the_certificate_once_published(
    client, index_page, hidden_real_name
):
    statement, code = hidden_real_name
    page = client.post(receipt_url(index_page), {"code": code, "action": "check"})
    assert 'value="certificate"' in page.content.decode()
    assert "Print my certificate" in page.content.decode()

    html = assert_certificate(ask_certificate(client, index_page, code), statement)

    assert html.count(ALIAS) == 2
    assert REAL_NAME not in html
    # The code stays in POST bodies: never in the certificate or a link.
    assert code not in html


def test_a_pending_statement_has_no_certificate(client, index_page):
    _statement, code = make_statement(index_page=index_page)
    check = client.post(receipt_url(index_page), {"code": code, "action": "check"})
    asked = ask_certificate(client, index_page, code)
    assert "Print my certificate" not in check.content.decode()
    assert 'class="td-certificate"' not in asked.content.decode()
    assert "Waiting for review" in asked.content.decode()


def test_a_wrong_code_gets_no_certificate(client, index_page, hidden_real_name):
    response = ask_certificate(client, index_page, "0000-0000-0000-0000-0000")
    assert 'class="td-certificate"' not in response.content.decode()
    assert ALIAS not in response.content.decode()


def test_a_confirmed_real_name_is_printed_as_the_wall_shows_it(client, index_page):
    statement, code = make_statement(
        index_page=index_page,
        name=REAL_NAME,
        alias=ALIAS,
        is_real_name=True,
        consent_real_name=True,
        real_name_confirmed=True,
        quit_youth_league=True,
        status="published",
    )
    html = assert_certificate(ask_certificate(client, index_page, code), statement)
    assert REAL_NAME in html
    assert REAL_NAME in client.get(index_page.url).content.decode()


def test_the_qr_code_holds_the_verification_address_with_the_number(
    client, index_page, hidden_real_name
):
    statement, code = hidden_real_name
    html = ask_certificate(client, index_page, code).content.decode()
    from wagtail_tuidang.sharing.qr import qr_svg

    expected = qr_svg(
        "http://localhost/statements/verify/?number=" + statement.registration_number,
        "td-certificate__qr-svg",
    )
    assert str(expected) in html
    verified = client.get(
        "/statements/verify/", {"number": statement.registration_number}
    )
    assert ALIAS in verified.content.decode()


def test_traditional_chinese_readers_get_a_traditional_column(
    client, index_page, hidden_real_name
):
    _statement, code = hidden_real_name
    client.cookies["django_language"] = "zh-hant"
    html = ask_certificate(client, index_page, code).content.decode()
    assert 'lang="zh-hant"' in html
    assert "共青團" in html


def test_staff_print_it_from_the_inspect_view(client, index_page, hidden_real_name):
    statement, _code = hidden_real_name
    user = moderator()
    logged_in(client, user)

    inspect = client.get(inspect_url(statement)).content.decode()
    assert certificate_url(statement) in inspect
    assert format_number(statement.registration_number) in inspect

    html = assert_certificate(client.get(certificate_url(statement)), statement)
    assert REAL_NAME not in html
    entry = ModelLogEntry.objects.get(action="wagtail_tuidang.print_certificate")
    assert entry.user_id == user.pk
    assert REAL_NAME not in str(entry.data) and ALIAS not in entry.label


def test_only_published_statements_have_a_certificate_in_the_admin(client, index_page):
    pending, _ = make_statement(index_page=index_page)
    logged_in(client, moderator())
    assert client.get(certificate_url(pending)).status_code == 404
    assert certificate_url(pending) not in client.get(inspect_url(pending)).text


def test_printing_needs_access_to_the_queue(client, hidden_real_name):
    statement, _code = hidden_real_name
    logged_in(client, user_with())
    response = client.get(certificate_url(statement))
    assert response.status_code in (302, 403)
    assert ALIAS not in response.content.decode()


def test_the_queue_finds_a_statement_by_its_number(client, index_page):
    wanted, _ = make_statement(index_page=index_page, name="要找的", status="published")
    make_statement(index_page=index_page, name="别的", status="published")
    logged_in(client, moderator())
    grouped = format_number(wanted.registration_number).replace(" ", "-")
    response = client.get(QUEUE_URL, {"q": grouped}, follow=True)
    names = re.findall(r'id="statement_\d+_title"[^>]*>\s*([^<]*?)\s*<', response.text)
    assert names == ["要找的"]


def test_exports_carry_the_number_in_groups(client, index_page, hidden_real_name):
    statement, _code = hidden_real_name
    make_statement(index_page=index_page)
    client.force_login(user_with("export_statements"))
    response = client.post(
        "/admin/tuidang/transfer/export/", {"format": "csv", "status": ""}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["registration_number"] for row in rows] == [
        format_number(statement.registration_number),
        "",
    ]
