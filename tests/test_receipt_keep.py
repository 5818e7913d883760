"""Keeping a receipt code: the page that shows it once offers a text file to
download, a card to print and a check of a copy typed back, all without
JavaScript, and none of them puts the code in a URL, a log or a cache."""

import logging
import re

import pytest
from django.test import Client

from tests.helpers import code_in, submission, submit_url
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import receipts

pytestmark = pytest.mark.django_db

URL_IN_HTML = re.compile(r"""(?:href|src|action)="([^"]*)""")


def keep_url(page):
    return page.url + "receipt/keep/"


@pytest.fixture
def sent(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_MIN_FILL_SECONDS = 0
    response = client.post(submit_url(index_page), submission())
    assert response.status_code == 200
    return response, code_in(response)


def keep(client, page, code, action, **extra):
    return client.post(keep_url(page), {"code": code, "action": action, **extra})


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_receipt_page_offers_ways_to_keep_the_code_by_post_only(sent, index_page):
    response, code = sent
    html = response.content.decode()
    assert "Download it as a text file" in html and "Print a receipt card" in html
    assert "type the code back" in html
    forms = re.findall(r'<form method="(\w+)" action="([^"]*)"', html)
    assert ("post", keep_url(index_page)) in forms
    assert all(method == "post" for method, action in forms if "keep" in action)
    for url in URL_IN_HTML.findall(html):
        assert code not in url and code.replace("-", "") not in url
    # The field a copy is typed into is not remembered by the browser.
    assert re.search(
        r'<input type="text" id="td-receipt-typed"[^>]*autocomplete="off"', html
    )


def test_the_code_downloads_as_a_small_text_file(client, sent, index_page):
    _response, code = sent
    response = keep(client, index_page, code, "download")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="receipt-code.txt"'
    assert_private(response)
    text = response.content.decode()
    assert f"Receipt code: {code}" in text
    assert "http://testserver" + index_page.url + "receipt/" in text
    assert len(response.content) < 1000


def test_a_receipt_card_prints_the_code_alone(client, sent, index_page):
    _response, code = sent
    response = keep(client, index_page, code, "print")
    assert response.status_code == 200
    assert_private(response)
    assert "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    card = html.split('class="td-receipt-card"')[1]
    assert code in re.sub(r"<[^>]+>", "", card).replace(" ", "")
    assert index_page.url + "receipt/" in card
    assert "wagtail_tuidang/css/receipt-card.css" in html


def test_typing_the_code_back_confirms_the_copy(client, sent, index_page):
    _response, code = sent
    typed = code.lower().replace("-", " ")
    response = keep(client, index_page, code, "confirm", typed=typed)
    html = response.content.decode()
    assert "you saved it correctly" in html
    assert "not the same code" not in html
    assert_private(response)


def test_a_wrong_copy_keeps_the_code_on_screen_with_the_group_marked(
    client, sent, index_page
):
    _response, code = sent
    groups = code.split("-")
    groups[2] = "0000" if groups[2] != "0000" else "1111"
    response = keep(client, index_page, code, "confirm", typed="-".join(groups))
    html = response.content.decode()
    assert "not the same code" in html and "you saved it correctly" not in html
    assert code_in(response) == code
    wrong = re.findall(r'td-receipt__group--wrong">(\w+)<', html)
    assert wrong == [code.split("-")[2]]


def test_a_code_that_is_not_one_is_refused_and_nothing_changes(client, index_page):
    count = Statement.objects.count()
    response = keep(client, index_page, "<script>x</script>", "download")
    assert response.status_code == 400
    assert "This is not a receipt code" in response.content.decode()
    assert "<script>x" not in response.content.decode()
    assert Statement.objects.count() == count


def test_get_leads_to_the_receipt_page(client, index_page):
    response = client.get(keep_url(index_page))
    assert response.status_code == 302
    assert response["Location"].endswith(index_page.url + "receipt/")


def test_the_code_is_in_no_url_and_no_log(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_MIN_FILL_SECONDS = 0
    records = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append
    root = logging.getLogger()
    level, root.level = root.level, logging.DEBUG
    root.addHandler(handler)
    try:
        response = client.post(submit_url(index_page), submission())
        code = code_in(response)
        responses = [response]
        for action in ("download", "print", "confirm"):
            responses.append(keep(client, index_page, code, action, typed=code))
        responses.append(keep(client, index_page, code, "confirm", typed="x"))
        # Refused requests are logged, by path only: without a CSRF token,
        # and with a code a character too long.
        strict = Client(enforce_csrf_checks=True)
        assert keep(strict, index_page, code, "download").status_code == 403
        assert keep(client, index_page, code + "7", "print").status_code == 400
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    canonical = receipts.normalise(code)
    for response in responses:
        assert_private(response)
        for value in (response.wsgi_request.get_full_path(), response.get("Location")):
            assert code not in (value or "") and canonical not in (value or "")
    assert records, "no log record was captured"
    for record in records:
        message = record.getMessage()
        assert code not in message and canonical not in message
