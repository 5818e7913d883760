"""Purging the CDN after statements are published, withdrawn, taken down,
redacted or have their real name confirmed.

One decision (or one bulk action) makes stale, on every translation of the
wall: its first page, ``stats/``, the first page of ``days/``, the feeds,
each statement's permalink, the ``?day=`` view of each statement's day and
of the days before and after it (their "Previous day"/"Next day" links),
the older pages of ``days/`` that list that day, ``stats/json/`` and the
embeds in each of their styles; and every live page with a
block showing the wall's figures or latest statements (see
:mod:`wagtail_tuidang.cdn.usage`). Wall URLs with other filters, a search or
a cursor are too many to name: they expire with their time-to-live.
"""

import datetime

from django_tasks import task

from ..basepage import page_model
from ..cdn import purging, usage
from . import cards
from . import days as day_archive
from .tallies import tally_day
from .views.open_data import SIZES, embed_variants
from .walls import translations

#: Routes below an index page whose content changes with every publication.
CHANGING_ROUTES = ("", "stats/", "days/", "feed/", "feed/atom/", "stats/json/")
#: The embeds, purged in every style (see ``open_data.embed_variants``):
#: the counter in each size, the badge in its one size.
EMBED_ROUTES = {"embed/counter/": SIZES, "embed/badge/": SIZES[:1]}


def changing_routes():
    """The routes (relative to the page) whose content changes with every
    publication: :data:`CHANGING_ROUTES`, and the embeds in every style."""
    return [
        *CHANGING_ROUTES,
        *(
            route + variant
            for route, sizes in EMBED_ROUTES.items()
            for variant in embed_variants(sizes)
        ),
    ]


def urls_to_purge(page, public_ids=(), days=(), archive_days=()):
    """The absolute URLs below ``page`` (one translation): its changing
    routes, the permalinks of ``public_ids``, the ``?day=`` views of
    ``days`` and the pages ``days/?before=`` each of ``archive_days``."""
    base = page.full_url
    if not base:
        return []
    base = base if base.endswith("/") else base + "/"
    urls = [base + route for route in changing_routes()]
    urls += [f"{base}s/{public_id}/" for public_id in public_ids]
    urls += [f"{base}?day={day.isoformat()}" for day in days]
    urls += [f"{base}days/?before={day.isoformat()}" for day in archive_days]
    return urls


def _days_shown(page, days):
    """The days whose ``?day=`` view changes: each day, and its neighbours,
    whose links to it appear or go."""
    shown = set(days)
    for day in days:
        shown.update(
            found
            for found in (
                day_archive.previous_day(page, day),
                day_archive.next_day(page, day),
            )
            if found is not None
        )
    return sorted(shown)


def _archive_pages(page, days):
    """The ``before`` days of the older pages of ``days/`` that may list one
    of ``days``: any of the next ``days_per_page`` days with statements (a
    page of ``days/?before=X`` lists the days just before ``X``)."""
    if not days:
        return []
    rows = day_archive.days_with_statements(page).filter(day__gt=min(days))
    rows = rows.order_by("day").values_list("day", flat=True)
    return list(rows[: page.days_per_page])


def wall_urls(page_id, public_ids=(), days=()):
    """Every URL of the wall ``page_id``'s translations, and of the pages
    showing its blocks, that the decision makes stale."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    page = page_model().objects.filter(pk=page_id).first()
    if page is None:
        return set()
    page = page.specific
    pages = translations(page)
    # Read once for the wall: every translation shows the same days.
    shown, archive = _days_shown(page, days), _archive_pages(page, days)
    batch = PurgeBatch()
    for translation in pages:
        batch.add_urls(urls_to_purge(translation, public_ids, shown, archive))
    showing = usage.pages_showing(usage.WALL, [p.pk for p in pages])
    batch.add_pages(page_model().objects.live().filter(pk__in=showing).specific())
    return batch.urls


@task()
def purge_statement_urls(page_id, public_ids=(), days=()):
    """Background task: purge :func:`wall_urls` from every frontend cache.
    ``days`` are ISO dates (task arguments are JSON)."""
    if isinstance(public_ids, str):  # queued by an earlier version: one id
        public_ids = [public_ids]
    days = [datetime.date.fromisoformat(day) for day in days]
    purging.purge_now(wall_urls(page_id, public_ids, days))


def schedule_purge(statements):
    """Enqueue one purge per wall for ``statements`` (decided together) when
    ``wagtail.contrib.frontend_cache`` is installed, and forget their cached
    cards (see :mod:`.cards`). Call it once committed."""
    cards.forget(statements)
    if not purging.enabled():
        return
    walls = {}
    for statement in statements:
        ids, days = walls.setdefault(statement.index_page_id, (set(), set()))
        ids.add(statement.public_id)
        if statement.published_at is not None:
            days.add(tally_day(statement).isoformat())
    for page_id, (ids, days) in sorted(walls.items()):
        purge_statement_urls.enqueue(page_id, sorted(ids), sorted(days))
