"""Open data downloads: ``tuidang_open_data_dump`` (and its task) write the
published statements' public fields and the daily figures, gzipped, to
storage; ``data/`` lists them with their checksums and licence."""

import csv
import gzip
import hashlib
import io
import json
import re
import uuid
from html import unescape

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cdn import purged, recording_settings
from tests.factories import make_statement
from wagtail_tuidang import checks
from wagtail_tuidang.statements import dumps, transitions

pytestmark = pytest.mark.django_db

HIDDEN_REAL_NAME = "金丝雀真名甲"
CONTACT = "canary-contact-dump@example.invalid"
LINK = re.compile(r'<a href="([^"]+)" download>([^<]+)</a>')


@pytest.fixture(autouse=True)
def _own_prefix(settings):
    """A folder of its own per test: the in-memory storage outlives a test."""
    settings.WAGTAIL_TUIDANG_OPEN_DATA_PREFIX = f"open-data-test-{uuid.uuid4().hex}/"


@pytest.fixture
def wall(index_page):
    """Published statements (one a real name never confirmed, one with a
    formula for a name and a contact), and a pending, a rejected and a
    withdrawn one, none of which may be in a dump."""
    published = [
        make_statement(
            "published",
            index_page=index_page,
            name='=HYPERLINK("http://x.invalid")',
            contact=CONTACT,
            text="+1 我退出共青团",
            region="bj",
            people_count=2,
        )[0],
        make_statement(
            "published",
            index_page=index_page,
            name=HIDDEN_REAL_NAME,
            alias="化名乙",
            is_real_name=True,
            consent_real_name=True,
            contact=CONTACT,
        )[0],
        make_statement("published", index_page=index_page, region="")[0],
    ]
    for status in ("pending", "rejected", "withdrawn"):
        make_statement(status, index_page=index_page, name=f"不公开{status}")
    index_page.published = published
    return index_page


def listed_files(client, page):
    """{file name: (its bytes as downloaded from its URL, the page's row)}."""
    response = client.get(page.url + "data/")
    assert response.status_code == 200
    body = response.content.decode()
    files = {}
    for url, name in LINK.findall(body):
        url = unescape(url)
        assert url.startswith(settings.MEDIA_URL)
        with default_storage.open(url.removeprefix(settings.MEDIA_URL), "rb") as f:
            files[name] = (f.read(), body)
    return files, body


def read_text(data):
    return gzip.decompress(data).decode("utf-8")


def test_dumps_hold_exactly_the_published_statements_public_fields(wall, client):
    call_command("tuidang_open_data_dump", stdout=io.StringIO())
    files, body = listed_files(client, wall)
    today = timezone.localdate().isoformat()
    assert sorted(files) == sorted(
        [
            f"statements-{today}.csv.gz",
            f"statements-{today}.jsonl.gz",
            f"tallies-{today}.csv.gz",
        ]
    )
    # Each download matches the checksum and size the page shows.
    for data, _page in files.values():
        assert hashlib.sha256(data).hexdigest() in body
    lines = read_text(files[f"statements-{today}.jsonl.gz"][0]).splitlines()
    rows = [json.loads(line) for line in lines]
    by_id = {row["public_id"]: row for row in rows}
    assert set(by_id) == {s.public_id for s in wall.published}
    for statement in wall.published:
        row = by_id[statement.public_id]
        assert set(row) == set(dumps.STATEMENT_COLUMNS)
        assert row["name"] == statement.public_name
        assert row["people_count"] == statement.people_count
        assert row["url"].endswith(f"{wall.url}s/{statement.public_id}/")
        # What the permalink shows: the same name.
        permalink = client.get(f"{wall.url}s/{statement.public_id}/")
        assert statement.public_name in unescape(permalink.content.decode())
    assert by_id[wall.published[1].public_id]["name"] == "化名乙"
    assert by_id[wall.published[0].public_id]["organisations"] == "party"


def test_csv_dump_guards_formulas_and_reads_back(wall, client):
    call_command("tuidang_open_data_dump", stdout=io.StringIO())
    files, _body = listed_files(client, wall)
    name = next(
        name for name in files if name.endswith(".csv.gz") and "statements" in name
    )
    text = read_text(files[name][0]).removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    formula = next(row for row in rows if "HYPERLINK" in row["name"])
    assert formula["name"] == '\'=HYPERLINK("http://x.invalid")'
    assert formula["text"] == "'+1 我退出共青团"
    assert formula["region"] == "bj"


def test_no_dump_and_no_page_holds_a_contact_or_a_hidden_real_name(wall, client):
    call_command("tuidang_open_data_dump", stdout=io.StringIO())
    files, body = listed_files(client, wall)
    for data, _page in files.values():
        text = read_text(data)
        for secret in (HIDDEN_REAL_NAME, CONTACT, "不公开"):
            assert secret not in text
    for secret in (HIDDEN_REAL_NAME, CONTACT):
        assert secret not in body
    manifest = default_storage.open(dumps.folder(wall) + dumps.MANIFEST).read()
    assert HIDDEN_REAL_NAME.encode() not in manifest


