"""The receipt code in the volunteer console: easy to read out, and a slip to
print for a booth visitor, never through a URL."""

import re

import pytest

from tests.helpers import CONSOLE_URL, caller, code_in, user_with, volunteer
from wagtail_tuidang.statements import receipts

pytestmark = pytest.mark.django_db

SLIP_URL = CONSOLE_URL + "slip/"


@pytest.fixture
def stored(client, index_page):
    client.force_login(volunteer())
    response = client.post(CONSOLE_URL, caller(index_page))
    assert response.status_code == 200
    return response, code_in(response)


def test_the_code_is_shown_in_groups_of_four_one_character_at_a_time(stored):
    response, code = stored
    groups = code.split("-")
    assert len(groups) == 5 and all(len(group) == 4 for group in groups)
    # Only characters of the alphabet: no I, L, O or U to mistake.
    assert set(code.replace("-", "")) <= set(receipts.ALPHABET)
    assert not set("ILOU") & set(receipts.ALPHABET)
    chars = re.findall(r'class="td-receipt__char[^"]*">(\w)</span>', response.text)
    assert "".join(chars) == code.replace("-", "")
    digits = re.findall(r'td-receipt__char--digit">(\w)<', response.text)
    assert digits == [char for char in code if char.isdigit()]
    assert "never contains the letters I, L, O or U" in response.text


def test_the_slip_is_offered_through_a_post_form(stored, index_page):
    response, code = stored
    form = re.search(
        r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', response.text, re.S
    )
    assert form.group(1) == SLIP_URL
    assert f'name="code" value="{code}"' in form.group(2)
    for url in re.findall(r'(?:href|action)="([^"]*)"', response.text):
        assert code not in url


def test_the_slip_prints_the_code_and_where_to_check_it(client, stored, index_page):
    _response, code = stored
    response = client.post(SLIP_URL, {"code": code, "page": index_page.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    card = html.split('class="td-receipt-card"')[1]
    assert code in re.sub(r"<[^>]+>|\s", "", card)
    assert "http://localhost" + index_page.url + "receipt/" in card
    assert "receipt-card.css" in html


@pytest.mark.parametrize(
    "data",
    [
        {"code": "not a code", "page": "1"},
        {"code": "0000-0000-0000-0000-0000", "page": "x"},
    ],
)
def test_a_bad_slip_request_is_refused(client, index_page, data):
    client.force_login(volunteer())
    if data["page"] == "1":
        data["page"] = str(index_page.pk)
    response = client.post(SLIP_URL, data)
    assert response.status_code == 400


def test_only_volunteers_may_print_slips(client, index_page):
    client.force_login(user_with("access_admin"))
    data = {"code": "0000-0000-0000-0000-0000", "page": index_page.pk}
    response = client.post(SLIP_URL, data)
    assert response.status_code in (302, 403)
    assert "0000" not in response.content.decode()
    client.force_login(volunteer())
    assert client.get(SLIP_URL).status_code == 405
