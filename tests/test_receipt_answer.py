"""The page answering a statement is rendered once and filled in for each
statement: every submitter still sees their own code, in their language,
with forms that work, and nothing of one submitter reaches another."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered

from tests.caches import FORGIVING
from tests.helpers import (
    code_in,
    logged_in,
    moderator,
    race,
    submission,
    submit_url,
)
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import receipts, shells

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}")


def browser():
    return Client(enforce_csrf_checks=True)


def send(client, page, **extra):
    """Fetch the form and send it as a browser does (CSRF enforced)."""
    html = client.get(submit_url(page), **extra).content.decode()
    token = CSRF.search(html).group(1)
    data = submission(csrfmiddlewaretoken=token)
    return client.post(submit_url(page), data, **extra)


class Renders:
    """The templates rendered while the block runs."""

    def __enter__(self):
        self.names = []
        template_rendered.connect(self.seen, dispatch_uid="test-renders")
        return self

    def seen(self, sender, template, **kwargs):
        self.names.append(template.name)

    def __exit__(self, *exc):
        template_rendered.disconnect(dispatch_uid="test-renders")


def without_code(response):
    code = code_in(response)
    text = CSRF.sub("", response.text).replace(code, "CODE")
    for group in code.split("-"):
        text = text.replace(f">{group}<", ">GROUP<")
    return text


def kept_pages():
    return [shell for _expires, shell, _status, _headers in shells._kept.values()]


def test_each_submitter_sees_their_own_code_from_one_rendered_page(index_page):
    first = send(browser(), index_page)
    with Renders() as renders:
        second = send(browser(), index_page)
        # Only the form itself was rendered: the answer was filled in.
        assert "wagtail_tuidang/statements/submit_done.html" not in renders.names

    codes = [code_in(first), code_in(second)]
    assert codes[0] != codes[1]
    assert codes[0] not in second.text and codes[1] not in first.text
    for code in codes:
        assert Statement.objects.filter(receipt_hash=receipts.hash_code(code)).exists()
    # The same page otherwise: only the codes and the CSRF tokens differ.
    assert without_code(first) == without_code(second)
    assert second["X-Robots-Tag"] == "noindex"
    assert (
        "no-store" in second["Cache-Control"] and "private" in second["Cache-Control"]
    )
    # What is kept holds no code and no token of anyone.
    [page] = kept_pages()
    assert not CODE.search(page)
    assert set(CSRF.findall(page)) == {shells._marker(shells.CSRF_NAME)}
    assert "td-receipt__code" in page


def test_the_forms_of_a_filled_in_page_carry_the_visitors_own_csrf_token(index_page):
    send(browser(), index_page)  # renders the page that is kept
    client = browser()
    response = send(client, index_page)
    code = code_in(response)
    tokens = CSRF.findall(response.text)
    assert len(tokens) == 2  # the download/print form and the check of a copy

    kept = client.post(
        index_page.url + "receipt/keep/",
        {"csrfmiddlewaretoken": tokens[0], "code": code, "action": "download"},
    )

    assert kept.status_code == 200 and code in kept.content.decode()
    # Another visitor's token is refused as ever.
    other = browser()
    other.get(submit_url(index_page))
    refused = other.post(
        index_page.url + "receipt/keep/",
        {"csrfmiddlewaretoken": tokens[0], "code": code, "action": "download"},
    )
    assert refused.status_code == 403


def test_each_language_gets_its_own_page(index_page):
    english = send(browser(), index_page, HTTP_ACCEPT_LANGUAGE="en")
    chinese = send(browser(), index_page, HTTP_ACCEPT_LANGUAGE="zh-hans")
    english_again = send(browser(), index_page, HTTP_ACCEPT_LANGUAGE="en")

    assert "Statement received" in english.text
    assert "Statement received" not in chinese.text and 'lang="zh-hans"' in chinese.text
    assert "Statement received" in english_again.text
    assert len(shells._kept) == 2


def test_a_published_edit_of_the_wall_shows_on_the_next_receipt(index_page):
    send(browser(), index_page)
    index_page.title = "Declarations"
    index_page.save_revision().publish()

    response = send(browser(), index_page)

    assert "Statement received · Declarations" in response.text


def test_a_visitor_with_a_session_gets_a_page_rendered_for_them_alone(index_page):
    client = browser()
    logged_in(client, moderator())

    with Renders() as renders:
        response = send(client, index_page)

    assert "wagtail_tuidang/statements/submit_done.html" in renders.names
    assert code_in(response)
    assert shells._kept == {}  # nothing of a signed-in visitor's page is kept
    # Nor is it used for them once a page is kept for others.
    send(browser(), index_page)
    with Renders() as renders:
        send(client, index_page)
    assert "wagtail_tuidang/statements/submit_done.html" in renders.names


def test_a_cookie_of_the_site_means_a_page_rendered_for_that_visitor(index_page):
    client = browser()
    client.cookies["theme"] = "dark"

    response = send(client, index_page)

    assert code_in(response) and shells._kept == {}


def test_a_page_using_the_requests_csp_nonce_is_not_kept(index_page):
    """A site's frame with an inline script under a per-request nonce: a kept
    page would carry another response's nonce."""
    render_route = shells.render_route

    def with_nonce(request, page, route, context=None, status=200):
        request._csp_nonce = "n0nce-of-this-response"
        response = render_route(request, page, route, context, status)
        response.render()
        response.content = response.content.replace(
            b"</head>", b'<script nonce="n0nce-of-this-response"></script></head>'
        )
        return response

    with mock.patch.object(shells, "render_route", with_nonce):
        with Renders() as renders:
            response = send(browser(), index_page)

    assert code_in(response) and shells._kept == {}
    # Rendered once, for this answer with its own nonce.
    assert renders.names.count("wagtail_tuidang/statements/submit_done.html") == 1
    assert 'nonce="n0nce-of-this-response"' in response.text


