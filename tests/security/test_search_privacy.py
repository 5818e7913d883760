"""A moderator's search for a name never puts the name in a URL: the search
box posts, the words stay in the session, and every address the browser is
sent to or offered (the redirect, pagination, sorting, filter links) holds a
random key instead."""

import html
import re
from urllib.parse import quote

import pytest

from tests.factories import make_statement
from tests.helpers import QUEUE_URL, logged_in, moderator
from tests.test_moderation import row_names

pytestmark = pytest.mark.django_db

NAME = "王秘密"


@pytest.fixture
def mod_client(client):
    return logged_in(client, moderator())


@pytest.fixture
def queue(index_page):
    for number in range(3):
        make_statement(index_page=index_page, name=f"{NAME}{number}")
    make_statement(index_page=index_page, name="李明")
    return index_page


def urls_in(response):
    """Every URL the page links to, posts to or swaps in, unescaped."""
    text = response.content.decode()
    found = re.findall(r'(?:href|action|src|data-[\w-]+-value)="([^"]*)"', text)
    return [html.unescape(url) for url in found]


def leaks(url):
    return NAME in url or quote(NAME) in url or quote(NAME).lower() in url.lower()


def test_searching_posts_and_redirects_to_a_key(mod_client, queue, settings):
    response = mod_client.post(f"{QUEUE_URL}?status=pending", {"q": NAME})
    assert response.status_code == 302
    location = response["Location"]
    assert not leaks(location)
    assert "status=pending" in location
    assert re.search(r"[?&]search=[\w-]+", location)

    page = mod_client.get(location)
    assert page.status_code == 200
    assert sorted(row_names(page)) == [f"{NAME}{n}" for n in range(3)]
    assert not [url for url in urls_in(page) if leaks(url)]
    # The words are shown in the box, in the page body only.
    assert f'value="{NAME}"' in page.text


def test_pagination_and_sorting_links_keep_the_key_not_the_name(
    mod_client, queue, monkeypatch
):
    from wagtail_tuidang.moderation.views import StatementIndexView

    monkeypatch.setattr(StatementIndexView, "paginate_by", 1)
    location = mod_client.post(QUEUE_URL, {"q": NAME})["Location"]
    key = re.search(r"search=([\w-]+)", location).group(1)
    page = mod_client.get(location + "&ordering=name")
    links = [url for url in urls_in(page) if "search=" in url]
    assert links
    assert all(f"search={key}" in url for url in links)
    assert not [url for url in urls_in(page) if leaks(url)]


def test_a_name_in_q_is_moved_out_of_the_url(mod_client, queue):
    response = mod_client.get(QUEUE_URL, {"q": NAME, "status": "pending"})
    assert response.status_code == 302
    assert not leaks(response["Location"])
    page = mod_client.get(response["Location"])
    assert sorted(row_names(page)) == [f"{NAME}{n}" for n in range(3)]


def test_a_key_from_another_session_finds_nothing_private(mod_client, queue):
    from django.test import Client

    location = mod_client.post(QUEUE_URL, {"q": NAME})["Location"]
    other = logged_in(Client(), moderator())
    page = other.get(location)
    assert page.status_code == 200
    assert NAME not in page.text.split("tuidang-queue-search", 1)[1].split(">")[0]
    assert len(row_names(page)) == 4


@pytest.mark.parametrize("words", ["", "   ", "\x00", "x" * 5000])
def test_odd_searches_never_break_the_queue(mod_client, queue, words):
    response = mod_client.post(QUEUE_URL, {"q": words}, follow=True)
    assert response.status_code == 200


def test_the_search_form_posts_with_a_csrf_token(mod_client, queue):
    page = mod_client.get(QUEUE_URL)
    form = re.search(
        r'<form method="post"[^>]*role="search".*?</form>', page.text, re.S
    )
    assert form
    assert "csrfmiddlewaretoken" in form.group(0)
    assert 'name="q"' in form.group(0)
    # Wagtail's live search (a GET form with ?q=) is not offered.
    assert not re.search(
        r'<form[^>]*method="get"[^>]*>(?:(?!</form>).)*name="q"', page.text, re.S
    )
