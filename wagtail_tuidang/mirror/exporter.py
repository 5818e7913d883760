"""Writing the public site into a folder as a static mirror.

The export crawls the site from its live, public pages (every translation),
rendering each URL with Django's test client against the real URLconf, so a
file holds exactly what the site serves, and follows the links it finds
inside the site. Links are rewritten to relative file paths (see
:mod:`.paths`); the statement form and the receipt page, which need the
server, are linked on the main site instead.

Incremental: the manifest left by the last run (see :mod:`.manifest`) says
what each URL was. A URL is rendered again only when what it shows may have
changed; a file is rewritten only when its bytes did; and every file in the
folder that this run did not reach — a withdrawn or taken-down statement's
permalink, a wall page that moved — is deleted.
"""

import datetime
import hashlib
import multiprocessing
import os
import posixpath
import re
import threading
from collections import Counter, deque
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connections
from django.template.loader import render_to_string
from django.test import Client
from django.test.client import ClientHandler
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from .. import __version__
from ..models import Statement, StatementTally
from ..statements.mixins import StatementIndexPageMixin
from ..statements.models import PUBLIC_COLUMNS
from . import ENVIRON_KEY, PUBLIC_ENVIRON_KEY
from .manifest import NAME, Entry, Manifest
from .paths import canonical, file_for, relative_link
from .rewrite import rewrite_css, rewrite_html

#: Routes of a statement wall that need the server (a form, a code to look
#: up, the open data downloads, large and rewritten daily): the mirror links
#: them on the main site.
SERVER_ONLY_ROUTES = ("submit", "receipt", "verify", "open_data")
PERMALINK = re.compile(r"/s/([-_A-Za-z0-9]{1,32})/$")
#: Stands for the main site's URL while the site's own URLs are moved to the
#: mirror's address (the two may be the same).
MAIN = "\x00main\x00"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
SKIPPED_LINKS = ("#", "mailto:", "tel:", "data:", "javascript:", "sms:")


class SiteHandler(ClientHandler):
    """The test client's handler, handing every request the site being
    exported: what Wagtail would find from the ``Host`` header (the site's
    own), without a query and its construction on each of the many pages."""

    def __init__(self, site):
        super().__init__(enforce_csrf_checks=False)
        self.site = site

    def get_response(self, request):
        request._wagtail_site = self.site
        return super().get_response(request)


class NotAMirrorError(Exception):
    """The output folder holds files an earlier export did not write."""