def test_a_receipt_template_not_showing_the_code_is_rendered_each_time(index_page):
    """A site's own receipt template may leave out what the plugin's shows:
    the page is then rendered for each statement, never kept half filled."""
    render_route = shells.render_route

    def without_code(request, page, route, context=None, status=200):
        context = {**(context or {}), "receipt_groups": []}
        return render_route(request, page, route, context, status)

    with mock.patch.object(shells, "render_route", without_code):
        response = send(browser(), index_page)

    assert response.status_code == 200 and shells._kept == {}
    assert Statement.objects.count() == 1


def test_the_same_form_sent_again_is_answered_from_a_kept_page_too(index_page):
    client = browser()
    html = client.get(submit_url(index_page)).content.decode()
    data = submission(csrfmiddlewaretoken=CSRF.search(html).group(1))
    first = client.post(submit_url(index_page), data)
    again = client.post(submit_url(index_page), data)
    with Renders() as renders:
        third = client.post(submit_url(index_page), data)

    assert code_in(first)
    for response in (again, third):
        assert "td-receipt--again" in response.text
        assert "td-receipt__code" not in response.text
    assert renders.names == []
    assert Statement.objects.count() == 1


def test_kept_pages_expire_and_are_bounded(index_page, monkeypatch):
    send(browser(), index_page)
    assert len(shells._kept) == 1
    now = shells.time.monotonic()
    monkeypatch.setattr(shells.time, "monotonic", lambda: now + shells.TIMEOUT + 1)

    with Renders() as renders:
        send(browser(), index_page)

    assert "wagtail_tuidang/statements/submit_done.html" in renders.names
    monkeypatch.setattr(shells, "MAX_KEPT", 1)
    send(browser(), index_page, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert len(shells._kept) == 1


def test_an_address_with_a_query_string_gets_a_page_of_its_own(index_page):
    """A frame may link to the address it was asked for: what one visitor
    put in a query string never shows on another's page."""
    client = browser()
    html = client.get(submit_url(index_page)).content.decode()
    data = submission(csrfmiddlewaretoken=CSRF.search(html).group(1))
    marked = client.post(submit_url(index_page) + "?from=somewhere-else", data)
    plain = send(browser(), index_page)

    assert code_in(marked) and code_in(plain)
    assert "somewhere-else" not in plain.text
    assert len(shells._kept) == 2


def test_with_the_cache_down_each_submitter_still_gets_their_own_code(
    index_page, settings
):
    """Kept pages live in each process's memory: Redis down changes nothing
    for them, and nothing acknowledged is lost."""
    send(browser(), index_page)  # the route and the page, remembered
    settings.CACHES = FORGIVING

    first, second = send(browser(), index_page), send(browser(), index_page)

    codes = [code_in(first), code_in(second)]
    assert codes[0] != codes[1] and codes[0] not in second.text
    stored = Statement.objects.filter(
        receipt_hash__in=[receipts.hash_code(code) for code in codes]
    )
    assert stored.count() == 2
    assert all(statement.flag_rate_limit_unknown for statement in stored)


@pytest.mark.django_db(transaction=True)
def test_submitters_at_the_same_moment_each_get_their_own_code(index_page):
    send(browser(), index_page)  # a kept page for all of them
    clients = [browser() for _ in range(4)]
    forms = []
    for client in clients:
        html = client.get(submit_url(index_page)).content.decode()
        forms.append(submission(csrfmiddlewaretoken=CSRF.search(html).group(1)))
    answers = {}

    def sender(number):
        def post():
            answers[number] = clients[number].post(
                submit_url(index_page), forms[number]
            )

        return post

    assert race([sender(number) for number in range(4)]) == ["done"] * 4

    # SQLite takes one writer at a time: a send it turned away is answered
    # "nothing was stored" (503), never with someone else's code.
    answered = [answers[n] for n in range(4) if answers[n].status_code == 200]
    refused = [answers[n] for n in range(4) if answers[n].status_code != 200]
    if connection.vendor == "postgresql":
        assert not refused
    assert answered
    for response in refused:
        assert response.status_code == 503 and "could not be saved" in response.text
        assert "td-receipt__code" not in response.text
    codes = [code_in(response) for response in answered]
    assert len(set(codes)) == len(codes)
    for response, code in zip(answered, codes, strict=True):
        assert not any(other in response.text for other in codes if other != code)
        assert Statement.objects.filter(receipt_hash=receipts.hash_code(code)).exists()
    assert Statement.objects.count() == 1 + len(answered)


def test_a_host_frames_own_form_gets_the_visitors_csrf_token(index_page, settings):
    """A site's base template with a form of its own: its token is put in
    like the receipt's forms', and a kept page holds none."""
    settings.WAGTAIL_TUIDANG_BASE_TEMPLATE = "host/base_with_form.html"
    send(browser(), index_page)
    client = browser()

    response = send(client, index_page)

    assert 'class="host-newsletter"' in response.text
    tokens = CSRF.findall(response.text)
    assert len(tokens) == 3 and "\ue000" not in response.text
    kept = client.post(
        index_page.url + "receipt/keep/",
        {
            "csrfmiddlewaretoken": tokens[0],
            "code": code_in(response),
            "action": "download",
        },
    )
    assert kept.status_code == 200
    [page] = kept_pages()
    assert set(CSRF.findall(page)) == {shells._marker(shells.CSRF_NAME)}
