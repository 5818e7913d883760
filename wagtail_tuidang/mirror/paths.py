"""Where a URL of the site is written in the mirror's folder, and how one file
links to another there.

A folder opened from ``file://`` has no server to pick ``index.html`` for a
directory or to read a query string, so every link must name a file:

- ``/statements/`` → ``statements/index.html``;
- a feed route (``…/feed/``, ``…/feed/atom/``) → ``…/feed/index.xml``;
- a query string becomes a directory after the path, ``@`` and the
  parameters in a fixed order: ``/statements/?day=2026-05-01&cursor=X`` →
  ``statements/@cursor=X&day=2026-05-01/index.html`` (``@`` is never part of
  a page slug, so it cannot collide with a page or a route);
- a file (a static file, an image) keeps its path: ``/static/a.css`` →
  ``static/a.css``.
"""

import posixpath
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

#: Query parameters whose pages are exported: the wall's and the article
#: index's pagination, the wall's days, the article index's tags and
#: categories. A link with any other parameter (a search, a filter, the
#: language switcher's cookie) leads to the main site instead.
EXPORTED_PARAMETERS = frozenset({"cursor", "day", "before", "page", "tag", "category"})
FEED_SUFFIXES = ("/feed/", "/feed/atom/")
UNSAFE_IN_NAME = frozenset("/\\\x00")


def canonical(path, query):
    """``path?query`` with the parameters in a fixed order, or ``None``
    when the query string has a parameter the mirror does not export."""
    params = sorted(parse_qsl(query, keep_blank_values=True))
    if not params:
        return path
    for name, value in params:
        if name not in EXPORTED_PARAMETERS or set(value) & UNSAFE_IN_NAME:
            return None
        if not value:
            return None
    return f"{path}?{urlencode(params)}"


def file_for(url):
    """The path of ``url`` (a canonical site-relative URL) in the mirror."""
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    if parts.query:
        query = "&".join(f"{k}={v}" for k, v in parse_qsl(parts.query))
        return posixpath.join(path, "@" + query, "index.html")
    if not path or path.endswith("/"):
        name = "index.xml" if ("/" + path).endswith(FEED_SUFFIXES) else "index.html"
        return path + name
    return path


def relative_link(from_file, to_file, fragment=""):
    """An ``href`` from the file ``from_file`` to ``to_file``, both paths in
    the mirror, percent-encoded for a URL."""
    start = posixpath.dirname(from_file) or "."
    link = quote(posixpath.relpath(to_file, start), safe="/-_.~@=")
    return f"{link}#{fragment}" if fragment else link