class MirrorExport:
    """One run of the export of ``site`` into ``folder``.

    ``main_url`` is where readers reach the live site (its clearnet or onion
    address; default: the Site's own URL): links to the form and the receipt
    page lead there, and so does the canonical link. ``base_url`` is the
    mirror's own public address, if it has one: Open Graph, JSON-LD and the
    feeds then name it, else they name ``main_url``. ``full`` renders every
    URL again (after a change of templates or settings). ``jobs`` renders
    the statements' permalinks in that many processes (see
    :meth:`render_permalinks`).
    """

    def __init__(
        self, folder, site=None, main_url=None, base_url=None, full=False, jobs=1
    ):
        self.folder = os.path.abspath(folder)
        self.jobs = max(1, int(jobs))
        self.site = site or Site.objects.get(is_default_site=True)
        self.origin = self.site.root_url.rstrip("/")
        self.main_url = (main_url or self.origin).rstrip("/")
        self.public_url = (base_url or self.main_url).rstrip("/")
        self.full = full
        self.counts = Counter()
        self.problems = []
        parts = urlsplit(self.origin)
        self.secure = parts.scheme == "https"
        self.client = Client(
            raise_request_exception=False,
            HTTP_HOST=parts.netloc,
            **{ENVIRON_KEY: self.main_url, PUBLIC_ENVIRON_KEY: self.public_url},
        )
        self.client.handler = SiteHandler(self.site)
        self.asset_prefixes = tuple(
            urlsplit(prefix).path
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
            if prefix and urlsplit(prefix).path.startswith("/")
        )

    # The run

    def run(self):
        """Export, and return a Counter of what was done."""
        self.check_folder()
        os.makedirs(self.folder, exist_ok=True)
        self.old = Manifest.load(self.folder)
        self.new = Manifest(state=self.current_state())
        self.new.statements = self.statement_digests()
        self.plan()
        self.crawl(self.start_urls())
        self.prune()
        self.new.save(self.folder)
        return self.counts

    def check_folder(self):
        """Refuse a folder that holds files but no manifest: the export
        deletes every file it did not write, so it only ever works in a new
        or empty folder, or one an earlier export made."""
        if not os.path.isdir(self.folder) or os.path.exists(
            os.path.join(self.folder, NAME)
        ):
            return
        if os.listdir(self.folder):
            raise NotAMirrorError(
                f"{self.folder} holds files but no {NAME}: it is not a mirror "
                "folder, and the export would delete what it did not write. "
                "Name a new or empty folder."
            )

    def plan(self):
        """Decide what must be rendered again, from the last run's state."""
        old, new = self.old.state, self.new.state
        self.render_all = self.full or any(
            old.get(key) != new[key] for key in ("options", "pages")
        )
        before, now = self.old.statements, self.new.statements
        self.changed_ids = {
            key for key, digest in now.items() if before.get(key) != digest
        }
        self.changed_ids |= before.keys() - now.keys()
        self.listings_changed = bool(self.changed_ids) or any(
            old.get(key) != new[key] for key in ("tallies", "date")
        )

    def current_state(self):
        return {
            "options": [__version__, self.origin, self.main_url, self.public_url],
            "pages": _digest(self.page_rows()),
            "tallies": _digest(
                StatementTally.objects.order_by("pk").values_list(
                    "pk",
                    "index_page_id",
                    "day",
                    "statements",
                    "people",
                    "people_party",
                    "people_youth_league",
                    "people_young_pioneers",
                )
            ),
            "date": timezone.localdate().isoformat(),
        }

    def page_rows(self):
        """What decides how every page looks: the pages, their restrictions,
        the sites and the languages."""
        yield from Page.objects.order_by("pk").values_list(
            "pk",
            "live",
            "last_published_at",
            "url_path",
            "locale_id",
            "title",
            "latest_revision_id",
        )
        yield from PageViewRestriction.objects.order_by("pk").values_list(
            "pk", "page_id"
        )
        yield from Site.objects.order_by("pk").values_list(
            "pk", "hostname", "port", "site_name", "root_page_id", "is_default_site"
        )
        yield settings.LANGUAGES

    def statement_digests(self):
        """``{public_id: digest}`` of each published statement's public
        fields: what its permalink and its wall row show."""
        fields = (*PUBLIC_COLUMNS, "index_page_id", "status")
        digests = {}
        rows = Statement.objects.published().only(*fields).order_by()
        for statement in rows.iterator(chunk_size=5000):
            shown = (
                statement.public_name,
                [org.value for org in statement.organisations],
                statement.people_count,
                statement.region,
                statement.declared_on,
                statement.text,
                statement.published_at,
                statement.index_page_id,
            )
            digests[statement.public_id] = _digest([shown])[:16]
        return digests

    def start_urls(self):
        """Every live, public page of the site in every language."""
        roots = self.site.root_page.get_translations(inclusive=True)
        urls, self.server_only = [], set()
        for root in roots:
            pages = Page.objects.live().public().descendant_of(root, inclusive=True)
            for page in pages.specific().iterator():
                url = page.get_url(current_site=self.site)
                if not url or not url.startswith("/"):
                    continue
                urls.append(url)
                if isinstance(page, StatementIndexPageMixin):
                    base = url if url.endswith("/") else url + "/"
                    self.server_only.update(
                        base + page.reverse_subpage(route)
                        for route in SERVER_ONLY_ROUTES
                    )
        return urls

    def crawl(self, urls):
        """Render every URL reached from ``urls``. Permalinks to render are
        put aside and rendered together once nothing else is left (in
        several processes with ``jobs``); their links are then followed."""
        queue, seen, permalinks = deque(urls), set(), []
        while queue or permalinks:
            if not queue:
                for url, entry in self.render_permalinks(permalinks):
                    self.new.entries[url] = entry
                    queue.extend(entry.links)
                permalinks = []
                continue
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            entry = self.reuse(url)
            if entry is None and PERMALINK.search(urlsplit(url).path):
                permalinks.append(url)
                continue
            entry = entry or self.export(url)
            self.new.entries[url] = entry
            queue.extend(entry.links)

    def render_permalinks(self, urls):
        """``(url, entry)`` of each permalink of ``urls``, rendered here or,
        with ``jobs`` above 1 and enough of them, by that many forked
        processes, each with its own database connection. Never inside a
        transaction (the other processes could not see what it holds) nor
        on an in-memory SQLite database, nor where processes cannot fork, nor
        in a process running other threads."""
        if not self.can_fork(len(urls)):
            return [(url, self.export(url)) for url in urls]
        global _RUNNING
        chunks = [urls[start : start + CHUNK] for start in range(0, len(urls), CHUNK)]
        connections.close_all()  # each process opens its own
        _RUNNING = self
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(self.jobs) as pool:
                results = list(pool.imap_unordered(_render_chunk, chunks))
        finally:
            _RUNNING = None
        rendered = []
        for entries, counts, problems in results:
            rendered.extend(entries)
            self.counts.update(counts)
            self.problems.extend(problems)
        return rendered

    def can_fork(self, count):
        if self.jobs < 2 or count < 2 * CHUNK:
            return False
        if "fork" not in multiprocessing.get_all_start_methods():
            return False
        if threading.active_count() > 1:
            # A forked child gets every lock another thread held at that
            # moment, and waits for it for ever (a web server's threads, a
            # test's live server): only a single-threaded process forks.
            return False
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:
                return False
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                return False
        return True

    def reuse(self, url):
        """The last run's entry for ``url`` when it cannot have changed."""
        entry = self.old.entries.get(url)
        if entry is None or self.render_all or entry.kind == "asset":
            return None
        if not os.path.isfile(self.path(entry.file)):
            return None
        if entry.kind == "statement":
            stale = PERMALINK.search(url).group(1) in self.changed_ids
        else:
            stale = self.listings_changed
        if stale:
            return None
        self.counts["kept"] += 1
        return entry

    def export(self, url):
        path = urlsplit(url).path
        if path.startswith(self.asset_prefixes):
            return self.export_asset(url)
        return self.export_page(url)

    # Pages

    def export_page(self, url):
        self.counts["rendered"] += 1
        response = self.client.get(url, secure=self.secure)
        self.client.cookies.clear()
        file = file_for(url)
        status = response.status_code
        if status in REDIRECTS:
            return self.export_redirect(url, file, response["Location"])
        body = _body(response)
        if status != 200 or response.cookies or b"csrfmiddlewaretoken" in body:
            self.problems.append((url, status))
            return self.export_elsewhere(url, file)
        kind = "statement" if PERMALINK.search(urlsplit(url).path) else "page"
        content_type = response.get("Content-Type", "")
        links = []
        if "html" in content_type:
            body = self.rewrite_page(url, file, body.decode(response.charset), links)
        elif "xml" in content_type:
            body = self.move_to_public(body.decode(response.charset)).encode()
        return self.write(Entry(file, "", kind, links), body)

    def rewrite_page(self, url, file, text, links):
        """``text`` with its links made relative to ``file``; the site URLs
        it links to are added to ``links``."""
        here = self.origin + url

        def resolve(link):
            return self.resolve(link, here, file, links)

        def canonical_link(link):
            return MAIN + _path_and_query(urljoin(here, link))

        text = self.move_to_public(rewrite_html(text, resolve, canonical_link))
        return text.replace(MAIN, self.main_url).encode()

    def resolve(self, link, here, file, links):
        """The link to write for ``link`` in ``file`` (the page at ``here``)."""
        if not link or link.startswith(SKIPPED_LINKS):
            return link
        if link.rstrip("/") == self.main_url:
            return MAIN + "/"
        parts = urlsplit(urljoin(here, link))
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return link
        target = canonical(parts.path, parts.query)
        if parts.path.startswith(self.asset_prefixes):
            target = parts.path
        elif target is None or parts.path in self.server_only:
            return MAIN + _path_and_query(parts.geturl())
        links.append(target)
        return relative_link(file, file_for(target), parts.fragment)

    def move_to_public(self, text):
        """``text`` with the site's absolute URLs, plain or percent-encoded
        (in share links), moved to the mirror's public address: Open Graph,
        JSON-LD, share links, feeds."""
        for old, new in (
            (self.origin, self.public_url),
            (quote(self.origin, safe=""), quote(self.public_url, safe="")),
        ):
            pattern = re.escape(old) + r"(?![-.\w:])"
            text = re.sub(pattern, lambda m, new=new: new, text)
        return text

    def export_redirect(self, url, file, location):
        """A page that redirects (a language root, a moved page) becomes a
        page that sends the reader on, without script."""
        links = []
        target = self.resolve(location, self.origin + url, file, links)
        target = target.replace(MAIN, self.main_url)
        body = render_to_string(
            "wagtail_tuidang/mirror/redirect.html", {"target": target}
        ).encode()
        return self.write(Entry(file, "", "redirect", links), body)

    def export_elsewhere(self, url, file):
        """A page the mirror cannot hold (an error, a page that needs the
        server): a file pointing at the page on the main site, so no link
        in the mirror is dead."""
        target = self.main_url + url
        body = render_to_string(
            "wagtail_tuidang/mirror/elsewhere.html", {"target": target}
        ).encode()
        return self.write(Entry(file, "", "elsewhere"), body)

    # Static and media files

    def export_asset(self, url):
        """Copy a static or media file; a stylesheet's own ``url()``s are
        followed (and made relative when they start at the root)."""
        path = unquote(urlsplit(url).path)
        data = _read_asset(path)
        if data is None:
            self.problems.append((url, 404))
            return Entry(file_for(url), "", "asset")
        file = file_for(url)
        links = []
        if path.endswith(".css"):
            here = self.origin + url
            text = rewrite_css(
                data.decode("utf-8", "replace"),
                lambda link: self.resolve(link, here, file, links),
            )
            data = text.encode()
        return self.write(Entry(file, "", "asset", links), data)

    # Files

    def path(self, file):
        return os.path.join(self.folder, *file.split("/"))

    def write(self, entry, data):
        """Write ``data`` as ``entry.file`` unless the file already holds it
        (its modification time then stays as it was)."""
        entry.sha256 = hashlib.sha256(data).hexdigest()
        path = self.path(entry.file)
        before = self.old.entries.get(_url_of(self.old, entry.file))
        if before and before.sha256 == entry.sha256 and os.path.isfile(path):
            self.counts["unchanged"] += 1
            return entry
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "wb") as handle:
            handle.write(data)
        os.replace(path + ".tmp", path)
        self.counts["written"] += 1
        self.counts["bytes"] += len(data)
        return entry

    def prune(self):
        """Delete every file of the folder that this run did not write or
        keep: withdrawn and taken-down statements, moved pages, stray files."""
        keep = {self.path(entry.file) for entry in self.new.entries.values()}
        keep.add(os.path.join(self.folder, NAME))
        for directory, _subdirectories, files in os.walk(self.folder, topdown=False):
            for name in files:
                path = os.path.join(directory, name)
                if path not in keep:
                    os.remove(path)
                    self.counts["removed"] += 1
            if directory != self.folder and not os.listdir(directory):
                os.rmdir(directory)


