"""Signals that make cached article details stale (see ``cache``).

Connected from the app's ``ready()`` through :func:`connect`.
"""

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from . import cache
from .models import ArticleCategory, Author

UID = "wagtail_tuidang.articles.invalidate"
#: Models whose rows an article shows, so that editing one changes pages.
SHOWN_MODELS = (PageViewRestriction, Author, ArticleCategory, Tag)


def invalidate(**kwargs):
    """A page went live or left, who may see one changed, or an author,
    category or tag was edited: any cached article detail may be wrong."""
    cache.bump_generation()


def _connections():
    yield page_published, None, f"{UID}.published"
    yield page_unpublished, None, f"{UID}.unpublished"
    for model in SHOWN_MODELS:
        for signal in (post_save, post_delete):
            name = "saved" if signal is post_save else "deleted"
            yield signal, model, f"{UID}.{model._meta.label_lower}.{name}"


def connect():
    """Connect :func:`invalidate` to every signal that calls for it."""
    for signal, sender, uid in _connections():
        signal.connect(invalidate, sender=sender, dispatch_uid=uid)


def disconnect():
    """Undo :func:`connect`."""
    for signal, sender, uid in _connections():
        signal.disconnect(sender=sender, dispatch_uid=uid)
