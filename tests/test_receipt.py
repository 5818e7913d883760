"""The receipt/ route: the holder of a code sees the status of their statement,
and may withdraw it; nobody learns anything from a wrong code."""

import re
from unittest import mock

import pytest

from tests.factories import StatementIndexPageFactory, make_statement
from tests.helpers import code_in, receipt_url, submission, submit_url
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import client as client_module
from wagtail_tuidang.statements import tallies, transitions
from wagtail_tuidang.statements.choices import Status

pytestmark = pytest.mark.django_db

NOT_FOUND = "No statement has this receipt code."
UNKNOWN = "0000-0000-0000-0000-0000"
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def check(client, page, code, **request):
    return client.post(receipt_url(page), {"code": code, "action": "check"}, **request)


def page_without(response, code):
    """The page with the typed code and the per-response CSRF token left out."""
    html = response.content.decode().replace(code, "")
    return CSRF_VALUE.sub("", html)


def withdraw(client, page, code, confirm=True):
    data = {"code": code, "action": "withdraw"}
    if confirm:
        data["confirm"] = "on"
    return client.post(receipt_url(page), data)


def test_get_shows_the_code_form_uncached(client, index_page):
    response = client.get(receipt_url(index_page))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert set(response.cookies) == {"csrftoken"}
    assert response.cookies["csrftoken"]["max-age"] == ""


def test_a_code_from_the_submit_page_shows_waiting_for_review(client, index_page):
    code = code_in(client.post(submit_url(index_page), submission()))

    response = check(client, index_page, code)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Waiting for review" in html
    assert "自由人" in html


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: " " + code.replace("-", " ") + " ",
    ],
    ids=["lower case", "no dashes", "spaces"],
)
def test_codes_are_found_however_they_are_typed(client, index_page, typed):
    _statement, code = make_statement(index_page=index_page)
    assert (
        "Waiting for review" in check(client, index_page, typed(code)).content.decode()
    )


def test_published_shows_the_permalink(client, index_page):
    statement, code = make_statement(index_page=index_page, status="published")
    html = check(client, index_page, code).content.decode()
    assert "Published" in html
    assert f'href="{index_page.url}s/{statement.public_id}/"' in html


def test_rejected_shows_needs_fixing_with_the_public_reason(client, index_page):
    statement, code = make_statement(index_page=index_page)
    transitions.reject(statement, public_reason="Please <b>choose</b> an organisation")

    html = check(client, index_page, code).content.decode()

    assert "Needs fixing" in html
    assert "Please &lt;b&gt;choose&lt;/b&gt; an organisation" in html
    assert 'value="withdraw"' not in html


def test_withdrawn_says_so(client, index_page):
    _statement, code = make_statement(index_page=index_page, status="withdrawn")
    html = check(client, index_page, code).content.decode()
    assert "Withdrawn" in html and 'value="withdraw"' not in html


def test_spam_reads_as_not_published(client, index_page):
    _statement, code = make_statement(index_page=index_page, status="spam")
    html = check(client, index_page, code).content.decode()
    assert "Not published" in html
    assert "spam" not in html.lower()
    assert 'value="withdraw"' not in html


@pytest.mark.parametrize(
    "code",
    ["", "hello", UNKNOWN, "x" * 10_000, "<script>", "\u202e"],
    ids=["empty", "word", "unknown", "huge", "html", "bidi"],
)
def test_an_unknown_or_garbage_code_finds_nothing(client, index_page, code):
    make_statement(index_page=index_page)
    response = check(client, index_page, code)
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_FOUND in html or "This field is required." in html
    assert "<script>" not in html.split("</header>")[1]


def test_a_code_of_another_page_answers_like_an_unknown_code(client, index_page):
    other = StatementIndexPageFactory(parent=index_page.get_parent(), slug="other")
    _statement, code = make_statement(index_page=other)

    foreign = check(client, index_page, code)
    unknown = check(client, index_page, UNKNOWN)

    assert NOT_FOUND in foreign.content.decode()
    assert foreign.status_code == unknown.status_code
    assert page_without(foreign, code) == page_without(unknown, UNKNOWN)


def test_an_unconfirmed_real_name_and_the_contact_are_never_shown(client, index_page):
    _statement, code = make_statement(
        index_page=index_page,
        name="王小明",
        is_real_name=True,
        consent_real_name=True,
        alias="明月",
        contact="canary-contact-9271",
    )
    html = check(client, index_page, code).content.decode()
    assert "明月" in html
    assert "王小明" not in html
    assert "canary-contact-9271" not in html


