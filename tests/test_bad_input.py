"""Every bad input gets a defined outcome, never a 5xx: a form error, or
acceptance with the text stored exactly (surrounding whitespace trimmed) and
shown escaped.

The whole Big List of Naughty Strings (tests/data/blns.txt, MIT, see
BLNS-LICENSE) goes through the form directly; a sample of it, plus the cases it
deliberately lacks, goes through full HTTP round trips.
"""

import datetime
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.template.defaultfilters import linebreaksbr
from django.test import Client
from django.utils.html import escape

from tests.helpers import code_in, receipt_url, submission, submit_url
from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import receipts
from wagtail_tuidang.statements.choices import Organisation
from wagtail_tuidang.statements.forms import StatementForm

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def load_blns():
    # Split on "\n" only: str.splitlines() would also split at U+2028, U+0085…
    lines = (DATA / "blns.txt").read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


BLNS = load_blns()
#: What BLNS deliberately leaves out, and what matters most here.
EXTRA = {
    "nul": "a\x00b",
    "bell": "a\x07b",
    "escape": "a\x1b[31mb",
    "delete": "a\x7fb",
    "c1 control": "a\x9bb",
    "lone surrogate": "a\ud800b",
    "replacement character": "a\ufffdb",
    "cjk extension b": "𠀀𪚥",
    "emoji family": "👨\u200d👩\u200d👧\u200d👦",
    "rainbow flag": "🏳\ufe0f\u200d🌈",
    "arabic": "محمد علي",
    "hebrew": "דוד כהן",
    "mixed direction": "Ali علي 2025",
    "bidi override": "abc\u202edcba",
    "bidi isolate": "a\u2066b\u2069",
    "zero width space": "张\u200b伟",
    "zero width joiner": "张\u200d伟",
    "byte order mark": "\ufeff张伟",
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "template variable": "{{ 7*7 }}",
    "template tag": "{% debug %}",
    "other templates": "${7*7} #{7*7} <%= 7*7 %>",
    "sql": "'; DROP TABLE wagtail_tuidang_statement; --",
    "sql boolean": "1' OR '1'='1",
    "formula": '=HYPERLINK("http://example.invalid","x")',
    "only spaces": " \u3000 ",
    "traditional": "劉德華",
    "line breaks": "第一行\r\n第二行",
    "long": "名" * 10_000,
}
#: A sample of BLNS for HTTP round trips: every category is a few lines long.
BLNS_SAMPLE = BLNS[::12]
# A lone surrogate cannot be encoded by the test client; raw bodies carry it.
SENDABLE = {key: value for key, value in EXTRA.items() if key != "lone surrogate"}
ROUND_TRIP = [*BLNS_SAMPLE, *SENDABLE.values()]
ROUND_TRIP_IDS = [f"blns-{i * 12}" for i in range(len(BLNS_SAMPLE))] + list(SENDABLE)


def expected(field, value):
    """What an accepted value is stored as."""
    if field == "text":
        value = value.replace("\r\n", "\n")
    return value.strip()


def unsaved_page():
    return StatementIndexPage(title="Statements", default_statement_text="")


def form_with(field, value):
    """A form otherwise valid, whose ``field`` holds ``value``."""
    data = submission(**{field: value})
    if field == "alias":
        data.update(is_real_name="on", name="王小明")
    return StatementForm(page=unsaved_page(), data=data)


def test_the_corpus_is_vendored_whole():
    assert len(BLNS) > 450
    assert "<script>alert(123)</script>" in BLNS
    assert "Max Woolf" in (DATA / "BLNS-LICENSE").read_text()


@pytest.mark.parametrize("field", ["name", "alias", "text", "contact"])
def test_every_naughty_string_gets_an_error_or_is_kept_exactly(field):
    wrong = []
    for value in [*BLNS, *EXTRA.values()]:
        form = form_with(field, value)
        if form.is_valid():
            kept = form.build_statement() if field != "contact" else None
            stored = form.cleaned_data[field] if kept is None else getattr(kept, field)
            if stored != expected(field, value):
                wrong.append((value, "changed", stored))
        elif set(form.errors) != {field} or not all(form.errors[field]):
            wrong.append((value, "errors", form.errors.as_data()))
    assert wrong == []


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        *(
            (EXTRA[key], False)
            for key in (
                "nul",
                "bell",
                "escape",
                "delete",
                "c1 control",
                "lone surrogate",
                "replacement character",
                "bidi override",
                "bidi isolate",
                "zero width space",
                "zero width joiner",
                "byte order mark",
                "only spaces",
                "long",
            )
        ),
        *(
            (EXTRA[key], True)
            for key in (
                "cjk extension b",
                "arabic",
                "hebrew",
                "mixed direction",
                "script",
                "template variable",
                "sql",
                "traditional",
            )
        ),
    ],
)
def test_names_refuse_invisible_and_control_characters_only(value, accepted):
    assert form_with("name", value).is_valid() is accepted


