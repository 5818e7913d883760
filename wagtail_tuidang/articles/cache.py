"""The cache of what an article shows besides its own fields: its authors,
tags and categories, and its related and recommended pages.

A key holds the page's id and ``last_published_at``, so publishing the page
makes new keys by itself; and a generation number that
:mod:`wagtail_tuidang.articles.signals` bumps whenever any page is published
or unpublished, a view restriction changes, or an author, category or tag is
edited, so that a page gone private or a renamed author leaves every page at
once. Without those signals connected, entries still expire after
:data:`TIMEOUT` seconds.
"""

from django.core.cache import cache

#: Seconds an entry stays cached: the most it can be out of date when the
#: signals are not connected.
TIMEOUT = 60 * 60
GENERATION_KEY = "wagtail_tuidang:articles:generation"


def key(page, *parts):
    """The cache key of something about ``page``, named by ``parts``."""
    stamp = page.last_published_at.timestamp() if page.last_published_at else "-"
    generation = cache.get(GENERATION_KEY, 0)
    suffix = ":".join(str(part) for part in parts)
    return f"wagtail_tuidang:articles:{page.pk}:{stamp}:{generation}:{suffix}"


def bump_generation():
    """Make every cached entry stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, 1, None)


def get_or_compute(cache_key, compute):
    """The cached value of ``cache_key``, computed and stored on a miss."""
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value
