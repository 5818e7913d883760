"""The submit/ route: what a person sees, what a POST stores, and what it never
reveals."""

import datetime
import hashlib
import re
import threading
from unittest import mock

import pytest
from django.core import signing
from django.db import IntegrityError, OperationalError, connection, connections
from django.test import Client
from django.utils import timezone

from tests.factories import StatementIndexPageFactory, UserFactory, make_statement
from tests.helpers import (
    CONSOLE_URL,
    aged_token,
    caller,
    code_in,
    submission,
    submit_url,
    volunteer,
)
from wagtail_tuidang.crypto import get_cipher
from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import (
    antispam,
    receipts,
    resends,
    shells,
    transitions,
)
from wagtail_tuidang.statements.choices import Source, Status

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
CODE = re.compile(r"(?:[0-9A-Z]{4}</span><span[^>]*>-</span><span[^>]*>){4}[0-9A-Z]{4}")


def test_form_offers_the_page_default_wording_and_every_field(client, index_page):
    index_page.default_statement_text = "我自愿退出中共。"
    index_page.save_revision().publish()

    response = client.get(submit_url(index_page))

    assert response.status_code == 200
    html = response.content.decode()
    assert "我自愿退出中共。</textarea>" in html
    for name in ("name", "alias", "organisations", "people_count", "contact"):
        assert f'name="{name}"' in html
    assert 'value="party"' in html and 'value="young_pioneers"' in html
    assert f'action="{submit_url(index_page)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # Only the site's own scripts: the double-click guard and the proof of
    # work; the form needs none (the JSON-LD block is data, not script).
    scripts = re.findall(r"<script(?! type=\"application/ld\+json\")[^>]*>", html)
    assert scripts == [
        '<script src="/static/wagtail_tuidang/js/statement-form.js" defer>',
        '<script type="module" '
        'src="/static/wagtail_tuidang/vendor/altcha/altcha.min.js">',
        '<script type="module" src="/static/wagtail_tuidang/js/proof.js">',
    ]


def test_form_sets_only_a_session_length_csrf_cookie(client, index_page):
    response = client.get(submit_url(index_page))

    assert set(response.cookies) == {"csrftoken"}
    morsel = response.cookies["csrftoken"]
    assert morsel["max-age"] == "" and morsel["expires"] == ""
    assert "no-store" in response["Cache-Control"]
    assert "Max-Age" not in morsel.OutputString()


def test_honeypot_is_hidden_from_people_and_screen_readers(client, index_page):
    html = client.get(submit_url(index_page)).content.decode()
    wrapper = re.search(
        r'<div class="td-form__hp" aria-hidden="true">(.*?)</div>', html, re.S
    )
    assert wrapper, "the honeypot is not wrapped in an aria-hidden element"
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", wrapper.group(1)).group(0)
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field