def test_tallies_dump_gives_the_daily_figures(wall, client):
    call_command("tuidang_open_data_dump", stdout=io.StringIO())
    files, _body = listed_files(client, wall)
    name = next(name for name in files if name.startswith("tallies"))
    rows = list(csv.DictReader(io.StringIO(read_text(files[name][0]))))
    assert rows == [
        {
            "date": timezone.localdate().isoformat(),
            "statements": "3",
            "people": "4",
            "party": "4",
            "youth_league": "0",
            "young_pioneers": "0",
        }
    ]


def test_reading_in_small_chunks_gives_the_same_files(wall):
    whole = dumps.write_dumps(wall, chunk_size=1000)
    chunked = dumps.write_dumps(wall, chunk_size=1)
    assert [e["sha256"] for e in whole] == [e["sha256"] for e in chunked]
    assert [e["rows"] for e in chunked] == [3, 3, 1]


def test_the_task_writes_the_dumps_and_a_new_day_replaces_the_last(wall, client):
    dumps.write_dumps_task.enqueue("2026-01-01")
    dumps.write_dumps_task.enqueue("2026-01-02")
    files, _body = listed_files(client, wall)
    assert sorted(files) == [
        "statements-2026-01-02.csv.gz",
        "statements-2026-01-02.jsonl.gz",
        "tallies-2026-01-02.csv.gz",
    ]
    # A withdrawn statement must not stay downloadable in an older file.
    old = dumps.folder(wall) + "statements-2026-01-01.csv.gz"
    assert not default_storage.exists(old)


def test_a_later_publication_changes_the_next_dump(wall, client):
    first = {e["file"]: e for e in dumps.write_dumps(wall)}
    statement, _code = make_statement("pending", index_page=wall)
    transitions.publish(statement)
    second = {e["file"]: e for e in dumps.write_dumps(wall)}
    assert second.keys() == first.keys()
    name = next(name for name in second if name.endswith(".jsonl.gz"))
    assert second[name]["rows"] == 4
    assert second[name]["sha256"] != first[name]["sha256"]
    files, body = listed_files(client, wall)
    assert hashlib.sha256(files[name][0]).hexdigest() == second[name]["sha256"]
    assert first[name]["sha256"] not in body


def test_data_page_says_when_no_licence_is_stated_and_nothing_written(wall, client):
    response = client.get(wall.url + "data/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "has not stated a licence" in body
    assert "No downloads have been written yet." in body
    assert "public" in response["Cache-Control"]
    # No script to run (structured data is no script).
    assert not re.search(r"<script(?![^>]*application/ld\+json)", body)


def test_data_page_shows_the_licence_the_site_chose(wall, client, settings):
    settings.WAGTAIL_TUIDANG_OPEN_DATA_LICENCE = {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    body = client.get(wall.url + "data/").content.decode()
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">'
        "CC BY 4.0</a>" in body
    )


def test_data_page_reads_no_statement(wall, client):
    dumps.write_dumps(wall)
    client.get(wall.url + "data/")  # warm the page's caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(wall.url + "data/").status_code == 200
    assert not any('tuidang_statement"' in q["sql"] for q in queries.captured_queries)


def test_data_page_refuses_a_post(wall, client):
    assert client.post(wall.url + "data/").status_code == 405


def test_command_refuses_a_bad_date_or_page(wall):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("tuidang_open_data_dump", "--date", "yesterday")
    with pytest.raises(CommandError, match="No live"):
        call_command("tuidang_open_data_dump", "--page", "999999")


def test_w021_is_quiet_by_default_and_names_a_missing_storage(settings):
    assert checks.check_open_data(None) == []
    settings.WAGTAIL_TUIDANG_OPEN_DATA_STORAGE = "no-such-storage"
    settings.WAGTAIL_TUIDANG_OPEN_DATA_LICENCE = "CC BY"
    messages = checks.check_open_data(None)
    assert [m.id for m in messages] == ["wagtail_tuidang.W021"] * 2
    assert "'no-such-storage'" in messages[0].msg


def test_a_licence_without_a_name_shows_as_none_stated(wall, client, settings):
    settings.WAGTAIL_TUIDANG_OPEN_DATA_LICENCE = {"url": "https://example.org/"}
    body = client.get(wall.url + "data/").content.decode()
    assert "has not stated a licence" in body
    assert "https://example.org/" not in body


def test_a_dump_purges_the_data_page_from_the_cdn(wall, settings):
    settings.WAGTAILFRONTENDCACHE = recording_settings()
    dumps.write_dumps(wall)
    assert purged() == [wall.full_url + "data/"]
