"""Sending URLs to the frontend caches, in the background, never failing the
change that made them stale.

:func:`schedule` enqueues one django-tasks task for a batch of URLs, once the
transaction commits (a rolled-back change purges nothing). The task hands the
batch to each backend of ``WAGTAILFRONTENDCACHE`` in turn, through Wagtail's
own purge (which also adds the URL of every managed language); a backend that
raises (its CDN down, a timeout, a refused token) is logged as a warning
naming the backend and how many URLs it missed, and the other backends still
purge. The missed URLs then stay cached until their time-to-live runs out:
keep that short (see docs/how-to/cache.md).
"""

import logging

from django.apps import apps
from django.db import transaction
from django_tasks import task

logger = logging.getLogger("wagtail_tuidang.cdn")


def enabled():
    """Whether purges are sent: ``wagtail.contrib.frontend_cache`` installed."""
    return apps.is_installed("wagtail.contrib.frontend_cache")


def purge_now(urls):
    """Purge ``urls`` from every configured backend, each on its own; return
    the names of the backends that failed."""
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
    from wagtail.contrib.frontend_cache.utils import get_backends

    urls = sorted(set(urls))
    failed = []
    if not urls:
        return failed
    for name in get_backends():
        try:
            purge_urls_from_cache_task.call(urls, backends=[name])
        except Exception:  # any failure of a CDN is the same miss
            logger.warning(
                "Frontend cache %r failed to purge %d URLs; they stay cached "
                "until their time-to-live ends.",
                name,
                len(urls),
                exc_info=True,
            )
            failed.append(name)
    return failed


@task()
def purge_urls_task(urls):
    """Background task: :func:`purge_now`."""
    purge_now(urls)


def schedule(urls):
    """Purge ``urls`` in the background once the current transaction commits."""
    urls = sorted(set(urls))
    if not urls or not enabled():
        return
    transaction.on_commit(lambda: purge_urls_task.enqueue(urls), robust=True)