#: Permalinks a process renders at a time (and the fewest worth forking for).
CHUNK = 250
#: The export whose permalinks the forked processes render.
_RUNNING = None


def _render_chunk(urls):
    """In a forked process: render ``urls`` with the parent's export, and
    send back the entries, the counts and the problems."""
    export = _RUNNING
    export.counts, export.problems = Counter(), []
    entries = [(url, export.export(url)) for url in urls]
    return entries, export.counts, export.problems


def _url_of(manifest, file):
    """The URL whose entry in ``manifest`` is ``file`` (built once)."""
    index = getattr(manifest, "_by_file", None)
    if index is None:
        index = manifest._by_file = {e.file: url for url, e in manifest.entries.items()}
    return index.get(file)


def _read_asset(path):
    """The bytes of the static or media file at URL path ``path``, or None."""
    for prefix, storage in (
        (urlsplit(settings.STATIC_URL).path, staticfiles_storage),
        (urlsplit(settings.MEDIA_URL or "").path, default_storage),
    ):
        if not prefix or prefix == "/" or not path.startswith(prefix):
            continue
        name = posixpath.normpath(path[len(prefix) :])
        if name.startswith(("../", "/")) or name == "..":
            return None
        data = _open(storage, name)
        if data is None and storage is staticfiles_storage:
            found = finders.find(name)
            data = _open_path(found) if found else None
        if data is not None:
            return data
    return None


def _open(storage, name):
    """The file's bytes, or None when the storage has no such file (or
    refuses the name): the page's link then leads to the main site."""
    try:
        with storage.open(name) as handle:
            return handle.read()
    except (OSError, SuspiciousFileOperation):
        return None


def _open_path(path):
    with open(path, "rb") as handle:
        return handle.read()


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _path_and_query(url):
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{parts.path}{query}{fragment}"


def _digest(rows):
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(_plain(row)).encode())
    return digest.hexdigest()


def _plain(row):
    if isinstance(row, (list, tuple)):
        return [_plain(value) for value in row]
    if isinstance(row, (datetime.date, datetime.datetime)):
        return row.isoformat()
    return row