def test_a_confirmed_real_name_is_shown(client, index_page):
    statement, code = make_statement(
        index_page=index_page,
        name="王小明",
        is_real_name=True,
        consent_real_name=True,
        real_name_confirmed=True,
        alias="明月",
    )
    assert statement.shows_real_name
    assert "王小明" in check(client, index_page, code).content.decode()


def test_withdrawing_a_pending_statement(client, index_page):
    statement, code = make_statement(index_page=index_page)

    response = withdraw(client, index_page, code)

    assert "Your statement has been withdrawn." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert Statement.objects.get(pk=statement.pk).status == Status.WITHDRAWN


def test_withdrawing_a_published_statement_lowers_the_total(
    client, index_page, django_capture_on_commit_callbacks
):
    statement, code = make_statement(
        index_page=index_page, status="published", people_count=4
    )
    assert tallies.get_figures(index_page)["total"] == 455_000_004

    with django_capture_on_commit_callbacks(execute=True):
        response = withdraw(client, index_page, code)

    assert response.status_code == 200
    assert Statement.objects.get(pk=statement.pk).status == Status.WITHDRAWN
    assert tallies.get_figures(index_page)["total"] == 455_000_000


def test_withdrawal_needs_the_confirmation_box(client, index_page):
    statement, code = make_statement(index_page=index_page)

    response = withdraw(client, index_page, code, confirm=False)

    assert "Tick the box to confirm" in response.content.decode()
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING


def test_a_rejected_statement_cannot_be_withdrawn(client, index_page):
    statement, code = make_statement(index_page=index_page, status="rejected")

    response = withdraw(client, index_page, code)

    assert "Needs fixing" in response.content.decode()
    assert Statement.objects.get(pk=statement.pk).status == Status.REJECTED


def test_withdrawing_with_a_wrong_code_changes_nothing(client, index_page):
    statement, _code = make_statement(index_page=index_page)
    response = withdraw(client, index_page, UNKNOWN)
    assert NOT_FOUND in response.content.decode()
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING


def test_too_many_lookups_are_answered_429_without_looking(
    client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = 3
    _statement, code = make_statement(index_page=index_page)
    for _ in range(3):
        assert check(client, index_page, UNKNOWN).status_code == 200

    refused = check(client, index_page, code)
    other_client = check(client, index_page, code, REMOTE_ADDR="198.51.100.9")

    assert refused.status_code == 429
    assert "Please try again in" in refused.content.decode()
    assert "Waiting for review" not in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert "no-store" in refused["Cache-Control"]
    assert "Waiting for review" in other_client.content.decode()


@pytest.mark.parametrize(
    ("window", "left", "words"),
    [
        (3600, 600, "try again in 10 minutes."),
        (3600, 59, "try again in 1 minute."),
        (3600, 61, "try again in 2 minutes."),
        (86400, 5 * 3600 + 1, "try again in 6 hours."),
    ],
)
def test_the_429_says_when_to_try_again_from_the_window(
    client, index_page, settings, window, left, words
):
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = 0
    settings.WAGTAIL_TUIDANG_RATELIMIT_WINDOW = window
    now = 1000 * window + (window - left)  # ``left`` seconds before the window ends
    with mock.patch.object(client_module.time, "time", return_value=now):
        refused = check(client, index_page, UNKNOWN)

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(left)
    alert = re.search(r'role="alert"><p>(.*?)</p>', refused.content.decode()).group(1)
    assert alert.endswith(words)
    assert "Too many receipt codes were checked from your connection." in alert


def test_withdrawals_count_towards_the_limit(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = 1
    statement, code = make_statement(index_page=index_page)
    check(client, index_page, code)

    assert withdraw(client, index_page, code).status_code == 429
    assert Statement.objects.get(pk=statement.pk).status == Status.PENDING


def test_query_counts(client, index_page, django_assert_max_num_queries):
    _statement, code = make_statement(index_page=index_page, status="published")
    with django_assert_max_num_queries(7):
        client.get(receipt_url(index_page))
    with django_assert_max_num_queries(7):
        check(client, index_page, code)
    with django_assert_max_num_queries(13):
        withdraw(client, index_page, code)
