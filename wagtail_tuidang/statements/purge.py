"""Purging the CDN after a statement is published, withdrawn, taken down or
redacted: the URLs of every translation of its wall."""

from django.apps import apps
from django_tasks import task

from ..basepage import page_model
from .walls import translations

#: Routes below an index page whose content changes with every publication.
CHANGING_ROUTES = ("", "stats/", "days/", "feed/", "feed/atom/")


def urls_to_purge(page, public_id=None):
    """The absolute URLs a publication or withdrawal makes stale."""
    base = page.full_url
    if not base:
        return []
    urls = [base + route for route in CHANGING_ROUTES]
    if public_id:
        urls.append(f"{base}s/{public_id}/")
    return urls


@task()
def purge_statement_urls(page_id, public_id=None):
    """Background task: ask every configured frontend cache to drop the URLs
    of the wall ``page_id`` and, with localisation, of its translations."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    page = page_model().objects.filter(pk=page_id).first()
    if page is None:
        return
    batch = PurgeBatch()
    for translation in translations(page.specific):
        batch.add_urls(urls_to_purge(translation, public_id))
    batch.purge()


def schedule_purge(page_id, public_id=None):
    """Enqueue a purge when wagtail.contrib.frontend_cache is installed."""
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        purge_statement_urls.enqueue(page_id, public_id)