@pytest.mark.parametrize(
    "key", ["emoji family", "rainbow flag", "line breaks", "cjk extension b", "arabic"]
)
def test_text_keeps_emoji_sequences_and_line_breaks(key):
    form = form_with("text", EXTRA[key])
    assert form.is_valid()
    assert form.build_statement().text == expected("text", EXTRA[key])


@pytest.mark.parametrize("field", ["name", "text"])
def test_http_round_trips(client, index_page, settings, field):
    """Each value is refused with a form error, or stored exactly and shown
    escaped on the receipt page (one test per field: a page per value would
    make this the slowest module of the suite)."""
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = len(ROUND_TRIP)
    wrong = []
    for key, value in zip(ROUND_TRIP_IDS, ROUND_TRIP, strict=True):
        problem = round_trip_problem(client, index_page, field, value)
        if problem:
            wrong.append((key, problem))
    assert wrong == []


def round_trip_problem(client, page, field, value):
    response = client.post(submit_url(page), submission(**{field: value}))
    html = response.content.decode()
    if response.status_code != 200:
        return f"submit answered {response.status_code}"
    if "td-receipt__code" not in html:
        return None if 'class="errorlist"' in html and escaped(html, value) else html
    code = code_in(response)
    stored = Statement.objects.get(receipt_hash=receipts.hash_code(code))
    if getattr(stored, field) != expected(field, value):
        return f"stored as {getattr(stored, field)!r}"
    shown = client.post(receipt_url(page), {"code": code}).content.decode()
    if field == "text":
        ok = linebreaksbr(expected(field, value), autoescape=True) in shown
    else:
        ok = escape(expected(field, value)) in shown
    return None if ok and escaped(shown, value) else "not shown escaped"


def escaped(html, value):
    """True if no markup from ``value`` reached the page unescaped."""
    main = html.split('<main id="main"', 1)[1]
    return "<" not in value or value.strip() not in main


def post_raw(client, page, body, content_type="application/x-www-form-urlencoded"):
    return client.generic("POST", submit_url(page), body, content_type=content_type)


def form_body(name_bytes):
    """A urlencoded body with a valid form, and ``name_bytes`` as the name."""
    data = submission(name="PLACEHOLDER")
    parts = [
        f"{quote(key)}={quote(item)}"
        for key, value in data.items()
        for item in (value if isinstance(value, list) else [value])
    ]
    return "&".join(parts).encode().replace(b"PLACEHOLDER", name_bytes)


@pytest.mark.parametrize(
    "name_bytes",
    [b"%ED%A0%80", b"%FF%FE", b"%C3"],
    ids=["surrogate", "ff-fe", "truncated"],
)
def test_escaped_bytes_that_are_not_utf8_ask_to_type_the_name_again(
    client, index_page, name_bytes
):
    response = post_raw(client, index_page, form_body(name_bytes))

    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "name_bytes",
    [b"\xed\xa0\x80", b"Jos\xe9", "张伟".encode("gbk"), b"\xc3"],
    ids=["surrogate", "latin-1", "gbk", "truncated"],
)
def test_a_body_that_is_not_utf8_is_refused_rather_than_misread(
    client, index_page, name_bytes
):
    response = post_raw(client, index_page, form_body(name_bytes))

    # Utf8OnlyMiddleware refuses it before the view, as on every route.
    assert response.status_code == 400
    assert "UTF-8 only" in response.content.decode()
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "name_bytes",
    [b"\xed\xa0\x80", b"Jos\xe9", "张伟".encode("gbk"), b"\xc3"],
    ids=["surrogate", "latin-1", "gbk", "truncated"],
)
def test_without_the_middleware_the_form_refuses_a_body_that_is_not_utf8(
    client, index_page, name_bytes, settings
):
    settings.MIDDLEWARE = [
        path for path in settings.MIDDLEWARE if not path.endswith("Utf8OnlyMiddleware")
    ]
    response = post_raw(client, index_page, form_body(name_bytes))

    assert response.status_code == 400
    assert "encoding we cannot read" in response.content.decode()
    assert 'name="name"' in response.content.decode()
    assert Statement.objects.count() == 0


