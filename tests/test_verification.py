"""The verify/ route: anyone checks a registration number and sees the
published statement it belongs to; a typo is told apart from a number
nobody has; nothing unpublished is revealed; look-ups are rate limited."""

import re

import pytest

from tests.factories import StatementIndexPageFactory, make_statement
from wagtail_tuidang.statements import registration, transitions

pytestmark = pytest.mark.django_db

TYPO = "This number contains a typing error"
NOT_FOUND = "No published statement has this registration number."
NOT_A_NUMBER = "A registration number has 16 digits"


def verify_url(page):
    return page.url + "verify/"


def verify(client, page, number, **request):
    return client.post(verify_url(page), {"number": number}, **request)


def typo_of(number):
    """``number`` with its first two (different) adjacent digits swapped."""
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    raise AssertionError("no two different adjacent digits")


def unused_number():
    return registration.new_number()


@pytest.fixture
def published(index_page):
    statement, _ = make_statement(
        index_page=index_page,
        status="published",
        name="王真名",
        alias="清风",
        is_real_name=True,
        consent_real_name=True,
        text="我声明退出共青团。",
        quit_party=False,
        quit_youth_league=True,
    )
    return statement


def test_the_form_works_without_javascript_and_is_private(client, index_page):
    response = client.get(verify_url(index_page))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="td-form td-form--verify" method="post"' in html
    assert 'name="number"' in html
    # No script but the JSON-LD data block every route has.
    assert re.findall(r"<script(?![^>]*application/ld\+json)", html) == []
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("style", ["plain", "spaces", "dashes", "padded"])
def test_a_valid_number_shows_the_published_statement(
    client, index_page, published, style
):
    number = published.registration_number
    grouped = registration.format_number(number)
    typed = {
        "plain": number,
        "spaces": grouped,
        "dashes": grouped.replace(" ", "-"),
        "padded": f"  {number} ",
    }[style]
    response = verify(client, index_page, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Registration number {registration.format_number(number)}" in html
    assert "清风" in html
    assert "我声明退出共青团。" in html
    assert "Communist Youth League" in html
    assert f"/statements/s/{published.public_id}/" in html
    # The real name that is not cleared stays hidden, as on the permalink.
    assert "王真名" not in html
    assert "no-store" in response["Cache-Control"]


def test_the_qr_code_address_looks_the_number_up_with_a_get(
    client, index_page, published
):
    response = client.get(
        verify_url(index_page), {"number": published.registration_number}
    )
    assert response.status_code == 200
    assert "清风" in response.content.decode()


def test_a_typo_is_told_apart_from_an_unknown_number(client, index_page, published):
    typo = verify(client, index_page, typo_of(published.registration_number))
    unknown = verify(client, index_page, unused_number())
    garbage = verify(client, index_page, "12345")

    assert TYPO in typo.content.decode()
    assert NOT_FOUND not in typo.content.decode()
    assert NOT_FOUND in unknown.content.decode()
    assert TYPO not in unknown.content.decode()
    assert NOT_A_NUMBER in garbage.content.decode()
    for response in (typo, unknown, garbage):
        assert response.status_code == 200
        assert "清风" not in response.content.decode()


def test_a_withdrawn_or_taken_down_statement_is_not_found(client, index_page):
    statement, _ = make_statement(index_page=index_page, status="published")
    number = statement.registration_number
    transitions.take_down(statement, public_reason="Asked by the submitter")

    response = verify(client, index_page, number)

    assert NOT_FOUND in response.content.decode()
    assert statement.name not in response.content.decode()


def test_a_number_of_another_wall_is_not_found(client, index_page, published):
    other = StatementIndexPageFactory(parent=index_page.get_parent(), slug="other")
    response = verify(client, other, published.registration_number)
    assert NOT_FOUND in response.content.decode()


def test_too_many_look_ups_are_answered_429_without_looking(
    client, index_page, published, settings
):
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = 3
    for _ in range(3):
        assert verify(client, index_page, unused_number()).status_code == 200

    refused = verify(client, index_page, published.registration_number)
    by_get = client.get(
        verify_url(index_page), {"number": published.registration_number}
    )
    other_client = verify(
        client, index_page, published.registration_number, REMOTE_ADDR="198.51.100.9"
    )

    assert refused.status_code == 429
    assert by_get.status_code == 429
    assert "Too many registration numbers were checked" in refused.content.decode()
    assert "清风" not in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert "清风" in other_client.content.decode()


def test_verification_counts_apart_from_receipt_look_ups(
    client, index_page, published, settings
):
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = 1
    client.post(index_page.url + "receipt/", {"code": "0000-0000-0000-0000-0000"})
    response = verify(client, index_page, published.registration_number)
    assert response.status_code == 200


def test_an_oversized_or_odd_input_is_a_clear_error(client, index_page):
    for typed in ("1" * 10_000, "\x00" * 20, "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٠"):
        response = verify(client, index_page, typed)
        assert response.status_code == 200
        html = response.content.decode()
        assert "td-field--invalid" in html, typed[:20]
        assert 'role="status"' not in html
