"""Daily open data dumps of a wall: its published statements' public fields
(CSV and JSON Lines) and its daily tallies (CSV), gzipped, in storage.

A statement's public fields are exactly what its permalink shows
(:data:`STATEMENT_COLUMNS`): the public name (never a real name that is not
shown), the organisations, people, region, dates and words. Never a contact,
a flag, a receipt hash or a status.

Rows are read by keyset on the primary key, :data:`CHUNK_SIZE` at a time,
and written through gzip to a temporary file while their SHA-256 is
computed, so memory stays flat at millions of rows. Each file is then saved
to the storage of ``WAGTAIL_TUIDANG_OPEN_DATA_STORAGE`` under
``WAGTAIL_TUIDANG_OPEN_DATA_PREFIX``, and the wall's ``manifest.json``
(file name, rows, bytes, sha256, created) rewritten last: a dump that stops
half-way leaves the previous manifest, and its files, as they were. The
wall's ``data/`` pages are then purged from the CDN.

django-tasks has no scheduler: run ``manage.py tuidang_open_data_dump``
daily from cron, or enqueue :data:`write_dumps_task` from a site's own
scheduler.
"""

import csv
import datetime
import gzip
import hashlib
import io
import json
import logging
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.utils import timezone
from django_tasks import task

from .. import cache
from ..cdn import purging
from ..conf import get_setting
from ..transfer.columns import organisation_codes
from ..transfer.exporter import BOM, guard
from . import walls
from .models import PUBLIC_COLUMNS, Statement, StatementTally

logger = logging.getLogger(__name__)

#: Statements read per query.
CHUNK_SIZE = 2000
#: Dumps (days) a wall's manifest keeps; older files are deleted. One: a
#: statement withdrawn or taken down leaves the downloads with the next dump.
KEEP = 1
#: Columns of the statements dump, documented in docs/reference/open-data.md.
STATEMENT_COLUMNS = (
    "public_id",
    "url",
    "name",
    "organisations",
    "people_count",
    "region",
    "declared_on",
    "published_at",
    "text",
)
#: Columns of the daily tallies dump.
TALLY_COLUMNS = (
    "date",
    "statements",
    "people",
    "party",
    "youth_league",
    "young_pioneers",
)
TALLY_FIELDS = (
    "day",
    "statements",
    "people",
    "people_party",
    "people_youth_league",
    "people_young_pioneers",
)
#: The fields a statement row is made of: nothing else is loaded.
LOADED_FIELDS = ("id", *PUBLIC_COLUMNS)
MANIFEST = "manifest.json"


def storage():
    """The storage dumps are written to and served from."""
    alias = get_setting("OPEN_DATA_STORAGE")
    return storages[alias] if alias else default_storage


def folder(page):
    """The storage folder of ``page``'s wall (translations share it)."""
    return f"{get_setting('OPEN_DATA_PREFIX').rstrip('/')}/{walls.wall_id(page)}/"


def manifest_cache_key(page):
    return f"wagtail_tuidang:open_data_manifest:{walls.wall_id(page)}"


def statement_values(statement, base_url):
    """A published statement's public fields, as its permalink shows them."""
    return {
        "public_id": statement.public_id,
        "url": f"{base_url}s/{statement.public_id}/",
        "name": statement.public_name,
        "organisations": organisation_codes(statement),
        "people_count": statement.people_count,
        "region": statement.region,
        "declared_on": statement.declared_on.isoformat(),
        "published_at": statement.published_at.isoformat(),
        "text": statement.text,
    }


def published_rows(page, chunk_size=None):
    """The wall's published statements, oldest id first, read by keyset on
    the primary key (never ``OFFSET``) ``chunk_size`` rows at a time."""
    chunk_size = chunk_size or CHUNK_SIZE
    published = (
        Statement.objects.published().for_page(page).only(*LOADED_FIELDS).order_by("pk")
    )
    last = 0
    while True:
        chunk = list(published.filter(pk__gt=last)[:chunk_size])
        yield from chunk
        if len(chunk) < chunk_size:
            return
        last = chunk[-1].pk