def test_a_valid_statement_is_stored_pending_and_its_code_shown_once(
    client, index_page
):
    response = client.post(submit_url(index_page), submission(contact="tel 12345"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = code_in(response)
    statement = Statement.objects.get()
    assert statement.status == Status.PENDING and statement.published_at is None
    assert statement.receipt_hash == receipts.hash_code(code)
    assert (statement.name, statement.people_count, statement.region) == (
        "自由人",
        2,
        "gd",
    )
    assert statement.quit_party and statement.quit_youth_league
    assert not statement.quit_young_pioneers
    assert statement.source == Source.WEB and statement.language == "en"
    assert not any(
        (statement.flag_honeypot, statement.flag_too_fast, statement.flag_rate_limited)
    )
    assert get_cipher().decrypt(statement.contact_encrypted) == "tel 12345"
    assert "tel 12345" not in response.content.decode()
    assert "receipt/" in response.content.decode()


def test_the_code_is_rendered_in_readable_groups_and_never_in_a_url(client, index_page):
    response = client.post(submit_url(index_page), submission())

    code = code_in(response)
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", code)
    assert not response.has_header("Location")
    urls = re.findall(r'(?:href|action|src)="([^"]*)"', response.content.decode())
    assert urls and not [url for url in urls if code.replace("-", "") in url]
    assert not [url for url in urls if code in url]


def test_language_comes_from_the_request(client, index_page):
    client.post(submit_url(index_page), submission(), HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert Statement.objects.get().language == "zh-hant"


EXTRA_FIELDS = {
    "status": "published",
    "published_at": "2020-01-01T00:00:00Z",
    "decided_at": "2020-01-01T00:00:00Z",
    "real_name_confirmed": "on",
    "flag_honeypot": "",
    "flag_duplicate": "on",
    "source": "volunteer",
    "receipt_hash": "0" * 64,
    "public_id": "chosen-by-me",
    "public_reason": "approved",
    "fingerprint": "x",
    "contact_encrypted": "plain",
    "id": "999",
    "pk": "999",
    "quit_young_pioneers": "on",
}


def test_extra_post_fields_cannot_publish_or_set_anything(client, index_page):
    other_page = StatementIndexPageFactory(parent=index_page.get_parent(), slug="o")
    user = UserFactory()
    data = submission(
        **EXTRA_FIELDS,
        index_page=str(other_page.pk),
        index_page_id=str(other_page.pk),
        submitted_by=str(user.pk),
        submitted_by_id=str(user.pk),
    )

    response = client.post(submit_url(index_page), data)

    assert response.status_code == 200
    statement = Statement.objects.get()
    assert statement.status == Status.PENDING
    assert statement.published_at is None and statement.decided_at is None
    assert not statement.real_name_confirmed and not statement.flag_duplicate
    assert statement.source == Source.WEB
    assert statement.index_page_id == index_page.pk
    assert statement.submitted_by_id is None
    assert statement.public_id != "chosen-by-me" and statement.public_reason == ""
    assert statement.receipt_hash == receipts.hash_code(code_in(response))
    assert statement.contact_encrypted == "" and statement.pk != 999
    assert not statement.quit_young_pioneers


def test_a_duplicate_gets_exactly_the_same_response_as_a_fresh_statement(
    client, index_page
):
    first = client.post(submit_url(index_page), submission())
    second = client.post(submit_url(index_page), submission())

    assert second.status_code == first.status_code == 200
    assert Statement.objects.filter(flag_duplicate=True).count() == 1
    first_code, second_code = code_in(first), code_in(second)
    assert first_code != second_code

    def without_code(response):
        # The forms that keep the code carry it, and a per-response CSRF token.
        html = response.content.decode().replace(code_in(response), "CODE")
        return CSRF_TOKEN.sub("", CODE.sub("CODE", html))

    def headers(response):  # Expires holds the current time
        return {k: v for k, v in response.headers.items() if k != "Expires"}

    assert without_code(first) == without_code(second)
    assert first_code not in without_code(first)
    assert headers(first) == headers(second)


def test_an_invalid_form_comes_back_with_errors_and_the_values_kept(client, index_page):
    data = submission(
        name="小明",
        organisations=None,
        people_count="0",
        text="我退出。",
        website="http://spam.example",
        contact="secret-contact",
    )

    response = client.post(submit_url(index_page), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert Statement.objects.count() == 0
    assert "Choose at least one organisation that you quit." in html
    assert 'role="alert"' in html
    assert 'value="小明"' in html and "我退出。</textarea>" in html
    assert "spam.example" not in html
    assert "secret-contact" not in html
    assert "please enter them again" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("declared_on", "2999-01-01", "The date cannot be in the future."),
        ("declared_on", "1900-05-04", "Please enter a date from 1921 onwards."),
        ("people_count", "51", "A statement can cover at most 50 people"),
        ("region", "zz", "Choose a region from the list."),
        ("organisations", ["party", "bowling_club"], "Choose organisations"),
    ],
)
def test_out_of_range_values_get_a_clear_error(
    client, index_page, field, value, message
):
    response = client.post(submit_url(index_page), submission(**{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Statement.objects.count() == 0


def test_a_date_one_day_ahead_is_accepted_for_people_east_of_the_server(
    client, index_page
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.post(submit_url(index_page), submission(declared_on=tomorrow.isoformat()))
    assert Statement.objects.get().declared_on == tomorrow


def test_an_empty_date_means_today(client, index_page):
    client.post(submit_url(index_page), submission(declared_on=""))
    assert Statement.objects.get().declared_on == timezone.localdate()


def test_a_real_name_is_kept_private_behind_the_alias(client, index_page):
    data = submission(
        name="王小明", is_real_name="on", consent_real_name="on", alias="明月"
    )
    response = client.post(submit_url(index_page), data)

    statement = Statement.objects.get()
    assert statement.is_real_name and statement.consent_real_name
    assert not statement.real_name_confirmed
    assert statement.public_name == "明月"
    assert "王小明" not in response.content.decode()


def test_an_alias_equal_to_the_real_name_is_refused(client, index_page):
    data = submission(name="王小明", is_real_name="on", alias="王 小明")
    response = client.post(submit_url(index_page), data)

    assert "The alias must be different from your real name." in (
        response.content.decode()
    )
    assert Statement.objects.count() == 0


def test_without_a_real_name_the_alias_field_is_not_stored(client, index_page):
    client.post(
        submit_url(index_page), submission(alias="其他", consent_real_name="on")
    )
    statement = Statement.objects.get()
    assert statement.alias == "" and not statement.consent_real_name


def test_a_closed_page_shows_a_message_and_refuses_posts(client, index_page):
    index_page.submissions_open = False
    index_page.save_revision().publish()

    shown = client.get(submit_url(index_page))
    refused = client.post(submit_url(index_page), submission())

    assert shown.status_code == 200
    assert "does not accept new statements" in shown.content.decode()
    assert 'name="name"' not in shown.content.decode()
    assert refused.status_code == 403
    assert "does not accept new statements" in refused.content.decode()
    assert Statement.objects.count() == 0


def test_a_database_failure_keeps_the_form_and_acknowledges_nothing(client, index_page):
    with mock.patch.object(Statement, "save", side_effect=OperationalError("down")):
        response = client.post(submit_url(index_page), submission(name="小红"))

    assert response.status_code == 503
    html = response.content.decode()
    assert "could not be saved" in html and 'value="小红"' in html
    assert "td-receipt__code" not in html
    assert Statement.objects.count() == 0


# Flushed afterwards like every non-browser transactional test; the home_page
# fixture recreates the tree root for whichever runs next.
@pytest.mark.django_db(transaction=True)
def test_the_code_is_rendered_only_once_the_statement_is_committed(client, index_page):
    seen = []
    render_answer = shells.render_answer

    def answer(request, page, route, context, slots):
        stored = Statement.objects.filter(
            receipt_hash=receipts.hash_code(slots["receipt_code"])
        ).exists()
        seen.append((stored, connection.in_atomic_block))
        return render_answer(request, page, route, context, slots)

    with mock.patch.object(shells, "render_answer", answer):
        response = client.post(submit_url(index_page), submission())

    assert code_in(response)
    assert seen == [(True, False)]  # stored, and no transaction left open


def test_posting_without_a_csrf_token_is_refused(index_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(submit_url(index_page), submission())
    assert response.status_code == 403
    assert Statement.objects.count() == 0


def test_the_form_works_with_csrf_enforced_like_a_browser(index_page):
    client = Client(enforce_csrf_checks=True)
    html = client.get(submit_url(index_page)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    rendered = re.search(r'name="rendered" value="([^"]+)"', html).group(1)

    response = client.post(
        submit_url(index_page),
        submission(csrfmiddlewaretoken=token, rendered=rendered),
    )

    assert response.status_code == 200
    assert Statement.objects.get().flag_too_fast  # posted at machine speed


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(client, index_page, method):
    response = getattr(client, method)(submit_url(index_page))
    assert response.status_code == 405


def test_statements_of_other_pages_never_change_the_response(client, index_page):
    make_statement(index_page=index_page, name="自由人", region="gd")
    response = client.post(submit_url(index_page), submission())
    assert response.status_code == 200
    assert "already" not in response.content.decode().lower()


def test_query_counts(client, index_page, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        client.get(submit_url(index_page))
    with django_assert_max_num_queries(10):
        client.post(submit_url(index_page), submission())


# A resend of one rendered form: a double click, a browser retry, a proxy
# re-sending after a timeout.

ALREADY = "This form had already been sent, and your statement was received then."


def test_the_same_form_sent_twice_is_stored_once_and_says_so(client, index_page):
    data = submission()
    first = client.post(submit_url(index_page), data)
    second = client.post(submit_url(index_page), data)

    assert Statement.objects.count() == 1
    assert code_in(first)
    assert second.status_code == 200
    html = second.content.decode()
    assert ALREADY in html
    assert not CODE.search(html) and code_in(first) not in html
    assert 'href="/statements/receipt/"' in html
    assert "no-store" in second["Cache-Control"]


def test_a_resend_after_the_token_expired_is_still_stored_once(client, index_page):
    data = submission(rendered=aged_token(seconds=3 * antispam.TOKEN_MAX_AGE))
    client.post(submit_url(index_page), data)
    second = client.post(submit_url(index_page), data)
    assert Statement.objects.count() == 1
    assert ALREADY in second.content.decode()


def test_one_form_filled_in_again_differently_stores_both(client, index_page):
    """The browser's back button can bring a sent form back to be filled in
    for someone else: a different statement is never taken for a resend."""
    token = aged_token()
    client.post(submit_url(index_page), submission(rendered=token))
    other = client.post(submit_url(index_page), submission(rendered=token, name="乙"))
    assert code_in(other)
    assert Statement.objects.count() == 2


def test_each_rendering_of_the_form_carries_its_own_token(client, index_page):
    def token(response):
        return re.search(r'name="rendered" value="([^"]+)"', response.text).group(1)

    first, second = (token(client.get(submit_url(index_page))) for _ in range(2))
    assert first != second
    client.post(submit_url(index_page), submission(rendered=first))
    client.post(submit_url(index_page), submission(rendered=second))
    assert Statement.objects.count() == 2


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "tampered:" + "x" * 20,
        # Signed before tokens carried a nonce: every such form shares it.
        signing.TimestampSigner(salt=antispam.RENDER_SALT).sign(antispam.LEGACY_NONCE),
    ],
)
def test_forms_without_a_usable_token_are_stored_every_time(client, index_page, token):
    data = submission(rendered=token)
    for _ in range(2):
        assert code_in(client.post(submit_url(index_page), data))
    assert Statement.objects.count() == 2
    assert not Statement.objects.exclude(submission_key=None).exists()


def test_only_a_keyed_hash_of_the_token_is_stored(client, index_page, settings):
    data = submission()
    client.post(submit_url(index_page), data)
    key = Statement.objects.get().submission_key
    nonce = antispam.token_nonce(data["rendered"])
    assert len(key) == 64 and nonce not in key
    assert key not in (hashlib.sha256(nonce.encode()).hexdigest(), data["rendered"])
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    statement = Statement.objects.get()
    assert resends.submission_key(data["rendered"], statement) != key


def test_a_resend_racing_a_database_error_of_another_kind_is_not_hidden(
    client, index_page
):
    """Only the submission key's own constraint means "already received"."""
    with mock.patch.object(
        transitions, "submit", side_effect=IntegrityError("receipt_hash")
    ):
        response = client.post(submit_url(index_page), submission())
    assert response.status_code == 503
    assert ALREADY not in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a real race needs PostgreSQL"
)
def test_two_sends_of_one_form_at_the_same_moment_store_one_row(index_page):
    data = submission()
    barrier = threading.Barrier(2)
    responses = []

    def send():
        try:
            barrier.wait()
            responses.append(Client().post(submit_url(index_page), data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Statement.objects.count() == 1
    assert sorted(r.status_code for r in responses) == [200, 200]
    pages = sorted(ALREADY in r.content.decode() for r in responses)
    assert pages == [False, True]


def test_the_volunteer_console_stores_a_resent_entry_once(client, index_page):
    client.force_login(volunteer())
    form = client.get(CONSOLE_URL).text
    token = re.search(r'name="rendered" value="([^"]+)"', form).group(1)
    data = caller(index_page, rendered=token)

    first = client.post(CONSOLE_URL, data)
    second = client.post(CONSOLE_URL, data)

    assert Statement.objects.count() == 1
    assert "td-receipt__code" in first.text
    assert second.status_code == 200
    assert "td-receipt__code" not in second.text
    assert "was already stored" in second.text
    assert token not in second.text  # a blank form with a new token follows


def test_without_a_contact_key_the_form_offers_no_contact_field(
    client, index_page, settings
):
    """A site that has no key to encrypt with must not offer a field it
    cannot store: the statement itself is still accepted, and a contact
    smuggled into the POST is neither stored nor an error."""
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = []

    page = client.get(submit_url(index_page)).content.decode()
    response = client.post(submit_url(index_page), submission(contact="tel 12345"))

    assert 'name="contact"' not in page
    assert "Contact (optional)" not in page
    assert 'name="name"' in page
    assert response.status_code == 200 and code_in(response)
    assert Statement.objects.get().contact_encrypted == ""


def test_without_a_contact_key_the_volunteer_console_takes_entries(
    client, index_page, settings
):
    settings.WAGTAIL_TUIDANG_CONTACT_KEYS = []
    client.force_login(volunteer())
    form = client.get(CONSOLE_URL).text
    token = re.search(r'name="rendered" value="([^"]+)"', form).group(1)

    response = client.post(CONSOLE_URL, caller(index_page, rendered=token))

    assert 'name="contact"' not in form
    assert "td-receipt__code" in response.text
    assert Statement.objects.count() == 1
