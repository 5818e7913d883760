"""The cache of what an article shows besides its own fields: its details
(authors, tags and categories) and its related and recommended pages.

A key holds the page's id and ``last_published_at``, so publishing the page
makes new keys by itself; and a generation number of its kind, which
:mod:`wagtail_tuidang.articles.signals` bumps:

- ``related`` whenever any page is published, unpublished, moved, deleted
  or saved whole while live, or a view restriction changes, so that a page
  gone private leaves every list at once;
- both kinds whenever an author, a category, a tag, an image, a site, a
  locale or a site's share settings are edited, so that a renamed author
  shows everywhere at once.

Publishing one article therefore leaves the other articles' details cached.
The rendered fragments of :mod:`~wagtail_tuidang.articles.fragments` hold
both generations. Without those signals connected, entries still expire
after :data:`TIMEOUT` seconds.
"""

from django.db import transaction

from .. import cache

#: Seconds an entry stays cached: the most it can be out of date when the
#: signals are not connected.
TIMEOUT = 60 * 60
#: The kinds of entries, each with its own generation.
KINDS = ("details", "related")


def _generation_key(kind):
    return f"wagtail_tuidang:articles:generation:{kind}"


def key(page, kind, *parts):
    """The cache key of the ``kind`` of thing about ``page`` (one of
    :data:`KINDS`), further named by ``parts``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of article cache entry: {kind!r}")
    stamp = page.last_published_at.timestamp() if page.last_published_at else "-"
    generation = cache.get(_generation_key(kind), 0)
    suffix = ":".join(str(part) for part in (kind, *parts))
    return f"wagtail_tuidang:articles:{page.pk}:{stamp}:{generation}:{suffix}"


def read_with_generations(keys):
    """The current generation of each kind (a tuple, in the order of
    :data:`KINDS`) and the cached values of ``keys`` found (a dict), read in
    one round trip; every generation 0 and nothing found when the cache
    failed."""
    generation_keys = [_generation_key(kind) for kind in KINDS]
    found = cache.get_many([*generation_keys, *keys])
    generations = tuple(found.pop(key, 0) for key in generation_keys)
    return generations, found


def bump_generation(*kinds):
    """Make every cached entry of ``kinds`` (all kinds by default) stale,
    now and again once the current transaction commits: a reader between
    the two may have cached what the change had not yet committed."""
    _bump(kinds)
    transaction.on_commit(lambda: _bump(kinds))


def _bump(kinds):
    for kind in kinds or KINDS:
        try:
            cache.incr(_generation_key(kind))
        except ValueError:  # not set yet, or evicted
            cache.set(_generation_key(kind), 1, None)
        except cache.CacheUnavailable:
            # Entries written before the outage expire after TIMEOUT; keys
            # also hold last_published_at, so a republished page is fresh.
            pass


def generations():
    """The generation of each kind (:data:`KINDS`), in one cache read: part
    of the key of anything cached elsewhere that shows articles, so that it
    goes stale with the entries here."""
    keys = [_generation_key(kind) for kind in KINDS]
    found = cache.get_many(keys)
    return tuple(found.get(key, 0) for key in keys)


def remembered(cache_key, compute, keep=None, timeout=TIMEOUT):
    """``compute()``'s value, kept under ``cache_key`` with the generations
    it was computed at, and served from there while neither generation has
    moved, for at most ``timeout`` seconds (the most it can be out of date
    after an edit the cache could not be told of): one cache round trip
    when found. ``keep(value)`` says whether a value may be kept (all may
    by default). Computed every time while the cache fails."""
    generations, found = read_with_generations([cache_key])
    return kept(found, generations, cache_key, compute, keep, timeout)


def kept(found, generations, cache_key, compute, keep=None, timeout=TIMEOUT):
    """What :func:`remembered` does, with ``found`` and ``generations``
    already read by :func:`read_with_generations` (which reads several keys
    in one round trip)."""
    entry = found.get(cache_key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generations:
        return entry[1]
    value = compute()
    if keep is None or keep(value):
        cache.set(cache_key, (generations, value), timeout)
    return value


def get_or_compute(cache_key, compute):
    """The cached value of ``cache_key``, computed and stored on a miss."""
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value
