"""Signals that make cached related-post lists stale (see ``related``).

Connected from the app's ``ready()`` through :func:`connect`.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from . import related


def invalidate_related(**kwargs):
    """A page went live, left, or changed who may see it: every cached
    related list may now be wrong."""
    related.bump_generation()


def connect():
    """Connect :func:`invalidate_related` to the signals that call for it."""
    uid = "wagtail_tuidang.articles.invalidate_related"
    page_published.connect(invalidate_related, dispatch_uid=uid + ".published")
    page_unpublished.connect(invalidate_related, dispatch_uid=uid + ".unpublished")
    for signal in (post_save, post_delete):
        signal.connect(
            invalidate_related,
            sender=PageViewRestriction,
            dispatch_uid=f"{uid}.restriction.{signal is post_save}",
        )
