"""Which pages are private: the tree paths below which a view restriction
applies, read in one query and cached.

A page is private when a view restriction is on itself or an ancestor, or
on the page an ancestor is an alias of (Wagtail gives an alias its source's
restrictions). Those pages are exactly the ones whose tree path starts with
one of :func:`restricted_paths`, so a list excludes them with a plain prefix
filter and a page view learns whether it is private without a query.

A site has few restrictions: the paths are read once and kept in the cache
under a generation token, which :mod:`wagtail_tuidang.articles.signals`
replaces once a restriction is added or removed or a page is saved, moved or
deleted has committed (a page's path, or an alias, may have changed what is
private). A reader that computed the paths from data older than the change
stored them under the old token, which nobody reads any more. Without those
signals, or with the cache down, the paths are at most :data:`TIMEOUT`
seconds old, or read on every call.
"""

import uuid

import swapper
from django.db import transaction
from django.db.models import Q

from .. import cache

#: Seconds the paths stay cached: the most they can be out of date when the
#: signals are not connected.
TIMEOUT = 5 * 60
_GENERATION_KEY = "wagtail_tuidang:restricted-paths:generation"


def restricted_paths():
    """The tree paths of the pages whose view restrictions make them and
    their descendants private, sorted: a tuple, empty on a site without
    restrictions. One query on a cache miss, none on a hit."""
    key = f"wagtail_tuidang:restricted-paths:{_generation()}"
    paths = cache.get(key)
    if paths is None:
        paths = _read()
        cache.set(key, paths, TIMEOUT)
    return paths


def is_restricted(path, paths=None):
    """True when the page at tree path ``path`` is private (see
    :func:`restricted_paths`, or the ``paths`` given)."""
    paths = restricted_paths() if paths is None else paths
    return any((path or "").startswith(prefix) for prefix in paths)


def private(field="path", paths=None, below=None):
    """A condition true for private pages, whose tree path is ``field``; for
    ``exclude()``. With ``below`` (a tree path), only the restrictions that
    can apply to pages below it count. None when no page can be private."""
    paths = restricted_paths() if paths is None else paths
    if below is not None:
        paths = [p for p in paths if p.startswith(below) or below.startswith(p)]
    if not paths:
        return None
    condition = Q()
    for prefix in paths:
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


def _read():
    base = swapper.load_model("wagtailcore", "Page")
    rows = base.objects.filter(
        Q(view_restrictions__isnull=False)
        | Q(alias_of__view_restrictions__isnull=False)
    )
    return tuple(sorted(set(rows.values_list("path", flat=True))))


def _generation():
    token = cache.get(_GENERATION_KEY)
    if token is None:
        # Missing (never set, evicted, or the cache is down): a new token can
        # only find fresh paths, whereas reusing an old one might not.
        token = uuid.uuid4().hex
        cache.set(_GENERATION_KEY, token, None)
    return token


def forget():
    """Make the cached paths stale, now and once the current transaction
    commits (a reader between the two may have cached the old ones)."""
    _renew()
    transaction.on_commit(_renew)


def _renew():
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, None)