def test_a_charset_other_than_utf8_is_a_400(client, index_page):
    body = form_body(quote("张伟".encode("gbk")).encode())
    content_type = "application/x-www-form-urlencoded; charset=gbk"

    response = post_raw(client, index_page, body, content_type)

    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_an_unknown_charset_is_ignored(client, index_page):
    content_type = "application/x-www-form-urlencoded; charset=klingon"
    response = post_raw(client, index_page, form_body(b"abc"), content_type)
    assert response.status_code == 200
    assert Statement.objects.get().name == "abc"


@pytest.mark.parametrize("enforce_csrf", [False, True])
def test_a_body_over_the_upload_limit_is_a_400(index_page, settings, enforce_csrf):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    client = Client(enforce_csrf_checks=enforce_csrf)
    html = client.get(submit_url(index_page)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = submission(text="字" * 400_000, csrfmiddlewaretoken=token)

    response = client.post(submit_url(index_page), data)

    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_too_many_fields_is_a_400(client, index_page):
    body = form_body(b"abc") + b"&x=1" * 1500
    assert post_raw(client, index_page, body).status_code == 400


def test_a_megabyte_of_text_within_the_upload_limit_is_a_form_error(client, index_page):
    response = client.post(submit_url(index_page), submission(text="a" * 1_000_000))
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("people_count", "0"),
        ("people_count", "-1"),
        ("people_count", str(10**30)),
        ("people_count", "9" * 5000),
        ("people_count", "abc"),
        ("people_count", "1.5"),
        ("people_count", "1e3"),
        ("people_count", ""),
        ("region", "zz"),
        ("region", "<script>"),
        ("organisations", ["bowling_club"]),
        ("organisations", [""]),
        ("declared_on", "2024-02-30"),
        ("declared_on", "0000-00-00"),
        ("declared_on", "99999-01-01"),
        ("declared_on", "1920-12-31"),
        ("declared_on", "9" * 1000),
        ("declared_on", "tomorrow"),
        ("name", ""),
    ],
)
def test_out_of_range_numbers_dates_and_choices_are_form_errors(
    client, index_page, field, value
):
    response = client.post(submit_url(index_page), submission(**{field: value}))

    assert response.status_code == 200
    assert re.search(rf'id="id_{field}_error"', response.content.decode())
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(("value", "stored"), [("٣", 3), (" 4 ", 4), ("007", 7)])
def test_other_ways_of_writing_a_number_are_read(client, index_page, value, stored):
    client.post(submit_url(index_page), submission(people_count=value))
    assert Statement.objects.get().people_count == stored


def test_repeated_fields_take_the_last_value(client, index_page):
    data = submission(name=["第一", "第二"], organisations=["party", "party"])
    response = client.post(submit_url(index_page), data)
    assert response.status_code == 200
    statement = Statement.objects.get()
    assert statement.name == "第二"
    assert statement.organisations == [Organisation.PARTY]


def test_a_multipart_body_with_a_file_is_read_and_the_file_ignored(client, index_page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = submission(attachment=SimpleUploadedFile("x.exe", b"MZ" * 100))
    response = client.post(submit_url(index_page), data)
    assert response.status_code == 200
    assert Statement.objects.count() == 1


def test_a_json_body_is_an_empty_form(client, index_page):
    response = client.post(
        submit_url(index_page), {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_receipt_codes_never_break_the_page(client, index_page, settings):
    settings.WAGTAIL_TUIDANG_RATELIMIT_RECEIPTS = len(ROUND_TRIP)
    for value in ROUND_TRIP:
        response = client.post(receipt_url(index_page), {"code": value})
        assert response.status_code == 200, value
        assert escaped(response.content.decode(), value), value


def test_a_date_far_in_the_past_but_after_1921_is_kept(client, index_page):
    client.post(submit_url(index_page), submission(declared_on="1989-06-04"))
    assert Statement.objects.get().declared_on == datetime.date(1989, 6, 4)


def test_a_query_string_on_the_form_is_ignored(client, index_page):
    response = client.get(submit_url(index_page) + "?name=<b>x</b>&%ff=%fe")
    assert response.status_code == 200
    assert "<b>x</b>" not in response.content.decode()