class _Writer:
    """Text written through gzip into a temporary file, counting rows and
    hashing the compressed bytes (what a download gives)."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        # mtime=0: the same rows make the same bytes.
        self.gzip = gzip.GzipFile(fileobj=self.file, mode="wb", mtime=0)
        self.text = io.TextIOWrapper(self.gzip, encoding="utf-8", newline="")
        self.rows = 0

    def close(self):
        self.text.flush()
        self.text.detach()
        self.gzip.close()
        self.file.seek(0)
        digest = hashlib.sha256()
        for block in iter(lambda: self.file.read(1 << 16), b""):
            digest.update(block)
        size = self.file.tell()
        self.file.seek(0)
        return digest.hexdigest(), size


def _statements(page, base_url, chunk_size):
    """The CSV and the JSON Lines dumps, written in one pass over the rows."""
    as_csv, as_jsonl = _Writer(), _Writer()
    as_csv.text.write(BOM)
    writer = csv.writer(as_csv.text)
    writer.writerow(STATEMENT_COLUMNS)
    for statement in published_rows(page, chunk_size):
        values = statement_values(statement, base_url)
        writer.writerow([guard(values[name]) for name in STATEMENT_COLUMNS])
        as_jsonl.text.write(json.dumps(values, ensure_ascii=False) + "\n")
        as_csv.rows += 1
    as_jsonl.rows = as_csv.rows
    return as_csv, as_jsonl


def _tallies_csv(page, base_url, chunk_size):
    """The daily figures dump."""
    out = _Writer()
    writer = csv.writer(out.text)
    writer.writerow(TALLY_COLUMNS)
    rows = StatementTally.objects.filter(index_page_id=walls.wall_id(page))
    for values in rows.order_by("day").values_list(*TALLY_FIELDS).iterator(chunk_size):
        writer.writerow([values[0].isoformat(), *values[1:]])
        out.rows += 1
    return (out,)


#: (the names of the files, with ``{date}``, and what writes them)
DUMPS = (
    (("statements-{date}.csv.gz", "statements-{date}.jsonl.gz"), _statements),
    (("tallies-{date}.csv.gz",), _tallies_csv),
)


def _base_url(page):
    url = page.full_url or page.url or "/"
    return url if url.endswith("/") else url + "/"


def write_dumps(page, date=None, chunk_size=None):
    """Write today's (or ``date``'s) dumps of ``page``'s wall and its
    manifest; returns the manifest's entries for the new files."""
    date = date or timezone.localdate()
    store, base, prefix = storage(), _base_url(page), folder(page)
    created = timezone.now().isoformat()
    entries = []
    for patterns, write in DUMPS:
        for pattern, out in zip(patterns, write(page, base, chunk_size), strict=True):
            entries.append(_save(store, prefix, pattern, date, out, created))
    _save_manifest(page, store, prefix, entries)
    _purge_data_page(page)
    logger.info("Open data dumps of wall %s written for %s", walls.wall_id(page), date)
    return entries


def _purge_data_page(page):
    """Purge ``data/`` of every translation of the wall from the CDN: it
    lists the files just written."""
    if not purging.enabled():
        return
    urls = [
        translation.full_url.rstrip("/") + "/" + page.reverse_subpage("open_data")
        for translation in walls.translations(page)
        if translation.full_url
    ]
    purging.purge_now(urls)


def _save(store, prefix, pattern, date, out, created):
    """Save one written dump; returns its manifest entry."""
    name = pattern.format(date=date.isoformat())
    sha256, size = out.close()
    with out.file:
        if store.exists(prefix + name):
            store.delete(prefix + name)
        saved = store.save(prefix + name, File(out.file, name=name))
    return {
        "file": saved.removeprefix(prefix),
        "date": date.isoformat(),
        "rows": out.rows,
        "bytes": size,
        "sha256": sha256,
        "created": created,
    }


def _save_manifest(page, store, prefix, entries):
    new_files = {entry["file"] for entry in entries}
    dates = {entry["date"] for entry in entries}
    old = [
        e for e in read_manifest(page, use_cache=False) if e["file"] not in new_files
    ]
    kept_dates = sorted({e["date"] for e in old} | dates, reverse=True)[:KEEP]
    kept, dropped = [], []
    for entry in entries + old:
        (kept if entry["date"] in kept_dates else dropped).append(entry)
    kept.sort(key=lambda e: (e["date"], e["file"]), reverse=True)
    body = json.dumps({"files": kept}, indent=1).encode()
    if store.exists(prefix + MANIFEST):
        store.delete(prefix + MANIFEST)
    store.save(prefix + MANIFEST, File(io.BytesIO(body), name=MANIFEST))
    for entry in dropped:
        store.delete(prefix + entry["file"])
    cache.delete(manifest_cache_key(page))


def read_manifest(page, use_cache=True):
    """The manifest's entries of ``page``'s wall, newest first ([] before the
    first dump, or if the manifest cannot be read)."""
    key = manifest_cache_key(page)
    if use_cache:
        entries = cache.get(key)
        if entries is not None:
            return entries
    store, name = storage(), folder(page) + MANIFEST
    try:
        with store.open(name, "rb") as file:
            entries = json.load(file)["files"]
    except FileNotFoundError:
        entries = []
    except (OSError, ValueError, KeyError, TypeError):
        logger.warning("Open data manifest %s cannot be read", name)
        return []
    if use_cache:
        cache.set(key, entries, 60 * 60)
    return entries


def file_url(page, entry):
    """Where ``entry``'s file is downloaded from: its storage URL."""
    return storage().url(folder(page) + entry["file"])


def write_all(date=None):
    """Write the dumps of every live wall; returns how many walls."""
    from .index_pages import statement_index_pages

    pages = statement_index_pages().live().specific()
    for page in pages:
        write_dumps(page, date)
    return len(pages)


@task()
def write_dumps_task(date=None):
    """Background task: :func:`write_all`; ``date`` is an ISO date or None."""
    return write_all(datetime.date.fromisoformat(date) if date else None)
