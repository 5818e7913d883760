"""Purges after a page is published, unpublished, moved or renamed.

Wagtail's ``frontend_cache`` purges the page itself (its ``get_cached_paths``)
on publication and unpublication. These receivers add what it does not know:
the pages showing a block of the changed page (:mod:`.usage`), an article's
lists (:mod:`wagtail_tuidang.articles.purge`), and on a move or a new slug
the old addresses of the page and of every page below it.

Connected from the app's ``ready()`` through :func:`connect`. Purges are
sent only when ``wagtail.contrib.frontend_cache`` is installed; the registry
of blocks is kept either way, so that installing it later needs no rebuild.
"""

import copy
import functools
import logging

from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from ..basepage import page_model
from . import purging, usage
from .models import BlockUsage

UID = "wagtail_tuidang.cdn"
logger = logging.getLogger("wagtail_tuidang.cdn")


def robust(receiver):
    """An error in ``receiver`` is logged, never an error for the editor
    whose publication, unpublication or move it follows."""

    @functools.wraps(receiver)
    def wrapper(**kwargs):
        try:
            # A savepoint: a failed query leaves the editor's transaction usable.
            with transaction.atomic():
                receiver(**kwargs)
        except Exception:
            logger.exception("CDN purge after a page change failed")

    return wrapper


def showing(page):
    """The live pages with a block showing ``page`` (or its wall)."""
    from ..statements.mixins import StatementIndexPageMixin
    from ..statements.walls import translations

    targets = [page.pk]
    if isinstance(page, StatementIndexPageMixin):
        targets = [p.pk for p in translations(page)]
    ids = set(
        BlockUsage.objects.filter(target_id__in=targets).values_list(
            "page_id", flat=True
        )
    )
    ids.discard(page.pk)
    return page_model().objects.live().filter(pk__in=ids).specific()


def stale_pages(page, parent=None):
    """Every page besides ``page`` whose cached copy its change makes stale."""
    from ..articles.mixins import ArticlePageMixin
    from ..articles.purge import pages_to_purge

    pages = list(showing(page))
    if isinstance(page, ArticlePageMixin):
        pages += list(pages_to_purge(page, parent))
    return pages


@robust
def page_published_receiver(instance, **kwargs):
    usage.record(instance)
    if purging.enabled():
        batch = PurgeBatch()
        batch.add_pages(stale_pages(instance))
        purging.schedule(batch.urls)


@robust
def page_unpublished_receiver(instance, **kwargs):
    if purging.enabled():
        batch = PurgeBatch()
        batch.add_pages(stale_pages(instance))
        purging.schedule(batch.urls)
    usage.forget(instance)


def old_urls(page, url_path_before):
    """The URLs ``page`` and the live pages below it had at
    ``url_path_before`` (with their cached paths)."""
    batch = PurgeBatch()
    new_path = page.url_path
    for moved in [page, *page.get_descendants().live().specific()]:
        before = copy.copy(moved)
        before.url_path = url_path_before + moved.url_path[len(new_path) :]
        batch.add_page(before)
    return batch.urls


@robust
def post_page_move_receiver(instance, url_path_before, parent_page_before, **kwargs):
    if url_path_before == instance.url_path or not instance.live:
        return
    page = instance.specific
    urls = old_urls(page, url_path_before)
    batch = PurgeBatch()
    batch.add_page(page)  # a 404 may be cached at the new address
    batch.add_pages(stale_pages(page, parent=parent_page_before.specific))
    purging.schedule(urls | batch.urls)


@robust
def page_slug_changed_receiver(instance, instance_before, **kwargs):
    if instance.live:
        purging.schedule(old_urls(instance, instance_before.url_path))


def _connections():
    yield page_published, page_published_receiver, f"{UID}.published"
    yield page_unpublished, page_unpublished_receiver, f"{UID}.unpublished"
    yield post_page_move, post_page_move_receiver, f"{UID}.moved"
    yield page_slug_changed, page_slug_changed_receiver, f"{UID}.slug"


def connect():
    """Connect the receivers (for every page type)."""
    for signal, receiver, uid in _connections():
        signal.connect(receiver, dispatch_uid=uid)


def disconnect():
    """Undo :func:`connect`."""
    for signal, _receiver, uid in _connections():
        signal.disconnect(dispatch_uid=uid)
